"""The watchdog with real processes: a child killed with -9, a child that exits, a child that
hangs (SIGSTOP) or never gets on screen are each replaced; a staff exit is not. Short
timeouts are configured; the asserts are on the supervisor's events, never on the clock."""

from __future__ import annotations

import os
import queue
import signal
import socket
import sys
import threading
from pathlib import Path

import pytest

from game.kiosk.config import KioskConfig
from game.kiosk.sdnotify import Notifier
from game.kiosk.supervisor import Supervisor

CHILD = Path(__file__).with_name("child.py")
ROOT = Path(__file__).resolve().parents[2]
WAIT = 60.0  # seconds a test waits for an event before it fails (a hang, not a figure)


class Running:
    """A supervisor on a thread; its events in a queue."""

    def __init__(self, mode: str, notifier=None, **config) -> None:
        settings = dict(heartbeat_timeout=0.6, startup_timeout=5.0, restart_delay=0.1)
        settings.update(config)
        self.events: queue.Queue = queue.Queue()
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.supervisor = Supervisor([sys.executable, str(CHILD), mode], KioskConfig(**settings),
                                     notifier=notifier or Notifier(environ={}), on_event=self.events.put,
                                     env=env, quiet=True)
        self.result: list[int] = []
        self.thread = threading.Thread(target=lambda: self.result.append(self.supervisor.run()), daemon=True)
        self.thread.start()

    def next(self, *kinds: str):
        """The next event of one of these kinds (others are skipped), or fail after WAIT s."""
        while True:
            try:
                event = self.events.get(timeout=WAIT)
            except queue.Empty:
                pytest.fail(f"no {'/'.join(kinds)} event; so far: {self.supervisor.events}")
            if event.kind in kinds:
                return event

    def close(self) -> None:
        self.supervisor.stop()
        self.thread.join(WAIT)
        assert not self.thread.is_alive()


@pytest.fixture
def running():
    made = []

    def start(mode, **kw):
        made.append(Running(mode, **kw))
        return made[-1]

    yield start
    for run in made:
        run.close()


def test_a_child_killed_with_sigkill_is_replaced(running):
    run = running("beat")
    first = run.next("ready")
    os.kill(first.pid, signal.SIGKILL)
    gone = run.next("exited", "hung")
    assert (gone.kind, gone.pid, gone.detail) == ("exited", first.pid, "killed by SIGKILL")
    second = run.next("ready")
    assert second.pid != first.pid


def test_a_child_that_exits_is_replaced(running):
    run = running("exit")
    first = run.next("ready")
    gone = run.next("exited")
    assert (gone.pid, gone.detail) == (first.pid, "exit code 3")
    assert run.next("restarting").pid == first.pid
    assert run.next("ready").pid != first.pid


def test_a_stopped_child_is_killed_and_replaced(running):
    run = running("beat")
    first = run.next("ready")
    os.kill(first.pid, signal.SIGSTOP)
    hung = run.next("hung", "exited")
    assert (hung.kind, hung.pid) == ("hung", first.pid)
    assert "no heartbeat" in hung.detail
    with pytest.raises(ProcessLookupError):
        os.kill(first.pid, 0)  # killed and reaped, not left stopped
    assert run.next("ready").pid != first.pid


def test_a_child_that_never_gets_on_screen_is_replaced(running):
    run = running("silent", startup_timeout=0.8)
    first = run.next("started")
    hung = run.next("hung")
    assert hung.pid == first.pid and "not on screen" in hung.detail
    assert run.next("started").pid != first.pid


def test_a_staff_exit_ends_the_supervisor(running):
    run = running("staff")
    first = run.next("ready")
    assert run.next("staff-exit", "exited").kind == "staff-exit"
    assert run.next("stopped")
    run.thread.join(WAIT)
    assert run.result == [0]
    assert [e.kind for e in run.supervisor.events].count("started") == 1
    assert first.pid


def test_sd_notify_ready_and_watchdog_reach_the_socket(tmp_path, running):
    path = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(WAIT)
    try:
        notifier = Notifier(environ={"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "200000"})
        run = running("beat", notifier=notifier)
        run.next("ready")
        seen = set()
        while not {"READY=1", "WATCHDOG=1"} <= seen:
            for line in sock.recv(4096).decode().splitlines():
                seen.add(line.split("=")[0] + "=" + line.split("=", 1)[1] if "=" in line else line)
        assert "READY=1" in seen and "WATCHDOG=1" in seen
    finally:
        sock.close()


def test_notifier_without_systemd_does_nothing():
    notifier = Notifier(environ={})
    assert not notifier.enabled
    assert notifier.ready() is False and notifier.sent == []


def test_notifier_speaks_to_an_abstract_socket():
    name = f"downhill-test-{os.getpid()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    sock.settimeout(WAIT)
    try:
        assert Notifier(environ={"NOTIFY_SOCKET": "@" + name}).watchdog()
        assert sock.recv(100) == b"WATCHDOG=1"
    finally:
        sock.close()


@pytest.mark.e2e
def test_the_real_game_under_the_watchdog_is_replaced_after_kill_9(tmp_path):
    """`downhill kiosk`'s own child command: the real game (offscreen) beats from its frame loop."""
    from game.kiosk.supervisor import game_command

    config = tmp_path / "kiosk.toml"
    config.write_text(f'[stats]\npath = "{tmp_path / "stats.json"}"\n[watchdog]\nheartbeat_timeout = 20\n')
    events: queue.Queue = queue.Queue()
    env = dict(os.environ, PYTHONPATH=str(ROOT), SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy",
               DOWNHILL_DATA_DIR=str(tmp_path / "data"))
    supervisor = Supervisor(game_command(str(config), (640, 360), windowed=True),
                            KioskConfig(heartbeat_timeout=20, startup_timeout=120, restart_delay=0.1),
                            notifier=Notifier(environ={}), on_event=events.put, env=env, quiet=True)
    thread = threading.Thread(target=supervisor.run, daemon=True)
    thread.start()

    def next_kind(*kinds):
        while True:
            try:
                event = events.get(timeout=180)
            except queue.Empty:
                pytest.fail(f"no {kinds} event; so far {supervisor.events}")
            if event.kind in kinds:
                return event

    try:
        first = next_kind("ready", "exited")
        assert first.kind == "ready", supervisor.events
        os.kill(first.pid, signal.SIGKILL)
        assert next_kind("exited").detail == "killed by SIGKILL"
        second = next_kind("ready", "exited")
        assert second.kind == "ready" and second.pid != first.pid
    finally:
        supervisor.stop()
        thread.join(60)
    assert not thread.is_alive()
    ended = next_kind("ended")
    assert (ended.pid, ended.detail) == (second.pid, "exit code 0")  # SIGTERM ends the game itself
    assert not (tmp_path / "data").exists()  # the kiosk never wrote a save of its own
