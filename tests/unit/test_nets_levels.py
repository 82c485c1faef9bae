"""The five network levels: presets, outcomes, the Paris network learning and exploding."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.levels import find_level, load_levels
from game.sim.nets_presets import NetworkConfigError, build_task, validate_network_config
from game.sim.families.network import FAMILY as NETWORKS
from game.sim.families.network import level_rules, level_task

run_network_level = NETWORKS.play
from game.sim.nets_train import CONVERGED, DIVERGED, NetRules, NetTrainer, train_batch

NETWORK_LEVELS = ("calculus", "neuron", "backprop", "paris", "landscape")


def test_every_network_level_loads_without_problems():
    levels = load_levels()
    assert not [p for p in levels.problems if any(n in str(p.path) for n in NETWORK_LEVELS)]
    ids = {level.id for level in levels.levels if level.kind == "network"}
    assert set(NETWORK_LEVELS) <= ids


@pytest.mark.parametrize("level_id", NETWORK_LEVELS)
def test_each_level_clears_at_its_largest_eta_and_reports_its_weights(level_id):
    level = find_level(level_id)
    # the defaults are too slow on purpose (issue 12); Paris's largest η is too big on purpose
    result = run_network_level(level, eta=PARIS_LESSON_ETAS[-1] if level_id == "paris" else level.eta.max)
    data = result.to_json()
    assert data["outcome"]["cleared"] is True
    assert data["outcome"]["status"] == "converged"
    assert data["outcome"]["weights"] == level_task(level).n_params
    assert len(data["trajectory"]["loss"]) == data["outcome"]["steps"] + 1


PARIS_LESSON_ETAS = (1.0, 1.1, 1.2, 1.3, 1.4, 1.5)  # "around 1 to 1.5" (levels/paris.json, lesson)


def paris_runs(etas, max_steps=None):
    """Every η in `etas` on the real Paris level (its four sentences), as one batch."""
    level = find_level("paris")
    task = level_task(level)
    etas = np.asarray(etas, float)
    return train_batch(task, "gd", etas, 0.0, max_steps or level.max_steps, level_rules(level, task))


def test_paris_learns_four_sentences_at_once():
    level = find_level("paris")
    task = level_task(level)
    assert task.target_label == "right capital" and len(task.output_labels) == 5
    assert task.x.shape == (4, 8) and sorted(task.output_labels[i] for i in task.target) == \
        ["Berlin", "Madrid", "Paris", "Rome"]
    assert (task.x.sum(axis=1) == 5).all()  # The Capital Of <country> Is
    loss, _grad, fwd = task.loss_grad(task.start[None, :])
    p_right = fwd.out[0][np.arange(4), task.target]
    assert loss[0] == pytest.approx(-np.log(p_right).mean())  # the mean cross entropy over the sentences
    assert task.p_target(loss)[0] == pytest.approx(np.exp(np.log(p_right).mean()))
    assert abs(task.p_target(loss)[0] - 1 / 5) < 0.1  # near chance among five words


def test_paris_lessons_eta_range_clears_in_10_to_20_steps():
    result = paris_runs(PARIS_LESSON_ETAS)
    assert (result.status == CONVERGED).all()
    assert ((result.steps >= 10) & (result.steps <= 20)).all(), result.steps
    assert (result.p_target >= 0.9).all()


def test_paris_too_large_an_eta_oscillates_and_the_largest_explodes():
    from game.sim.families.network import _loss_bounced

    level = find_level("paris")
    for eta in (3.0, 5.0):
        result = run_network_level(level, eta=eta)
        losses = result.trajectory["loss"]
        assert result.outcome.status == "max_steps" and not result.outcome.cleared
        assert _loss_bounced(losses)  # up almost as often as down: one sentence's step undoes another's
        tail = losses[-50:]  # after 250 steps: still swinging widely, or bouncing above where it began
        assert max(tail) > 2 * min(tail) or min(tail) > losses[0]
        assert "overshoots back and forth" in " ".join(NETWORKS.explain(level, result))
    exploded = run_network_level(level, eta=level.eta.max)
    assert exploded.outcome.status == "diverged" and exploded.outcome.steps <= 10


def test_paris_no_eta_wins_in_a_few_giant_steps_and_the_defaults_earn_no_star():
    from game.sim.families.base import eta_values

    level = find_level("paris")
    result = paris_runs(eta_values(level))
    won = (result.status == CONVERGED) & (result.steps <= 20)
    assert won.any() and result.steps[won].min() >= 10  # nowhere in 1, 2 or 9 giant steps
    par = NETWORKS.par_steps(level)
    assert par == result.steps[won].min()
    defaults = run_network_level(level).outcome
    assert not defaults.cleared and defaults.stars == 0


def test_one_sentence_alone_is_won_by_a_giant_step_which_is_why_paris_has_four():
    level = find_level("paris")
    config = {k: v for k, v in level.network.config.items() if k not in ("sentences", "answer_label")}
    one = build_task("paris", {**config, "target": "Paris"})
    assert one.x.shape == (1, 8) and one.target_label == "Paris"
    rules = NetRules(-math.log(0.9), math.inf, 20 * float(one.loss_grad(one.start[None, :])[0][0]))
    assert NetTrainer(one, "gd", 10.0, 0.0, 300, rules).run().steps <= 2


def test_paris_json_trajectory_loss_is_minus_log_p_target():
    data = run_network_level(find_level("paris"), eta=0.3).to_json()
    p, loss = data["trajectory"]["p_target"], data["trajectory"]["loss"]
    assert len(p) == len(loss)
    np.testing.assert_allclose(loss, [-math.log(v) for v in p], rtol=1e-12)
    assert p[-1] >= 0.9 and data["outcome"]["p_target"] == pytest.approx(p[-1])


def test_too_large_an_eta_explodes_visibly_without_raising():
    level = find_level("calculus")
    with np.errstate(all="raise"):
        result = run_network_level(level, eta=0.5)  # five times what the level allows
    data = result.to_json()
    assert data["outcome"]["status"] == "diverged"
    assert data["outcome"]["cleared"] is False and data["outcome"]["stars"] == 0


def test_exploding_to_nan_is_a_diverged_copy_that_freezes():
    task = build_task("calculus", {"x": 2.0, "y": 6.0, "w": 0.5})
    result = train_batch(task, "gd", [0.05, 1e6], 0.0, 500, NetRules(0.01, math.inf))
    assert result.status.tolist() == [CONVERGED, DIVERGED]
    assert not np.isfinite(result.loss[1]) or abs(result.coords[1, 0]) > 1e300


def test_calculus_is_the_seed_000_engine():
    # y' = w x; dL/dw = 2 (y' - y) x; w <- w - eta dL/dw, one epoch per update
    level = find_level("calculus")
    data = run_network_level(level, eta=0.05, max_steps=1).to_json()
    w0, x, y = 0.5, 2.0, 6.0
    grad = 2 * (w0 * x - y) * x
    assert data["trajectory"]["w"] == pytest.approx([w0, w0 - 0.05 * grad])
    assert data["trajectory"]["loss"][0] == pytest.approx((w0 * x - y) ** 2)


def test_neuron_starts_at_the_seed_002_numbers():
    task = level_task(find_level("neuron"))
    loss, _, fwd = task.loss_grad(task.start[None, :])
    assert fwd.zs[0][0, 0, 0] == pytest.approx(0.60)
    assert round(float(fwd.out[0, 0, 0]), 4) == 0.6457
    assert loss[0] == pytest.approx((0.6457 - 0.9) ** 2, abs=1e-4)


def test_backprop_level_blocks_the_off_relu_and_sums_blame_over_three_paths():
    task = level_task(find_level("backprop"))
    loss, grads, fwd = task.loss_grad(task.start[None, :])
    z_hidden = fwd.zs[0][0, 0]
    off = int(np.argmin(z_hidden))
    assert z_hidden[off] < 0 and (z_hidden[np.arange(3) != off] > 0).all()
    w1 = grads[0, :6].reshape(2, 3)
    assert (w1[:, off] == 0).all() and grads[0, 6 + off] == 0  # no blame through the off ReLU
    # an on neuron's blame: sum over Cat, Dog, Bird of 2 (y' - y) * w2
    error = 2 * (fwd.out[0, 0] - np.array([1.0, 0.0, 0.0]))
    w2 = task.start[9:18].reshape(3, 3)
    on = int(np.argmax(z_hidden))
    blame = sum(error[k] * w2[on, k] for k in range(3))
    assert w1[0, on] == pytest.approx(blame * 1.0) and w1[1, on] == pytest.approx(blame * 0.5)


def test_landscape_ball_moves_only_in_its_slice():
    level = find_level("landscape")
    task = level_task(level)
    assert task.n_coords == 2 and task.basis.shape == (2, task.n_params)
    assert abs(task.basis[0] @ task.basis[1]) < 1e-9 * (task.basis[0] @ task.basis[0])
    # the slice gradient is the full gradient projected on the two directions
    coords = np.array([[0.3, -0.2]])
    _, g, _ = task.loss_grad(coords)
    h = 1e-6
    for k in range(2):
        up, down = coords.copy(), coords.copy()
        up[0, k] += h
        down[0, k] -= h
        numeric = (task.loss_grad(up)[0] - task.loss_grad(down)[0]) / (2 * h)
        assert g[0, k] == pytest.approx(numeric[0], rel=1e-5)
    data = run_network_level(level).to_json()
    assert data["trajectory"]["a"][0] == 0.0 and data["trajectory"]["b"][0] == 0.8
    assert data["trajectory"]["loss"][-1] < data["trajectory"]["loss"][0]


def test_rules_come_from_the_goals():
    level = find_level("paris")
    rules = level_rules(level, level_task(level))
    assert rules.target_loss == pytest.approx(-math.log(0.9))
    assert rules.weight_limit == math.inf  # a big weight is not an explosion; a runaway loss is
    assert rules.loss_limit > 10 * rules.target_loss


@pytest.mark.parametrize("preset,config,where", [
    ("paris", {"target": "Lyon"}, ".target"),
    ("paris", {"hidden": 0}, ".hidden"),
    ("paris", {"hidden_activation": "swish"}, ".hidden_activation"),
    ("paris", {"vocab": ["Paris", "Paris"]}, ".vocab"),
    ("neuron", {"inputs": [0.5, 1.0], "weights": [0.8]}, ".weights"),
    ("backprop", {"x": [1.0], "b1": [0.0], "labels": ["A"], "target": [1], "b2": [0], "w1": [[1, 2]],
                  "w2": [[1]]}, ".w1"),
    ("calculus", {"x": "two"}, ".x"),
    ("landscape", {"span": [[1, 0], [0, 1]]}, ".span"),
    ("mystery", {}, ".preset"),
])
def test_bad_configs_name_the_field(preset, config, where):
    problems = validate_network_config(preset, config)
    assert problems and problems[0][0] == where
    if preset != "mystery":
        with pytest.raises(NetworkConfigError, match=f"network\\{where}"):
            build_task(preset, config)


def test_a_bad_network_file_is_a_problem_not_an_exception(tmp_path):
    source = (find_level("paris").source).read_text(encoding="utf-8")
    (tmp_path / "paris.json").write_text(source.replace('"hidden": 4', '"hidden": 99'), encoding="utf-8")
    levels = load_levels(tmp_path)
    assert not levels.levels and len(levels.problems) == 1
    assert "hidden" in str(levels.problems[0])


@pytest.mark.parametrize("level_id", ["calculus", "paris"])
def test_par_is_the_fewest_clearing_steps_of_a_full_search(level_id):
    from game.sim.families.base import nice_values
    from game.sim.families.network import finals
    from game.sim.goals import goals_met

    level = find_level(level_id)
    task = level_task(level)
    etas = nice_values(level.eta.min, level.eta.max)
    result = train_batch(task, "gd", etas, 0.0, level.max_steps, level_rules(level, task))
    cleared = goals_met(level.goals, finals(result.status, result.steps, result.loss, result.p_target, etas))
    fewest_gd = int(result.steps[cleared].min())
    par = NETWORKS.par_steps(level)
    assert par is not None and par <= fewest_gd
    if level.optimizers == ("gd",):
        assert par == fewest_gd


def test_calculus_lesson_says_what_happens_gap_times_1_minus_8_eta_and_past_025_it_blows_up():
    """The lesson: with x = 2 each epoch multiplies the gap w - 3 by 1 - 8η (60% kept at 0.05, 20%
    at 0.1); past 0.125 a step jumps w over 3, past 0.25 it blows up -- which is why η stops at 0.1."""
    from game.sim.families.base import eta_values

    level = find_level("calculus")
    assert level.eta.max == 0.1 and "η stops at 0.1" in level.lesson[-1]
    assert (level.network.config["x"], level.network.config["y"]) == (2.0, 6.0)
    for eta in eta_values(level):
        gaps = np.array(run_network_level(level, eta=eta).trajectory["w"]) - 3.0
        np.testing.assert_allclose(gaps[1:4] / gaps[:3], 1 - 8 * eta, rtol=1e-9)
    for eta, kept in ((0.05, 0.6), (0.1, 0.2)):
        w = run_network_level(level, eta=eta).trajectory["w"]
        assert (w[1] - 3) / (w[0] - 3) == pytest.approx(kept)
    past = np.array(run_network_level(level, eta=0.2).trajectory["w"]) - 3.0  # beyond the slider, as the lesson says
    assert (np.sign(past[1:]) != np.sign(past[:-1])).all()  # every step jumps over 3 ...
    assert run_network_level(level, eta=0.2).outcome.status == "converged"  # ... and still gets there
    blown = run_network_level(level, eta=0.26)
    assert blown.outcome.status == "diverged"
    jumps = np.abs(np.array(blown.trajectory["w"]) - 3.0)
    assert (jumps[1:] > jumps[:-1]).all()  # every jump bigger than the last
