"""What a command needs from a level it asks the level's family (a capability on the family
protocol), never by naming a kind; constants the views share are defined once."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.levels import load_levels
from game.sim.families import family_of
from game.sim.families.lab import finder_of

RENDER = Path(__file__).resolve().parents[2] / "game" / "render"


def test_every_level_with_a_range_test_is_a_fitting_lab_level_and_lr_find_reads_it():
    offered = {}
    for level in load_levels().levels:
        found = family_of(level).range_test_of(level)
        if found is not None:
            task, etas, steps = found
            offered[level.id] = (task, etas, steps)
    assert {"lr-finder", "lr-three", "schedules"} <= set(offered)
    assert all(find_kind(level_id) == "lab" for level_id in offered)
    level = next(level for level in load_levels().levels if level.id == "lr-finder")
    _task, etas, steps = offered["lr-finder"]
    reference = finder_of(level)
    np.testing.assert_array_equal(reference.etas, etas)
    assert reference.steps == steps


def find_kind(level_id: str) -> str:
    return next(level.kind for level in load_levels().levels if level.id == level_id)


@pytest.mark.parametrize("level_id", ["paris", "wavy", "digits", "vanishing"])
def test_lr_find_refuses_a_level_whose_family_offers_no_range_test(capsys, level_id):
    code = main(["lr-find", level_id])
    assert code != 0 and "has no network to sweep the learning rate of" in capsys.readouterr().err


def test_hover_pixels_is_defined_once_in_the_views():
    defined = [path.name for path in sorted(RENDER.glob("*.py"))
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "HOVER_PIXELS" for t in node.targets)]
    assert defined == ["network_view.py"]
