"""The learning-rate lab's many-copies training: the LR range test's network (the schedules
level's: 1 -> 8 tanh -> 1, minibatches of 4 of 16 points, Adam, a cosine schedule), one eta per
copy over a log range, NumPy float32 and float64 against the GLSL kernel. Figures in
copy-steps per second (one copy-step = one forward + backward over the minibatch, the loss over
all points, and one update of one copy)."""

from __future__ import annotations

import numpy as np

from game.perf import Measurement, best_time

COPIES = 4096
STEPS = 100


def _setup(copies: int, steps: int):
    from game.levels import find_level
    from game.sim.families.lab import lab_task
    from game.sim.lrfinder import eta_grid, trial_rules
    from game.sim.schedules import Schedule

    task = lab_task(find_level("schedules"))
    return task, eta_grid(1e-4, 0.1, copies), trial_rules(task), Schedule("cosine", steps)


def numpy_rate(dtype, copies: int, steps: int, repeats: int) -> float:
    from game.sim.nets_train import train_batch

    task, etas, rules, schedule = _setup(copies, steps)
    seconds = best_time(lambda: train_batch(task, "adam", etas, 0.0, steps, rules, dtype=dtype,
                                            schedule=schedule), repeats)
    return copies * steps / seconds


def gpu_rate(copies: int, steps: int, repeats: int) -> tuple[float, str]:
    from game.gpu.device import Gpu
    from game.gpu.nets_kernel import gpu_train_batch

    task, etas, rules, schedule = _setup(copies, steps)
    with Gpu.standalone() as gpu:
        gpu_train_batch(gpu, task, "adam", etas, 0.0, 2, rules, schedule=schedule)  # compile
        seconds = best_time(lambda: gpu_train_batch(gpu, task, "adam", etas, 0.0, steps, rules,
                                                    schedule=schedule), repeats)
        return copies * steps / seconds, gpu.name


def run(quick: bool = False) -> list[Measurement]:
    copies, steps, repeats = (512, 30, 1) if quick else (COPIES, STEPS, 3)
    size = f"{copies} copies x {steps} steps, Adam + cosine, minibatch 4 of 16"
    out = [Measurement("lr", "numpy float64 copy-steps/s", numpy_rate(np.float64, copies, steps, repeats),
                       "copy-steps/s", size),
           Measurement("lr", "numpy float32 copy-steps/s", numpy_rate(np.float32, copies, steps, repeats),
                       "copy-steps/s", size)]
    try:
        rate, name = gpu_rate(copies, steps, repeats)
        out.append(Measurement("lr", "glsl kernel copy-steps/s", rate, "copy-steps/s", f"{size}; {name}"))
    except Exception as error:  # no GL 4.3 here: report why instead of a figure
        out.append(Measurement("lr", "glsl kernel copy-steps/s", float("nan"), "copy-steps/s",
                               f"no GPU: {error}"))
    return out
