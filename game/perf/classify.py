"""Classifier training, GLSL kernel against NumPy float32: samples x epochs per second (every
copy counts its own samples) for a 1,024-copy learning-rate sweep on the ring (2 -> 8 tanh -> 2,
300 points) and for one digits classifier (64 -> 10, the 1,348 training images).
Figures for `downhill bench classify`, never asserts."""

from __future__ import annotations

import numpy as np

from game.perf import Measurement, best_time
from game.sim.classify import ClassifierBatch, ClassifierRules, ring_points, split
from game.sim.nets import NetShape, init_params

NEVER_DONE = ClassifierRules(target_accuracy=2.0, weight_limit=float("inf"))  # every epoch runs


def _cases(quick: bool):
    from game.sim.datasets import load_digits

    copies = 128 if quick else 1024
    ring = ring_points(300, seed=7)
    ring_shape = NetShape((2, 8, 2), hidden="tanh")
    train, _ = split(load_digits(), 0.25, seed=0)
    return [
        (f"ring sweep, {copies} nets 2-8-2 tanh x 300 points", ring_shape, ring,
         np.geomspace(1e-3, 10.0, copies), 10 if quick else 20),
        ("digits, one net 64-10 x 1,348 images", NetShape((64, 10)), train, np.array([2.0]), 20 if quick else 50),
    ]


def run(quick: bool) -> list[Measurement]:
    from game.gpu.context import GpuUnavailable
    from game.gpu.device import Gpu

    out, numpy_rates = [], {}
    cases = _cases(quick)
    for label, shape, points, etas, epochs in cases:
        start = init_params(shape, np.random.default_rng(0))
        work = len(etas) * len(points) * epochs

        def numpy_run():
            ClassifierBatch(shape, points, "momentum", etas, 0.9, epochs, NEVER_DONE, start=start,
                            dtype=np.float32).run()

        numpy_rates[label] = work / best_time(numpy_run, 1)
        out.append(Measurement("classify", f"numpy float32 {label}", numpy_rates[label], "samples*epochs/s",
                               f"{epochs} epochs, momentum"))
    try:
        gpu = Gpu.standalone()
    except GpuUnavailable as error:
        out.append(Measurement("classify", "gpu unavailable", 0.0, "", str(error)))
        return out
    with gpu:
        from game.gpu.classify_kernel import GpuClassifierBatch

        for label, shape, points, etas, epochs in cases:
            start = init_params(shape, np.random.default_rng(0))
            work = len(etas) * len(points) * epochs

            def gpu_run():
                batch = GpuClassifierBatch(gpu, shape, points, "momentum", etas, 0.9, epochs, NEVER_DONE, start=start)
                try:
                    batch.run()
                finally:
                    batch.release()

            gpu_run()  # compiles outside the timing
            rate = work / best_time(gpu_run, 1 if quick else 2)
            out.append(Measurement("classify", f"gpu float32 {label}", rate, "samples*epochs/s", gpu.name))
            out.append(Measurement("classify", f"gpu / numpy {label.split(',')[0]}", rate / numpy_rates[label], "x"))
    return out
