"""The learning-rate lab's NumPy core: schedules (against PyTorch's numbers), many copies with
one eta each, minibatches, the range test and its suggestion (against brute force), the forward
pass neuron by neuron, and the gradient reaching each layer of a deep chain."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.sim.deepnets import forward_trace, layer_grad_norms, prediction
from game.sim.lab_presets import chain_task, minibatches
from game.sim.lrfinder import eta_grid, fastest_eta, range_test, steepest
from game.sim.nets import NetShape, activate, backward, init_params
from game.sim.nets_presets import NetworkConfigError, build_task, validate_network_config
from game.sim.nets_train import CONVERGED, DIVERGED, NetBatch, NetRules
from game.sim.optim import init_state, step
from game.sim.schedules import Schedule, make_schedule

# --------------------------------------------------------------------------- schedules

# Obtained with torch 2.13.0 (CPU) in a scratch venv: SGD(lr=0.5) on one parameter, reading
# optimizer.param_groups[0]["lr"] before each optimizer.step(); scheduler.step() after it.
TORCH_STEP_LR = [0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.0625]  # StepLR(3, 0.5)
TORCH_COSINE = [0.5, 0.48287289481503953, 0.4340990257669732, 0.36110377228214524, 0.275,
                0.18889622771785486, 0.11590097423302685, 0.0671271051849605]  # CosineAnnealingLR(T_max=8, eta_min=0.05)
TORCH_WARMUP = [0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.4698557158514987, 0.3875, 0.275,
                0.1625000000000001, 0.0801442841485013]
# SequentialLR([LinearLR(start_factor=0.2, end_factor=1.0, total_iters=4),
#               CosineAnnealingLR(T_max=6, eta_min=0.05)], milestones=[4])


def test_step_decay_matches_torch_steplr():
    np.testing.assert_allclose(Schedule("step", 10, step_size=3, gamma=0.5).etas(0.5), TORCH_STEP_LR, rtol=0, atol=0)


def test_cosine_matches_torch_cosineannealinglr():
    np.testing.assert_allclose(Schedule("cosine", 8, floor=0.1).etas(0.5), TORCH_COSINE, rtol=1e-14)


def test_warmup_then_cosine_matches_torch_sequentiallr():
    np.testing.assert_allclose(Schedule("warmup", 10, warmup=4, start_factor=0.2, floor=0.1).etas(0.5),
                               TORCH_WARMUP, rtol=1e-14)


def test_hand_worked_values():
    # cosine halfway: floor + (1 - floor) * (1 + cos(pi/2)) / 2 = 0.1 + 0.9 * 0.5 = 0.55
    assert Schedule("cosine", 8, floor=0.1).factor(4) == pytest.approx(0.55, abs=1e-15)
    # warm-up: a straight line from 0.2 to 1 over 4 updates: 0.2, 0.4, 0.6, 0.8, then 1 at the milestone
    assert [Schedule("warmup", 10, warmup=4, start_factor=0.2).factor(t) for t in range(5)] == pytest.approx(
        [0.2, 0.4, 0.6, 0.8, 1.0])
    assert Schedule("step", 100, step_size=30, gamma=0.1).factor(65) == pytest.approx(0.01)
    assert Schedule("constant", 5).factors().tolist() == [1.0] * 5


def test_bad_schedules_say_what():
    with pytest.raises(ValueError, match="unknown schedule 'linear'"):
        Schedule("linear", 10)
    with pytest.raises(ValueError, match="does not fit"):
        Schedule("warmup", 10, warmup=10)
    with pytest.raises(ValueError, match="unknown schedule setting 'gama'"):
        make_schedule("step", 10, {"gama": 0.5})


# --------------------------------------------------------------------------- many copies, one eta each

def _fit(**config):
    return build_task("fit", config)


def test_copies_train_exactly_like_one_network_each():
    task = _fit()
    etas = np.array([1e-3, 0.05, 0.2, 3.0])
    rules = NetRules(target_loss=-np.inf, weight_limit=task.weight_limit)
    batch = NetBatch(task, "gd", etas, 0.0, 25, rules)
    result = batch.run()
    for i, eta in enumerate(etas):
        p = task.start[None, :].copy()
        for _ in range(25):
            _, g, _ = task.loss_grad(p)
            p = p - eta * g
            if not np.isfinite(p).all() or np.abs(p).max() > task.weight_limit:
                break
        if result.status[i] == DIVERGED:
            assert not np.isfinite(p).all() or np.abs(p).max() > task.weight_limit
        else:
            np.testing.assert_allclose(result.coords[i], p[0], rtol=1e-12)
    assert result.status[-1] == DIVERGED and (result.status[:-1] != DIVERGED).all()


def test_a_schedule_scales_each_copys_eta_step_by_step():
    task = _fit()
    schedule = Schedule("step", 12, step_size=4, gamma=0.5)
    rules = NetRules(target_loss=-np.inf, weight_limit=task.weight_limit)
    batch = NetBatch(task, "momentum", [0.01, 0.1], 0.5, 12, rules, schedule=schedule)
    seen = []
    while not batch.done:
        seen.append(batch.eta_now[:, 0].copy())
        batch.advance()
    np.testing.assert_allclose(np.array(seen), np.outer(schedule.factors(), [0.01, 0.1]), rtol=1e-15)
    # the same run by hand
    p, state = np.repeat(task.start[None, :], 2, axis=0), None
    state = init_state(p)
    for t in range(12):
        _, g, _ = task.loss_grad(p)
        p, state = step("momentum", p, g, state, (np.array([0.01, 0.1]) * schedule.factor(t))[:, None], 0.5)
    np.testing.assert_allclose(batch.coords, p, rtol=1e-12)


def test_minibatches_each_update_follows_its_own_examples():
    task = _fit(points=8, batch=2, shuffle_seed=5)
    rows = task.batches
    assert rows.shape[1] == 2 and sorted(rows[:4].ravel().tolist()) == list(range(8))  # an epoch sees each once
    rules = NetRules(target_loss=-np.inf, weight_limit=task.weight_limit)
    batch = NetBatch(task, "gd", [0.1], 0.0, 6, rules).run()
    p = task.start[None, :].copy()
    for t in range(6):
        r = rows[t % len(rows)]
        _, g, _ = backward(task.shape, p, task.x[r], task.target[r])
        p = p - 0.1 * g
    np.testing.assert_allclose(batch.coords, p, rtol=1e-12)
    # and the loss that is judged is the loss over all eight points
    full, _, _ = task.loss_grad(p)
    assert batch.loss[0] == pytest.approx(full[0])
    assert minibatches(8, 0, 1) is None and minibatches(8, 8, 1) is None


# --------------------------------------------------------------------------- the range test

def test_steepest_picks_the_fastest_fall_left_of_the_bottom():
    etas = np.geomspace(1e-4, 1e1, 6)
    losses = np.array([1.0, 0.9, 0.3, 0.2, 0.15, np.inf])
    # log-slopes: centred at 1 -> (log .3 - log 1)/2 dec, at 2 -> (log .2 - log .9)/2, ...
    assert steepest(etas, losses) == 2
    assert steepest(etas, np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0])) is None
    assert steepest(etas, np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])) is None  # never falls


def test_finder_suggestion_clears_the_goal_and_sits_in_the_brute_force_band():
    # numbers of this level: see levels/lr-finder.json
    """The lr-finder level's network: 5-step trials; the goal is loss under 0.05 within 100 steps."""
    task = _fit(frequency=1.0)
    finder = range_test(task, "gd", eta_grid(1e-5, 10.0, 61), steps=5)
    suggested = finder.suggested_eta
    assert suggested is not None
    grid = eta_grid(1e-5, 10.0, 241)
    brute = fastest_eta(task, "gd", grid, 0.05, 100)
    mine = fastest_eta(task, "gd", [suggested], 0.05, 100)
    assert mine.eta == suggested and mine.steps is not None  # it clears
    band = grid[brute.cleared]
    assert band.min() <= suggested <= band.max()
    # steepest descent is the careful end of the band: the fastest eta is larger, and the loss
    # explodes well above the suggestion
    assert brute.eta >= suggested
    assert not np.isfinite(finder.losses[-1])
    assert finder.etas[np.isfinite(finder.losses)].max() > 3 * suggested


