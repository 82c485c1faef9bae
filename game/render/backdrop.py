"""The dark glowing backdrop behind every scene (shaders/render/backdrop.glsl)."""

from __future__ import annotations

import moderngl
import numpy as np

from game.render import theme
from game.render.shaders import load_program
from game.window import drawn


class Backdrop:
    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.program = load_program(ctx, "backdrop")
        self.buffer = ctx.buffer(np.array([0, 0, 1, 0, 0, 1, 1, 1], dtype="f4").tobytes())
        self.vao = ctx.vertex_array(self.program, [(self.buffer, "2f", "in_corner")])

    def draw(self, size) -> None:
        p = self.program
        p["u_size"].value = (float(size[0]), float(size[1]))
        p["u_top"].value = theme.BG_TOP
        p["u_bottom"].value = theme.BG_BOTTOM
        p["u_glow_a"].value = tuple(c * theme.GLOW for c in theme.BLUE[:3])
        p["u_glow_b"].value = tuple(c * theme.GLOW for c in theme.ORANGE[:3])
        self.ctx.disable(moderngl.BLEND)
        self.vao.render(moderngl.TRIANGLE_STRIP)
        drawn(self.ctx)  # the whole screen, when drawn onto it
        self.ctx.enable(moderngl.BLEND)

    def release(self) -> None:
        # The window's context runs gc_mode="context_gc": dropping the last reference queues the
        # GPU object for ctx.gc(). Calling .release() here as well makes that gc() fail later.
        self.vao = None
        self.buffer = None
        self.program = None
