"""Issue 12 item 3, one notation: every count a network level shows says what its runs count
(Family.unit_of): Calculus counts epochs (its four phases make one, seed 000), in the HUD, the
explanations, par and `downhill run`; the other network levels count steps."""

from __future__ import annotations

import re

import pytest

from game.cli import main
from game.levels import find_level
from game.sim.families import family_of
from game.sim.families.base import EPOCHS, STEPS

COUNT = re.compile(r"\b\d+ (steps?|epochs?)\b")


@pytest.mark.parametrize("level_id, unit", [("calculus", EPOCHS), ("neuron", STEPS), ("backprop", STEPS),
                                            ("paris", STEPS), ("landscape", STEPS)])
def test_each_network_level_counts_in_one_unit(level_id, unit):
    level = find_level(level_id)
    family = family_of(level)
    assert family.unit_of(level) is unit
    for eta in (level.eta.min, level.eta.default, level.eta.max):
        result = family.play(level, eta=eta)
        words = {match.group(1).rstrip("s") for line in family.explain(level, result) for match in COUNT.finditer(line)}
        assert words <= {unit.name}, (eta, family.explain(level, result))


def test_downhill_run_calculus_counts_epochs(capsys):
    assert main(["run", "calculus"]) == 0
    out = capsys.readouterr().out
    assert "  epoch" in out.splitlines()[2] and " epochs" in out and not COUNT.search(out.replace("epoch", ""))
