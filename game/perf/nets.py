"""Network training throughput: 4096 copies of the Paris network, 100 momentum steps each,
NumPy (float32, float64) against the GLSL kernel. Figures in network-steps per second (one
network-step = one forward + backward + update of one copy). Also the frame time (median and
p99) of each network level's scene while it trains, drawn in the offscreen window;
`network_frame_times` is there for the frames suite too."""

from __future__ import annotations

import numpy as np

from game.perf import Measurement, best_time

COPIES = 4096
STEPS = 100
ETA = 0.2  # the level's default: no copy explodes or stops early, so every copy does every step


def _paris():
    from game.levels import find_level
    from game.sim.nets import init_params
    from game.sim.nets_fate import fate_rules
    from game.sim.families.network import level_task

    task = level_task(find_level("paris"))
    starts = init_params(task.shape, np.random.default_rng(0), copies=COPIES)  # a seed per copy
    mus = np.linspace(0.0, 0.9, COPIES)
    return task, fate_rules(task), starts, mus


def numpy_rate(dtype, copies: int, steps: int, repeats: int) -> float:
    from game.sim.nets_train import train_batch

    task, rules, starts, mus = _paris()
    seconds = best_time(lambda: train_batch(task, "momentum", ETA, mus[:copies], steps, rules,
                                            dtype=dtype, start=starts[:copies]), repeats)
    return copies * steps / seconds


def gpu_rate(copies: int, steps: int, repeats: int) -> tuple[float, str]:
    from game.gpu.device import Gpu
    from game.gpu.nets_kernel import gpu_train_batch

    task, rules, starts, mus = _paris()
    with Gpu.standalone() as gpu:
        gpu_train_batch(gpu, task, "momentum", ETA, mus[:copies], 2, rules, start=starts[:copies])  # compile
        seconds = best_time(lambda: gpu_train_batch(gpu, task, "momentum", ETA, mus[:copies], steps, rules,
                                                    start=starts[:copies]), repeats)
        return copies * steps / seconds, gpu.name


NETWORK_LEVELS = ("calculus", "neuron", "backprop", "paris", "landscape")


def network_frame_times(level_id: str, frames: int, size=(1280, 720)) -> np.ndarray:
    """Seconds per frame (events, fixed ticks, draw, present and the wait until its pixels are
    drawn) of the level's scene with training running, in a window under SDL's offscreen driver."""
    import os
    import tempfile
    import time

    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.app import build_app
    from game.levels import find_level

    with tempfile.TemporaryDirectory(prefix="downhill-bench-") as store:
        app = build_app(size, store_dir=store, start="none")
        try:
            scene = app.open_level(find_level(level_id))
            scene.set_params(eta=scene.level.eta.min)  # slow learning: it keeps training all along
            scene.toggle_play()
            times = []
            for k in range(frames + 10):
                start = time.perf_counter()
                app.frame(1 / 60)
                app.window.finish()
                if k >= 10:  # the first frames build the cached layers
                    times.append(time.perf_counter() - start)
                if scene.trainer.done:
                    scene.reset()
                    scene.toggle_play()
            return np.asarray(times)
        finally:
            app.close()


def frame_figures(frames: int) -> list[Measurement]:
    figures = []
    for level_id in NETWORK_LEVELS:
        times = network_frame_times(level_id, frames) * 1000.0
        figures.append(Measurement("nets", f"frame p99, {level_id} scene training", float(np.percentile(times, 99)),
                                   "ms", f"median {np.median(times):.2f} ms over {len(times)} frames, 1280x720"))
    return figures


def run(quick: bool) -> list[Measurement]:
    copies, steps = (1024, 50) if quick else (COPIES, STEPS)
    repeats = 1 if quick else 3
    size = f"{copies:,} Paris nets x {steps} momentum steps"
    figures = [Measurement("nets", f"numpy {np.dtype(dtype).name}, {size}",
                           numpy_rate(dtype, copies, steps, repeats), "net-steps/s", "41 weights each")
               for dtype in (np.float32, np.float64)]
    from game.gpu.context import GpuUnavailable

    try:
        rate, name = gpu_rate(copies, steps, repeats)
    except GpuUnavailable as error:  # no GL 4.3 here: say so instead of a figure
        figures.append(Measurement("nets", f"glsl kernel, {size}", float("nan"), "net-steps/s", str(error)))
    else:
        figures.append(Measurement("nets", f"glsl kernel, {size}", rate, "net-steps/s", name))
    from game.window import WindowError

    try:
        figures.extend(frame_figures(60 if quick else 300))
    except WindowError as error:
        figures.append(Measurement("nets", "frame p99, network scenes", float("nan"), "ms", str(error)))
    return figures
