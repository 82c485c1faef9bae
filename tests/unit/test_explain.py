"""The results screen's words: what happened in a run and why, for ball and network levels."""

from __future__ import annotations

import math
from dataclasses import replace

from game.levels import find_level
from game.scenes.explain import explain
from game.sim.families import family_of


def words(level_id: str, **params) -> tuple[object, str]:
    level = find_level(level_id)
    run = family_of(level).play
    result = run(level, **params)
    return result, " ".join(explain(level, result))


# --- ball levels ---------------------------------------------------------------------------

def test_ball_converged_says_where_it_rested_and_par():
    result, text = words("parabola")
    assert result.outcome.status == "converged" and result.outcome.cleared
    assert f"came to rest at x = {result.outcome.x:.3f} after {result.outcome.steps} steps" in text
    assert result.outcome.par == 1 and "Par is 1 step:" in text  # one step, not "1 steps"


def test_ball_in_the_wrong_valley_names_the_missed_goal():
    result, text = words("double-well")
    assert result.outcome.status == "converged" and not result.outcome.cleared
    assert "Not met: Come to rest in the left valley." in text and "wrong valley" in text


def test_ball_diverged_blames_a_big_eta():
    result, text = words("parabola", eta=1.5)
    assert result.outcome.status == "diverged"
    assert "flew off" in text and "η = 1.5 is too big" in text and "came to rest" not in text


def test_ball_out_of_steps_says_it_was_still_moving():
    result, text = words("parabola", eta=0.01, max_steps=5)
    assert result.outcome.status == "max_steps"
    assert "After 5 steps the ball was still moving" in text and "η = 0.01 makes each step small" in text
    _, swinging = words("wavy", mu=0.95, optimizer="momentum", max_steps=30)
    assert "With μ = 0.95 it keeps most of its speed" in swinging


# --- network levels ------------------------------------------------------------------------

def test_network_cleared_reports_p_target_not_a_ball():
    result, text = words("paris", eta=1.5)
    outcome = result.outcome
    assert outcome.status == "converged" and outcome.cleared and math.isnan(outcome.x)
    assert f"P(right capital) reached {result.extra['p_target']:.2f} after {outcome.steps} steps" in text
    assert "ball" not in text and "somewhere" not in text


def test_network_cleared_by_loss_names_the_goal():
    result, text = words("neuron", eta=3.0)
    assert result.outcome.cleared and "p_target" not in result.extra
    assert f"The loss fell to {result.outcome.loss:.3g} after {result.outcome.steps} steps, under the goal of 0.001." \
        in text


def test_network_learned_too_slowly_names_the_step_goal():
    result, text = words("paris", eta=0.3)
    assert result.outcome.status == "converged" and not result.outcome.cleared
    assert "Not met: ...within 20 training steps." in text and "too slowly" in text


def test_network_exploded_says_which_step_and_how_far_the_loss_grew():
    result, text = words("calculus", eta=0.5)  # past what the level allows: the sim still says it plainly
    assert result.outcome.status == "diverged"
    assert f"At step {result.outcome.steps} the loss had grown to {result.outcome.loss:.3g}, over 20 times" in text
    assert "η = 0.5" in text and "smaller η" in text and "ball" not in text and "weight" not in text


def test_network_overflow_to_nan_is_said_in_plain_words():
    level = find_level("calculus")
    result = family_of(level).play(level, eta=0.5)
    nan_result = replace(result, outcome=replace(result.outcome, loss=float("nan")))
    text = " ".join(explain(level, nan_result))
    assert "stopped being numbers" in text and "nan" not in text.lower()


def test_network_out_of_steps_says_how_far_it_got():
    result, text = words("paris", eta=0.01, max_steps=5)
    assert result.outcome.status == "max_steps"
    assert f"After 5 steps P(right capital) was only {result.extra['p_target']:.2f}, short of the goal of 0.90." in text
    assert "η = 0.01 makes each update small" in text
    result, text = words("neuron", eta=20, max_steps=8)
    assert result.outcome.status == "max_steps"
    assert f"the loss was still {result.outcome.loss:.3g}, above the goal of 0.001" in text


def test_network_out_of_steps_with_a_bouncing_loss_says_it_overshoots():
    level = find_level("paris")
    result = family_of(level).play(level, eta=0.01, max_steps=5)
    bouncing = replace(result, trajectory={**result.trajectory, "loss": [1.0, 0.5, 0.9, 0.4, 0.8, 0.45]})
    assert "overshoots back and forth" in " ".join(explain(level, bouncing))
    neuron = find_level("neuron")  # μ is free there (Paris fixes it), so a big μ is named
    result = family_of(neuron).play(neuron, eta=0.01, max_steps=5)
    swinging = replace(result, trajectory={**result.trajectory, "loss": [1.0, 0.5, 0.9, 0.4, 0.8, 0.45]},
                       params={**result.params, "optimizer": "momentum", "mu": 0.95})
    assert "with μ = 0.95" in " ".join(explain(neuron, swinging))


def test_the_par_advice_names_mu_only_where_the_level_leaves_it_free():
    """Above par, the advice says what to change: η alone where the level fixes μ (calculus),
    η or μ where the player may set μ (wavy)."""
    fixed, text = words("calculus", eta=0.05)
    outcome = fixed.outcome
    assert find_level("calculus").mu.locked and outcome.cleared and outcome.steps > outcome.par
    assert f"Par is {outcome.par} epochs: a better η gets there sooner." in text and "μ" not in text
    free, text = words("wavy", eta=0.05, mu=0.9, optimizer="momentum")
    assert not find_level("wavy").mu.locked and free.outcome.cleared and free.outcome.steps > free.outcome.par
    assert "a better η (or μ) gets there sooner" in text
