"""Par's search is bounded whatever a level file says: a hostile level (max_steps 1,000,000) is
searched only up to par_horizon (PAR_MAX_STEPS steps, PAR_BUDGET evaluations), and a run still
going where the search stops has not cleared. Counted in steps, never timed."""

from __future__ import annotations

import json

import numpy as np

from game.levels import find_level, load_level
from game.sim.families import base, family_of
from game.sim.families.base import PAR_BUDGET, PAR_MAX_STEPS, par_horizon


def hostile(tmp_path, level_id: str, **changes) -> object:
    data = json.loads(find_level(level_id).source.read_text(encoding="utf-8"))
    data.update(id=f"hostile-{level_id}", max_steps=1_000_000, **changes)
    path = tmp_path / f"hostile-{level_id}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_level(path)


def test_the_horizon_is_the_fewest_of_max_steps_the_step_cap_and_the_budget(tmp_path):
    level = hostile(tmp_path, "paris")
    assert level.max_steps == 1_000_000
    assert par_horizon(level, 100) == PAR_MAX_STEPS
    members, examples = 10_000, 1_000
    assert par_horizon(level, members, examples) == PAR_BUDGET // (members * examples) < PAR_MAX_STEPS
    assert par_horizon(level, 10**9, 10**9) == 1  # never nothing
    assert par_horizon(find_level("paris"), 281, 4) == 300  # a shipped level: its own max_steps


def test_a_hostile_ball_level_hands_its_runner_the_horizon_not_a_million_steps(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "PAR_MAX_STEPS", 2_000)  # the real cap (20,000) works the same, slower
    level = hostile(tmp_path, "parabola")
    asked = []

    def runner(curve, optimizer, x0, eta, mu, max_steps, rules):
        from game.sim.run import run_batch

        asked.append((np.size(x0), max_steps))
        return run_batch(curve, optimizer, x0, eta, mu, max_steps, rules)

    par = family_of(level).search_par(level, runner)
    assert asked and all(steps == 2_000 and members * steps <= PAR_BUDGET for members, steps in asked)
    assert par == family_of(find_level("parabola")).par_steps(find_level("parabola"))  # same par: found early


def test_a_hostile_network_level_stops_at_the_horizon_and_a_run_still_going_there_is_no_clear(tmp_path, monkeypatch):
    from game.sim.nets_train import NetBatch

    monkeypatch.setattr(base, "PAR_MAX_STEPS", 12)  # Paris needs 14 steps at best: none clears by 12
    advanced = []
    advance = NetBatch.advance
    monkeypatch.setattr(NetBatch, "advance", lambda self: (advanced.append(self.t), advance(self))[1])
    goals = [{"type": "p_target_at_least", "value": 0.9, "text": "P 0.90"},
             {"type": "within_steps", "steps": 1_000_000, "text": "in time"}]
    level = hostile(tmp_path, "paris", goals=goals)
    assert family_of(level).search_par(level) is None
    assert advanced and max(advanced) < 12  # 12 updates at most, not a million
    monkeypatch.setattr(base, "PAR_MAX_STEPS", 40)
    assert family_of(level).search_par(level) == 14  # with room to look, the real par
