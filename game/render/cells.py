"""Small pictures of coloured cells (the digits level's ten 8 x 8 templates) drawn from one
texture in one draw (shaders/render/cells.glsl), every cell a hard-edged square.

The painter drew each cell as its own quad: the ten templates were 640 quads, about 4.5 ms of
llvmpipe's time on each epoch's frame (the templates change every epoch). One instanced draw of
ten textured rectangles costs a fraction of that. It clips itself to the frame's damage
(screen_draw_clipped), so a change costs the tiles of its rectangles.
"""

from __future__ import annotations

import moderngl
import numpy as np

from game.gpu.context import release
from game.render.shaders import load_program
from game.render.damage_clip import clip_to_damage
from game.window import screen_draw_clipped

MAX_PICTURES = 16  # shaders/render/cells.glsl
UNIT = 0  # the texture unit the atlas is read from while it is drawn


def premultiplied(colors) -> np.ndarray:
    """(..., 4) straight RGBA in 0..1 (non-finite: 0) -> uint8 premultiplied RGBA."""
    colors = np.clip(np.nan_to_num(np.asarray(colors, dtype=np.float64)), 0.0, 1.0)
    rgba = np.empty(colors.shape, dtype=np.uint8)
    rgba[..., :3] = np.rint(colors[..., :3] * colors[..., 3:4] * 255)
    rgba[..., 3] = np.rint(colors[..., 3] * 255)
    return rgba


class CellArt:
    """Draws pictures of cells into rectangles of the bound framebuffer."""

    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.program = load_program(ctx, "cells")
        self.vao = ctx.vertex_array(self.program, [])
        self.texture = None
        self.held = b""  # what the texture holds

    def _atlas(self, rgba: np.ndarray) -> moderngl.Texture:
        rows, cols = rgba.shape[:2]
        data = rgba.tobytes()
        if self.texture is None or self.texture.size != (cols, rows):
            if self.texture is not None:
                release(self.texture)
            self.texture = self.ctx.texture((cols, rows), 4)
            self.texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
            self.texture.repeat_x = self.texture.repeat_y = False
            self.held = b""
        if self.held != data:
            self.texture.write(data)
            self.held = data
        return self.texture

    def draw(self, pictures, rects, size) -> None:
        """pictures: (n, rows, cols, 4) straight RGBA in 0..1, row 0 at the top; rects: n
        rectangles (x, y, w, h in target pixels, y down) to draw them into; size: the target's."""
        pictures = np.asarray(pictures)
        n = len(pictures)
        if not n:
            return
        if n > MAX_PICTURES:
            raise ValueError(f"CellArt draws {MAX_PICTURES} pictures at once, got {n}")
        rgba = premultiplied(pictures).reshape(n * pictures.shape[1], pictures.shape[2], 4)
        texture = self._atlas(np.ascontiguousarray(rgba))
        rects = np.asarray(rects, dtype=np.float64).reshape(n, 4)
        size = (float(size[0]), float(size[1]))
        x, y, w, h = rects.T
        key = (rgba.shape, rgba.tobytes(), rects.tobytes(), size)
        uniforms = np.zeros((MAX_PICTURES, 4), dtype="f4")
        uniforms[:n] = rects
        screen_draw_clipped(self.ctx, (x, y, x + w, y + h), key,
                            lambda mask: self._render(texture, uniforms.tobytes(), n, size, mask))

    def _render(self, texture, rects: bytes, n: int, size, mask) -> None:
        ctx = self.ctx
        clip_to_damage(ctx, mask)
        texture.use(UNIT)
        self.program["u_cells"].value = UNIT
        self.program["u_rects"].write(rects)
        self.program["u_size"].value = size
        self.program["u_count"].value = n
        ctx.enable(moderngl.BLEND)
        ctx.blend_func = moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA
        self.vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=n)
        if mask is not None:
            clip_to_damage(ctx, None)

    def release(self) -> None:
        if self.texture is not None:
            release(self.texture)
        self.texture = None
        release(self.vao)
        release(self.program)
