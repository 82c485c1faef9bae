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


@pytest.mark.parametrize("stage", ["results", "help", "settings"])
def test_the_frame_after_an_overlay_opens_copies_back_no_whole_picture(app, stage):
    """The frame that opens an overlay keeps the picture under it (Layer.capture); the screen
    then holds that very picture, so the next frames redraw where the overlay draws, and
    copy back no whole picture."""
    bench.stage_scene(app, bench.STAGES[stage].stage)
    copied = []
    for _ in range(4):
        frames(app, 1)
        copied.append(app.window.pixels.patches_copied)
    assert -1 not in copied[1:], copied


def test_a_moving_scene_copies_back_patches_not_the_whole_layer(app):
    """The rolling ball: each frame copies back and redraws the tiles around it (the first
    frame draws the whole picture), never the whole layer again."""
    bench.stage_scene(app, bench.STAGES["play"].stage)
    copied = []
    for _ in range(40):
        frames(app, 1)
        copied.append(app.window.pixels.patches_copied)
    assert copied[0] == -1 and -1 not in copied[1:], copied
    assert max(copied) > 0, copied


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
    copied = []
    for _ in range(3):
        frames(app, 1)
        copied.append(app.window.pixels.patches_copied)
    assert copied == [-1, -1, -1] and whole.count(True) >= 3
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


def test_a_hover_redraws_the_tiles_around_its_button_only(app):
    """A frame is drawn only where it differs from the last one: the pointer coming onto Reset
    changes Reset's look, so the tiles around Reset are redrawn, nothing else; the picture is
    still the one a whole redraw gives."""
    import pygame

    bench.stage_scene(app, lambda app: None)
    scene = bench._open(app, "parabola")
    frames(app, 3)
    pixels = app.window.pixels
    assert pixels.redrawn is not None and not pixels.redrawn.any()  # nothing moves: nothing redrawn
    x, y, w, h = scene.reset_button.rect
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(int(x + w / 2), int(y + h / 2)), rel=(0, 0), buttons=(0, 0, 0)))
    frames(app, 1)
    redrawn = pixels.redrawn
    assert redrawn is not None and redrawn.any()
    ys, xs = np.nonzero(redrawn)
    margin = 3 * TILE  # the button's glow
    assert xs.min() * TILE >= x - margin and (xs.max() + 1) * TILE <= x + w + margin
    assert ys.min() * TILE >= y - margin and (ys.max() + 1) * TILE <= y + h + margin
    partial = app.window.read_pixels().copy()
    pixels.forget()
    app.draw()
    assert (partial == app.window.read_pixels()).all()


def test_an_outline_drawn_as_four_strips_is_the_outline_drawn_whole(app):
    """Painter.rect draws a big outlined rectangle as the quads of its four sides (its inside
    is neither computed nor counted as drawn over); the pixels are those of one quad."""
    from game.render.layer import Layer
    from game.render.painter import RECT

    painter = app.painter
    pictures = []
    for whole in (False, True):
        layer = Layer(app.ctx)
        layer.begin((300, 200), "outline")
        painter.begin((300, 200))
        for stroke, glow, radius in ((2.0, 0.0, 12.0), (1.5, 3.0, 6.0), (3.0, 0.0, 0.0)):
            args = (20.5 + stroke * 10, 15.25, 250.0, 160.0)
            if whole:  # one quad: the strips' field left empty
                painter._shape((args[0], args[1], args[0] + args[2], args[1] + args[3]), (0, 0, 0, 0), RECT,
                               radius, glow, stroke, (0.9, 0.5, 0.2, 0.8))
            else:
                painter.rect(*args, (0.9, 0.5, 0.2, 0.8), radius=radius, glow=glow, stroke=stroke)
        assert (painter.shapes.count == 3) == whole
        painter.flush()
        pictures.append(np.frombuffer(layer.fbo.read(components=4), dtype=np.uint8).reshape(200, 300, 4).astype(int))
        layer.release()
    app.ctx.screen.use()
    strips, quad = pictures
    assert quad[..., 3].any()
    assert np.abs(strips - quad).max() <= 1
    assert (strips != quad).any(axis=2).sum() <= 40  # float rounding of the position, at a few pixels


def test_the_benchs_wait_binds_back_what_was_bound_and_keeps_the_picture(app):
    """Window.finish (the bench's end of a frame) waits with a framebuffer of its own bound, so
    Mesa copies no pbuffer to its front, then binds back the one bound before: the next frames
    still draw onto the screen, the same picture as a whole redraw."""
    bench.stage_scene(app, bench.STAGES["paris"].stage)
    for _ in range(3):
        app.frame(bench.FRAME_SECONDS)
        app.window.finish()
        assert app.ctx.fbo is app.ctx.screen
    partial = app.window.read_pixels().copy()
    app.window.pixels.forget()
    app.draw()
    assert (partial == app.window.read_pixels()).all()
    other = app.ctx.framebuffer(color_attachments=[app.ctx.texture((4, 4), 4)])
    other.use()
    app.window.finish()
    assert app.ctx.fbo is other
    app.ctx.screen.use()
