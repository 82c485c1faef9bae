"""The watchdog: `downhill kiosk` runs the game in a child process and keeps one running.

The child inherits the write end of a pipe (game.kiosk.heartbeat) and writes R after its first
frame, B from its frame loop, X when staff leave with the PIN. The supervisor starts a new
child `restart_delay` seconds after the old one

* exits, for any reason other than a staff exit (a crash, an exit, kill -9), or
* stops beating for `heartbeat_timeout` seconds once ready, or is not ready within
  `startup_timeout` seconds (hung, or stopped with SIGSTOP): it is killed with SIGKILL first.

A child that dies young several times in a row waits longer each time (up to MAX_BACKOFF), so
a broken install does not spin a core. Under systemd (Type=notify) it sends READY=1 when the
first game is on screen, WATCHDOG=1 only while the game's frame loop beats (or a game is
starting), so `WatchdogSec` also catches a supervisor that hangs, and STATUS= lines.

Every event goes to `on_event(Event)` and, as one line, to stderr (the journal).
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from game.kiosk.heartbeat import BEAT, ENV, READY, STAFF_EXIT
from game.kiosk.sdnotify import Notifier

YOUNG_SECONDS = 10.0   # a child that dies younger than this counts towards the back-off
MAX_BACKOFF = 30.0
STOP_GRACE = 5.0       # SIGTERM, then this long, then SIGKILL
POLL = 0.05


@dataclass(frozen=True)
class Event:
    kind: str          # started, ready, exited, hung, staff-exit, restarting, stopped
    pid: int
    detail: str = ""
    at: float = 0.0    # supervisor clock


def game_command(config_path, size, windowed: bool) -> list[str]:
    command = [sys.executable, "-m", "game", "kiosk", "--no-watchdog"]
    if config_path:
        command += ["--config", os.path.abspath(config_path)]
    if windowed:
        command += ["--windowed", "--size", f"{size[0]}x{size[1]}"]
    return command


class Supervisor:
    def __init__(self, command: list[str], config, *, notifier: Notifier | None = None, on_event=None,
                 clock=time.monotonic, env=None, quiet: bool = False) -> None:
        self.command = list(command)
        self.config = config
        self.notifier = notifier or Notifier()
        self.on_event = on_event
        self.clock = clock
        self.env = dict(os.environ if env is None else env)
        self.quiet = quiet
        self.events: list[Event] = []
        self.child: subprocess.Popen | None = None
        self.stop_requested = threading.Event()
        self.announced_ready = False
        self.children = 0
        self.young_deaths = 0
        self.last_ping = -float("inf")
        self.beat_since_ping = False

    # --- events ----------------------------------------------------------------------------

    def _event(self, kind: str, pid: int, detail: str = "") -> None:
        event = Event(kind, pid, detail, self.clock())
        self.events.append(event)
        if not self.quiet:
            print(f"downhill kiosk: {kind} (game {pid}){': ' + detail if detail else ''}", file=sys.stderr, flush=True)
        if self.on_event is not None:
            self.on_event(event)

    def stop(self) -> None:
        """Ask the loop to end (SIGTERM, SIGINT, or a test): the game is stopped too."""
        self.stop_requested.set()

    # --- the loop --------------------------------------------------------------------------

    def run(self) -> int:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                signal.signal(sig, lambda *_: self.stop())
        self.notifier.status("starting the game")
        try:
            while not self.stop_requested.is_set():
                started = self.clock()
                outcome = self._run_one()
                if outcome in ("staff", "stop"):
                    break
                lived = self.clock() - started
                self.young_deaths = self.young_deaths + 1 if lived < YOUNG_SECONDS else 0
                delay = self.config.restart_delay
                if self.young_deaths >= 3:
                    delay = min(MAX_BACKOFF, max(delay, 1.0) * 2 ** (self.young_deaths - 2))
                self._event("restarting", self.child.pid if self.child else 0, f"in {delay:g} s")
                self.notifier.status(f"game {outcome}; restarting in {delay:g} s")
                self._wait(delay)
        finally:
            self._end_child()
            self.notifier.stopping()
        self._event("stopped", 0)
        return 0

    def _wait(self, seconds: float) -> None:
        end = self.clock() + seconds
        while not self.stop_requested.is_set() and self.clock() < end:
            self._ping(starting=True)
            self.stop_requested.wait(min(POLL, max(0.0, end - self.clock())))

    def _ping(self, starting: bool = False) -> None:
        """WATCHDOG=1 while the game beats, or while a game is being (re)started."""
        now = self.clock()
        if (self.beat_since_ping or starting) and now - self.last_ping >= self.notifier.watchdog_interval:
            self.notifier.watchdog()
            self.last_ping = now
            self.beat_since_ping = False

    def _run_one(self) -> str:
        read_end, write_end = os.pipe()
        env = dict(self.env, **{ENV: str(write_end)})
        try:
            self.child = subprocess.Popen(self.command, pass_fds=(write_end,), env=env)
        except OSError as error:
            os.close(read_end)
            os.close(write_end)
            self._event("exited", 0, f"could not start: {error}")
            return "exited"
        os.close(write_end)
        self.children += 1
        child = self.child
        self._event("started", child.pid, " ".join(self.command[1:]))
        started = last_beat = self.clock()
        ready = staff = False
        try:
            while True:
                if self.stop_requested.is_set():
                    return "stop"
                readable, _, _ = select.select([read_end], [], [], POLL)
                if readable:
                    data = _read_all(read_end)
                    if data:
                        last_beat = self.clock()
                        self.beat_since_ping = True
                        if READY in data and not ready:
                            ready = True
                            self._event("ready", child.pid)
                            if not self.announced_ready:
                                self.announced_ready = True
                                self.notifier.ready(f"game {child.pid} on screen")
                            else:
                                self.notifier.status(f"game {child.pid} on screen")
                        if STAFF_EXIT in data:
                            staff = True
                code = child.poll()
                if code is not None:
                    staff = staff or STAFF_EXIT in _read_all(read_end)
                    if staff and code == 0:
                        self._event("staff-exit", child.pid)
                        return "staff"
                    self._event("exited", child.pid, _describe_exit(code))
                    return "exited"
                now = self.clock()
                if ready and now - last_beat > self.config.heartbeat_timeout:
                    self._kill(child)
                    self._event("hung", child.pid, f"no heartbeat for {now - last_beat:.1f} s; killed")
                    return "hung"
                if not ready and now - started > self.config.startup_timeout:
                    self._kill(child)
                    self._event("hung", child.pid, f"not on screen {now - started:.1f} s after starting; killed")
                    return "hung"
                self._ping(starting=not ready)
        finally:
            os.close(read_end)

    def _kill(self, child: subprocess.Popen) -> None:
        try:
            child.kill()  # SIGKILL ends a SIGSTOPped process too
        except ProcessLookupError:
            pass
        child.wait()

    def _end_child(self) -> None:
        child = self.child
        if child is None or child.poll() is not None:
            return
        child.terminate()
        try:
            code = child.wait(STOP_GRACE)
        except subprocess.TimeoutExpired:
            self._kill(child)
            code = child.returncode
        self._event("ended", child.pid, _describe_exit(code))


def _read_all(fd: int) -> bytes:
    chunks = []
    os.set_blocking(fd, False)
    while True:
        try:
            chunk = os.read(fd, 4096)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _describe_exit(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exit code {code}"
