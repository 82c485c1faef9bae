"""Thousands of dots of one radius as point sprites (shaders/render/dots.glsl): the swarm's
ghost balls, a few colours each drawn over the last.

Dots on one spot (one cell of a grid STACK_GRID pixels apart) are drawn once, at their mean,
with their count, and the shader blends the stack as its dots one by one would. A dot moves
well under a pixel, and only where another overlaps it almost entirely. A swarm piles up:
after a few dozen steps its 4,096 balls sit on a handful of spots, and drawing every ball (as
the painter's instanced quads did) cost llvmpipe about 15 ms a frame at 1920x1080, each pixel
of a pile blended thousands of times over. A point sprite is also cheaper than a quad for
llvmpipe to set up and shade: about half the time for a swarm still spread along the curve.
"""

from __future__ import annotations

import moderngl
import numpy as np

from game.render.shaders import load_program
from game.render.damage_clip import clip_to_damage
from game.window import screen_draw_clipped

STACK_GRID = 0.5    # pixels: the dots in one cell of a grid this fine are one stack, at their mean
MARGIN = 1.0        # pixels beyond the radius that a dot's point sprite covers (dots.glsl)
DAMAGE_CELL = 4.0   # pixels: the dots drawn are reported to the screen's damage in boxes this much bigger


def stack_dots(xs, ys, grid: float = STACK_GRID) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The finite dots (xs, ys) gathered into stacks: (x, y, count), one row per cell of a grid
    `grid` pixels apart that holds dots, at their mean (no dot moves as far as grid * sqrt(2)),
    in no particular order."""
    xs = np.asarray(xs, dtype=np.float64).ravel()
    ys = np.asarray(ys, dtype=np.float64).ravel()
    keep = np.isfinite(xs) & np.isfinite(ys)
    if not keep.all():
        xs, ys = xs[keep], ys[keep]
    if not len(xs):
        empty = np.zeros(0)
        return empty, empty, empty
    gx = np.round(xs / grid).astype(np.int64)
    gy = np.round(ys / grid).astype(np.int64)
    gx -= gx.min()
    gy -= gy.min()
    _keys, cell, counts = np.unique(gx * (int(gy.max()) + 1) + gy, return_inverse=True, return_counts=True)
    return (np.bincount(cell, xs) / counts, np.bincount(cell, ys) / counts, counts.astype(np.float64))


def damage_boxes(xs, ys, reach: float, cell: float = DAMAGE_CELL):
    """Boxes (x0, y0, x1, y1) holding every pixel within `reach` (each axis) of the dots: one box
    for all the dots whose box starts in the same `cell`-pixel square (fewer boxes to mark)."""
    gx = np.floor((np.asarray(xs, dtype=np.float64) - reach) / cell).astype(np.int64)
    gy = np.floor((np.asarray(ys, dtype=np.float64) - reach) / cell).astype(np.int64)
    lx, ly = gx.min(initial=0), gy.min(initial=0)
    span = int(gy.max(initial=0) - ly) + 1
    keys = np.unique((gx - lx) * span + (gy - ly))
    x0, y0 = (keys // span + lx) * cell, (keys % span + ly) * cell
    return x0, y0, x0 + cell + 2 * reach, y0 + cell + 2 * reach


class DotArt:
    """Draws groups of dots, each group one colour, in order, into the bound framebuffer."""

    def __init__(self, ctx: moderngl.Context, capacity: int = 4096) -> None:
        self.ctx = ctx
        self.programs = (load_program(ctx, "dots"), load_program(ctx, "dots", {"STACKS": "1"}))
        self._make_buffer(capacity)

    def _make_buffer(self, capacity: int) -> None:
        # the window's context collects its own garbage: the old buffer is only dropped
        self.capacity = capacity
        self.buffer = self.ctx.buffer(reserve=capacity * 12, dynamic=True)
        self.vaos = tuple(self.ctx.vertex_array(program, [(self.buffer, "3f", "in_dot")]) for program in self.programs)

    def draw(self, groups, radius: float, size) -> None:
        """groups: [(x, y, count, colour)] as stack_dots gives them, drawn in that order; radius
        in pixels; size: the target's size in pixels."""
        total = sum(len(g[0]) for g in groups)
        if not total:
            return
        if total > self.capacity:
            self._make_buffer(max(total, self.capacity * 2))
        rows = np.empty((total, 3), dtype="f4")
        runs = []  # (stacked, first, count, colour): a group's single dots, then its stacks
        at = 0
        for x, y, count, color in groups:
            single = count == 1
            for stacked, pick in ((0, single), (1, ~single)):
                n = int(np.count_nonzero(pick))
                if n:
                    rows[at: at + n, 0] = x[pick]
                    rows[at: at + n, 1] = y[pick]
                    rows[at: at + n, 2] = count[pick]
                    runs.append((stacked, at, n, color))
                    at += n
        runs = tuple((stacked, first, n, tuple(float(c) for c in color)) for stacked, first, n, color in runs)
        size = (float(size[0]), float(size[1]))
        key = (rows.tobytes(), runs, float(radius), size)
        screen_draw_clipped(self.ctx, damage_boxes(rows[:, 0], rows[:, 1], radius + MARGIN), key,
                            lambda mask: self._render(rows, runs, float(radius), size, mask))

    def _render(self, rows: np.ndarray, runs, radius: float, size, mask) -> None:
        ctx = self.ctx
        self.buffer.write(rows.tobytes())
        clip_to_damage(ctx, mask)
        for program in self.programs:
            program["u_size"].value = size
            program["u_radius"].value = radius
        ctx.enable(moderngl.BLEND | moderngl.PROGRAM_POINT_SIZE)
        ctx.blend_func = moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA
        for stacked, first, n, color in runs:  # dots of one colour blend to the same in any order
            self.programs[stacked]["u_color"].value = color
            self.vaos[stacked].render(moderngl.POINTS, vertices=n, first=first)
        ctx.disable(moderngl.PROGRAM_POINT_SIZE)
        if mask is not None:
            clip_to_damage(ctx, None)

    def release(self) -> None:
        # see CurveArt.release: on the window's context, dropping them is enough
        self.vaos = ()
        self.buffer = None
        self.programs = ()
