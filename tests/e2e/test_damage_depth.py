"""The damage clip (game.render.damage_clip.DamageDepth): a settling frame's draws onto the window's screen
pass the depth test in the redrawn tiles only. A full-screen quad drawn clipped must change
exactly the mask's tiles, whichever masks came before (only the tiles that change are written),
after the depth buffer was forgotten, and through a clear of the screen's colour. Pixels, never
times."""

from __future__ import annotations

import moderngl
import numpy as np
import pygame
import pytest

from game.damage import TILE, tile_grid
from game.render.damage_clip import clip_to_damage
from game_driver import open_app

pytestmark = pytest.mark.e2e

SIZE = (960, 540)
PAINT = (255, 0, 0)  # what the clipped quad draws
GROUND = (0, 0, 255)  # the screen before it

QUAD = """
#if defined VERTEX_SHADER
void main() {
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);  // at z 0, as every draw of a frame is
}
#endif
#if defined FRAGMENT_SHADER
out vec4 f_color;
void main() { f_color = vec4(1.0, 0.0, 0.0, 1.0); }
#endif
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = open_app(tmp_path_factory.mktemp("save"), size=SIZE, start="none")
    yield app
    app.close()


def quad(ctx):
    stages = {stage: f"#version 430\n#define {guard} 1\n{QUAD}"
              for stage, guard in (("vertex_shader", "VERTEX_SHADER"), ("fragment_shader", "FRAGMENT_SHADER"))}
    program = ctx.program(**stages)
    return ctx.vertex_array(program, [])


def painted_tiles(app) -> np.ndarray:
    """Which tiles the quad painted: each tile all PAINT or all GROUND, else the test fails."""
    pixels = app.window.read_pixels()
    ny, nx = tile_grid(SIZE)
    painted = np.zeros((ny, nx), dtype=bool)
    for ty in range(ny):
        for tx in range(nx):
            tile = pixels[ty * TILE:(ty + 1) * TILE, tx * TILE:(tx + 1) * TILE].reshape(-1, 3)
            colours = {tuple(int(v) for v in c) for c in np.unique(tile, axis=0)}
            assert colours in ({PAINT}, {GROUND}), f"tile {ty},{tx} holds {colours}"
            painted[ty, tx] = colours == {PAINT}
    return painted


def draw_clipped(app, vao, mask) -> np.ndarray:
    ctx = app.ctx
    ctx.screen.use()
    ctx.clear(*(c / 255 for c in GROUND), 1.0)
    ctx.disable(moderngl.BLEND)
    clip_to_damage(ctx, mask)
    vao.render(moderngl.TRIANGLE_STRIP, vertices=4)
    clip_to_damage(ctx, None)
    ctx.enable(moderngl.BLEND)
    return painted_tiles(app)


def random_mask(rng, share: float) -> np.ndarray:
    return rng.random(tile_grid(SIZE)) < share


def test_a_clipped_draw_changes_exactly_the_masks_tiles(app):
    vao = quad(app.ctx)
    rng = np.random.default_rng(3)
    masks = [random_mask(rng, share) for share in (0.1, 0.4, 0.05, 0.9)]
    masks.append(masks[1].copy())  # back to tiles that were shut, and shut ones that were open
    for mask in masks:
        assert (draw_clipped(app, vao, mask) == mask).all()


def test_the_clip_holds_after_the_depth_is_forgotten_and_through_a_clear(app):
    vao = quad(app.ctx)
    rng = np.random.default_rng(4)
    first = random_mask(rng, 0.3)
    assert (draw_clipped(app, vao, first) == first).all()
    app.window.pixels.depth.forget()  # as after a resize: the whole screen is shut before the new mask opens
    second = random_mask(rng, 0.2)
    assert (draw_clipped(app, vao, second) == second).all()
    app.window.pixels.forget()  # the screen's contents unknown (a new surface of the same size): its depth too
    assert app.window.pixels.depth.open is None
    assert (draw_clipped(app, vao, first) == first).all()
    # the same mask again: nothing is written, and the screen's clears (draw_clipped clears
    # the colour first) left the depth as it was
    assert (draw_clipped(app, vao, second) == second).all()


def test_a_draw_with_a_reach_is_clipped_there_and_the_rest_is_set_right_when_reached(app):
    """A draw that lands only in its reach (a rectangle of tiles, here kept there by a scissor)
    is clipped to the mask there; the depth outside it is left alone (never written for it),
    and the next draw that reaches everywhere is clipped to its own mask all over."""
    from game.damage import Clip

    vao, ctx = quad(app.ctx), app.ctx
    rng = np.random.default_rng(5)
    ny, nx = tile_grid(SIZE)
    for _ in range(3):
        mask = random_mask(rng, 0.4)
        ty0, tx0 = int(rng.integers(0, ny - 4)), int(rng.integers(0, nx - 6))
        reach = np.zeros((ny, nx), dtype=bool)
        reach[ty0:ty0 + 4, tx0:tx0 + 6] = True
        ctx.screen.use()
        ctx.clear(*(c / 255 for c in GROUND), 1.0)
        ctx.disable(moderngl.BLEND)
        ctx.scissor = (tx0 * TILE, SIZE[1] - (ty0 + 4) * TILE, 6 * TILE, 4 * TILE)  # GL's origin: bottom left
        clip_to_damage(ctx, Clip(mask, reach))
        vao.render(moderngl.TRIANGLE_STRIP, vertices=4)
        clip_to_damage(ctx, None)
        ctx.scissor = None
        ctx.enable(moderngl.BLEND)
        assert (painted_tiles(app) == (mask & reach)).all()
        other = random_mask(rng, 0.3)
        assert (draw_clipped(app, vao, other) == other).all()


def test_with_no_clip_the_draw_covers_the_screen(app):
    vao = quad(app.ctx)
    assert draw_clipped(app, vao, None).all()


def test_a_window_without_a_depth_buffer_draws_each_frame_whole(app, monkeypatch):
    """No depth buffer, no clip: the probe says the screen does not keep its pixels, so every
    frame copies the whole picture and draws every command. (pygame's report of the context's
    depth bits is replaced here: every window this machine makes has them.)"""
    real = pygame.display.gl_get_attribute
    monkeypatch.setattr(pygame.display, "gl_get_attribute",
                        lambda flag: 0 if flag == pygame.GL_DEPTH_SIZE else real(flag))
    assert not app.window.probe_keeps_pixels()
    monkeypatch.undo()
    assert app.window.probe_keeps_pixels()


def test_a_window_that_swaps_forgets_the_depth_at_each_present(app):
    """Under the offscreen driver the depth buffer is a pbuffer's, kept through presents. A real
    window's swap may leave it undefined: there each present forgets it, and the next clip shuts
    the whole screen before it opens the mask's tiles (the picture stays right)."""
    pixels = app.window.pixels
    vao = quad(app.ctx)
    mask = random_mask(np.random.default_rng(5), 0.2)
    assert (draw_clipped(app, vao, mask) == mask).all()
    assert pixels.depth_survives_present
    app.window.present()
    assert pixels.depth.open is not None  # kept: only the tiles that change are written next
    pixels.depth_survives_present = False
    try:
        app.window.present()
        assert pixels.depth.open is None
        assert (draw_clipped(app, vao, mask) == mask).all()
    finally:
        pixels.depth_survives_present = True
