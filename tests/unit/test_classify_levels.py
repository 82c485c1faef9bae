"""The classify family through the level files: the four levels load and validate, play headless
to the outcomes their lessons promise, `downhill run --json` carries accuracy per epoch, and bad
classify sections are refused in one line each."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.levels import find_level, load_levels
from game.sim.families import family, family_of

IDS = ("separate-line", "separate-hidden", "predict", "digits")


def test_the_four_levels_load_as_classify_levels():
    levels = {level.id: level for level in load_levels().levels}
    for level_id in IDS:
        level = levels[level_id]
        assert level.kind == "classify" and family_of(level) is family("classify")
    assert levels["separate-line"].spec.hidden == 0 and levels["separate-line"].spec.question is not None
    assert levels["separate-hidden"].spec.choose and levels["digits"].spec.held_out == 0.25


def test_separate_line_stalls_below_80_and_needs_the_answer():
    level = find_level("separate-line")
    fam = family_of(level)
    for eta, optimizer in ((0.5, "momentum"), (5.0, "gd"), (0.05, "adam")):
        result = fam.play(level, par=False, eta=eta, optimizer=optimizer)
        assert max(result.trajectory["accuracy"]) < 0.8
        assert not result.outcome.cleared  # headless, nobody answered
    params = fam.level_params(level)
    run = fam.start(level, params)
    run.answers += [0, 1]  # one wrong, then right
    run.run()
    result = fam.judge(level, params, run, None)
    assert result.outcome.cleared and result.outcome.stars == 2


def test_separate_hidden_reaches_95_and_two_neurons_do_not():
    level = find_level("separate-hidden")
    fam = family_of(level)
    assert not fam.play(level, par=False).outcome.cleared  # the defaults (momentum, η 0.05) are too slow
    result = fam.play(level, par=False, optimizer="adam")
    assert result.outcome.cleared and result.outcome.status == "converged"
    assert result.trajectory["accuracy"][-1] >= 0.95
    narrow = fam.play(level, par=False, hidden=2)
    assert not narrow.outcome.cleared and max(narrow.trajectory["accuracy"]) < 0.95
    assert narrow.params["hidden"] == 2 and narrow.extra["sizes"] == [2, 2, 2]


def test_digits_read_90_percent_held_out():
    level = find_level("digits")
    result = family_of(level).play(level, par=False, eta=2.0)  # the default η 0.5 stops at 93%
    assert result.outcome.cleared
    assert result.extra["accuracy"] >= 0.9 and result.extra["weights"] == 650
    assert len(result.trajectory["held_out_accuracy"]) == len(result.trajectory["accuracy"]) == result.outcome.steps + 1


def test_run_json_has_accuracy_per_epoch(capsys):
    assert main(["run", "predict", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    trajectory = data["trajectory"]
    assert len(trajectory["accuracy"]) == len(trajectory["loss"]) == data["outcome"]["steps"] + 1
    assert trajectory["accuracy"][0] < trajectory["accuracy"][-1]
    assert data["outcome"]["accuracy"] == trajectory["accuracy"][-1]
    assert data["params"]["hidden"] == 6


def test_run_table_names_the_accuracy(capsys):
    assert main(["run", "separate-line", "--steps", "5"]) == 0
    out = capsys.readouterr().out
    assert "accuracy" in out


def test_params_command_is_unchanged(capsys):
    assert main(["params", "784", "10"]) == 0
    assert "7,850" in capsys.readouterr().out


BASE = {
    "format": 1, "id": "mine", "kind": "classify",
    "chapter": {"id": "c", "title": "C", "order": 1}, "order": 1, "title": "Mine", "lesson": ["x"],
    "classify": {"data": {"set": "ring"}},
    "optimizer": {"default": "gd", "allowed": ["gd"]},
    "params": {"eta": {"default": 0.5, "min": 0.1, "max": 1.0}},
    "max_steps": 10,
    "goals": [{"type": "accuracy_at_least", "value": 0.9}],
}


@pytest.mark.parametrize("change,words", [
    (lambda d: d["classify"]["data"].update(set="moons"), "$.classify.data.set"),
    (lambda d: d["classify"].update(hidden=40), "$.classify.hidden"),
    (lambda d: d["classify"].update(question={"text": "q", "choices": ["a", "b"], "right": 2}),
     "$.classify.question.right"),
    (lambda d: d.update(goals=[{"type": "answer_right"}]), "answer_right"),
    (lambda d: d["goals"][0].update(value=1.5), "$.goals[0].value"),
    (lambda d: d.update(network={"preset": "paris"}), "network"),
])
def test_bad_classify_sections_are_refused_in_one_line(tmp_path, capsys, change, words):
    data = json.loads(json.dumps(BASE))
    change(data)
    (tmp_path / "mine.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    code = main(["check-levels", str(tmp_path / "mine.json")])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code != 0 and words in text and "Traceback" not in text
