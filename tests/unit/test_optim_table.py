"""The optimizer table is the one list: the GLSL #defines and branches, the level schema, the
play scene's names, the command line's choices and the at-rest rule all come from it, and a
name outside it is an error everywhere (never a silent fallback to another optimizer)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from game.cli import build_parser, main
from game.gpu.programs import needs_bias_table, optimizer_defines
from game.levels import level_schema
from game.resources import shader_dir
from game.sim import optim
from game.sim.optim import CARRIES, OPTIMIZERS, TABLE, init_state

GLSL = (shader_dir() / "include" / "optimizers.glsl").read_text(encoding="utf-8")


def test_every_entry_is_complete_and_ids_are_distinct():
    assert OPTIMIZERS == tuple(TABLE) and len(OPTIMIZERS) >= 4
    assert sorted(entry.glsl_id for entry in TABLE.values()) == list(range(len(TABLE)))
    for entry in TABLE.values():
        assert entry.carry in CARRIES and entry.title and entry.rule and entry.panel and entry.flow
        assert callable(entry.update)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_the_glsl_has_a_define_and_a_branch_for_every_entry(name):
    entry = TABLE[name]
    assert re.search(rf"^#define OPT_{name.upper()} {entry.glsl_id}$", GLSL, re.M), name
    assert re.search(rf"^#(el)?if .*\bOPTIMIZER == OPT_{name.upper()}\b", GLSL, re.M), name
    for constant in entry.constants:
        assert re.search(rf"^#define {constant} ", GLSL, re.M), constant
    defines = optimizer_defines(name)
    assert defines["OPTIMIZER"] == str(entry.glsl_id)
    assert {f"OPT_{other.upper()}" for other in OPTIMIZERS} <= set(defines)
    assert set(entry.constants) <= set(defines)
    assert needs_bias_table(name) == entry.bias_table


def test_the_glsl_has_no_branch_for_an_optimizer_the_table_lacks():
    named = set(re.findall(r"OPTIMIZER == OPT_(\w+)", GLSL))
    assert named == {name.upper() for name in OPTIMIZERS}
    assert "#error" in GLSL  # no #else that quietly runs one of them


def test_the_schema_and_the_command_lines_list_the_table():
    schema = level_schema()
    assert tuple(schema["$defs"]["optimizer"]["enum"]) == OPTIMIZERS
    parser = build_parser()
    for command in ("run", "map", "screenshot"):
        help_text = parser._subparsers._group_actions[0].choices[command].format_help()
        for name in OPTIMIZERS:
            assert name in help_text, (command, name)


def test_the_play_scene_names_and_mu_come_from_the_table():
    from game.scenes.level_play import LevelPlayScene

    class Probe(LevelPlayScene):
        def __init__(self, name):
            self.params = {"optimizer": name}

    for name, entry in TABLE.items():
        assert Probe(name)._optimizer_label() == entry.title
        assert Probe(name).uses_mu() == entry.uses_mu


@pytest.mark.parametrize("call", [
    lambda: optim.step("sgd", np.zeros(1), np.zeros(1), init_state(np.zeros(1)), 0.1, 0.0),
    lambda: optim.carry("sgd", np.zeros(1), init_state(np.zeros(1))),
    lambda: optim.uses_mu("sgd"),
    lambda: optimizer_defines("sgd"),
])
def test_an_unknown_name_is_an_error_never_a_fallback(call):
    with pytest.raises(ValueError, match="unknown optimizer 'sgd'; expected one of " + ", ".join(OPTIMIZERS)):
        call()


def test_the_command_line_refuses_an_unknown_optimizer_in_one_line(capsys):
    assert main(["run", "double-well", "--optimizer", "sgd"]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "unknown optimizer 'sgd'; expected one of " + ", ".join(OPTIMIZERS))


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_the_carry_is_what_the_entry_says(name):
    x = np.array([1.0, -2.0])
    state = init_state(x)
    x_new, state = optim.step(name, x, np.array([0.5, -0.25]), state, 0.1, 0.9)
    carry = optim.carry(name, x_new - x, state)
    expected = {"none": np.zeros(2), "velocity": state.v, "move": x_new - x}[TABLE[name].carry]
    assert np.array_equal(carry, expected)
