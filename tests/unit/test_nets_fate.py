"""The NumPy Paris fate map: P(Paris) after N steps over eta x mu."""

from __future__ import annotations

import numpy as np
import pytest

from game.levels import find_level
from game.sim.nets_fate import fate_rules, p_target_map
from game.sim.families.network import level_task
from game.sim.nets_train import NetRules, NetTrainer


def test_map_cells_are_runs_of_exactly_n_steps():
    task = level_task(find_level("paris"))
    etas, mus = [0.05, 0.2, 1.0, 400.0], [0.0, 0.9]
    fate = p_target_map(task, "momentum", etas, mus, 15)
    assert fate.p_target.shape == (2, 4)
    for row, mu in enumerate(mus):
        for col, eta in enumerate(etas):
            trainer = NetTrainer(task, "momentum", eta, mu, 15, fate_rules(task)).run()
            if trainer.exploded:
                assert fate.exploded[row, col] and np.isnan(fate.p_target[row, col])
            else:
                assert fate.p_target[row, col] == pytest.approx(trainer.p_target, rel=1e-12)
    # four sentences sharing the mixers: a huge η makes the loss run away (one sentence alone
    # would only make the network surer); the small ones learn faster as η grows
    assert fate.exploded[:, -1].all() and not fate.exploded[:, :-1].any()
    assert fate.p_target[0, 0] < fate.p_target[0, 1] < fate.p_target[0, 2]


def test_a_map_needs_a_word_to_predict():
    with pytest.raises(ValueError, match="predicts no word"):
        p_target_map(level_task(find_level("calculus")), "gd", [0.1], [0.0], 5)
