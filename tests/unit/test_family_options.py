"""Family Options, one mechanism: a family declares its options (an answer, separate-hidden's
width and activation, the lab's schedule and etas); `downhill run --NAME` reads them, a class run's
params carry them (schema.json lists each), and the server re-simulates with them, refusing a
value the level does not allow in one line."""

from __future__ import annotations

import json

import pytest

from game.classroom import messages, verify
from game.classroom.link import sent_params
from game.cli import main
from game.levels import find_level
from game.sim.families import all_families, family_of

HONEST = {"eta": 0.5, "mu": 0.5, "optimizer": "momentum", "hidden": 8, "activation": "relu"}


def run_json(capsys, *argv) -> dict:
    assert main(["run", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_schema_lists_every_family_option_as_the_family_declares_it():
    properties = messages.schema()["$defs"]["run"]["properties"]["params"]["properties"]
    declared = {}
    for member in all_families().values():
        for option in member.options:
            if option.name in declared:  # one name, one meaning: a shared option is one Option
                assert declared[option.name] is option, option.name
            declared[option.name] = option
    assert set(properties) == {*verify.NOT_OPTIONS, *declared}
    for name, option in declared.items():
        listed = {key: value for key, value in properties[name].items() if key != "description"}
        assert listed == dict(option.schema), name


def test_the_server_replays_the_players_width_and_activation(capsys):
    level = find_level("separate-hidden")
    cli = run_json(capsys, "separate-hidden", "--eta", "0.5", "--hidden", "8", "--activation", "relu")
    assert cli["params"]["hidden"] == 8 and cli["params"]["activation"] == "relu"
    server = verify.verify("separate-hidden", HONEST)
    assert server["params"]["hidden"] == 8 and server["params"]["activation"] == "relu"
    for key in ("status", "steps", "cleared", "stars"):
        assert server["outcome"][key] == cli["outcome"][key], key
    assert server["outcome"]["loss"] == pytest.approx(cli["outcome"]["loss"], rel=1e-12)
    # the level's own network at the same η clears more slowly: the width really was used
    default = family_of(level).play(level, eta=0.5)
    assert default.params["hidden"] != 8 and default.outcome.steps != server["outcome"]["steps"]


@pytest.mark.parametrize("level, params, words", [
    ("separate-hidden", {"hidden": 0}, "outside what level 'separate-hidden' allows; expected 1 to 16"),
    ("separate-hidden", {"hidden": 2.5}, "is not a whole number"),
    ("separate-hidden", {"activation": "linear"}, "expected one of tanh, relu, sigmoid"),
    ("separate-line", {"hidden": 4}, "fixes the hidden layer at 0 neurons"),
    ("separate-line", {"activation": "relu"}, "has no activation to choose (it fixes tanh)"),
    ("separate-hidden", {"schedule": "cosine"}, "trains a classifier and has no schedule to give"),
    ("wavy", {"hidden": 3}, "rolls a ball on a curve and has no hidden to give"),
    ("schedules", {"schedule": "linear"}, "expected one of constant, step, cosine, warmup"),
    ("lr-finder", {"schedule": "cosine"}, "has no schedule to choose"),
    ("lr-three", {"etas": [0.1, 0.2]}, "expected 3"),
    ("lr-three", {"etas": [0.1, 0.2, 99]}, "outside what level 'lr-three' allows"),
    ("vanishing", {"etas": [0.1, 0.2, 0.3]}, "trains one network"),
    ("neuron", {"input": 2.5}, "--input 2.5 is outside what level 'neuron' allows; expected -2 to 2"),
    ("neuron", {"activation": "softmax"}, "is not one level 'neuron' offers"),
    ("paris", {"input": 0.5}, "has no input to set"),
    ("paris", {"activation": "relu"}, "has no activation to choose"),
])
def test_a_value_the_level_does_not_allow_is_refused_in_one_line(level, params, words):
    with pytest.raises(verify.RunRefused) as refused:
        verify.checked_params(level, {"eta": find_level(level).eta.default, **params})
    assert words in str(refused.value) and "\n" not in str(refused.value)


def test_a_levels_own_fixed_value_passes():
    """What the game sends for every run (its params as the run used them) is never refused:
    separate-line's own width 0 and activation, a one-network lab level's constant schedule."""
    _level, given = verify.checked_params("separate-line", {"eta": 0.5, "hidden": 0, "activation": "tanh"})
    assert given["hidden"] == 0 and given["activation"] == "tanh"
    _level, given = verify.checked_params("lr-finder", {"eta": 0.1, "schedule": "constant"})
    assert given["schedule"] == "constant"


@pytest.mark.parametrize("level_id, given", [
    ("separate-hidden", {"eta": 0.5, "hidden": 8, "activation": "relu"}),
    ("separate-line", {"answer": "A,B"}),
    ("schedules", {"schedule": "cosine"}),
    ("lr-three", {"etas": (0.15, 0.2, 0.25)}),
    ("vanishing", {"activation": "relu"}),
    ("neuron", {"activation": "tanh", "input": -1.2}),
    ("neuron", {"activation": "relu", "input": 1.0, "optimizer": "momentum", "mu": 0.5}),
])
def test_what_the_game_sends_its_class_replays_to_the_same_outcome(level_id, given):
    """The link sends the controls, the optimizer and every option of the run's family; the
    message passes the schema and the server's replay gives the game's own outcome."""
    level = find_level(level_id)
    result = family_of(level).play(level, **given)
    params = sent_params(level, result)
    assert {name for name in params if name not in verify.NOT_OPTIONS} <= set(family_of(level).option_names())
    messages.validate({"type": "run", "level": level_id, "params": params}, "run")
    server = verify.verify(level_id, params)
    o = result.outcome
    assert (server["outcome"]["status"], server["outcome"]["steps"], server["outcome"]["cleared"],
            server["outcome"]["stars"]) == (o.status, o.steps, o.cleared, o.stars)
    claim = {"status": o.status, "steps": o.steps, "cleared": o.cleared, "stars": o.stars, "loss": float(o.loss)}
    assert verify.claim_problem(claim, server["outcome"]) is None


def test_the_neuron_scene_judges_the_network_the_player_built():
    """The neuron's activation and input (its A button and input slider) are in the run's params,
    so the class server replays the run the player made, not the level's default neuron."""
    level = find_level("neuron")
    family = family_of(level)
    own = family.play(level, eta=1.0)
    picked = family.play(level, eta=1.0, activation="tanh", input=-1.2)
    assert own.params["activation"] == "sigmoid" and own.params["input"] == 0.5
    assert picked.params["activation"] == "tanh" and picked.params["input"] == -1.2
    assert picked.trajectory["loss"][0] != own.trajectory["loss"][0]  # another network from the first step
    server = verify.verify("neuron", sent_params(level, picked))
    assert server["outcome"]["steps"] == picked.outcome.steps and server["params"]["activation"] == "tanh"


def test_a_neuron_set_up_on_its_answer_learns_nothing_and_earns_nothing():
    """Issue 12 item 4, no degenerate win: an input and activation whose output already meets the
    goals before any training is not a cleared level (as a ball dropped on the minimum is not)."""
    level = find_level("neuron")
    family = family_of(level)
    result = family.play(level, activation="tanh", input=1.5)
    assert result.outcome.steps == 0 and all(goal.met for goal in result.outcome.goals)
    assert not result.outcome.cleared and result.outcome.stars == 0
    assert any("before any training" in line for line in family.explain(level, result))
    trained = family.play(level, **family.par_setting(level))  # the level's own neuron, trained
    assert trained.outcome.steps > 0 and trained.outcome.cleared
