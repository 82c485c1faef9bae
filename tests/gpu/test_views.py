"""The map and swarm views in the real game window (offscreen SDL): they open from a ball level,
show the GPU's fate map / ghost balls, and hand parameters back to the play scene."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

pytestmark = [pytest.mark.gpu, pytest.mark.e2e]


@pytest.fixture
def app(tmp_path):
    from game.app import build_app
    from game.window import WindowError

    try:
        app = build_app((1280, 720), store_dir=tmp_path / "save", start="none")
    except WindowError as error:
        pytest.skip(f"no OpenGL window here: {error}")
    yield app
    app.close()


def frames(app, n=1):
    for _ in range(n):
        app.frame(1 / 60)


def press(app, key):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    frames(app)


def open_level(app, level_id):
    level = next(level for level in app.levels.levels if level.id == level_id)
    play = app.open_level(level)
    frames(app, 2)
    return play


def test_map_view_opens_with_m_and_a_click_sets_the_cell(app):
    play = open_level(app, "double-well")
    press(app, pygame.K_m)
    view = app.stack.top
    assert view.name == "map_view" and view.backend.name == "gpu"
    assert view.fate.status.shape == (256, 256) and view.axes == "x0-eta"
    assert not app.problems()
    # the map really is the reference's: compare a few rows with NumPy float32
    from game.sim.fate import fate_map

    rows = slice(0, 256, 32)
    theirs = fate_map(play.curve, "gd", "x0-eta", view.xs, view.ys[rows], play.params["mu"],
                      play.level.max_steps, play.rules, np.float32)
    assert (theirs.status == view.fate.status[rows]).mean() >= 0.995
    # the crosshair is where the player's parameters are
    x, y = view.marker()
    assert view.cell_at(x, y) is not None
    # click a cell in the left valley's dotted (clearing) area: the play scene takes those values
    row, column = np.argwhere(view.cleared)[len(np.argwhere(view.cleared)) // 2]
    mx, my, mw, mh = view.map_rect
    px = mx + (column + 0.5) / view.res * mw
    py = my + mh - (row + 0.5) / view.res * mh
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(int(px), int(py)), button=1, touch=False))
    frames(app)
    assert app.stack.top is play
    assert play.params["x0"] == pytest.approx(view.xs[column], abs=1e-9)
    assert play.params["eta"] == pytest.approx(view.ys[row], abs=1e-9)


def test_map_view_redraws_when_x0_moves(app):
    play = open_level(app, "wavy")
    play.set_params(mu=0.5)
    press(app, pygame.K_m)
    view = app.stack.top
    assert view.axes == "eta-mu" and view.fixed_name == "x0"
    assert view.fixed_locked()  # wavy fixes x0: ] does nothing
    before = view.fate_key
    press(app, pygame.K_RIGHTBRACKET)
    assert view.fate_key == before
    press(app, pygame.K_ESCAPE)
    assert app.stack.top is play


def test_map_view_recomputes_when_the_start_moves(app):
    import dataclasses

    from game.levels import ParamRange

    # The play scene searches par on app.compute: the GPU here (NumPy would take seconds).
    assert app.compute.name == "gpu"
    well = next(level for level in app.levels.levels if level.id == "double-well")
    level = dataclasses.replace(well, id="double-well-momentum", mu=ParamRange(0.5, 0.0, 0.99),
                                optimizer="momentum", optimizers=("momentum",))
    play = app.open_level(level)
    frames(app, 2)
    press(app, pygame.K_m)
    view = app.stack.top
    assert view.axes == "eta-mu" and not view.fixed_locked()
    before = view.fate.status.copy()
    for _ in range(20):  # x0 from 2.6 to 0.36: nearer the hump
        press(app, pygame.K_LEFTBRACKET)
    assert play.params["x0"] == pytest.approx(2.6 - 20 * 0.02 * 5.6)
    assert view.fate_key[1] == pytest.approx(play.params["x0"])
    assert (before != view.fate.status).any()
    # starting near the hump, low-momentum balls settle in the right valley, and fast ones
    # get thrown over it into the left one
    settled = view.fate.status == 0
    assert (view.fate.final_x[settled] < 0).any() and (view.fate.final_x[settled] > 0).any()


def test_swarm_view_rolls_thousands_of_balls_into_both_valleys(app):
    open_level(app, "double-well")
    press(app, pygame.K_g)
    view = app.stack.top
    assert view.name == "swarm_view" and view.count == 4096
    frames(app, 30)
    assert 0 < view.t < 30 and (view.snapshot[1] == -1).any()  # rolling, a step a tick or so
    from game.render import theme

    pixels = app.window.read_pixels().astype(int)  # a rolling ball is drawn in the game's ball orange
    x = view.snapshot[0][view.snapshot[1] == -1][0]
    bx, by = view.frame.px(x, view.play.curve.f(np.array(x, dtype=np.float64)))
    orange = np.array(theme.ORANGE[:3]) * 255
    around = pixels[int(by - view.ball_radius()) - 1: int(by - view.ball_radius()) + 2, int(bx) - 1: int(bx) + 2]
    assert (np.abs(around - orange).max(axis=2) <= 40).any()
    for _ in range(20):  # then whole seconds at a time, without drawing: every ball settles
        view.update(1.0)
    frames(app)
    x, status, _, _ = view.snapshot
    assert (status == 0).all()
    left, right = np.count_nonzero(x < 0), np.count_nonzero(x > 0)
    assert abs(left - right) <= 2  # the two basins split the starts evenly
    assert np.allclose(np.abs(x), np.sqrt(2), atol=0.05)
    # the picture: a settled pile drawn where the balls are, in the settled colour, and nothing
    # of it halfway between them
    from game.render import theme

    pixels = app.window.read_pixels().astype(int)
    settled = np.array(theme.INK[:3]) * 255
    for valley in (-np.sqrt(2), np.sqrt(2)):
        bx, by = view.frame.px(valley, view.play.curve.f(np.array(valley)))
        assert np.abs(pixels[int(by - view.ball_radius()), int(bx)] - settled).max() <= 24
    mx, my = view.frame.px(0.0, view.play.curve.f(np.array(0.0)))
    assert np.abs(pixels[int(my - view.ball_radius()), int(mx)] - settled).max() > 100
    counts = view.counts()
    from game.sim.families.ball import descended

    came_down = descended(view.play.level, view.x0, view.snapshot[3])  # a start on the bottom is no descent
    assert counts["clear"] == np.count_nonzero((x < 0) & came_down) and not app.problems()
    assert 0 < counts["clear"] < left
    press(app, pygame.K_r)
    assert view.t == 0


def test_map_view_cell_by_keyboard(app):
    play = open_level(app, "wavy")
    press(app, pygame.K_m)
    view = app.stack.top
    start = view.player_cell()
    press(app, pygame.K_UP)  # the cursor starts at the crosshair and jumps up the mu axis
    row, column = view.hover
    assert column == start[1] and row > start[0]
    for _ in range(40):  # to the top edge, clamped there
        press(app, pygame.K_UP)
    assert view.hover[0] == view.res - 1
    chosen_mu = float(view.ys[view.hover[0]])
    press(app, pygame.K_RETURN)
    assert app.stack.top is play
    assert play.params["mu"] == pytest.approx(chosen_mu)
