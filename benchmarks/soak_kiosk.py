"""Soak the kiosk: random input and the attract loop in turn, real time at 30 frames a second,
resident memory and live GL objects sampled each minute. Aim: flat after warm-up (under 5 MB
growth over the last 20 minutes of 30), GL objects flat.

    python benchmarks/soak_kiosk.py [--minutes 30] [--sample-seconds 60] [--out soak.json]

Runs under SDL's offscreen driver; costs about one core while it runs.
"""

from __future__ import annotations

import argparse
import json
import sys


def main(argv=None) -> int:
    from game.perf.kiosk import growth, soak

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--sample-seconds", type=float, default=60.0)
    parser.add_argument("--out", help="write the samples as JSON here too")
    args = parser.parse_args(argv)
    print(f"{'minute':>7} {'RSS MB':>8} {'GL objects':>11} {'frames':>8} {'visits':>7}  scene", flush=True)

    def line(s):
        print(f"{s['minute']:7.2f} {s['rss_mb']:8.1f} {s['gl_objects']:11d} {s['frames']:8d} {s['visits']:7d}  {s['scene']}",
              flush=True)

    samples = soak(args.minutes, args.sample_seconds, report=line)
    warm = max(0.0, args.minutes - 20.0) if args.minutes > 20 else args.minutes / 3
    rss, gl = growth(samples, warm)
    print(f"after minute {warm:g}: RSS {rss:+.1f} MB, GL objects {gl:+d}", flush=True)
    if args.out:
        with open(args.out, "w") as file:
            json.dump(samples, file, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
