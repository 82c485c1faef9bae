"""The lab family's words after a run (its explanations and `downhill run`'s final line) come in
the player's language with numbers written the locale's way; English stays as it was."""

from __future__ import annotations

import re

import pytest

from game import i18n
from game.levels import find_level
from game.sim.families import family_of

RUNS = [("lr-three", {}), ("lr-three", {"etas": (30.0, 0.05, 1e-5)}), ("schedules", {"schedule": "constant"}),
        ("schedules", {"schedule": "cosine"}), ("vanishing", {"activation": "sigmoid"}), ("forward", {}),
        ("lr-finder", {"eta": 50.0}), ("lr-finder", {"eta": 1e-5})]
ENGLISH_DECIMAL = re.compile(r"\d\.\d")


@pytest.fixture(scope="module")
def played():
    found = []
    for level_id, given in RUNS:
        level = find_level(level_id)
        family = family_of(level)
        try:
            result = family.play(level, par=False, **given)
        except ValueError:
            continue  # a choice this level does not offer
        found.append((level, family, result))
    return found


@pytest.mark.parametrize("lang", ["fr", "de", "es"])
def test_every_lab_explanation_is_translated_with_local_numbers(played, lang):
    assert len(played) >= 6
    for level, family, result in played:
        english = family.explain(level, result)
        with i18n.using(lang):
            local = family.explain(level, result)
            final = family.final_line(result)
        assert len(local) == len(english) and english
        for en, text in zip(english, local):
            assert text != en or not re.search(r"[a-z]{4}", en), (level.id, en)
            assert not ENGLISH_DECIMAL.search(text.replace("0.25", "")), (level.id, text)  # 0,0398 not 0.0398
        assert not ENGLISH_DECIMAL.search(final), final


def test_english_lab_words_read_as_before(played):
    lines = [line for level, family, result in played for line in family.explain(level, result)]
    assert any(line.startswith("The loss fell to ") or line.startswith("After ") for line in lines)
    assert any("η = " in line for line in lines)
