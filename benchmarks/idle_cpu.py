"""CPU the game takes when nobody touches it, as % of one core, from /proc/<pid>/stat.

    python benchmarks/idle_cpu.py [--seconds 20] [--warmup 5] [--size 1280x720] [title|attract ...]

`title`: `downhill` idle on the title screen; `attract`: `downhill kiosk --no-watchdog`, the
attract loop. Each runs under SDL's offscreen driver (software GL) in its own process; the
figure is (utime + stime) over the sampling window divided by the window. Linux only. The
measurement is game.perf.kiosk.idle_cpu, the one `downhill bench kiosk` prints.
"""

from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
    from game.perf.kiosk import IDLE_COMMANDS, idle_cpu

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="*", default=["title", "attract"], choices=list(IDLE_COMMANDS))
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--size", default="1280x720")
    args = parser.parse_args(argv)
    for name in args.what:
        try:
            percent = idle_cpu(name, args.seconds, args.warmup, args.size)
        except RuntimeError as error:
            print(f"idle cpu {name}: {error}", file=sys.stderr)
            return 1
        print(f"idle cpu {name:8s} {args.size}: {percent:5.1f}% of one core over {args.seconds:g} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
