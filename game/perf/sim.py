"""NumPy reference throughput: ball-steps per second on the wavy curve with momentum."""

from __future__ import annotations

import numpy as np

from game.perf import Measurement, best_time
from game.sim.expr import compile_curve
from game.sim.run import Batch, rules_for

WAVY = "0.1*x**2 + 0.3*sin(3*x)"
STEPS = 200


def ball_steps_per_second(n_balls: int, dtype, repeats: int) -> float:
    """Time up to STEPS momentum updates of n_balls spread over the wavy curve. Every update
    touches every ball (finished ones are masked, not skipped), so the work is n_balls per step."""
    curve = compile_curve(WAVY)
    rules = rules_for((-6, 6))
    x0 = np.linspace(-5.5, 5.5, n_balls)
    steps_taken = []

    def run():
        batch = Batch(curve, "momentum", x0, 0.01, 0.9, STEPS, rules, dtype)
        while not batch.done:
            batch.advance()
        steps_taken.append(batch.t)

    seconds = best_time(run, repeats)
    return n_balls * min(steps_taken) / seconds


def run(quick: bool) -> list[Measurement]:
    n_balls = 100_000 if quick else 1_000_000
    repeats = 1 if quick else 2
    return [
        Measurement("sim", f"numpy {np.dtype(dtype).name} momentum, {n_balls:,} balls x {STEPS}",
                    ball_steps_per_second(n_balls, dtype, repeats), "ball-steps/s", f"curve {WAVY}")
        for dtype in (np.float32, np.float64)
    ]
