"""The 2D painter every scene draws with: SDF shapes and glyph text in two instanced batches.

Calls only append rows to NumPy-backed lists; `flush()` uploads each batch once and draws it
in one call. GPU objects (programs, buffers, vertex arrays, the atlas) are made once here.
Coordinates are target pixels with the origin at the top left.
"""

from __future__ import annotations

import math
from contextlib import contextmanager

import moderngl
import numpy as np

from game.render import theme
from game.render.shaders import load_program
from game.render.text import GlyphAtlas
from game.damage import Paint
from game.render.damage_clip import clip_to_damage
from game.window import screen_pixels

RECT, SEGMENT, TRIANGLE, STAR, FLAT = 0.0, 1.0, 2.0, 3.0, 4.0  # FLAT: one colour over its whole box (flat_inside)
SHAPE_FLOATS = 16
GLYPH_FLOATS = 12
MAX_SHAPES = 16384
MAX_GLYPHS = 16384
RINGS = 6  # several flushes per frame (an overlay over a scene, what is on top) each get their own buffer

DRAWN_SYMBOLS = {"∇": 0.68}  # characters drawn as shapes: advance as a fraction of the size

CORNERS = np.array([0, 0, 1, 0, 0, 1, 1, 1], dtype="f4")
KINDS = (RECT, SEGMENT, TRIANGLE, STAR, FLAT)
GLOW_REACH = 3.0  # radii: a shape's glow fades to nothing this far beyond its edge (shapes.glsl)
# pixels: a shape's quad reaches this far beyond the last pixel centre it can cover (its
# anti-aliased edge ends half a pixel out, its glow at GLOW_REACH radii). One pixel keeps every
# covered centre inside the quad; each further pixel is shaded and discarded along every edge,
# which for a long thin line (a network's weights) is a fifth of its pixels (shapes.glsl).
EDGE_PAD = 1.0
PIECE = 64.0  # pixels along a long line per piece when only part of it is redrawn (damaged_rows)
CUT_AREA = 4096.0  # pixels: a rect's or dot's quad this big redrawn in part is cut to the part (cut_quads)
OWN_PROGRAM_AREA = 16384.0  # pixels: a run of one kind this big is drawn by that kind's own program
FLAT_AREA = 16384.0  # pixels: a filled rect whose inside is this big draws it as one flat colour (flat_inside)
MAX_GROUPS = 64  # draw calls per batch at most; beyond, the whole batch goes in one


