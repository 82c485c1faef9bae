"""Outcome rules and the seeds' facts: the slope, the overshoot, the explosion, two valleys,
the bumpy road."""

import math

import numpy as np
import pytest

from game.sim.expr import compile_curve
from game.sim.families.base import nice_values
from game.sim.outcome import CONVERGED, DIVERGED, MAX_STEPS, stars_for
from game.sim.run import Ball, rules_for, run_batch

PARABOLA = compile_curve("x**2")
DOUBLE_WELL = compile_curve("0.25*x**4 - x**2")
WAVY = compile_curve("0.1*x**2 + 0.3*sin(3*x)")
RANGE3 = rules_for((-3, 3))
RANGE6 = rules_for((-6, 6))


def ball(curve, x0, eta, mu=0.0, optimizer="gd", rules=RANGE3, max_steps=600):
    return Ball(curve, optimizer, x0, eta, mu, max_steps, rules).run()


def test_one_hand_worked_step():
    b = Ball(PARABOLA, "gd", 2.0, 0.1, 0.0, 10, RANGE3)
    b.step()
    assert b.xs == [2.0, pytest.approx(2.0 - 0.1 * 2 * 2.0)]
    assert b.losses == [4.0, pytest.approx(1.6**2)]


def test_small_eta_glides_monotonically_to_zero():
    b = ball(PARABOLA, 2.0, 0.1)
    assert b.status == "converged"
    assert all(0 < later < earlier for earlier, later in zip(b.xs, b.xs[1:]))
    assert all(later < earlier for earlier, later in zip(b.losses, b.losses[1:]))
    assert abs(b.x) < 1e-3


def test_eta_0_9_alternates_sign_and_still_converges():
    b = ball(PARABOLA, 2.0, 0.9)
    assert b.status == "converged"
    signs = np.sign(b.xs[:20])
    assert all(signs[i] == -signs[i + 1] for i in range(19))
    assert all(abs(later) < abs(earlier) for earlier, later in zip(b.xs, b.xs[1:]))


def test_eta_0_5_lands_in_one_step():
    b = ball(PARABOLA, 2.0, 0.5)
    assert (b.status, b.steps, b.x) == ("converged", 1, 0.0)


def test_eta_1_1_diverges_without_warnings():
    with np.errstate(all="raise"):  # a NaN or overflow warning would raise here
        b = ball(PARABOLA, 2.0, 1.1)
    assert b.status == "diverged"
    assert all(abs(later) > abs(earlier) for earlier, later in zip(b.xs, b.xs[1:]))


def test_huge_eta_overflows_to_diverged_not_an_exception():
    b = ball(compile_curve("exp(x)"), 2.0, 1e30)
    assert b.status == "diverged"


def test_double_well_start_decides_the_valley():
    assert ball(DOUBLE_WELL, 2.6, 0.1).x == pytest.approx(math.sqrt(2), abs=1e-3)
    assert ball(DOUBLE_WELL, -2.6, 0.1).x == pytest.approx(-math.sqrt(2), abs=1e-3)


def test_double_well_a_bold_step_leaps_the_hump():
    assert ball(DOUBLE_WELL, -2.6, 0.3).x == pytest.approx(math.sqrt(2), abs=1e-3)


def test_wavy_needs_momentum():
    global_min = np.linspace(-6, 6, 200001)[np.argmin(WAVY.f(np.linspace(-6, 6, 200001)))]
    stuck = ball(WAVY, 5.0, 0.05, mu=0.0, optimizer="momentum", rules=RANGE6)
    free = ball(WAVY, 5.0, 0.05, mu=0.9, optimizer="momentum", rules=RANGE6)
    assert stuck.status == free.status == "converged"
    assert abs(stuck.x - global_min) > 3  # stopped in a small dip on the right
    assert WAVY.df(np.array([stuck.x]))[0] == pytest.approx(0, abs=1e-3)
    assert free.x == pytest.approx(global_min, abs=1e-3)


def test_momentum_ball_passing_the_bottom_is_not_converged():
    # With mu = 0.9 the ball crosses x = 0 at speed many times before it rests.
    b = ball(PARABOLA, 2.0, 0.1, mu=0.9, optimizer="momentum")
    crossings = sum(1 for a, c in zip(b.xs, b.xs[1:]) if a * c < 0)
    assert crossings >= 3 and b.status == "converged"
    assert abs(b.x) < 1e-3


def test_batch_status_codes_and_steps():
    result = run_batch(PARABOLA, "gd", 2.0, np.array([0.1, 1.1, 1e-4, 0.5]), 0.0, 200, RANGE3)
    assert list(result.status) == [CONVERGED, DIVERGED, MAX_STEPS, CONVERGED]
    assert result.steps[2] == 200 and result.steps[3] == 1
    assert result.status.dtype == np.int8 and result.steps.dtype == np.int32


def test_batch_matches_single_balls():
    etas = np.array([0.05, 0.3, 0.9, 1.05])
    result = run_batch(DOUBLE_WELL, "momentum", -2.0, etas, 0.5, 400, RANGE3)
    for i, eta in enumerate(etas):
        single = ball(DOUBLE_WELL, -2.0, eta, mu=0.5, optimizer="momentum", max_steps=400)
        assert single.steps == result.steps[i]
        assert single.x == pytest.approx(result.x[i]) or not np.isfinite(result.x[i])


def test_float32_runs_in_float32():
    result = run_batch(WAVY, "momentum", np.float32(5.0), np.float32(0.05), np.float32(0.9), 600,
                       RANGE6, dtype=np.float32)
    assert result.x.dtype == np.float32 and result.status[()] == CONVERGED


@pytest.mark.parametrize("steps, par, cleared, stars", [
    (5, 5, True, 3), (4, 5, True, 3), (10, 5, True, 2), (13, 5, True, 2), (14, 5, True, 1), (3, 5, False, 0),
    (7, None, True, 3), (80, 40, True, 2), (81, 40, True, 1),
])
def test_stars(steps, par, cleared, stars):
    assert stars_for(steps, par, cleared) == stars


def test_nice_values_are_the_slider_stops():
    values = nice_values(0.01, 1.5)
    assert 0.5 in values and 0.1 in values and 1.5 in values and 0.01 in values
    assert 0.015 in values and 0.123 not in values
    assert np.all(np.diff(values) > 0)
