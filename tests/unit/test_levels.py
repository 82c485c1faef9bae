"""Level files become frozen dataclasses; the built-in levels all load; the schema agrees with
the code that reads it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from game.sim.families import all_families, family
from game.sim.nets_presets import PRESETS
from game.levels import (
    ChapterRef, Goal, LevelError, ParamRange, custom_curve_level, find_level, goal_text, level_files,
    level_schema, load_level, load_levels,
)
from game.sim.expr import ExprError
from game.sim.optim import OPTIMIZERS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "levels"
SCHEMA = level_schema()  # levels/schema.json with what the families, goals and optimizers add


def test_every_built_in_level_loads_cleanly():
    found = load_levels()
    assert found.problems == ()
    assert found.files == len(found.levels) > 0
    ids = [level.id for level in found.levels]
    assert len(set(ids)) == len(ids)
    for required in ("parabola", "double-well", "wavy"):
        assert required in ids


def test_levels_come_sorted_by_chapter_then_order():
    levels = load_levels().levels
    keys = [(lv.chapter.order, lv.order) for lv in levels]
    assert keys == sorted(keys)


def test_a_curve_level_reads_every_field():
    level = load_level(FIXTURES / "slope-test.json")
    assert (level.id, level.kind, level.order, level.title) == ("slope-test", "curve", 2, "A test slope")
    assert level.chapter == ChapterRef("test-chapter", "Test chapter", 1)
    assert level.lesson == ("A parabola to test the loader with.",)
    assert level.expr == "x**2 - 2*x" and level.x_range == (-3.0, 4.0)
    assert level.eta == ParamRange(0.1, 0.01, 1.5, False)
    assert level.mu == ParamRange(0.0, 0.0, 0.9, False)
    assert level.x0 == ParamRange(-2.0, -2.5, 3.5, False)
    assert dict(level.regions) == {"right": (0.0, 4.0)}
    assert (level.optimizer, level.optimizers, level.max_steps) == ("gd", ("gd", "momentum"), 300)
    assert level.goals == (
        Goal("converge", None, None, "Come to rest"),
        Goal("end_in", None, "right", "End in the right region (x from 0 to 4)"),
        Goal("within_steps", 50, None, "Settle within 50 steps"),
    )
    assert level.source == FIXTURES / "slope-test.json" and level.network is None


def test_a_network_level_reads_its_preset_and_config():
    level = load_level(FIXTURES / "net-test.json")
    assert level.kind == "network" and level.x0 is None and level.expr is None
    assert level.network.preset == "calculus"
    assert dict(level.network.config) == {"x": 2.0, "y": 6.0, "w": 0.5}
    assert level.mu == ParamRange(0.0, 0.0, 0.0, True)  # no "mu": fixed at 0
    assert level.goals == (Goal("loss_below", 0.01, None, "Finish with loss below 0.01"),)


def test_levels_cannot_be_changed():
    level = load_level(FIXTURES / "slope-test.json")
    with pytest.raises(dataclasses.FrozenInstanceError):
        level.title = "changed"
    with pytest.raises(TypeError):
        level.regions["left"] = (-3.0, 0.0)
    net = load_level(FIXTURES / "net-test.json")
    with pytest.raises(TypeError):
        net.network.config["x"] = 5


def test_nested_network_config_is_read_only_too(tmp_path):
    text = (FIXTURES / "net-test.json").read_text(encoding="utf-8").replace(
        '"w": 0.5}', '"w": 0.5, "extra": {"list": [1, 2]}}')
    (tmp_path / "n.json").write_text(text, encoding="utf-8")
    found = load_levels(tmp_path)
    if found.problems:  # the network checks may refuse unknown settings: that is their call
        pytest.skip(f"network checks refuse the extra setting: {found.problems[0]}")
    config = found.levels[0].network.config
    assert config["extra"]["list"] == (1, 2)
    with pytest.raises(TypeError):
        config["extra"]["list2"] = 3


def test_find_level_by_id_and_unknown_ids():
    assert find_level("parabola").id == "parabola"
    with pytest.raises(LevelError) as caught:
        find_level("xyz")
    assert str(caught.value) == "unknown level 'xyz'; try `downhill levels`"


def test_find_level_names_the_problem_of_a_broken_file(tmp_path):
    (tmp_path / "broken.json").write_text('{"format": 1,', encoding="utf-8")
    with pytest.raises(LevelError) as caught:
        find_level("broken", tmp_path)
    message = str(caught.value)
    assert message.startswith(f"level 'broken' cannot be loaded: {tmp_path / 'broken.json'}:1:14: $: ")
    assert len(caught.value.problems) == 1


def test_load_level_raises_with_every_problem(tmp_path):
    text = (FIXTURES / "slope-test.json").read_text(encoding="utf-8")
    text = text.replace('"order": 2', '"order": -1').replace('"max_steps": 300', '"max_steps": 0')
    path = tmp_path / "two.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LevelError) as caught:
        load_level(path)
    assert len(caught.value.problems) == 2
    assert str(caught.value).startswith(f"{path}:6:12: $.order: got -1")
    assert str(caught.value).endswith("(and 1 more)")


def test_level_files_skip_the_schema_and_sort_by_name(tmp_path):
    for name in ("b.json", "a.json", "schema.json", "notes.txt"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.name for p in level_files(tmp_path)] == ["a.json", "b.json"]
    assert level_files([tmp_path / "notes.txt"]) == [tmp_path / "notes.txt"]  # named files are read


def test_schema_is_valid_draft_2020_12():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["format"] == {"const": 1, "description": "the level format version"}


def test_schema_names_the_same_optimizers_presets_and_goals_as_the_code():
    assert tuple(SCHEMA["$defs"]["optimizer"]["enum"]) == OPTIMIZERS
    assert tuple(SCHEMA["properties"]["network"]["properties"]["preset"]["enum"]) == PRESETS
    goal_types = SCHEMA["$defs"]["goal"]["properties"]["type"]["enum"]
    assert set(goal_types) == set().union(*(member.goals for member in all_families().values()))
    assert set(family("curve").goals) | set(family("network").goals) <= set(goal_types)


@pytest.mark.parametrize("kind, value, region, words", [
    ("converge", None, None, "Come to rest"),
    ("reach_global_min", None, None, "lowest valley"),
    ("end_in", None, "left", "left region (x from -3 to 0)"),
    ("loss_below", 0.01, None, "loss below 0.01"),
    ("within_steps", 12, None, "within 12 steps"),
    ("never_diverge", None, None, "Never"),
    ("eta_at_least", 0.9, None, "at least 0.9"),
    ("p_target_at_least", 0.95, None, "at least 0.95"),
])
def test_every_goal_kind_has_a_generated_text(kind, value, region, words):
    assert words in goal_text(kind, value, region, {"left": (-3.0, 0.0)})


def test_custom_curve_level():
    level = custom_curve_level("x**4/4 - x**2", 2.6, (-5.0, 5.0), eta=0.05, mu=0.5, optimizer="momentum",
                               max_steps=500)
    assert (level.id, level.kind, level.expr, level.x_range) == ("custom", "curve", "x**4/4 - x**2", (-5.0, 5.0))
    assert (level.eta.default, level.mu.default, level.x0.default) == (0.05, 0.5, 2.6)
    assert level.optimizer == "momentum" and level.max_steps == 500
    assert [goal.kind for goal in level.goals] == ["converge"]
    with pytest.raises(ExprError):
        custom_curve_level("x +* 2", 0.0, (-5.0, 5.0))
