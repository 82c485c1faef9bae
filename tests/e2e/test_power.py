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
    ticks = []

    def wait(timeout):
        waits.append(timeout)
        if len(waits) == 3:
            return pygame.event.Event(pygame.QUIT)  # the window's close button: the title quits
        return pygame.event.Event(pygame.NOEVENT)

    real_frame = app.frame
    monkeypatch.setattr(pygame.event, "wait", wait)
    monkeypatch.setattr(app, "frame", lambda dt, draw=True: (ticks.append(draw), real_frame(dt, draw)))
    draws = app.draws
    app.run()
    assert waits == [STILL_WAIT_MS] * 3
    assert not app.running
    # full rate for STILL_AFTER_INPUT after the start, then the still ticks keep the clock going
    # but draw nothing (the picture on screen is still right); the close event draws again
    assert ticks[-3:] == [False, False, True] and all(ticks[:-3])
    assert app.draws == draws + len(ticks) - 2


def test_a_still_scene_draws_nothing_until_its_stack_changes(app):
    """A frame told not to draw skips the whole picture (no layer blit, no present) ... unless
    the visible scenes changed under it (a scene pushed by a timer, not by input)."""
    frames(app, 4 * 60)
    assert not app.animating()
    draws = app.draws
    app.frame(1 / 60, draw=False)
    app.frame(1 / 60, draw=False)
    assert app.draws == draws
    app.show_help()
    app.frame(1 / 60, draw=False)
    assert app.draws == draws + 1  # the help card went up: drawn once
    app.frame(1 / 60, draw=False)
    assert app.draws == draws + 1


@pytest.mark.parametrize("level_id", ["wavy", "paris", "landscape"])
def test_a_level_left_alone_redraws_none_of_its_cached_pictures(app, monkeypatch, level_id):
    """After its first frames a play scene only copies its cached layer: nothing in it is drawn
    again while nobody touches anything (the layers, the picture under an overlay)."""
    from game.render.layer import Layer

    level = next(lv for lv in app.levels.levels if lv.id == level_id)
    app.open_level(level)
    frames(app, 10)
    redrawn = []
    real_begin, real_capture = Layer.begin, Layer.capture
    monkeypatch.setattr(Layer, "begin", lambda self, *a: (redrawn.append("begin"), real_begin(self, *a))[1])
    monkeypatch.setattr(Layer, "capture", lambda self, *a: (redrawn.append("capture"), real_capture(self, *a)))
    frames(app, 30)
    assert redrawn == []
    app.show_help()  # an overlay: the scene beneath is drawn once into the picture kept under it
    frames(app, 30)
    assert redrawn.count("capture") == 1
