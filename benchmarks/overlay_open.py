"""The frames around an overlay opening: the one that opens it (the scene below drawn whole
under the dim, then kept in a layer) and the one after (only the overlay's own tiles), as wall
and process CPU milliseconds, p50 and max over a number of openings.

    python benchmarks/overlay_open.py [--times 5] [--size 1920x1080] [results help settings]

Each opening stages the rolling ball ('Momentum matters', as `downhill bench frames` stages
'play'), lets it run 30 frames, then opens the overlay; the game's own frame (App.frame) and a
wait for its pixels (Window.finish) make one frame, as in the bench. Under SDL's offscreen
driver (software GL).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np

OVERLAYS = ("results", "help", "settings")


def open_overlay(app, which: str) -> None:
    scene = app.stack.top
    if which == "results":
        scene.advance_steps(300)
        app.show_results(scene)
    elif which == "help":
        app.show_help()
    else:
        app.show_settings()


def opening_frames(which: str, times: int, size) -> np.ndarray:
    """(times, 4): wall and CPU ms of the opening frame, then of the next one."""
    from game.app import build_app
    from game.perf import frames as bench

    rows = []
    with tempfile.TemporaryDirectory(prefix="downhill-bench-") as store:
        app = build_app(size, store_dir=store, start="none")
        try:
            for _ in range(times):
                bench.stage_scene(app, bench.STAGES["play"].stage)
                for _ in range(30):
                    app.frame(bench.FRAME_SECONDS)
                    app.window.finish()
                open_overlay(app, which)
                row = []
                for _ in range(2):
                    wall, cpu = time.perf_counter(), bench.cpu_seconds()
                    app.frame(bench.FRAME_SECONDS)
                    app.window.finish()
                    row += [(time.perf_counter() - wall) * 1000.0, (bench.cpu_seconds() - cpu) * 1000.0]
                rows.append(row)
        finally:
            app.close()
    return np.array(rows)


def main(argv=None) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.window import parse_size

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("overlays", nargs="*", help=f"any of {', '.join(OVERLAYS)} (default: all)")
    parser.add_argument("--times", type=int, default=5)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args(argv)
    unknown = [name for name in args.overlays if name not in OVERLAYS]
    if unknown:
        parser.error(f"unknown overlay {unknown[0]!r}; expected one of {', '.join(OVERLAYS)}")
    size = parse_size(args.size)
    for which in args.overlays or OVERLAYS:
        ms = opening_frames(which, max(1, args.times), size)
        for i, frame in enumerate(("opening", "next")):
            wall, cpu = ms[:, 2 * i], ms[:, 2 * i + 1]
            print(f"{which:8s} {frame:7s} frame {args.size}: wall p50 {np.median(wall):6.2f} max {wall.max():6.2f} ms"
                  f" | cpu p50 {np.median(cpu):6.2f} ms ({len(ms)} openings)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
