"""Presenting a frame: where the window keeps its pixels between frames (the offscreen driver's
pbuffer), a cached layer is copied back only where something was drawn over it since it was
shown (game.window.ScreenPixels). The picture must be the very one a whole copy gives: every
staged scene's frames are compared, pixel for pixel, with the same frame drawn the old way.
Counts and pixels, never times."""

from __future__ import annotations

import numpy as np
import pytest

from game.perf import frames as bench
from game.window import TILE, ScreenPixels
from game_driver import frames, open_app

pytestmark = pytest.mark.e2e

SIZE = (960, 540)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = open_app(tmp_path_factory.mktemp("save"), size=SIZE, start="none")
    app.store.update_settings(unlock_all=True)
    yield app
    app.close()


@pytest.mark.parametrize("name", list(bench.STAGES))
def test_each_frame_equals_the_whole_copy(app, name):
    """Frame by frame, the picture drawn on the patch path equals the same frame drawn after
    the screen forgot what it holds (the whole layer copied, as a double-buffered window does)."""
    pixels = app.window.pixels
    assert pixels.keeps_pixels
    bench.stage_scene(app, bench.STAGES[name].stage)
    patched = 0
    for i in range(8):
        app.frame(bench.FRAME_SECONDS)
        partial = app.window.read_pixels().copy()
        patched += pixels.patches_copied > 0
        pixels.forget()
        app.draw()
        whole = app.window.read_pixels()
        differ = np.argwhere((partial != whole).any(axis=2))
        assert not len(differ), f"{name} frame {i}: {len(differ)} pixels differ, first at (y, x) {differ[0]}"


def test_the_offscreen_window_is_probed_as_keeping_its_pixels(app):
    assert app.window.probe_keeps_pixels()
    assert app.window.pixels.keeps_pixels


def test_a_window_that_hands_back_another_buffer_is_probed_as_not_keeping(app, monkeypatch):
    """A flipping pair of buffers: what is read after a present is the colour drawn before last."""
    import pygame

    drawn, shown = [], []
    real_clear = app.ctx.clear

    def clear(*args, **kwargs):
        drawn.append((args, kwargs))
        return real_clear(*args, **kwargs)

    def flip():  # the other buffer comes back: redraw what it held (the colour before last)
        shown.append(drawn[-1])
        if len(shown) >= 2:
            args, kwargs = shown[-2]
            real_clear(*args, **kwargs)

    monkeypatch.setattr(app.ctx, "clear", clear)
    monkeypatch.setattr(pygame.display, "flip", flip)
    try:
        assert not app.window.probe_keeps_pixels()
    finally:
        monkeypatch.undo()
        app.window.pixels.keeps_pixels = app.window.probe_keeps_pixels()


def test_a_still_overlay_copies_nothing_back(app):
    bench.stage_scene(app, bench.STAGES["settings"].stage)
    frames(app, 3)
    assert app.window.pixels.patches_copied == 0  # nothing moves over the picture under it


def test_a_moving_scene_copies_back_patches_not_the_whole_layer(app):
    bench.stage_scene(app, bench.STAGES["play"].stage)
    frames(app, 3)
    assert app.window.pixels.patches_copied > 0


def test_a_window_that_forgets_its_pixels_gets_the_whole_layer_each_frame(app, monkeypatch):
    from game.render.layer import Layer

    bench.stage_scene(app, bench.STAGES["play"].stage)
    frames(app, 3)
    monkeypatch.setattr(app.window.pixels, "keeps_pixels", False)
    app.window.pixels.forget()  # as the last present of such a window would have
    whole = []
    real = app.ctx.copy_framebuffer

    def copy(dst, src):
        whole.append(dst is app.ctx.screen)
        return real(dst, src)

    monkeypatch.setattr(app.ctx, "copy_framebuffer", copy)
    restores = []
    monkeypatch.setattr(ScreenPixels, "restore", lambda *a: restores.append(a))
    frames(app, 3)
    assert restores == [] and whole.count(True) >= 3
    assert isinstance(app.stack.top.view.layer, Layer)


def test_patches_cover_the_dirty_tiles_and_nothing_else():
    pixels = ScreenPixels(keeps_pixels=True)
    pixels.resized((100, 40))  # 7 x 3 tiles, the last ones cut short
    pixels.shown("picture", 1)
    assert pixels.patches().shape == (0, 4)
    pixels.drawn((20, 2, 10, 5))  # x 19..31, y 1..8 with a pixel's margin: tile column 1, row 0
    # x 94..100, y 32..40: tile columns 5 and 6 (cut at the edge), row 2
    pixels.drawn_boxes(np.array([95.0]), np.array([33.0]), np.array([99.0]), np.array([39.0]))
    rects = pixels.patches()
    covered = np.zeros((40, 100), dtype=bool)
    for x0, y0, x1, y1 in rects.astype(int):
        covered[40 - y1:40 - y0, x0:x1] = True  # GL's origin is the bottom left
    expected = np.zeros((40, 100), dtype=bool)
    expected[0:TILE, TILE:2 * TILE] = True
    expected[2 * TILE:40, 5 * TILE:100] = True
    assert (covered == expected).all()
    pixels.drawn()  # somewhere unknown: nothing is trusted
    assert not pixels.shows("picture", 1)
