"""Wiggle one weight (seed 001 sec. 3): the loss along one weight, its slope against finite
differences and against the backprop gradient, and the ghost step."""

from __future__ import annotations

import numpy as np
import pytest

from game.levels import find_level
from game.sim.families.network import level_task
from game.sim.wiggle import loss_along, slope, span_around, wiggle


@pytest.mark.parametrize("level_id", ["calculus", "neuron", "backprop", "paris"])
def test_slope_is_the_finite_difference_and_the_backprop_entry(level_id):
    task = level_task(find_level(level_id))
    rng = np.random.default_rng(3)
    params = task.start + rng.normal(0.0, 0.3, task.n_params)  # not only the level's start
    _loss, grad, _fwd = task.loss_grad(params[None, :])
    for index in range(task.n_params):
        w = params[index]
        h = 1e-5
        up, down = loss_along(task, params, index, [w + h, w - h])
        assert slope(task, params, index) == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-8)
        assert slope(task, params, index) == grad[0, index]


def test_the_curve_holds_every_other_weight_and_passes_through_the_network():
    task = level_task(find_level("paris"))
    params = task.start.copy()
    index = 5
    state = wiggle(task, params, index, eta=0.2, span=span_around(params[index]))
    loss_now, _grad, _fwd = task.loss_grad(params[None, :])
    assert state.loss == pytest.approx(float(loss_now[0]), rel=1e-12)
    assert state.ws[0] == pytest.approx(params[index] - 3.0) and state.ws[-1] == pytest.approx(params[index] + 3.0)
    # each point of the curve is the whole network's loss with only that weight changed
    for k in (0, 40, 160):
        moved = params.copy()
        moved[index] = state.ws[k]
        assert state.losses[k] == pytest.approx(float(task.loss_grad(moved[None, :])[0][0]), rel=1e-12)
    assert state.ghost_w == pytest.approx(params[index] - 0.2 * state.slope)
    assert np.array_equal(params, task.start)  # nothing changed in place


def test_a_small_enough_step_along_the_slope_goes_downhill():
    task = level_task(find_level("paris"))
    params = task.start
    for index in range(task.n_params):
        state = wiggle(task, params, index, eta=0.01, span=span_around(params[index]))
        if abs(state.slope) > 1e-6:
            assert state.ghost_loss < state.loss


def test_a_sliced_network_or_a_weight_out_of_range_is_refused_in_one_line():
    landscape = level_task(find_level("landscape"))
    with pytest.raises(ValueError, match="2-D slice"):
        slope(landscape, landscape.start, 0)
    paris = level_task(find_level("paris"))
    with pytest.raises(ValueError, match="out of range"):
        loss_along(paris, paris.start, paris.n_params, [0.0])


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "nesterov", "adam"])
def test_the_ghost_is_where_the_levels_own_next_step_puts_the_weight(optimizer):
    """Mid-run, with velocity or moments built up, the ghost lands where the trainer's next
    update really moves the weight (not a plain gradient step, unless the optimizer is gd)."""
    from game.sim.families.network import level_rules
    from game.sim.nets_train import NetTrainer

    level = find_level("neuron")
    task = level_task(level)
    eta = 0.02
    trainer = NetTrainer(task, optimizer, eta, 0.8, 50, level_rules(level, task))
    for _ in range(4):
        trainer.step()
    assert not trainer.done
    params = trainer.params.copy()
    for index in range(task.n_params):
        state = wiggle(task, params, index, eta, span_around(params[index]), trainer.peek(), optimizer)
        assert state.rule == optimizer
        plain = params[index] - eta * state.slope
        if optimizer == "gd":
            assert state.ghost_w == pytest.approx(plain, rel=1e-12)
        else:
            assert state.ghost_w != pytest.approx(plain, rel=1e-6)  # the slope alone does not give it
    ghosts = trainer.peek()
    assert np.array_equal(trainer.params, params)  # peeking moves nothing
    trainer.step()
    np.testing.assert_allclose(trainer.params, ghosts, rtol=1e-12, atol=1e-15)
