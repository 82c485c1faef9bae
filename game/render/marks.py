"""A plot's data points as point sprites (shaders/render/marks.glsl): each a disc or a square
in its class's colour, ringed where the network reads it wrong, all in one draw.

The painter drew each point as one or two instanced quads (its mark, then its ring): about
7 us of llvmpipe's time a quad, some 3 ms for the ~300 points of a classifier's plane, drawn
again on every epoch's frame (the regions under them change). A point sprite is cheaper to set
up and shade. Like the swarm's dots (game/render/dots.py) the draw clips itself to the frame's
damage (screen_draw_clipped), and the picture is the painter's shapes blended one after the
other.
"""

from __future__ import annotations

import moderngl
import numpy as np

from game.render.dots import damage_boxes
from game.render.shaders import load_program
from game.render.damage_clip import clip_to_damage
from game.window import screen_draw_clipped

DISC, SQUARE = 0.0, 1.0


class MarkArt:
    """Draws points (disc or square marks, some ringed) into the bound framebuffer."""

    def __init__(self, ctx: moderngl.Context, capacity: int = 1024) -> None:
        self.ctx = ctx
        self.program = load_program(ctx, "marks")
        self._make_buffer(capacity)

    def _make_buffer(self, capacity: int) -> None:
        # the window's context collects its own garbage: the old buffer is only dropped
        self.capacity = capacity
        self.buffer = self.ctx.buffer(reserve=capacity * 28, dynamic=True)
        self.vao = self.ctx.vertex_array(self.program, [(self.buffer, "4f 3f", "in_mark", "in_color")])

    def draw(self, xs, ys, squares, ringed, colors, radius: float, corner: float, ring_radius: float,
             ring_width: float, ring_color, size) -> None:
        """Points at (xs, ys) in target pixels (origin top-left), drawn in that order: a square
        where `squares` (corner radius `corner`) else a disc, of `radius` and colours (n, 3+);
        where `ringed`, a ring of outer radius `ring_radius` and width `ring_width` over it.
        size: the target's size in pixels."""
        xs = np.asarray(xs, dtype=np.float64).ravel()
        ys = np.asarray(ys, dtype=np.float64).ravel()
        n = len(xs)
        rows = np.empty((n, 7), dtype="f4")
        rows[:, 0], rows[:, 1] = xs, ys
        rows[:, 2] = np.where(np.asarray(squares, dtype=bool), SQUARE, DISC)
        rows[:, 3] = np.asarray(ringed, dtype=bool)
        rows[:, 4:7] = np.asarray(colors, dtype=np.float64)[:, :3]
        keep = np.isfinite(rows[:, :2]).all(axis=1)
        if not keep.all():
            rows = rows[keep]
        if not len(rows):
            return
        if len(rows) > self.capacity:
            self._make_buffer(max(len(rows), self.capacity * 2))
        shape = (float(radius), float(corner), float(ring_radius), float(ring_width))
        ring = tuple(float(c) for c in ring_color[:3])
        size = (float(size[0]), float(size[1]))
        reach = max(shape[0], shape[2]) + 1.0
        key = (rows.tobytes(), shape, ring, size)
        screen_draw_clipped(self.ctx, damage_boxes(rows[:, 0], rows[:, 1], reach), key,
                            lambda mask: self._render(rows, shape, ring, size, mask))

    def _render(self, rows: np.ndarray, shape, ring, size, mask) -> None:
        ctx = self.ctx
        self.buffer.write(rows.tobytes())
        clip_to_damage(ctx, mask)
        self.program["u_size"].value = size
        self.program["u_shape"].value = shape
        self.program["u_ring"].value = ring
        ctx.enable(moderngl.BLEND | moderngl.PROGRAM_POINT_SIZE)
        ctx.blend_func = moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA
        self.vao.render(moderngl.POINTS, vertices=len(rows))
        ctx.disable(moderngl.PROGRAM_POINT_SIZE)
        if mask is not None:
            clip_to_damage(ctx, None)

    def release(self) -> None:
        # see CurveArt.release: on the window's context, dropping them is enough
        self.vao = None
        self.buffer = None
        self.program = None
