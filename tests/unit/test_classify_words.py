"""What a classifier run counts and says: epochs, not steps, wherever a count is shown (the
family's unit: `downhill run`'s table here; the HUD, goal panel and results card in
tests/e2e/test_classify_scenes.py), and its explanations in the player's language."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from game import i18n
from game.cli import main
from game.levels import find_level
from game.sim.families import family, family_of
from game.sim.families.base import EPOCHS, STEPS


def test_the_classifier_counts_epochs_and_the_ball_steps():
    assert family_of(find_level("separate-line")).unit_of(find_level("separate-line")) is EPOCHS
    assert family("curve").unit_of(find_level("parabola")) is STEPS
    assert (EPOCHS.count(1), EPOCHS.count(12), EPOCHS.label(1), EPOCHS.label(2)) == \
        ("1 epoch", "12 epochs", "epoch trained", "epochs trained")
    assert (EPOCHS.par(1), EPOCHS.best(3), EPOCHS.counter(3, 40), EPOCHS.out_of) == \
        ("par 1 epoch", "best 3 epochs", "epoch 3 / 40", "Out of epochs")
    assert (STEPS.count(1), STEPS.label(5), STEPS.counter(2, 9), STEPS.plain(1)) == ("1 step", "steps taken", "step 2 / 9", "1 step")
    with i18n.using("de"):
        assert (EPOCHS.count(1), EPOCHS.count(2), EPOCHS.label(2)) == ("1 Epoche", "2 Epochen", "Epochen trainiert")


def test_run_table_counts_epochs_on_a_classify_level_and_steps_on_a_ball(capsys):
    assert main(["run", "separate-line", "--steps", "5"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2].split()[:2] == ["epoch", "loss"]
    assert "status   max_steps after 5 epochs" in out
    assert " step" not in "\n".join(out.splitlines()[1:])  # (the status max_steps is a name, not a word)
    assert main(["run", "parabola"]) == 0
    out = capsys.readouterr().out
    status = next(line for line in out.splitlines() if line.startswith("status"))
    assert out.splitlines()[2].split()[0] == "step" and status.endswith("steps")


def explained_results():
    """(level, result) pairs that walk every branch of the classifier's explanation."""
    line, hidden, digits = (find_level(name) for name in ("separate-line", "separate-hidden", "digits"))
    fam = family("classify")
    unanswered = fam.play(line, par=False, max_steps=5)
    params = fam.level_params(line, max_steps=5)
    run = fam.start(line, params)
    run.answers.append(1)
    answered = fam.judge(line, params, run.run(), None)
    narrow = fam.play(hidden, par=False, hidden=2, max_steps=5)
    clears = fam.par_setting(hidden)  # the level's defaults no longer clear it: use the setting that earns par
    quick = fam.play(hidden, par=1000, **clears)
    slow = fam.play(hidden, par=1, **clears)
    read = fam.play(digits, par=False, max_steps=3)
    exploded = replace(narrow, outcome=replace(narrow.outcome, status="diverged"))
    return [(line, unanswered), (line, answered), (hidden, narrow), (hidden, quick), (hidden, slow),
            (digits, read), (hidden, exploded)]


def test_explanations_are_translated_and_count_epochs():
    cases = explained_results()
    english = [family_of(level).explain(level, result) for level, result in cases]
    flat = " ".join(" ".join(lines) for lines in english)
    assert "epochs" in flat and not re.search(r"\d+ steps?\b", flat)  # counts are in epochs
    assert "par (" in flat.lower() or "That is par" in flat
    assert any("2 hidden neurons draw" in line for lines in english for line in lines)
    assert any("digits it never trained on" in line for lines in english for line in lines)
    for language in ("de", "fr", "es"):
        with i18n.using(language):
            local = [family_of(level).explain(level, result) for level, result in cases]
        for theirs, ours in zip(local, english):
            assert len(theirs) == len(ours)
            for translated, original in zip(theirs, ours):
                assert translated != original, (language, original)
    with i18n.using("de"):
        first = family_of(cases[0][0]).explain(*cases[0])[0]
    assert first.startswith("Nach 5 Epochen") and "%" in first
