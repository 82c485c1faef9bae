"""GPU against NumPy float32: ball-steps per second (momentum on the wavy curve), and the time
of a fate map on each backend. Figures are for reports (`downhill bench gpu`), never asserts."""

from __future__ import annotations

import time

import numpy as np

from game.perf import Measurement, best_time
from game.sim.expr import compile_curve
from game.sim.run import Rules, rules_for, run_batch

WAVY = "0.1*x**2 + 0.3*sin(3*x)"
WAVY_RANGE = (-6.0, 6.0)
STEPS = 200
ETA, MU = 0.01, 0.9
MAP_ETA = (0.01, 0.2)  # what `downhill map wavy` draws
MAP_MU = (0.0, 0.99)
MAP_X0 = 5.0
MAP_STEPS = 600


def _never_at_rest() -> Rules:
    """The wavy level's escape bounds, but no ball ever counts as at rest: every ball makes every
    step on both backends, so ball-steps are exactly balls x STEPS."""
    rules = rules_for(WAVY_RANGE)
    return Rules(tol_move=-1.0, tol_grad=-1.0, escape_lo=rules.escape_lo, escape_hi=rules.escape_hi)


def numpy_ball_steps(n_balls: int, repeats: int) -> float:
    curve, rules = compile_curve(WAVY), _never_at_rest()
    x0 = np.linspace(-5.5, 5.5, n_balls, dtype=np.float32)
    seconds = best_time(lambda: run_batch(curve, "momentum", x0, ETA, MU, STEPS, rules, np.float32), repeats)
    return n_balls * STEPS / seconds


def gpu_ball_steps(gpu, n_balls: int, repeats: int, k_steps: int, local_size: int) -> float:
    from game.gpu.balls import gpu_run_batch

    curve, rules = compile_curve(WAVY), _never_at_rest()
    x0 = np.linspace(-5.5, 5.5, n_balls, dtype=np.float32)

    def run():
        return gpu_run_batch(gpu, curve, "momentum", x0, ETA, MU, STEPS, rules,
                             k_steps=k_steps, local_size=local_size)

    result = run()  # compiles the program once, outside the timing
    if not (result.steps == STEPS).all():
        raise RuntimeError("benchmark balls stopped early; the figure would be wrong")
    return n_balls * STEPS / best_time(run, repeats)


def map_axes(res: int) -> tuple[np.ndarray, np.ndarray]:
    return np.linspace(*MAP_ETA, res), np.linspace(*MAP_MU, res)


def run(quick: bool) -> list[Measurement]:
    from game.gpu.backend import NumpyBackend
    from game.gpu.context import GpuUnavailable
    from game.gpu.device import Gpu

    n_balls = 100_000 if quick else 1_000_000
    res = 256 if quick else 512
    repeats = 1 if quick else 2
    label = f"momentum, {n_balls:,} balls x {STEPS}"
    curve, rules = compile_curve(WAVY), rules_for(WAVY_RANGE)
    xs, ys = map_axes(res)
    out = []

    numpy_rate = numpy_ball_steps(n_balls, 1)
    out.append(Measurement("gpu", f"numpy float32 {label}", numpy_rate, "ball-steps/s", f"curve {WAVY}"))
    start = time.perf_counter()
    numpy_map = NumpyBackend(np.float32).fate_map(curve, "momentum", "eta-mu", xs, ys, MAP_X0, MAP_STEPS, rules)
    numpy_map_seconds = time.perf_counter() - start
    out.append(Measurement("gpu", f"numpy float32 fate map {res}x{res}", numpy_map_seconds, "s",
                           f"wavy eta-mu, x0 {MAP_X0}, {MAP_STEPS} steps, "
                           f"{int(numpy_map.steps.sum()):,} ball-steps used"))
    try:
        gpu = Gpu.standalone()
    except GpuUnavailable as error:
        out.append(Measurement("gpu", "gpu unavailable", 0.0, "", str(error)))
        return out
    with gpu:
        from game.gpu.balls import K_STEPS, LOCAL_SIZE
        from game.gpu.fate import gpu_fate_map

        gpu_rate = gpu_ball_steps(gpu, n_balls, repeats + 1, K_STEPS, LOCAL_SIZE)
        detail = f"{gpu.name}; local_size {LOCAL_SIZE}, {K_STEPS} steps a dispatch"
        out.append(Measurement("gpu", f"gpu float32 {label}", gpu_rate, "ball-steps/s", detail))
        out.append(Measurement("gpu", "gpu / numpy ball-steps", gpu_rate / numpy_rate, "x"))

        def gpu_map():
            return gpu_fate_map(gpu, curve, "momentum", "eta-mu", xs, ys, MAP_X0, MAP_STEPS, rules)

        fate = gpu_map()  # compile outside the timing
        seconds = best_time(gpu_map, repeats)
        agree = float((fate.status == numpy_map.status).mean())
        out.append(Measurement("gpu", f"gpu float32 fate map {res}x{res}", seconds, "s",
                               f"{int(fate.steps.sum()):,} ball-steps used; "
                               f"{agree:.4%} of cells as numpy"))
        out.append(Measurement("gpu", "gpu / numpy fate map", numpy_map_seconds / seconds, "x"))
    return out