def test_finder_in_float32_agrees_with_float64_away_from_the_edge():
    task = _fit()
    etas = eta_grid(1e-4, 0.2, 9)
    a = range_test(task, "gd", etas, steps=15)
    b = range_test(task, "gd", etas, steps=15, dtype=np.float32)
    np.testing.assert_allclose(b.losses, a.losses, rtol=1e-4)


# --------------------------------------------------------------------------- the forward pass

def test_one_neuron_by_hand_seed_interactive_1():
    # 0.50 x 0.80 + 0.20 = 0.60; sigmoid(0.60) = 0.6457
    shape = NetShape((1, 1), output="sigmoid", loss="mse")
    [[neuron]] = forward_trace(shape, np.array([0.8, 0.2]), [0.5])
    assert neuron.weighted_sum == pytest.approx(0.4) and neuron.z == pytest.approx(0.6)
    assert neuron.output == pytest.approx(1 / (1 + math.exp(-0.6))) and round(neuron.output, 4) == 0.6457


def test_forward_trace_agrees_with_the_batched_pass_layer_by_layer():
    task = build_task("forward", {"input": 2.0})
    layers = forward_trace(task.shape, task.start, [2.0])
    assert [len(layer) for layer in layers] == list(task.shape.sizes[1:])
    for layer, neurons in enumerate(layers):
        for neuron in neurons:
            assert neuron.weighted_sum == pytest.approx(sum(a * w for a, w in zip(neuron.inputs, neuron.weights)))
            assert neuron.output == pytest.approx(float(activate(neuron.activation, np.array(neuron.z))))
        if layer + 1 < len(layers):
            assert layers[layer + 1][0].inputs == tuple(n.output for n in neurons)
    assert layers[-1][0].output == pytest.approx(float(prediction(task.shape, task.start, [2.0])[0]))
    # weights are readable: one decimal
    assert np.allclose(task.start, np.round(task.start, 1))