def shape_boxes(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The quads the vertex shader draws the shapes in (shapes.glsl): x0, y0, x1, y1 in pixels."""
    kind, radius, glow = rows[:, 8], rows[:, 9], rows[:, 10]
    ax, ay, bx, by = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]
    x0, x1 = np.minimum(ax, bx), np.maximum(ax, bx)
    y0, y1 = np.minimum(ay, by), np.maximum(ay, by)
    tri = kind == TRIANGLE
    x0 = np.where(tri, np.minimum(x0, rows[:, 4]), x0)
    x1 = np.where(tri, np.maximum(x1, rows[:, 4]), x1)
    y0 = np.where(tri, np.minimum(y0, rows[:, 5]), y0)
    y1 = np.where(tri, np.maximum(y1, rows[:, 5]), y1)
    star = kind == STAR
    x0, x1 = np.where(star, ax - bx, x0), np.where(star, ax + bx, x1)
    y0, y1 = np.where(star, ay - bx, y0), np.where(star, ay + bx, y1)
    pad = np.where(kind == FLAT, 0.0, glow * GLOW_REACH + EDGE_PAD + np.where(kind == SEGMENT, radius, 0.0))
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    span = np.hypot(bx - ax, by - ay)
    piece = (kind == SEGMENT) & (span > 1.0) & (rows[:, 5] > rows[:, 4])  # part of a line (damaged_rows): its own stretch
    if piece.any():
        span = np.maximum(span, 1e-9)
        ux, uy = (bx - ax) / span, (by - ay) / span
        side = glow * GLOW_REACH + EDGE_PAD + radius
        s0, s1 = rows[:, 4], rows[:, 5]
        px0, px1 = ax + ux * s0, ax + ux * s1
        py0, py1 = ay + uy * s0, ay + uy * s1
        x0 = np.where(piece, np.minimum(px0, px1) - side, x0)
        x1 = np.where(piece, np.maximum(px0, px1) + side, x1)
        y0 = np.where(piece, np.minimum(py0, py1) - side, y0)
        y1 = np.where(piece, np.maximum(py0, py1) + side, y1)
    # one strip of an outline, or a rect or dot cut to the tiles redrawn (cut_quads): its own quad
    strip = ((kind == RECT) | ((kind == SEGMENT) & (span <= 1.0))) & (rows[:, 6] > rows[:, 4])
    if strip.any():
        x0, y0 = np.where(strip, rows[:, 4], x0), np.where(strip, rows[:, 5], y0)
        x1, y1 = np.where(strip, rows[:, 6], x1), np.where(strip, rows[:, 7], y1)
    return x0, y0, x1, y1


def damaged_rows(rows: np.ndarray, boxes, touches, bounds=None) -> np.ndarray:
    """The shape rows to draw again where `touches(x0, y0, x1, y1)` (a bool per box) says tiles
    are redrawn, in order (boxes: the rows' shape_boxes): a shape touching none is left out; a
    line longer than two PIECEs that is redrawn only in places is cut to the stretches that are
    (a row per run of pieces touching them; its quad along that stretch, its distance to the
    whole line, so the pixels are the whole line's); with `bounds(x0, y0, x1, y1)` (the box of
    the redrawn tiles each box touches), a big rect or dot redrawn in part is drawn in that box
    only (cut_quads). llvmpipe sets up and bins every quad, and tests depth (the damage clip,
    game.window.DamageDepth) block by block: a weight line crossing the screen, redrawn for a
    dot moving over it, costs that stretch instead of its length."""
    if not len(rows):
        return rows
    hit = touches(*boxes)
    if bounds is not None:
        rows = cut_quads(rows, boxes, hit, bounds)
    ax, ay, bx, by = (rows[:, i].astype(np.float64) for i in range(4))
    span = np.hypot(bx - ax, by - ay)
    long = hit & (rows[:, 8] == SEGMENT) & (span > 2 * PIECE) & ~(rows[:, 5] > rows[:, 4])
    if not long.any():
        return rows[hit]
    lines = np.flatnonzero(long)
    side = (rows[lines, 9] + rows[lines, 10] * GLOW_REACH + EDGE_PAD).astype(np.float64)
    lo, hi = -side, span[lines] + side
    counts = np.ceil((hi - lo) / PIECE).astype(np.intp)
    owner = np.repeat(np.arange(len(lines)), counts)
    k = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    # a piece ends where the next starts, to the bit: their quads would share that edge exactly
    start = lo[owner] + k * PIECE
    end = np.minimum(lo[owner] + (k + 1) * PIECE, hi[owner])
    # each piece's box: its stretch of the line, widened by the line's reach on every side
    ux, uy = ((bx - ax) / np.maximum(span, 1e-9))[lines][owner], ((by - ay) / np.maximum(span, 1e-9))[lines][owner]
    x_a, y_a = ax[lines][owner], ay[lines][owner]
    reach = side[owner]
    xs, ys = (x_a + ux * start, x_a + ux * end), (y_a + uy * start, y_a + uy * end)
    on = touches(np.minimum(*xs) - reach, np.minimum(*ys) - reach, np.maximum(*xs) + reach, np.maximum(*ys) + reach)
    same_line = owner[1:] == owner[:-1]
    first = on & ~np.r_[False, on[:-1] & same_line]  # runs of touching pieces along each line
    last = on & ~np.r_[on[1:] & same_line, False]
    touching_pieces = np.bincount(owner, weights=on, minlength=len(lines))
    whole = (touching_pieces == counts)  # every piece touching: the line as it is
    run_line = owner[first]
    cut = ~whole[run_line]
    runs = rows[lines[run_line[cut]]].copy()
    runs[:, 4] = start[first][cut]
    runs[:, 5] = end[last][cut]
    # in drawing order: the other rows as they are, each long line whole or by its runs
    kept = hit & ~long
    kept[lines[whole]] = True
    order = np.concatenate([np.flatnonzero(kept).astype(np.float64),
                            lines[run_line[cut]] + (np.arange(cut.sum()) + 1.0) / (cut.sum() + 2.0)])
    return np.concatenate([rows[kept], runs])[np.argsort(order, kind="stable")]


def cut_quads(rows: np.ndarray, boxes, hit: np.ndarray, bounds) -> np.ndarray:
    """`rows` with the quads of big rects and dots redrawn in part cut to that part: each of
    the `hit` ones whose quad (boxes: the rows' shape_boxes) covers CUT_AREA pixels or more is
    given, as the quad to draw it in, the quad's overlap with `bounds(x0, y0, x1, y1)` (the box
    of the redrawn tiles it touches), where that is under nine tenths of it. A chip whose label
    changed costs the label's tiles, not the chip's. The shader computes each pixel from the
    shape itself, whatever quad it is shaded in: the pixels are the same."""
    kind = rows[:, 8]
    span = np.hypot(rows[:, 2] - rows[:, 0], rows[:, 3] - rows[:, 1])
    x0, y0, x1, y1 = (np.asarray(v, dtype=np.float64) for v in boxes)
    own = (((kind == RECT) | ((kind == SEGMENT) & (span <= 1.0))) & ~(rows[:, 6] > rows[:, 4])) | (kind == FLAT)
    area = (x1 - x0) * (y1 - y0)
    pick = np.flatnonzero(own & hit & (area >= CUT_AREA))
    if not len(pick):
        return rows
    b = bounds(x0[pick], y0[pick], x1[pick], y1[pick])
    quad = np.stack([np.maximum(x0[pick], b[:, 0]), np.maximum(y0[pick], b[:, 1]),
                     np.minimum(x1[pick], b[:, 2]), np.minimum(y1[pick], b[:, 3])], axis=1)
    w, h = quad[:, 2] - quad[:, 0], quad[:, 3] - quad[:, 1]
    smaller = (w > 0) & (h > 0) & (w * h < 0.9 * area[pick])
    if not smaller.any():
        return rows
    rows = rows.copy()
    cut = pick[smaller]
    flat = kind[cut] == FLAT  # one colour all over: its own box is cut, it has no other quad
    rows[cut[~flat], 4:8] = quad[smaller][~flat]
    rows[cut[flat], 0:4] = quad[smaller][flat]
    return rows


def outline_strips(x0, y0, x1, y1, radius, glow, stroke) -> tuple | None:
    """An outlined rectangle (stroke, no fill) changes only a band along its edges: the quads
    of its four sides (frame_quads), or None when it is too small to have an inside. Drawn so,
    the pixels inside are neither computed and discarded nor counted as drawn over."""
    pad = glow * GLOW_REACH + EDGE_PAD
    a0, b0, a1, b1 = min(x0, x1) - pad, min(y0, y1) - pad, max(x0, x1) + pad, max(y0, y1) + pad
    # beyond this far in from the quad's edge the outline's distance exceeds its width + glow
    reach = stroke + glow * 2 * GLOW_REACH + radius + 6.0
    if stroke <= 0 or a1 - a0 <= 2 * reach or b1 - b0 <= 2 * reach:
        return None
    return frame_quads((a0, b0, a1, b1), (a0 + reach, b0 + reach, a1 - reach, b1 - reach))


def flat_inside(x0, y0, x1, y1, radius) -> tuple | None:
    """The inside of a filled rectangle (x0, y0, x1, y1, corners `radius`) that one flat colour
    can draw, or None when it is under FLAT_AREA. Every pixel centre more than max(radius, 0.5)
    in from the edges is covered whole: its signed distance is under -0.5, where the fill is
    1 and the glow nothing, so the FLAT program (a fraction of the rect program's cost per
    pixel) gives its very colour. The band around it (frame_quads) keeps the rounded corners,
    the anti-aliased edge and the glow."""
    # a 64th of a pixel more: a centre just on that line is left to the rect's own shader, whose
    # fill there rounds a hair under 1
    margin = max(radius, 0.5) + 1.0 / 64.0
    inside = (x0 + margin, y0 + margin, x1 - margin, y1 - margin)  # a box given from its far corner: none
    w, h = inside[2] - inside[0], inside[3] - inside[1]
    if not (w > 0 and h > 0 and w * h >= FLAT_AREA):  # NaN sizes fail too
        return None
    return inside


def frame_quads(outer, inner) -> tuple:
    """The four quads between an outer and an inner box (x0, y0, x1, y1): top and bottom across,
    left and right between them. They share edges, so no pixel is drawn twice."""
    a0, b0, a1, b1 = outer
    i0, j0, i1, j1 = inner
    return ((a0, b0, a1, j0), (a0, j1, a1, b1), (a0, j0, i0, j1), (i1, j0, a1, j1))


def shape_groups(rows: np.ndarray, size) -> list[tuple[float | None, int, int]]:
    """The batch's shapes (rows in drawing order) as (kind or None, first, count) groups, in
    order: a run of one kind whose quads cover OWN_PROGRAM_AREA pixels or more is its own group,
    drawn by that kind's program; what lies between (small runs of any kind) is one group for the
    program that draws every kind. The quads are the vertex shader's (shapes.glsl)."""
    kind = rows[:, 8]
    x0, y0, x1, y1 = shape_boxes(rows)
    w = np.clip(x1, 0, size[0]) - np.clip(x0, 0, size[0])
    h = np.clip(y1, 0, size[1]) - np.clip(y0, 0, size[1])
    area = np.nan_to_num(w * h, nan=0.0)
    starts = np.flatnonzero(np.r_[True, kind[1:] != kind[:-1]])
    ends = np.r_[starts[1:], len(rows)]
    covered = np.add.reduceat(area, starts)
    groups: list[tuple[float | None, int, int]] = []
    for start, end, pixels in zip(starts.tolist(), ends.tolist(), covered.tolist()):
        if pixels >= OWN_PROGRAM_AREA and float(kind[start]) in KINDS:
            groups.append((float(kind[start]), start, end - start))
        elif groups and groups[-1][0] is None:
            groups[-1] = (None, groups[-1][1], end - groups[-1][1])
        else:
            groups.append((None, start, end - start))
    if len(groups) > MAX_GROUPS:
        return [(None, 0, len(rows))]
    return groups


class Batch:
    """A growable float32 row store for one instanced program."""

    def __init__(self, width: int, capacity: int) -> None:
        self.rows = np.zeros((capacity, width), dtype="f4")
        self.count = 0

    def take(self, n: int) -> np.ndarray:
        if self.count + n > len(self.rows):
            grown = np.zeros((max(len(self.rows) * 2, self.count + n), self.rows.shape[1]), dtype="f4")
            grown[: self.count] = self.rows[: self.count]
            self.rows = grown
        block = self.rows[self.count: self.count + n]
        self.count += n
        return block


BIG_TEXT_PX = 30.0  # text at or above this size (720p) is not enlarged by the text-size setting
TEXT_RUNS = 4096  # laid-out strings kept (labels repeat every frame; changing numbers come and go)


class TextRun:
    """One string laid out once at one face and pixel size: its width and its glyph rows with
    the pen and the baseline at 0 (x offsets kept unrounded: they are rounded where drawn)."""

    __slots__ = ("width", "offsets", "template", "nablas")

    def __init__(self, width: float, offsets: np.ndarray, template: np.ndarray, nablas: tuple) -> None:
        self.width = width
        self.offsets = offsets    # (n,) pen + bearing of each drawn glyph, float64
        self.template = template  # (n, GLYPH_FLOATS): 0, -top, w, h, u0 v0 u1 v1, the colour later
        self.nablas = nablas      # pen offsets of each ∇ (drawn as a shape)


class Painter:
    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.size = (1, 1)
        glow = {"GLOW_REACH": f"{GLOW_REACH:.1f}", "EDGE_PAD": f"{EDGE_PAD:.1f}"}  # the shader's reach and pad are this module's
        self.shape_program = load_program(ctx, "shapes", glow)
        self.glyph_program = load_program(ctx, "glyphs")
        self.corner_buffer = ctx.buffer(CORNERS.tobytes())
        self.atlas = GlyphAtlas(ctx)
        self.shapes = Batch(SHAPE_FLOATS, 1024)
        self.glyphs = Batch(GLYPH_FLOATS, 2048)
        # what is queued inside `on_top()`: tooltips, banners, notes; drawn after everything else
        self.top_shapes = Batch(SHAPE_FLOATS, 256)
        self.top_glyphs = Batch(GLYPH_FLOATS, 512)
        self._top_depth = 0
        self._runs: dict[tuple[str, str, int], TextRun] = {}
        self._runs_generation = self.atlas.generation
        self._fits: dict[tuple, float] = {}  # fit()'s answers: the same labels are fitted frame after frame
        self._wraps: dict[tuple, tuple] = {}  # wrap()'s answers, for the same reason
        self._placings: dict[tuple, np.ndarray] = {}  # glyph rows of a run placed and coloured (_placed)
        self.recorder = None  # a layout check's Recorder: every text and panel drawn (game/render/layout.py)
        self.ring = 0
        self.shape_buffers = [ctx.buffer(reserve=MAX_SHAPES * SHAPE_FLOATS * 4, dynamic=True) for _ in range(RINGS)]
        self.glyph_buffers = [ctx.buffer(reserve=MAX_GLYPHS * GLYPH_FLOATS * 4, dynamic=True) for _ in range(RINGS)]
        self.shape_vaos = [self._shape_vao(self.shape_program, buffer) for buffer in self.shape_buffers]
        # one program per kind of shape, for the runs of one kind that cover many pixels
        self.kind_programs = {kind: load_program(ctx, "shapes", {"ONLY_KIND": f"{kind:.1f}"} | glow) for kind in KINDS}
        self.kind_vaos = {kind: [self._shape_vao(program, buffer) for buffer in self.shape_buffers]
                          for kind, program in self.kind_programs.items()}
        self.draw_commands = [ctx.buffer(reserve=MAX_GROUPS * 20, dynamic=True) for _ in range(RINGS)]
        self.glyph_vaos = [
            ctx.vertex_array(self.glyph_program, [
                (self.corner_buffer, "2f", "in_corner"),
                (buffer, "4f 4f 4f/i", "in_rect", "in_uv", "in_color"),
            ]) for buffer in self.glyph_buffers
        ]
        self.glyph_program["u_atlas"].value = 0

    def _shape_vao(self, program, buffer):
        return self.ctx.vertex_array(program, [
            (self.corner_buffer, "2f", "in_corner"),
            (buffer, "4f 4f 4f 4f/i", "in_a", "in_b", "in_style", "in_color"),
        ])

    # --- frame ---------------------------------------------------------------------------

    def begin(self, size: tuple[int, int]) -> None:
        self.size = (max(1, int(size[0])), max(1, int(size[1])))
        if self._top_depth:
            self._swap_top()
            self._top_depth = 0
        for batch in (self.shapes, self.glyphs, self.top_shapes, self.top_glyphs):
            batch.count = 0
        self.ring = 0

    def _swap_top(self) -> None:
        self.shapes, self.top_shapes = self.top_shapes, self.shapes
        self.glyphs, self.top_glyphs = self.top_glyphs, self.glyphs

    @contextmanager
    def on_top(self):
        """Queue what is drawn inside above everything else of this flush: the one drawing order
        for tooltips, banners and notes (shapes then text of the picture, then theirs)."""
        if self._top_depth == 0:
            self._swap_top()
        self._top_depth += 1
        try:
            yield self
        finally:
            self._top_depth -= 1
            if self._top_depth == 0:
                self._swap_top()

    def flush(self) -> None:
        """Draw everything queued since the last flush: shapes, then text above them, then what
        was queued `on_top()` (its shapes, then its text). Onto a screen whose frame is being
        recorded (game.window.ScreenPixels), they are drawn when the frame settles."""
        if self._top_depth:  # a flush inside on_top(): draw the picture, then the top
            self._swap_top()
        self._draw(self.shapes, self.glyphs)
        self._draw(self.top_shapes, self.top_glyphs)
        if self._top_depth:
            self._swap_top()

    def _draw(self, shapes: Batch, glyphs: Batch) -> None:
        if not (shapes.count or glyphs.count):
            return
        n = min(shapes.count, MAX_SHAPES)
        g = min(glyphs.count, MAX_GLYPHS)
        shape_rows, glyph_rows = shapes.rows[:n], glyphs.rows[:g]
        shapes.count = 0
        glyphs.count = 0
        pixels = screen_pixels(self.ctx)
        onto_screen = pixels is not None and self.ctx.fbo is self.ctx.screen
        if onto_screen and pixels.recording is not None:  # drawn when the frame settles
            size = self.size
            pixels.recording.commands.append(Paint(
                shape_rows.copy(), glyph_rows.copy(), np.stack(shape_boxes(shape_rows)), shape_boxes,
                lambda s, g, mask: self._render(s, g, size, mask), damaged_rows))
            return
        if onto_screen:  # where this lands on the screen
            if n:
                pixels.drawn_boxes(*shape_boxes(shape_rows))
            if g:
                x, y, w, h = glyph_rows[:, 0:4].T
                pixels.drawn_boxes(x, y, x + w, y + h)
        self._render(shape_rows, glyph_rows, self.size, None)

    def _render(self, shape_rows: np.ndarray, glyph_rows: np.ndarray, size, mask) -> None:
        """Draw rows of shapes, then rows of glyphs, into the current framebuffer of `size`;
        with a damage mask (tiles, top row first), only inside its set tiles."""
        ctx = self.ctx
        ctx.enable(moderngl.BLEND)
        ctx.blend_func = moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA
        clip_to_damage(ctx, mask)
        ring = self.ring % RINGS
        self.ring += 1
        n, g = len(shape_rows), len(glyph_rows)
        if n:
            self.shape_buffers[ring].write(np.ascontiguousarray(shape_rows).tobytes())
            groups = shape_groups(shape_rows, size)
            if len(groups) == 1 and groups[0][0] is None:
                self.shape_program["u_size"].value = size
                self.shape_vaos[ring].render(moderngl.TRIANGLE_STRIP, vertices=4, instances=n)
            else:  # in the same order, each big run of one kind by its own program
                # moderngl reads indirect commands 20 bytes apart: count, instances, first, base instance, 0
                commands = np.array([(4, count, 0, first, 0) for _kind, first, count in groups], dtype="u4")
                self.draw_commands[ring].write(commands.tobytes())
                for index, (kind, _first, _count) in enumerate(groups):
                    program = self.shape_program if kind is None else self.kind_programs[kind]
                    program["u_size"].value = size
                    vao = self.shape_vaos[ring] if kind is None else self.kind_vaos[kind][ring]
                    vao.render_indirect(self.draw_commands[ring], moderngl.TRIANGLE_STRIP, count=1, first=index)
        if g:
            self.glyph_program["u_size"].value = size
            self.atlas.texture.use(0)
            self.glyph_buffers[ring].write(np.ascontiguousarray(glyph_rows).tobytes())
            self.glyph_vaos[ring].render(moderngl.TRIANGLE_STRIP, vertices=4, instances=g)
        if mask is not None:
            clip_to_damage(ctx, None)

    # --- shapes --------------------------------------------------------------------------

    def _shape(self, a, b, kind: float, radius: float, glow: float, stroke: float, color) -> None:
        self.shapes.take(1)[0] = (*a, *b, kind, radius, glow, stroke, *color)  # one assignment: the hot path

    def rect(self, x, y, w, h, color, radius=0.0, glow=0.0, stroke=0.0) -> None:
        r = min(radius, abs(w) * 0.5, abs(h) * 0.5)
        box = (x, y, x + w, y + h)
        inside = flat_inside(*box, r) if stroke <= 0 else None
        if inside is not None:  # its band as the rect's own quads, its inside one colour
            pad = glow * GLOW_REACH + EDGE_PAD
            outer = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
            for quad in frame_quads(outer, inside):
                self._shape(box, quad, RECT, r, glow, stroke, color)
            self._shape(inside, (0, 0, 0, 0), FLAT, 0.0, 0.0, 0.0, color)
            return
        strips = outline_strips(*box, r, glow, stroke)
        for quad in strips or ((0, 0, 0, 0),):
            self._shape(box, quad, RECT, r, glow, stroke, color)

    def line(self, x0, y0, x1, y1, width, color, glow=0.0) -> None:
        self._shape((x0, y0, x1, y1), (0, 0, 0, 0), SEGMENT, width * 0.5, glow, 0.0, color)

    def circle(self, cx, cy, r, color, glow=0.0, stroke=0.0) -> None:
        self._shape((cx, cy, cx, cy), (0, 0, 0, 0), SEGMENT, r, glow, stroke, color)

    def circles(self, xs, ys, r, color, glow=0.0, stroke=0.0) -> None:
        """Many circles at once (what `circle` does, point by point)."""
        self.add_shapes(self.circle_shapes(xs, ys, r, color, glow, stroke))

    def lines(self, x0, y0, x1, y1, width, color, glow=0.0) -> None:
        """Many segments at once (what `line` does, one by one)."""
        self.add_shapes(self.line_shapes(x0, y0, x1, y1, width, color, glow))

    def rects(self, xs, ys, ws, hs, color, radius=0.0, glow=0.0, stroke=0.0) -> None:
        """Many rectangles at once (what `rect` does, one by one)."""
        self.add_shapes(self.rect_shapes(xs, ys, ws, hs, color, radius, glow, stroke))

    # Shapes as rows, to queue later with `add_shapes`: a picture that interleaves kinds (a mark,
    # then its ring) selects and orders rows in NumPy. Each argument is one value for all or one
    # per shape (colours (4,) or (n, 4)); the rows equal what `circle` and `rect` queue.

    @staticmethod
    def _rows(a: tuple, kind, radius, glow, stroke, color, b: tuple | None = None) -> np.ndarray:
        n = len(a[0])
        rows = np.zeros((n, SHAPE_FLOATS), dtype="f4")
        rows[:, 0:4] = np.stack(a, axis=1)
        if b is not None:
            rows[:, 4:8] = np.stack(b, axis=1)
        rows[:, 8], rows[:, 9], rows[:, 10], rows[:, 11] = kind, radius, glow, stroke
        rows[:, 12:16] = color
        return rows

    def circle_shapes(self, xs, ys, r, color, glow=0.0, stroke=0.0) -> np.ndarray:
        xs = np.asarray(xs, dtype=np.float64).ravel()
        ys = np.asarray(ys, dtype=np.float64).ravel()
        return self._rows((xs, ys, xs, ys), SEGMENT, r, glow, stroke, color)

    def line_shapes(self, x0, y0, x1, y1, width, color, glow=0.0) -> np.ndarray:
        ends = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64).ravel() for v in (x0, y0, x1, y1)))
        return self._rows(tuple(ends), SEGMENT, np.asarray(width, dtype=np.float64) * 0.5, glow, 0.0, color)

    def arrow_shapes(self, x0, y0, x1, y1, width: float, color, glow: float = 0.0, head: float | None = None) -> np.ndarray:
        """Each arrow's shaft, then its head (what `arrow` queues), arrow by arrow; arrows
        shorter than 1e-3 px left out."""
        x0, y0, x1, y1 = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64).ravel() for v in (x0, y0, x1, y1)))
        dx, dy = x1 - x0, y1 - y0
        length = np.hypot(dx, dy)
        keep = length >= 1e-3
        color = np.broadcast_to(np.asarray(color, dtype=np.float64), (len(keep), 4))[keep]
        x0, y0, x1, y1, dx, dy, length = (v[keep] for v in (x0, y0, x1, y1, dx, dy, length))
        ux, uy = dx / length, dy / length
        head = np.minimum(head or width * 3.2, length * 0.6)
        bx, by = x1 - ux * head, y1 - uy * head
        shafts = self.line_shapes(x0, y0, bx + ux * 1.0, by + uy * 1.0, width, color, glow)
        half = head * 0.6
        heads = self._rows((x1, y1, bx - uy * half, by + ux * half), TRIANGLE, 0.0, glow, 0.0, color,
                           b=(bx + uy * half, by - ux * half, np.zeros_like(bx), np.zeros_like(bx)))
        return np.stack([shafts, heads], axis=1).reshape(-1, SHAPE_FLOATS)

    def rect_shapes(self, xs, ys, ws, hs, color, radius=0.0, glow=0.0, stroke=0.0) -> np.ndarray:
        xs, ys, ws, hs = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64).ravel() for v in (xs, ys, ws, hs)))
        r = np.minimum(np.minimum(radius, np.abs(ws) * 0.5), np.abs(hs) * 0.5)
        return self._rows((xs, ys, xs + ws, ys + hs), RECT, r, glow, stroke, color)

    def add_shapes(self, rows: np.ndarray) -> None:
        """Queue shape rows (from `circle_shapes`, `rect_shapes`) in their order."""
        if len(rows):
            self.shapes.take(len(rows))[:] = rows

    def triangle(self, a, b, c, color, glow=0.0) -> None:
        self._shape((a[0], a[1], b[0], b[1]), (c[0], c[1], 0, 0), TRIANGLE, 0.0, glow, 0.0, color)

    def star(self, cx, cy, r, color, glow=0.0, stroke=0.0) -> None:
        if self.recorder is not None:  # a star is read like a word: the layout check keeps it clear
            self.recorder.text("★", (cx - r, cy - r, 2 * r, 2 * r), float("inf"), self._top_depth > 0)
        self._shape((cx, cy, r, r * 0.45), (0, 0, 0, 0), STAR, 0.0, glow, stroke, color)

    def arrow(self, x0, y0, x1, y1, width, color, glow=0.0, head=None) -> None:
        """A shaft and a triangular head at (x1, y1)."""
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        if length < 1e-3:
            return
        ux, uy = dx / length, dy / length
        head = min(head or width * 3.2, length * 0.6)
        bx, by = x1 - ux * head, y1 - uy * head
        self.line(x0, y0, bx + ux * 1.0, by + uy * 1.0, width, color, glow)
        half = head * 0.6
        self.triangle((x1, y1), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half), color, glow)

    def polyline(self, points: np.ndarray, width: float, color, glow: float = 0.0, alphas: np.ndarray | None = None) -> None:
        """Consecutive capsules through `points` (N, 2); optional per-segment alpha (N-1)."""
        pts = np.asarray(points, dtype="f4")
        keep = np.isfinite(pts).all(axis=1)
        if len(pts) < 2:
            return
        n = len(pts) - 1
        good = keep[:-1] & keep[1:]
        count = int(good.sum())
        if count == 0:
            return
        rows = self.shapes.take(count)
        rows[:, 0:2] = pts[:-1][good]
        rows[:, 2:4] = pts[1:][good]
        rows[:, 4:8] = 0
        rows[:, 8] = SEGMENT
        rows[:, 9] = width * 0.5
        rows[:, 10] = glow
        rows[:, 11] = 0
        rows[:, 12:16] = color
        if alphas is not None:
            rows[:, 15] *= np.asarray(alphas, dtype="f4")[:n][good]

    # --- text ---------------------------------------------------------------------------

    def _advance(self, face: str, ch: str, px: int) -> float:
        if ch in DRAWN_SYMBOLS:
            return px * DRAWN_SYMBOLS[ch]
        return self.atlas.glyph(face, ch, px).advance

    def scaled(self, size: float) -> float:
        """A text size with the player's text size applied (theme.TEXT_SCALE, 1.0-1.5): body text
        grows by the full factor, headings (already large) grow less, and nothing above
        BIG_TEXT_PX (at 720p) grows at all, so titles keep their place."""
        scale = theme.TEXT_SCALE
        if scale == 1.0:
            return size
        big = BIG_TEXT_PX * max(0.5, min(self.size[0] / 1280.0, self.size[1] / 720.0))
        return max(size, min(size * scale, big)) if scale > 1.0 else size * scale

    def text_width(self, text: str, size: float, face: str = "regular") -> float:
        px = int(round(self.scaled(size)))  # the player's text size (Settings)
        if px <= 0 or not text:
            return sum(self._advance(face, ch, px) for ch in text)
        return self._run(text, face, px).width

    def _run(self, text: str, face: str, px: int) -> TextRun:
        """`text` laid out at `px`, kept: the same labels are drawn frame after frame."""
        atlas = self.atlas
        if self._runs_generation != atlas.generation or len(self._runs) > TEXT_RUNS:
            self._runs.clear()  # the atlas started over (its glyphs moved), or too many are kept
            self._placings.clear()
            self._runs_generation = atlas.generation
        key = (text, face, px)
        run = self._runs.get(key)
        if run is not None:
            return run
        pen, offsets, rows, nablas = 0.0, [], [], []
        for ch in text:
            if ch == "∇":
                nablas.append(pen)
            else:
                g = atlas.glyph(face, ch, px)
                if g.width:
                    offsets.append(pen + g.left)
                    rows.append((0.0, -g.top, g.width, g.height, g.u0, g.v0, g.u1, g.v1, 0.0, 0.0, 0.0, 0.0))
            pen += self._advance(face, ch, px)
        if self._runs_generation != atlas.generation:  # the atlas filled up during this string
            return self._run(text, face, px)
        template = np.array(rows, dtype="f4").reshape(-1, GLYPH_FLOATS)
        run = TextRun(pen, np.array(offsets, dtype=np.float64), template, tuple(nablas))
        self._runs[key] = run
        return run

    def _placed(self, run: TextRun, pen: float, baseline: float, color) -> np.ndarray:
        """The glyph rows of `run` at (pen, baseline) in `color`, kept: a label is drawn at the
        same place frame after frame."""
        key = (run, pen, baseline, color) if type(color) is tuple else None
        rows = self._placings.get(key)
        if rows is None:
            rows = run.template.copy()
            rows[:, 0] = np.rint(pen + run.offsets)  # half to even, as round() glyph by glyph
            rows[:, 1] += baseline
            rows[:, 8:12] = color
            if key is not None:
                if len(self._placings) > TEXT_RUNS:
                    self._placings.clear()
                self._placings[key] = rows
        return rows

    def text(self, text: str, x: float, y: float, size: float, color, anchor: str = "topleft",
             face: str = "regular") -> float:
        """Queue `text` at pixel size `size` in face regular/bold/mono. The anchor names the
        point (x, y): top/bottom (else middle) and left/right (else center), e.g. "topleft",
        "center", "midright", "bottomcenter". Returns the width. Sizes are multiplied by the
        player's text size (theme.TEXT_SCALE), here and in text_width, wrap and text_block."""
        size = self.scaled(size)
        px = int(round(size))
        if px <= 0 or not text:
            return 0.0
        run = self._run(text, face, px)
        width = run.width
        ascender, descender = self.atlas.line_metrics(face, px)
        height = ascender - descender
        if "right" in anchor:
            x -= width
        elif "left" not in anchor:
            x -= width * 0.5
        if "bottom" in anchor:
            y -= height
        elif "top" not in anchor:
            y -= height * 0.5
        if self.recorder is not None:
            self.recorder.text(text, (x, y, width, height), size, self._top_depth > 0)
        baseline = round(y + ascender)
        pen = float(round(x))
        if len(run.offsets):
            self.glyphs.take(len(run.offsets))[:] = self._placed(run, pen, baseline, color)
        for offset in run.nablas:  # the bundled faces lack nabla: an outlined downward triangle
            at, top = pen + offset, baseline - px * 0.70
            self._shape((at + px * 0.06, top, at + px * 0.62, top),
                        (at + px * 0.34, baseline, 0, 0), TRIANGLE, 0.0, 0.0, px * 0.075, color)
        return width

    # --- measuring (the layout mechanism: /work/coord/layout-mechanism.md) -----------------
    # Sizes given to the painter are asked sizes; what is shown is `scaled(size)`. Layout code
    # sizes its panels and rows from these, at the current text size, instead of fixed pixels.

    def line_height(self, size: float, leading: float = 1.0) -> float:
        """The pitch of lines asked at `size` (text_block's rows are this apart)."""
        return self.scaled(size) * leading

    def text_height(self, size: float, face: str = "regular") -> float:
        """The height of one line's box at `size` (ascender to descender, scaled): what the
        layout check measures and what an anchor centres."""
        px = int(round(self.scaled(size)))
        ascender, descender = self.atlas.line_metrics(face, px)
        return ascender - descender

    def floor_size(self, smallest: float) -> float:
        """The asked size that shows `smallest` shown pixels (pass 14 * ui_scale): the floor of
        every shrink, so no text is ever smaller than that, at any text size."""
        return smallest / max(1.0, theme.TEXT_SCALE)

    def fit(self, text: str, size: float, width: float, face: str = "regular", smallest: float = 14.0) -> float:
        """The largest asked size up to `size` at which `text` fits `width` on one line, never
        under `floor_size(smallest)` (then it may still be too wide: wrap it instead)."""
        key = (text, size, width, face, smallest, theme.TEXT_SCALE, self.size)  # what the answer depends on
        fitted = self._fits.get(key)
        if fitted is None:
            if len(self._fits) > TEXT_RUNS:
                self._fits.clear()
            fitted = size
            floor = self.floor_size(smallest)
            while fitted > floor and self.text_width(text, fitted, face) > width:
                fitted = max(floor, fitted - 1)
            self._fits[key] = fitted
        return fitted

    def fits(self, text: str, size: float, width: float, face: str = "regular") -> bool:
        return self.text_width(text, size, face) <= width

    def fit_block(self, lines, size: float, width: float, height: float, leading: float = 1.3,
                  face: str = "regular", smallest: float = 14.0) -> float:
        """The largest asked size up to `size` at which the paragraphs `lines`, wrapped to
        `width`, fit `height` (never under floor_size(smallest); past that, page them)."""
        floor = self.floor_size(smallest)
        while size > floor and self.block_height(lines, size, width, leading, face) > height:
            size = max(floor, size - 0.5)
        return size

    def pages(self, lines, size: float, width: float, height: float, leading: float = 1.3,
              face: str = "regular") -> list[list[str]]:
        """The paragraphs wrapped to `width` and cut into pages of rows that fit `height` (a
        paragraph's gap kept as an empty row); at least one page, at least one row a page."""
        line_h = self.line_height(size, leading)
        per_page = max(1, int((height + 1e-6) // line_h))
        rows: list[str] = []
        for paragraph in self.wrap(lines, size, width, face):
            if rows:
                rows.append("")
            rows.extend(paragraph)
        pages, current = [], []
        for row in rows:
            if len(current) >= per_page:
                pages.append(current)
                current = []
            if row or current:  # a page never starts with a paragraph gap
                current.append(row)
        if current or not pages:
            pages.append(current)
        return pages

    def text_rows(self, rows, x: float, y: float, size: float, color, leading: float = 1.3,
                  face: str = "regular", anchor: str = "topleft") -> float:
        """Rows one under another (a page from `pages`; "" leaves a gap); returns the height used."""
        line_h = self.line_height(size, leading)
        for i, row in enumerate(rows):
            if row:
                self.text(row, x, y + i * line_h, size, color, anchor=anchor, face=face)
        return len(rows) * line_h

    def wrap(self, lines, size, width: float, face: str = "regular") -> list[list[str]]:
        """Paragraphs broken into lines that fit `width` (new lists each call; the breaks are kept)."""
        lines = tuple(lines)
        key = (lines, size, width, face, theme.TEXT_SCALE, self.size)  # what the breaks depend on
        wrapped = self._wraps.get(key)
        if wrapped is None:
            if len(self._wraps) > TEXT_RUNS:
                self._wraps.clear()
            wrapped = self._wraps[key] = tuple(tuple(rows) for rows in self._wrap(lines, size, width, face))
        return [list(rows) for rows in wrapped]

    def _wrap(self, lines, size, width: float, face: str) -> list[list[str]]:
        wrapped = []
        for paragraph in lines:
            rows, current = [], ""
            for word in paragraph.split(" "):  # not at no-break spaces (80\u00a0%)
                if not word:
                    continue
                trial = f"{current} {word}".strip()
                if current and self.text_width(trial, size, face) > width:
                    rows.append(current)
                    current = word
                else:
                    current = trial
            if current:
                rows.append(current)
            wrapped.append(rows)
        return wrapped

    def block_height(self, lines, size, width: float, leading: float = 1.3, face: str = "regular") -> float:
        rows = self.wrap(lines, size, width, face)
        size = self.scaled(size)
        return sum(len(r) for r in rows) * size * leading + len(rows) * size * leading * 0.35

    def text_block(self, lines, x, y, size, color, width: float, leading: float = 1.3, face: str = "regular") -> float:
        """Word-wrapped paragraphs within `width`; returns the height used."""
        line_h = self.scaled(size) * leading
        cy = y
        for rows in self.wrap(lines, size, width, face):
            for row in rows:
                self.text(row, x, cy, size, color, face=face)
                cy += line_h
            cy += line_h * 0.35
        return cy - y
