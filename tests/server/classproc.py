"""Helpers for the server tests: a real `downhill class serve` process on a free loopback port,
a throwaway PostgreSQL cluster, and small async student/teacher clients (websockets)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from glob import glob
from pathlib import Path

import httpx
import websockets

READY_WAIT_S = 60.0  # a start-up bound, not a measurement: a server that never answers fails the test
RECV_WAIT_S = 30.0

WAVY_GOOD = {"eta": 0.05, "mu": 0.9, "x0": 5.0, "optimizer": "momentum"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """`python -m game class serve` as a child process; `kill()` is a kill -9."""

    def __init__(self, db: str, data_dir: Path, port: int | None = None, workers: int = 1,
                 extra: tuple[str, ...] = (), env: dict | None = None):
        self.db, self.data_dir, self.workers, self.extra = db, data_dir, workers, extra
        self.port = port or free_port()
        self.env = env or {}
        self.proc: subprocess.Popen | None = None
        self.log_path = data_dir / f"server-{self.port}.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> "ServerProcess":
        env = {**os.environ, "DOWNHILL_DATA_DIR": str(self.data_dir), **self.env}
        if "DOWNHILL_CLASS_TOKEN" not in self.env:
            env.pop("DOWNHILL_CLASS_TOKEN", None)
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "game", "class", "serve", "--port", str(self.port), "--db", self.db,
             "--workers", str(self.workers), *self.extra],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + READY_WAIT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.output()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.base + "/api/info", timeout=2).status_code == 200:
                    return self
            time.sleep(0.1)
        raise RuntimeError(f"server did not answer within {READY_WAIT_S}s: {self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        with contextlib.suppress(Exception):
            self.log.close()

    def create(self, levels=("wavy", "paris"), score="steps", **extra) -> dict:
        response = httpx.post(self.base + "/api/sessions", json={"levels": list(levels), "score": score, **extra},
                              timeout=10)
        assert response.status_code == 201, response.text
        return response.json()

    def get(self, path: str, token: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.get(self.base + path, headers=headers, timeout=10)

    def post(self, path: str, body: dict, token: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.post(self.base + path, json=body, headers=headers, timeout=10)


async def recv(ws, kind: str | None = None) -> dict:
    """The next message (of `kind`, skipping others), bounded by RECV_WAIT_S."""
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), RECV_WAIT_S))
        if kind is None or message.get("type") == kind:
            return message


async def join(server: ServerProcess, code: str, nickname: str):
    ws = await websockets.connect(f"{server.ws}/ws/play/{code}")
    await ws.send(json.dumps({"type": "join", "nickname": nickname}))
    return ws, await recv(ws)


async def teacher(server: ServerProcess, code: str, token: str):
    ws = await websockets.connect(f"{server.ws}/ws/teacher/{code}")
    await ws.send(json.dumps({"type": "teacher", "token": token}))
    return ws, await recv(ws)


def run_message(run_id: str | None = None, level="wavy", params=None, claim=None) -> str:
    message = {"type": "run", "level": level, "params": params or WAVY_GOOD}
    if run_id is not None:
        message["id"] = run_id
    if claim is not None:
        message["claim"] = claim
    return json.dumps(message)


# ---------------------------------------------------------------------------------------------
# A throwaway PostgreSQL cluster
# ---------------------------------------------------------------------------------------------


def postgres_bin() -> Path | None:
    found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresCluster:
    """initdb in a temp dir, pg_ctl start on a free loopback port; as root, run as a non-root user."""

    def __init__(self):
        self.bin = postgres_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on PATH)")
        self.dir = Path(tempfile.mkdtemp(prefix="downhill-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                with contextlib.suppress(KeyError):
                    import pwd

                    pwd.getpwnam(name)
                    self.user = name
                    break
            if self.user is None:
                raise RuntimeError("running as root and no non-root user (postgres, nobody) to run PostgreSQL")
            shutil.chown(self.dir, self.user)
            os.chmod(self.dir, 0o700)

    def _cmd(self, *argv: str) -> list[str]:
        return ["runuser", "-u", self.user, "--", *argv] if self.user else list(argv)

    def start(self) -> "PostgresCluster":
        subprocess.run(self._cmd(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                                 "--no-sync", "-E", "UTF8"), check=True, capture_output=True, timeout=120)
        subprocess.run(self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w",
                                 "-t", "60", "-o",
                                 f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
                                 "start"), check=True, capture_output=True, timeout=90)
        return self

    def restart(self) -> None:
        """Stop the cluster at once (dropping every connection) and start it again."""
        subprocess.run(self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"),
                       check=True, capture_output=True, timeout=60)
        subprocess.run(self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w",
                                 "-t", "60", "-o",
                                 f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
                                 "start"), check=True, capture_output=True, timeout=90)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            subprocess.run(self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"),
                           capture_output=True, timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)