# --------------------------------------------------------------------------- the vanishing gradient

def _width_one_chain(depth, activation, seed=0):
    shape = NetShape((1,) * (depth + 1), hidden=activation, output="linear", loss="mse")
    params = init_params(shape, np.random.default_rng(seed), 1)[0]
    params[1::2] = np.random.default_rng(seed + 1).normal(0, 0.5, depth)  # biases
    return shape, params


def test_sigmoid_chain_gradient_ratio_is_the_product_of_the_derivatives():
    depth = 8
    shape, params = _width_one_chain(depth, "sigmoid")
    x, y = np.array([[0.7]]), np.array([[0.3]])
    _, grads, fwd = backward(shape, params[None, :], x, y)
    w = params[0::2]
    z = [float(zl[0, 0, 0]) for zl in fwd.zs]
    s = [1 / (1 + math.exp(-v)) for v in z]
    # dL/db_1 / dL/db_L = prod over l < L of  w_{l+1} * sigmoid'(z_l)
    product = 1.0
    for layer in range(depth - 1):
        product *= w[layer + 1] * s[layer] * (1 - s[layer])
    ratio = grads[0, 1] / grads[0, 2 * depth - 1]
    assert ratio == pytest.approx(product, rel=1e-12)
    # and sigmoid's slope is at most 1/4: the ratio is at most 0.25^(L-1) * prod |w|
    assert abs(ratio) <= 0.25 ** (depth - 1) * np.prod(np.abs(w[1:])) + 1e-300
    norms = layer_grad_norms(shape, grads)[0]
    assert norms[0] < norms[-1] / 100


def test_chain_gradients_match_finite_differences():
    for activation in ("sigmoid", "tanh", "relu"):
        task = chain_task({"depth": 8, "width": 2}, activation)
        p = task.start[None, :]
        _, g, _ = task.loss_grad(p)
        h = 1e-6
        for k in range(0, task.n_params, 5):
            up, down = p.copy(), p.copy()
            up[0, k] += h
            down[0, k] -= h
            numeric = (task.loss_grad(up)[0][0] - task.loss_grad(down)[0][0]) / (2 * h)
            assert g[0, k] == pytest.approx(numeric, rel=1e-4, abs=1e-9), (activation, k)


def test_vanishing_level_network_sigmoid_stalls_relu_and_tanh_learn():
    """The vanishing level: loss under 0.05 within 300 steps. Over a wide eta grid, the sigmoid
    chain never gets there (its first layer barely moves); ReLU and tanh do."""
    etas = eta_grid(1e-3, 3.0, 61)
    best = {}
    for activation in ("sigmoid", "tanh", "relu"):
        task = chain_task({}, activation)
        rules = NetRules(target_loss=0.05, weight_limit=task.weight_limit)
        result = NetBatch(task, "gd", etas, 0.0, 300, rules).run()
        best[activation] = (result.status == CONVERGED).any()
        norms = layer_grad_norms(task.shape, task.loss_grad(task.start[None, :])[1])[0]
        if activation == "sigmoid":
            assert norms[0] < norms[-1] * 1e-3  # the first layer gets a thousandth of the last's
    assert best == {"sigmoid": False, "tanh": True, "relu": True}


# --------------------------------------------------------------------------- the schedules level

def _settled(task, etas, schedule=None, steps=300, window=30):
    """Mean loss over the last `window` steps of every copy (inf where it exploded)."""
    batch = NetBatch(task, "adam", etas, 0.0, steps, NetRules(-np.inf, task.weight_limit), schedule=schedule)
    total = np.zeros(len(etas))
    while not batch.done:
        batch.advance()
        if batch.t > steps - window:
            total += batch.loss
    return np.where(batch.status == DIVERGED, np.inf, total / window)


def test_schedules_level_network_constant_eta_cannot_a_schedule_can():
    """Adam on minibatches of 4 of 16 points, 300 steps; the goal is the loss the network settles
    at (its mean over the last 30 steps) under 0.0015. The minibatch noise keeps a constant eta
    jittering: no eta of a fine grid over the level's range gets there. A cosine decay and a
    warm-up then decay do, at the level's default eta."""
    task = _fit(hidden=8, points=16, batch=4)
    constant = _settled(task, eta_grid(1e-3, 1.0, 2001))
    assert constant.min() > 0.0015
    assert _settled(task, [0.25], Schedule("cosine", 300))[0] < 0.0015
    assert _settled(task, [0.23], Schedule("warmup", 300, warmup=30))[0] < 0.0015


def test_lab_configs_are_checked_with_one_line_each():
    assert validate_network_config("chain", {"depth": 99})[0][0] == ".depth"
    assert validate_network_config("fit", {"points": 4, "batch": 6})[0][0] == ".batch"
    assert validate_network_config("forward", {"sizes": [2, 1]})[0][0] == ".sizes"
    assert validate_network_config("fit", {"hiden": 3})[0][0] == ".hiden"
    with pytest.raises(NetworkConfigError, match=r"network\.activation"):
        build_task("chain", {"activation": "swish"})
