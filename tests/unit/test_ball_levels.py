"""Each built-in ball level teaches what its lesson says: the defaults behave as described and
the intended solution clears it. Par comes from the search, never from the file."""

import json

import pytest

from game.levels import find_level
from game.resources import level_dir
from game.sim.families.ball import FAMILY as BALLS

play_level, par_steps = BALLS.play, BALLS.par_steps


def outcome(level_id, **controls):
    return play_level(find_level(level_id), **controls).outcome


def test_glide_clears_at_the_default_step():
    o = outcome("parabola")
    assert o.status == "converged" and o.cleared and o.stars >= 1


def test_overshoot_default_zigzags_too_slowly_and_eta_half_lands_in_one_step():
    slow = outcome("overshoot")
    assert slow.status == "converged" and not slow.cleared
    best = outcome("overshoot", eta=0.5)
    assert (best.steps, best.cleared, best.stars) == (1, True, 3)
    assert par_steps(find_level("overshoot")) == 1


def test_the_edge_explodes_by_default_and_clears_just_below_one():
    assert outcome("explosion").status == "diverged"
    assert outcome("explosion", eta=0.95).cleared
    assert not outcome("explosion", eta=1.0).cleared  # x flips sign forever: never settles
    assert not outcome("explosion", eta=0.5).cleared  # safe, but not bold enough


def test_left_valley_by_start_or_by_leap():
    assert not outcome("double-well").cleared  # x0 = 2.6 rolls right
    assert outcome("double-well", x0=-2.6).cleared
    assert outcome("double-well", eta=0.3).cleared  # a bold step flings it over the hump


def test_right_valley_only_a_window_of_eta_leaps():
    assert not outcome("double-well-right").cleared
    assert outcome("double-well-right", eta=0.3).cleared
    assert outcome("double-well-right", eta=0.6).status == "diverged"


def test_bumpy_road_needs_momentum():
    stuck = outcome("wavy", mu=0.0)
    assert stuck.status == "converged" and not stuck.cleared
    assert outcome("wavy", mu=0.9).cleared


@pytest.mark.parametrize("level_id", ["parabola", "overshoot", "explosion", "double-well",
                                      "double-well-right", "wavy"])
def test_par_is_searched_not_typed(level_id):
    raw = json.loads((level_dir() / f"{level_id}.json").read_text(encoding="utf-8"))
    assert "par" not in raw
    par = par_steps(find_level(level_id))
    assert par is not None and par >= 1
    assert par <= find_level(level_id).max_steps
