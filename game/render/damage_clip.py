"""A settling frame's draws clipped to the tiles it redraws (game.window.ScreenPixels), by the
depth test: the mask is written into the screen's depth buffer and every clipped draw passes
GL_LESS in its tiles only."""

from __future__ import annotations

import moderngl
import numpy as np

from game.damage import Clip, patches_of
from game.render.shaders import load_program
from game.window import screen_pixels


class DamageDepth:
    """The settling frame's damage in the screen's depth buffer, so that its draws are clipped
    to the redrawn tiles by the depth test (clip_to_damage): a tile is open (depth 1.0, far)
    or shut (0.0, near), and every draw is at z 0 (depth 0.5), which passes GL_LESS in the open
    tiles only. llvmpipe tests depth before it shades a block of pixels, so a pixel outside the
    damage costs no shading; a clip in the fragment shader (a texture read and a discard) cost
    every draw's every pixel about a third more, clipped or not, as llvmpipe runs both sides of
    an `if`. Each frame writes only the tiles that change from open to shut or back
    (depth_tiles.glsl), a depth-only draw of a few runs of tiles."""

    OPEN, SHUT = 1.0, -1.0  # z of a run of tiles: depth 1.0 or 0.0

    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.program = load_program(ctx, "depth_tiles")
        self.buffer = ctx.buffer(reserve=1024 * 20, dynamic=True)
        self.vao = ctx.vertex_array(self.program, [(self.buffer, "4f 1f/i", "in_rect", "in_z")])
        self.open: np.ndarray | None = None  # the tiles open now, where `known`; None: nothing known (a new buffer)
        self.known: np.ndarray | None = None
        ctx.screen.depth_mask = False  # no other draw or clear onto the screen touches its depth

    def forget(self) -> None:
        self.open = self.known = None

    def hold(self, mask: np.ndarray, size, reach: np.ndarray | None = None) -> None:
        """In the tiles of `reach` (None: all), open the set tiles of `mask` (top row of tiles
        first) on a screen of `size` and shut the others; tiles outside the reach keep what
        they hold (the draw that asks lands nowhere else). Only tiles that differ from what
        they hold are written."""
        if self.open is None or self.open.shape != mask.shape:
            self.open = np.zeros(mask.shape, dtype=bool)
            self.known = np.zeros(mask.shape, dtype=bool)
        stale = ~self.known | (self.open != mask)
        if reach is not None:
            stale &= reach
        if not stale.any():
            return
        if stale.all():  # all of it: the whole screen shut, then the mask's tiles open
            shut = np.array([[0.0, 0.0, size[0], size[1]]], dtype=np.float32)
            opened = patches_of(mask, size)
        else:
            shut = patches_of(stale & ~mask, size)
            opened = patches_of(stale & mask, size)
        runs = np.concatenate([np.c_[shut, np.full(len(shut), self.SHUT, np.float32)],
                               np.c_[opened, np.full(len(opened), self.OPEN, np.float32)]]).astype("f4")
        if len(runs):
            self._write(runs, size)
        self.open[stale] = mask[stale]
        self.known |= stale

    def _write(self, runs: np.ndarray, size) -> None:
        ctx, screen = self.ctx, self.ctx.screen
        data = np.ascontiguousarray(runs).tobytes()
        if len(data) > self.buffer.size:
            self.buffer.orphan(len(data))
        self.buffer.write(data)
        screen.color_mask = (False, False, False, False)
        screen.depth_mask = True
        screen.use()  # moderngl applies a one-attachment framebuffer's colour mask on use only
        ctx.enable(moderngl.DEPTH_TEST)
        ctx.depth_func = "1"  # always: the run's depth is written whatever was there
        self.program["u_size"].value = (float(size[0]), float(size[1]))
        self.vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=len(runs))
        ctx.depth_func = "<"
        ctx.disable(moderngl.DEPTH_TEST)
        screen.depth_mask = False
        screen.color_mask = (True, True, True, True)
        screen.use()


def clip_to_damage(ctx, clip) -> None:
    """Clip the draws that follow onto the screen to a settling frame's damage (`clip`: a
    game.damage.Clip, its mask's set tiles inside its reach; a bare mask, top row of tiles
    first: anywhere), or not at all (None), by the depth test (DamageDepth, one per window).
    The window turns the test off when the frame has settled."""
    if clip is None:
        ctx.disable(moderngl.DEPTH_TEST)
        return
    if not isinstance(clip, Clip):
        clip = Clip(clip)
    pixels = screen_pixels(ctx)
    if pixels.depth is None:
        pixels.depth = DamageDepth(ctx)
    pixels.depth.hold(clip.mask, pixels.size, clip.reach)
    ctx.enable(moderngl.DEPTH_TEST)
    ctx.depth_func = "<"
