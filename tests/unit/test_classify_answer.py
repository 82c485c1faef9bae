"""separate-line is cleared by answering its question: headless with `downhill run --answer`
(a family Option, listed in --help, read by the family), and on the class server, which
re-simulates a run carrying the answers through the same family reading."""

from __future__ import annotations

import json

import pytest

from game.classroom import messages, verify
from game.cli import main
from game.levels import find_level
from game.sim.families import family_of


def run_json(capsys, *argv):
    assert main(["run", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_help_lists_the_answer_option(capsys):
    with pytest.raises(SystemExit) as leaving:
        main(["run", "--help"])
    assert leaving.value.code == 0
    assert "--answer LETTER" in capsys.readouterr().out


def test_the_right_answer_clears_and_a_wrong_one_does_not(capsys):
    right = run_json(capsys, "separate-line", "--answer", "b")
    assert right["outcome"]["cleared"] and right["outcome"]["stars"] == 3 and right["params"]["answer"] == "B"
    second_try = run_json(capsys, "separate-line", "--answer", "A,B")
    assert second_try["outcome"]["cleared"] and second_try["outcome"]["stars"] == 2
    wrong = run_json(capsys, "separate-line", "--answer", "C")
    assert not wrong["outcome"]["cleared"] and wrong["outcome"]["stars"] == 0
    unanswered = run_json(capsys, "separate-line")
    assert not unanswered["outcome"]["cleared"] and "answer" not in unanswered["params"]
    # the readable report shows the question, so a player can answer it
    assert main(["run", "separate-line", "--steps", "3"]) == 0
    out = capsys.readouterr().out
    assert "question Why does the accuracy stall?" in out and "B  A straight line cannot fence in the centre" in out
    assert "--answer A, B or C" in out


@pytest.mark.parametrize("argv, words", [
    (["separate-line", "--answer", "D"], "not a choice of level 'separate-line'; expected A, B or C"),
    (["separate-line", "--answer", "B,A"], "the right answer ends the question"),
    (["separate-line", "--answer", ""], "not a choice"),
    (["separate-hidden", "--answer", "B"], "level 'separate-hidden' asks no question; leave out --answer"),
    (["parabola", "--answer", "B"], "level 'parabola' rolls a ball on a curve and has no answer to give"),
])
def test_a_bad_answer_is_one_line_and_exit_2(capsys, argv, words):
    assert main(["run", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and words in err


def test_the_class_server_verifies_an_answered_run_the_same_way():
    level = find_level("separate-line")
    fam = family_of(level)
    # the game's run: a wrong try, then the right one (as the scene records them)
    params = fam.level_params(level)
    run = fam.start(level, params)
    run.answers += [0, 1]
    played = fam.judge(level, params, run.run(), None)
    assert played.params["answer"] == "A,B" and played.outcome.stars == 2
    sent = {key: played.params[key] for key in ("eta", "mu", "optimizer", "answer")}  # as the class link sends
    messages.validate({"type": "run", "level": level.id, "params": sent}, "run")
    server = verify.verify(level.id, sent)
    assert server["outcome"]["cleared"] and server["outcome"]["stars"] == 2 and server["params"]["answer"] == "A,B"
    claim = {"status": played.outcome.status, "steps": played.outcome.steps, "cleared": True, "stars": 2}
    assert verify.claim_problem(claim, server["outcome"]) is None
    assert not verify.verify(level.id, {**sent, "answer": "C"})["outcome"]["cleared"]
    assert not verify.verify(level.id, {key: sent[key] for key in ("eta", "mu", "optimizer")})["outcome"]["cleared"]
    for lid, answer, words in (("separate-line", "Z", "not a choice"), ("separate-hidden", "B", "asks no question"),
                               ("wavy", "B", "no answer to give")):
        with pytest.raises(verify.RunRefused, match=words):
            verify.verify(lid, {"eta": 0.05, "answer": answer})
