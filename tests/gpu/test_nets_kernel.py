"""The network kernel against its NumPy twin in float32: statuses, steps, weights, the fate map."""

from __future__ import annotations

import numpy as np
import pytest

from game.levels import find_level
from game.sim.nets import init_params
from game.sim.nets_fate import p_target_map
from game.sim.families.network import level_rules, level_task
from game.sim.nets_train import DIVERGED, train_batch
from game.sim.optim import OPTIMIZERS

pytestmark = pytest.mark.gpu


@pytest.fixture
def gpu(ctx):
    from game.gpu.device import Gpu

    return Gpu(ctx)


def assert_same(gpu_result, cpu_result, atol):
    np.testing.assert_array_equal(gpu_result.status, cpu_result.status)
    np.testing.assert_array_equal(gpu_result.steps, cpu_result.steps)
    alive = cpu_result.status != DIVERGED
    np.testing.assert_allclose(gpu_result.loss[alive], cpu_result.loss[alive], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(gpu_result.coords[alive], cpu_result.coords[alive], rtol=1e-4, atol=atol)


# optimizers whose step is divided by a running size of the slope: a tiny slope can make a full-size step
SCALED_STEPS = ("adam", "rmsprop", "adamw")
# Paris past an effective step of about 2 bounces chaotically (its lesson: one sentence's step undoes
# another's); there two float32 sums taken in another order part ways within tens of steps, as any
# two implementations would. So step-by-step parity is checked where it learns without bouncing
# (η up to 1, and up to 0.05 for the optimizers whose every step is about η long), and the
# explosions at the top of its slider on their own
PARITY_ETA_MAX = {"paris": 1.0}
PARITY_SCALED_ETA_MAX = {"paris": 0.05}


@pytest.mark.parametrize("level_id", ["paris", "backprop"])
@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_kernel_matches_numpy_float32(gpu, level_id, optimizer):
    from game.gpu.nets_kernel import gpu_train_batch

    level = find_level(level_id)
    task, rules = level_task(level), level_rules(level, level_task(level))
    top = (PARITY_SCALED_ETA_MAX if optimizer in SCALED_STEPS else PARITY_ETA_MAX).get(level_id, np.inf)
    etas = np.geomspace(level.eta.min, min(level.eta.max, top), 48)
    mus = np.resize([0.0, 0.5, 0.9], 48)
    gpu_result = gpu_train_batch(gpu, task, optimizer, etas, mus, 60, rules, k_steps=7)
    cpu_result = train_batch(task, optimizer, etas, mus, 60, rules, dtype=np.float32)
    assert_same(gpu_result, cpu_result, atol=1e-3 if optimizer in SCALED_STEPS else 1e-5)
    assert set(cpu_result.status.tolist()) >= {0}  # some learn


@pytest.mark.parametrize("level_id,eta_max", [("paris", 0.3), ("backprop", 3.0)])
def test_4096_networks_with_their_own_seeds_eta_and_mu(gpu, level_id, eta_max):
    from game.gpu.nets_kernel import gpu_train_batch

    level = find_level(level_id)
    task, rules = level_task(level), level_rules(level, level_task(level))
    rng = np.random.default_rng(11)
    starts = init_params(task.shape, rng, copies=4096)
    etas = rng.uniform(0.01, eta_max, 4096)
    mus = rng.uniform(0.0, 0.95, 4096)
    gpu_result = gpu_train_batch(gpu, task, "momentum", etas, mus, 40, rules, start=starts)
    cpu_result = train_batch(task, "momentum", etas, mus, 40, rules, dtype=np.float32, start=starts)
    assert_same(gpu_result, cpu_result, atol=1e-5)
    assert (cpu_result.status == 0).any()
    if level_id == "backprop":  # squared error: too big a step makes the loss run away (past loss_limit)
        assert (cpu_result.status == DIVERGED).any()


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_paris_explodes_at_the_top_of_its_slider_at_the_same_step(gpu, optimizer):
    from game.gpu.nets_kernel import gpu_train_batch

    level = find_level("paris")
    task, rules = level_task(level), level_rules(level, level_task(level))
    etas = np.array([16.0, 18.0, level.eta.max])
    gpu_result = gpu_train_batch(gpu, task, optimizer, etas, 0.0, 60, rules, k_steps=7)
    cpu_result = train_batch(task, optimizer, etas, 0.0, 60, rules, dtype=np.float32)
    assert (cpu_result.status == DIVERGED).all() and (cpu_result.steps <= 10).all()
    np.testing.assert_array_equal(gpu_result.status, cpu_result.status)
    np.testing.assert_array_equal(gpu_result.steps, cpu_result.steps)


def test_paris_fate_map_matches_and_shows_learning(gpu):
    from game.gpu.nets_kernel import gpu_p_target_map

    task = level_task(find_level("paris"))
    # up to where the four sentences start to fight (effective step η / (1 - μ) <= ~2): see PARITY_ETA_MAX
    etas, mus = np.geomspace(0.01, 1.5, 24), np.linspace(0.0, 0.3, 4)
    on_gpu = gpu_p_target_map(gpu, task, "momentum", etas, mus, 20)
    reference = p_target_map(task, "momentum", etas, mus, 20, dtype=np.float32)
    np.testing.assert_array_equal(on_gpu.exploded, reference.exploded)
    np.testing.assert_allclose(on_gpu.p_target, reference.p_target, rtol=1e-4, atol=1e-6, equal_nan=True)
    assert np.nanmax(on_gpu.p_target) > 0.95 and np.nanmin(on_gpu.p_target) < 0.5


def test_kernel_refuses_networks_it_cannot_train(gpu):
    from game.gpu.nets_kernel import kernel_defines

    with pytest.raises(ValueError, match="one hidden layer"):
        kernel_defines(level_task(find_level("landscape")))
    with pytest.raises(ValueError, match="one hidden layer"):
        kernel_defines(level_task(find_level("calculus")))
