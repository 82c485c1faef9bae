"""The dark glowing backdrop behind every scene (shaders/render/backdrop.glsl)."""

from __future__ import annotations

import moderngl
import numpy as np

from game.render import theme
from game.render.shaders import load_program
from game.window import screen_draw


class Backdrop:
    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.program = load_program(ctx, "backdrop")
        self.buffer = ctx.buffer(np.array([0, 0, 1, 0, 0, 1, 1, 1], dtype="f4").tobytes())
        self.vao = ctx.vertex_array(self.program, [(self.buffer, "2f", "in_corner")])

    def draw(self, size) -> None:
        values = {"u_size": (float(size[0]), float(size[1])), "u_top": tuple(theme.BG_TOP),
                  "u_bottom": tuple(theme.BG_BOTTOM),
                  "u_glow_a": tuple(c * theme.GLOW for c in theme.BLUE[:3]),
                  "u_glow_b": tuple(c * theme.GLOW for c in theme.ORANGE[:3])}
        screen_draw(self.ctx, None, tuple(values.items()), lambda: self._render(values), opaque=True)  # the whole screen

    def _render(self, values: dict) -> None:
        for name, value in values.items():
            self.program[name].value = value
        self.ctx.disable(moderngl.BLEND)
        self.vao.render(moderngl.TRIANGLE_STRIP)
        self.ctx.enable(moderngl.BLEND)

    def release(self) -> None:
        # The window's context runs gc_mode="context_gc": dropping the last reference queues the
        # GPU object for ctx.gc(). Calling .release() here as well makes that gc() fail later.
        self.vao = None
        self.buffer = None
        self.program = None
