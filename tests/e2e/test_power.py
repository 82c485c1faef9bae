"""Power: when nothing on screen moves, the game loop waits for input instead of redrawing the
same frame at full rate (App.run + Scene.animating). Counts calls, never times them."""

from __future__ import annotations

import pygame
import pytest

from game.app import STILL_WAIT_MS
from game_driver import frames, open_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def app(tmp_path):
    app = open_app(tmp_path / "save")
    yield app
    app.close()


def test_the_title_says_when_its_ball_moves(app):
    title = app.stack.top
    frames(app, 3)
    assert app.animating()  # the ball rolls at the start of each cycle
    frames(app, 4 * 60)
    assert not app.animating()  # ... and then rests on the curve
    frames(app, 2 * 60)
    assert app.animating() and title.name == "title"  # a new cycle: it rolls again


def test_the_level_list_is_still_until_touched(app):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    frames(app, 2)
    assert app.stack.top.name == "level_select" and not app.animating()


def test_run_sleeps_in_event_wait_while_nothing_moves(app, monkeypatch):
    frames(app, 4 * 60)
    assert not app.animating()
    waits = []
    drawn = []

    def wait(timeout):
        waits.append(timeout)
        if len(waits) == 3:
            return pygame.event.Event(pygame.QUIT)  # the window's close button: the title quits
        return pygame.event.Event(pygame.NOEVENT)

    real_frame = app.frame
    monkeypatch.setattr(pygame.event, "wait", wait)
    monkeypatch.setattr(app, "frame", lambda dt: (drawn.append(dt), real_frame(dt)))
    app.run()
    assert waits == [STILL_WAIT_MS] * 3
    assert not app.running
