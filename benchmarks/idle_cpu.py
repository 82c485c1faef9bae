"""CPU the game takes when nobody touches it, as % of one core, from /proc/<pid>/stat.

    python benchmarks/idle_cpu.py [--seconds 20] [--warmup 5] [--size 1280x720] [title|attract ...]

`title`: `downhill` idle on the title screen; `attract`: `downhill kiosk --no-watchdog`, the
attract loop. Each runs under SDL's offscreen driver (software GL) in its own process; the
figure is (utime + stime) over the sampling window divided by the window. Linux only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

COMMANDS = {
    "title": ["-m", "game", "play"],
    "attract": ["-m", "game", "kiosk", "--no-watchdog", "--windowed"],
}


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def measure(name: str, seconds: float, warmup: float, size: str) -> float:
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    with tempfile.TemporaryDirectory(prefix="downhill-idle-") as data:
        env["DOWNHILL_DATA_DIR"] = data
        args = [sys.executable, *COMMANDS[name], "--size", size]
        child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            time.sleep(warmup)
            if child.poll() is not None:
                raise SystemExit(f"{name}: the game ended early: {child.stderr.read().decode()[-400:]}")
            start_cpu, start = cpu_seconds(child.pid), time.monotonic()
            time.sleep(seconds)
            used, wall = cpu_seconds(child.pid) - start_cpu, time.monotonic() - start
        finally:
            child.kill()
            child.wait()
    return 100.0 * used / wall


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="*", default=["title", "attract"], choices=list(COMMANDS))
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--size", default="1280x720")
    args = parser.parse_args(argv)
    for name in args.what:
        percent = measure(name, args.seconds, args.warmup, args.size)
        print(f"idle cpu {name:8s} {args.size}: {percent:5.1f}% of one core over {args.seconds:g} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
