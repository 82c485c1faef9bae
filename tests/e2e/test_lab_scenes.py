"""End to end: the learning-rate lab's five scenes in the real window (offscreen): their own
controls by keyboard and mouse, what each draws, and a level cleared by playing it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.e2e.game_driver import center, click, frames, open_app, pixels

pytestmark = pytest.mark.e2e

FRAME = 1 / 60


@pytest.fixture
def app(tmp_path):
    pygame = pytest.importorskip("pygame")
    app = open_app(tmp_path, start="none")
    yield app
    app.close()
    pygame.quit()


def press(app, key, n=2):
    import pygame

    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=pygame.key.name(key), scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, scancode=0))
    frames(app, n)


def open_lab(app, level_id):
    from game.levels import find_level
    from game.scenes.lab_play import LabScene

    scene = app.open_level(find_level(level_id))
    assert isinstance(scene, LabScene)
    frames(app, 2)
    return scene


def inside(rect, point):
    x, y, w, h = rect
    return x <= point[0] <= x + w and y <= point[1] <= y + h


@pytest.mark.parametrize("level_id", ["lr-three", "lr-finder", "schedules", "forward", "vanishing"])
def test_every_lab_scene_draws_and_trains(app, level_id):
    scene = open_lab(app, level_id)
    before = pixels(app)
    scene.advance_steps(25)
    frames(app, 2)
    after = pixels(app)
    assert scene.run.t == 25 or scene.run.done
    assert np.abs(after - before).sum() > 0  # the picture follows the run
    assert scene.problems() == []
    # nothing the scene placed sits off the window or on top of another widget
    rects = [w.rect for w in scene.focus.widgets]
    for i, (x, y, w, h) in enumerate(rects):
        assert x >= 0 and y >= 0 and x + w <= 1280 and y + h <= 720, (level_id, i)
        for (x2, y2, w2, h2) in rects[i + 1:]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, (level_id, i)


def test_three_copies_sliders_by_mouse_then_clear_it(app):
    from game.scenes.results import ResultsScene

    scene = open_lab(app, "lr-three")
    small, right, large = scene.sliders
    assert [s.label.split("  ")[1] for s in scene.sliders] == ["too small", "just right", "too large"]
    x, y, w, h = large.rect
    click(app, x + w * 0.55, y + h * 0.6)  # move "too large" down the log scale
    assert scene.etas[2] < 3.0 and scene.run.t == 0
    # the keyboard reaches every copy's slider: set exact values as the sliders would
    scene.set_copy_eta(0, 0.15)
    scene.set_copy_eta(2, 0.25)
    press(app, __import__("pygame").K_SPACE)
    for _ in range(60 * 20):
        app.frame(FRAME)
        if isinstance(app.stack.top, ResultsScene):
            break
    assert isinstance(app.stack.top, ResultsScene)
    assert scene.result.outcome.cleared
    assert [c["status"] for c in scene.result.extra["copies"]] == ["converged"] * 3


def test_finder_fills_in_then_g_takes_the_steepest_and_a_click_picks_eta(app):
    import pygame

    scene = open_lab(app, "lr-finder")
    assert scene.finder["filled"] < len(scene.finder["etas"])  # it fills in as we watch
    assert not scene.use_button.enabled
    frames(app, 60 * 5)
    assert scene.finder["filled"] == 61 and scene.finder["suggested_eta"] is not None
    press(app, pygame.K_g)
    assert scene.params["eta"] == pytest.approx(scene.finder["suggested_eta"], rel=1e-6)
    rx, ry, rw, rh = scene.view.finder_plot_rect
    click(app, rx + rw * 0.8, ry + rh / 2)  # the right of the curve: a big eta
    expected = 10 ** (-5 + 0.8 * 6)
    assert scene.params["eta"] == pytest.approx(expected, rel=0.06)
    # the GPU kernel and the NumPy reference give the same curve: compare with the reference
    from game.sim.families.lab import finder_of

    reference = finder_of(scene.level)
    finite = np.isfinite(reference.losses)
    assert (np.isfinite(scene.finder["losses"]) == finite).all()
    np.testing.assert_allclose(scene.finder["losses"][finite], reference.losses[finite], rtol=2e-3)
    assert scene.finder["suggested"] == reference.suggested


def test_schedule_button_cycles_and_the_eta_curve_follows(app):
    import pygame

    scene = open_lab(app, "schedules")
    assert scene.schedule == "constant"
    press(app, pygame.K_c)
    press(app, pygame.K_c)
    assert scene.schedule == "cosine" and "cosine" in scene.schedule_button.label
    scene.advance_steps(150)
    frames(app, 2)
    assert scene.run.etas_used[0] == pytest.approx(0.25) and scene.run.etas_used[149] < 0.15
    click(app, *center(scene.schedule_button.rect))
    assert scene.schedule == "warmup" and scene.run.t == 0


def test_vanishing_switch_to_relu_by_key_and_the_bars_grow(app):
    import pygame

    scene = open_lab(app, "vanishing")
    first = scene.run.grad_norms[0]
    assert first[0] < 1e-3 * first[-1]
    press(app, pygame.K_a)
    press(app, pygame.K_a)
    assert scene.activation == "relu"
    relu = scene.run.grad_norms[0]
    assert relu[0] > 0.05 * relu[-1]
    scene.advance_steps(300)
    frames(app, 2)
    assert scene.result is not None and scene.result.outcome.cleared


def test_forward_signal_lights_layer_by_layer_and_the_input_slider_moves_it(app):
    import pygame

    scene = open_lab(app, "forward")
    scene.reset()
    assert scene.signal == 0
    lit = []
    for _ in range(150):  # 2.5 s: the signal crosses a layer in 0.45 s at speed x1
        app.frame(FRAME)
        lit.append(int(scene.signal))
    assert lit[0] == 0 and lit[-1] == 4 and sorted(lit) == lit  # 0, then 1, 2, 3 layers lit, in order
    press(app, pygame.K_x)
    assert scene.focus.focused is scene.input_slider
    press(app, pygame.K_RIGHT)
    assert scene.params["x0"] > 2.0
    assert scene.run.task.x[0, 0] == pytest.approx(scene.params["x0"])
