"""The class server under load (`downhill bench class`): a real server process on loopback,
N students connected at once, each sending runs (paced under the 5-a-second limit); a teacher's
dashboard socket hears each verified run. Figures: verified runs per second, and p50/p99 of the
time from a student's submit to the dashboard's event, at 40 and 1,000 connected clients.

The clients run in this process (one asyncio loop), so on a small machine they compete with the
server for the CPU: the figures are what one laptop does for both sides.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from game.perf import Measurement

WAVY = {"eta": 0.05, "mu": 0.9, "x0": 5.0, "optimizer": "momentum"}
MUS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95)
SEND_GAP_S = 0.25  # each student: at most 4 runs a second (the server allows 5)
READY_S = 60.0
CONNECT_BATCH = 100


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


class _Server:
    def __init__(self, folder: Path, workers: int):
        self.port = _free_port()
        self.log = open(folder / "server.log", "wb")
        env = {**os.environ, "DOWNHILL_DATA_DIR": str(folder)}
        self.proc = subprocess.Popen([sys.executable, "-m", "game", "class", "serve", "--port", str(self.port),
                                      "--db", f"sqlite:///{folder / 'bench.db'}", "--workers", str(workers)],
                                     stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + READY_S
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/info", timeout=2).read()
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"the class server did not start (see {folder / 'server.log'})")
                time.sleep(0.1)

    def create(self) -> dict:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/sessions", method="POST",
                                         data=json.dumps({"levels": ["wavy"], "score": "steps"}).encode(),
                                         headers={"Content-Type": "application/json"})
        return json.loads(urllib.request.urlopen(request, timeout=10).read())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


async def _load(port: int, code: str, teacher_token: str, clients: int, runs_each: int) -> dict:
    import websockets

    base = f"ws://127.0.0.1:{port}"
    sent: dict[str, float] = {}
    heard: dict[str, float] = {}
    verified = 0
    all_heard = asyncio.Event()
    total = clients * runs_each

    board = await websockets.connect(f"{base}/ws/teacher/{code}", max_size=2 ** 24)
    await board.send(json.dumps({"type": "teacher", "token": teacher_token}))
    await board.recv()  # hello

    async def listen():
        async for text in board:
            message = json.loads(text)
            if message.get("type") == "event" and message.get("kind") == "run":
                heard[message["run"]["client_id"]] = time.perf_counter()
                if len(heard) >= total:
                    all_heard.set()

    listener = asyncio.create_task(listen())

    async def connect(i: int):
        ws = await websockets.connect(f"{base}/ws/play/{code}", open_timeout=60)
        await ws.send(json.dumps({"type": "join", "nickname": f"Bench {i:04d}"}))
        reply = json.loads(await ws.recv())
        if reply.get("type") != "welcome":
            raise RuntimeError(f"student {i} was not let in: {reply}")
        return ws

    sockets = []
    for start in range(0, clients, CONNECT_BATCH):
        sockets += await asyncio.gather(*(connect(i) for i in range(start, min(clients, start + CONNECT_BATCH))))

    async def student(i: int, ws):
        nonlocal verified
        for k in range(runs_each):
            run_id = f"b{i}-{k}"
            message = {"type": "run", "id": run_id, "level": "wavy", "params": {**WAVY, "mu": MUS[(i + k) % len(MUS)]}}
            sent[run_id] = time.perf_counter()
            await ws.send(json.dumps(message))
            reply = json.loads(await ws.recv())
            if reply.get("type") == "verified":
                verified += 1
            if k + 1 < runs_each:
                await asyncio.sleep(SEND_GAP_S)

    began = time.perf_counter()
    await asyncio.gather(*(student(i, ws) for i, ws in enumerate(sockets)))
    await asyncio.wait_for(all_heard.wait(), 120)
    ended = max(heard.values())
    listener.cancel()
    for ws in sockets:
        await ws.close()
    await board.close()
    latencies = [(heard[k] - sent[k]) * 1000 for k in sent if k in heard]
    return {"verified": verified, "seconds": ended - began, "latencies": latencies}


def measure(clients: int, runs_each: int, workers: int) -> list[Measurement]:
    with tempfile.TemporaryDirectory(prefix="downhill-bench-class-") as folder:
        server = _Server(Path(folder), workers)
        try:
            session = server.create()
            result = asyncio.run(_load(server.port, session["code"], session["teacher_token"], clients, runs_each))
        finally:
            server.stop()
    detail = f"{clients} clients x {runs_each} runs, wavy, {workers} verify workers, loopback"
    lat = result["latencies"]
    return [
        Measurement("class", f"verified runs/s, {clients:,} clients", result["verified"] / result["seconds"],
                    "runs/s", detail),
        Measurement("class", f"submit->dashboard p50, {clients:,} clients", _percentile(lat, 50), "ms", detail),
        Measurement("class", f"submit->dashboard p99, {clients:,} clients", _percentile(lat, 99), "ms", detail),
    ]


def run(quick: bool) -> list[Measurement]:
    workers = max(1, min(4, os.cpu_count() or 2))
    sizes = ((40, 5), (1000, 1)) if quick else ((40, 20), (1000, 3))
    out = []
    for clients, runs_each in sizes:
        out += measure(clients, runs_each, workers)
    return out
