"""`downhill bench kiosk`: what a kiosk costs while nobody plays, and whether it leaks.

* idle CPU: `downhill` on the title and `downhill kiosk --no-watchdog` in the attract loop, each
  in its own process under SDL's offscreen driver, % of one core from /proc/<pid>/stat;
* soak: the kiosk game in this process, real time at 30 frames a second, in cycles of
  `sample_seconds`: random input first (the fuzzer's events, `--kiosk` kind: a visitor), then
  none (the countdown, the reset, the attract loop). Resident memory (VmRSS) and live
  moderngl objects are sampled at the end of each cycle, so every sample is taken in the same
  state (attract loop, visitor forgotten) and the curve compares like with like.

benchmarks/soak_kiosk.py runs the long soak (30 minutes) and prints the curve.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import time

from game.perf import Measurement

SOAK_FPS = 30
ATTRACT_BEFORE_SAMPLE = 7.0  # seconds of attract loop after the reset, before each sample
EVENTS_PER_FRAME = 4
IDLE_COMMANDS = {
    "title": ["-m", "game", "play"],
    "attract": ["-m", "game", "kiosk", "--no-watchdog", "--windowed"],
}


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def idle_cpu(what: str, seconds: float = 20.0, warmup: float = 5.0, size: str = "1280x720") -> float:
    """% of one core `what` (title or attract) takes with nobody touching it."""
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    with tempfile.TemporaryDirectory(prefix="downhill-idle-") as data:
        env["DOWNHILL_DATA_DIR"] = data
        child = subprocess.Popen([sys.executable, *IDLE_COMMANDS[what], "--size", size], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            time.sleep(warmup)
            if child.poll() is not None:
                raise RuntimeError(f"{what}: the game ended early: {child.stderr.read().decode()[-400:]}")
            cpu0, t0 = cpu_seconds(child.pid), time.monotonic()
            time.sleep(seconds)
            used, wall = cpu_seconds(child.pid) - cpu0, time.monotonic() - t0
        finally:
            child.kill()
            child.wait()
    return 100.0 * used / wall


def rss_mb() -> float:
    with open("/proc/self/status") as file:
        for line in file:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def gl_objects() -> dict[str, int]:
    """Live moderngl objects by kind (buffers, textures, framebuffers, programs, ...)."""
    import moderngl

    kinds = tuple(getattr(moderngl, name) for name in ("Buffer", "Texture", "Framebuffer", "Renderbuffer",
                                                          "VertexArray", "Program", "Sampler", "ComputeShader")
                  if hasattr(moderngl, name))
    counts: dict[str, int] = {}
    for obj in gc.get_objects():
        if isinstance(obj, kinds):
            name = type(obj).__name__
            counts[name] = counts.get(name, 0) + 1
    return counts


def soak(minutes: float, sample_seconds: float = 60.0, size=(1280, 720), seed: int = 7, report=print) -> list[dict]:
    """Run the kiosk for `minutes` of real time; one sample dict per `sample_seconds`."""
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import numpy as np

    from game.perf.events import EventSource
    from game.kiosk.config import KioskConfig
    from game.kiosk.fuzzing import build_fuzz_kiosk

    samples: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="downhill-soak-") as folder:
        idle, countdown = (10.0, 5.0) if sample_seconds >= 45 else (4.0, 3.0)
        quiet = idle + countdown + ATTRACT_BEFORE_SAMPLE
        if sample_seconds <= quiet + 5:
            raise ValueError(f"sample_seconds must be over {quiet + 5:g} (input, then {quiet:g} s quiet)")
        config = KioskConfig(idle_seconds=idle, countdown_seconds=countdown,
                             stats_path=os.path.join(folder, "stats.json"), pin="98765432")
        app = build_fuzz_kiosk(size, folder, seed, config=config)
        try:
            source = EventSource(np.random.default_rng(seed), app, kiosk=True)
            start = time.monotonic()
            next_sample = start
            frame = 1.0 / SOAK_FPS
            frames = 0
            last = start
            while True:
                now = time.monotonic()
                elapsed = now - start
                if now >= next_sample:
                    gc.collect()
                    counts = gl_objects()
                    sample = {"minute": round(elapsed / 60.0, 2), "rss_mb": round(rss_mb(), 1),
                              "gl_objects": sum(counts.values()), "gl_by_kind": counts, "frames": frames,
                              "visits": app.visits, "scene": app.stack.top.name if app.stack.top else "-"}
                    samples.append(sample)
                    report(sample)
                    next_sample += sample_seconds
                if elapsed >= minutes * 60.0:
                    break
                if elapsed % sample_seconds < sample_seconds - quiet:
                    source.post(EVENTS_PER_FRAME)
                app.frame(now - last)  # real time: the idle timer and the attract loop keep the wall clock
                last = now
                if not app.running:
                    raise RuntimeError("the kiosk game exited during the soak")
                frames += 1
                spare = frame - (time.monotonic() - now)
                if spare > 0:
                    time.sleep(spare)
        finally:
            app.close()
    return samples


def growth(samples: list[dict], after_minute: float) -> tuple[float, int]:
    """RSS growth (MB) and GL object change from the first sample at or after `after_minute`."""
    late = [s for s in samples if s["minute"] >= after_minute] or samples[-1:]
    return late[-1]["rss_mb"] - late[0]["rss_mb"], late[-1]["gl_objects"] - late[0]["gl_objects"]


def run(quick: bool = False) -> list[Measurement]:
    out = []
    seconds = 5.0 if quick else 20.0
    for what in ("title", "attract"):
        out.append(Measurement("kiosk", f"idle CPU, {what} (1280x720, offscreen)", idle_cpu(what, seconds), "% of a core",
                               f"{seconds:g} s after 5 s warm-up"))
    minutes = 1.0 if quick else 3.0
    samples = soak(minutes, sample_seconds=20.0 if quick else 30.0, report=lambda sample: None)
    rss, gl = growth(samples, minutes / 3)
    out.append(Measurement("kiosk", "soak RSS growth after warm-up", rss, "MB",
                           f"{minutes:g} min of random input and attract loop; benchmarks/soak_kiosk.py for 30 min"))
    out.append(Measurement("kiosk", "soak live GL objects change after warm-up", gl, "objects"))
    return out
