"""Issue 12 item 1: tooltips and banners are drawn on top of everything, on an opaque panel,
inside the window. Every hover target of every network level is rendered; the tooltip's pixels
must be exactly those of the tooltip drawn alone (nothing of the network shows through or over)."""

from __future__ import annotations

import numpy as np
import pytest

from game_driver import frames, open_app

pytestmark = pytest.mark.e2e

INSET = 3  # pixels: the anti-aliased rounded edge is left out of the comparison


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = open_app(tmp_path_factory.mktemp("save"), start="none")
    yield app
    app.close()


def network_levels(app):
    return [level for level in app.ordered_levels() if level.kind == "network"
            and app.registry.can_play(level)]


def alone(app, view, lines, at):
    """The same tooltip drawn by itself on a black screen, read back."""
    from game.render.network_view import tooltip

    ctx = app.ctx
    ctx.screen.use()
    ctx.clear(0.0, 0.0, 0.0, 1.0)
    painter = app.painter
    painter.begin(app.size)
    rect = tooltip(painter, lines, at[0], at[1], view.s, view.window())
    painter.flush()
    return rect, app.window.read_pixels().astype(int)


def inner(image, rect):
    x, y, w, h = (int(round(v)) for v in rect)
    return image[y + INSET:y + h - INSET, x + INSET:x + w - INSET]


def test_every_tooltip_of_every_network_level_is_its_own_pixels(app):
    checked = 0
    levels = network_levels(app)
    assert any(level.network.preset == "paris" for level in levels)
    for level in levels:
        scene = app.open_level(level)
        frames(app, 2)
        view = scene.view
        targets = view.hover_targets()
        if level.network.preset == "paris":
            assert len(targets) >= 30  # nodes and lines
        scene.advance_steps(3)  # a trained state: thick lines, lit nodes under the tooltips
        for x, y in targets:
            scene.mouse = (x, y)
            app.draw()
            assert view.shown_tooltip is not None, f"{level.id}: no tooltip at {x:.0f},{y:.0f}"
            lines, rect = view.shown_tooltip
            W, H = app.size
            rx, ry, rw, rh = rect
            assert 0 <= rx and 0 <= ry and rx + rw <= W and ry + rh <= H, f"{level.id}: tooltip leaves the window"
            shot = app.window.read_pixels().astype(int)
            again, clean = alone(app, view, lines, (x, y))
            assert again == pytest.approx(rect)
            diff = np.abs(inner(shot, rect) - inner(clean, rect))
            assert diff.max() <= 2, f"{level.id}: something is drawn over the tooltip at {x:.0f},{y:.0f}"
            checked += 1
        app.stack.pop()
    assert checked >= 30


def test_the_exploded_banner_is_on_top_and_opaque(app):
    level = next(level for level in network_levels(app) if level.network.preset == "backprop")
    scene = app.open_level(level)
    scene.params["eta"] = 3.0  # far past what the level allows: the loss runs away
    scene.reset()
    scene.advance_steps(level.max_steps)
    frames(app)
    assert scene.trainer.exploded
    scene.finish_timer = None  # stay on the play scene
    app.draw()
    rect = scene.view.banner_rect
    assert rect is not None
    shot = app.window.read_pixels().astype(int)
    band = inner(shot, rect)
    # the band's own colours only: its dark fill, its orange and white words; never a network line's
    # blue or a node's yellow poking through
    fill = np.array([41, 20, 5])
    blue = np.array([77, 184, 255])
    assert (np.abs(band - fill).max(axis=2) <= 12).mean() > 0.6
    assert not (np.abs(band - blue).max(axis=2) <= 30).any()
    app.stack.pop()
