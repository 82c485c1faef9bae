"""The status pill's word, mark and colour for a training run (LevelView.training_status), the
one rule the classifier, lab and network views share."""

from __future__ import annotations

import pytest

from game.render import theme
from game.render.level_view import LevelView


@pytest.fixture(autouse=True)
def default_look():
    theme.apply()
    yield
    theme.apply()


@pytest.mark.parametrize("status, step, moving, word, color", [
    ("running", 0, True, "Training", "INK"),
    ("running", 7, True, "Training", "INK"),
    ("running", 0, False, "Ready", "INK_DIM"),
    ("running", 7, False, "Paused", "INK_DIM"),
    ("converged", 40, False, "Learned", "MET"),
    ("diverged", 3, True, "Exploded", "NOT_MET"),
    ("max_steps", 200, False, "Out of steps", "YELLOW"),
])
def test_the_word_says_what_the_run_does(status, step, moving, word, color):
    got_word, mark, got_color = LevelView.training_status(status, step, moving)
    assert got_word == word and got_color == theme.role(color)
    assert mark == theme.STATUS_STYLE[status][1]  # a mark beside the word: never colour alone

