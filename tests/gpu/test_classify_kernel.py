"""The classifier kernel against ClassifierBatch in float32: weights, loss and accuracy per epoch,
outcomes, with and without a hidden layer, every optimizer, minibatches, digits."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim.datasets import load_digits
from game.sim.classify import ClassifierBatch, ClassifierRules, ring_points, split
from game.sim.nets import NetShape, init_params
from game.sim.outcome import CONVERGED, DIVERGED
from game.sim.optim import OPTIMIZERS

pytestmark = pytest.mark.gpu


@pytest.fixture
def gpu(ctx):
    from game.gpu.device import Gpu

    return Gpu(ctx)


def both(gpu, shape, points, optimizer, eta, mu, epochs, **kwargs):
    from game.gpu.classify_kernel import GpuClassifierBatch

    cpu = ClassifierBatch(shape, points, optimizer, eta, mu, epochs, dtype=np.float32, **kwargs)
    gpu_batch = GpuClassifierBatch(gpu, shape, points, optimizer, eta, mu, epochs, **kwargs)
    return cpu, gpu_batch


def assert_same_epoch(cpu, gpu_batch, atol):
    alive = cpu.status != DIVERGED
    np.testing.assert_allclose(gpu_batch.params[alive], cpu.params[alive], rtol=1e-4, atol=atol)
    np.testing.assert_allclose(gpu_batch.loss[alive], cpu.loss[alive], rtol=1e-4, atol=1e-5)
    # a point right on the boundary may flip between float32 sums taken in another order
    np.testing.assert_allclose(gpu_batch.accuracy, cpu.accuracy, atol=2.0 / cpu.x.shape[0])


# optimizers whose step is divided by a running size of the slope: a tiny slope can make a full-size
# step (RMSprop's first step is 10 eta whatever the slope), so they get smaller learning rates here
ETA_DIVISOR = {"adam": 10.0, "adamw": 10.0, "rmsprop": 100.0}


@pytest.mark.parametrize("shape", [NetShape((2, 2)), NetShape((2, 5, 2), hidden="tanh"),
                                   NetShape((2, 4, 2), hidden="relu"), NetShape((2, 3, 2), hidden="sigmoid")],
                         ids=lambda s: f"{s.sizes}-{s.hidden}")
@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_epochs_match_numpy_float32(gpu, shape, optimizer):
    points = ring_points(150, seed=4)
    etas = np.array([0.01, 0.1, 0.5, 2.0], dtype=np.float32) / ETA_DIVISOR.get(optimizer, 1.0)
    start = init_params(shape, np.random.default_rng(2), copies=4)
    cpu, gpu_batch = both(gpu, shape, points, optimizer, etas, [0.0, 0.5, 0.9, 0.3], 12, start=start)
    try:
        for _ in range(12):
            cpu.advance()
            gpu_batch.advance()
            assert_same_epoch(cpu, gpu_batch, atol=1e-5)
        assert gpu_batch.updates == cpu.updates == 12
        np.testing.assert_array_equal(gpu_batch.status, cpu.status)
    finally:
        gpu_batch.release()


def test_minibatches_and_outcomes_match(gpu):
    shape = NetShape((2, 6, 2), hidden="tanh")
    rules = ClassifierRules(target_accuracy=0.95, weight_limit=50.0)
    cpu, gpu_batch = both(gpu, shape, ring_points(200, seed=1), "adam", [0.05, 0.2, 1e4], 0.0, 60,
                          start=init_params(shape, np.random.default_rng(3)), batch=48, rules=rules)
    try:
        cpu.run(), gpu_batch.run()
        np.testing.assert_array_equal(gpu_batch.status, cpu.status)
        np.testing.assert_array_equal(gpu_batch.steps, cpu.steps)
        assert cpu.status[0] == CONVERGED and cpu.status[2] == DIVERGED
        assert gpu_batch.updates == cpu.updates == 5 * cpu.t
        assert_same_epoch(cpu, gpu_batch, atol=1e-4)
    finally:
        gpu_batch.release()


def test_digits_match(gpu):
    train, _ = split(load_digits(), 0.25, seed=0)
    shape = NetShape((64, 10))
    cpu, gpu_batch = both(gpu, shape, train, "gd", [0.5, 2.0], 0.0, 8,
                          start=init_params(shape, np.random.default_rng(0)))
    try:
        for _ in range(8):
            cpu.advance()
            gpu_batch.advance()
        assert_same_epoch(cpu, gpu_batch, atol=1e-5)
        assert cpu.accuracy.min() > 0.5
    finally:
        gpu_batch.release()


def test_a_deep_network_is_refused_with_a_message(gpu):
    from game.gpu.classify_kernel import kernel_defines

    with pytest.raises(ValueError, match="one hidden layer"):
        kernel_defines(NetShape((2, 3, 3, 2)))


def test_an_epoch_begun_ahead_is_the_same_epoch(gpu):
    """`prepare` runs the next epoch's minibatches and evaluation ahead, one a call (a paced run spreads them
    over frames): nothing shows before `advance`, which takes the rest, and the epochs are
    the very ones a plain run takes, to the bit."""
    from game.gpu.classify_kernel import GpuClassifierBatch

    shape = NetShape((2, 6, 2), hidden="tanh")
    points = ring_points(200, seed=1)
    start = init_params(shape, np.random.default_rng(3))
    plain = GpuClassifierBatch(gpu, shape, points, "adam", [0.05, 0.2], 0.0, 30, start=start, batch=48)
    ahead = GpuClassifierBatch(gpu, shape, points, "adam", [0.05, 0.2], 0.0, 30, start=start, batch=48)
    try:
        assert ahead.parts_ahead == 6  # five minibatches and the evaluation
        for epoch in range(6):
            shown = ahead.params.copy()
            calls = epoch % 5 + 3  # fewer, as many, or more calls than there are parts
            for _ in range(calls):
                ahead.prepare()
            np.testing.assert_array_equal(ahead.params, shown)  # read back only at the epoch's end
            assert ahead.t == epoch and ahead.updates == epoch * 5 + min(calls, 5)  # never the end
            plain.advance()
            ahead.advance()
            assert ahead.t == plain.t and ahead.updates == plain.updates
            np.testing.assert_array_equal(ahead.params, plain.params)
            np.testing.assert_array_equal(ahead.loss, plain.loss)
            np.testing.assert_array_equal(ahead.status, plain.status)
    finally:
        plain.release()
        ahead.release()
