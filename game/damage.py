"""What changed on the screen from one frame to the next, in 16-pixel tiles.

A frame drawn over a cached picture (game.window.ScreenPixels) is recorded as a list of
commands in drawing order: the painter's batches (one row a shape or a glyph) and other draws
(a texture into a rectangle, with a key naming what it shows). Comparing this frame's rows and
keys with the last frame's tells which tiles look different: those where a row or a draw is
new, and those where one went away. Only there is the cached picture copied back and the
frame's commands drawn again (clipped to those tiles); everywhere else the screen already holds
the very pixels they would make. A spinning slider knob costs its own tiles, not the panel.

Pure NumPy; the GL side (copies, replays) is handed in as callables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

TILE = 16  # pixels: the screen is compared, copied back and redrawn in tiles this big
EDGE = 1e-3  # pixels: a pixel centre this close to an opaque draw's edge is not counted as set

# odd 64-bit multipliers, one per column, that fold a row of float32 bits into one hash
_MIX = np.random.default_rng(0x5EED).integers(1, 2**63, size=32, dtype=np.uint64) | np.uint64(1)


def tile_grid(size) -> tuple[int, int]:
    """(rows, columns) of tiles covering a screen of `size` (w, h)."""
    return -(-int(size[1]) // TILE), -(-int(size[0]) // TILE)


def tiles_touched(shape, x0, y0, x1, y1) -> np.ndarray:
    """A (rows, columns) mask of the tiles that boxes (arrays of corners in pixels, top-left
    origin) touch. A pixel is touched when its centre is in a box; a pixel's margin on each
    side covers rounding. A box that is not finite touches every tile."""
    ny, nx = shape
    mask = np.zeros(shape, dtype=bool)
    boxes = np.stack([np.asarray(v, dtype=np.float64).ravel() for v in (x0, y0, x1, y1)])
    if not boxes.shape[1]:
        return mask
    if not np.isfinite(boxes).all():
        mask[:] = True
        return mask
    x0, y0, x1, y1 = boxes
    inside = (x1 >= -1) & (y1 >= -1) & (x0 <= nx * TILE + 1) & (y0 <= ny * TILE + 1)
    if not inside.any():
        return mask
    tx0 = np.clip(np.floor((x0[inside] - 1) / TILE), 0, nx - 1).astype(np.intp)
    tx1 = np.clip(np.floor((x1[inside] + 1) / TILE), 0, nx - 1).astype(np.intp)
    ty0 = np.clip(np.floor((y0[inside] - 1) / TILE), 0, ny - 1).astype(np.intp)
    ty1 = np.clip(np.floor((y1[inside] + 1) / TILE), 0, ny - 1).astype(np.intp)
    if len(tx0) == 1:
        mask[ty0[0]:ty1[0] + 1, tx0[0]:tx1[0] + 1] = True
        return mask
    # each box adds 1 inside itself on a difference grid; summed both ways, > 0 is covered
    marks = np.zeros((ny + 1, nx + 1), dtype=np.int32)
    np.add.at(marks, (ty0, tx0), 1)
    np.add.at(marks, (ty0, tx1 + 1), -1)
    np.add.at(marks, (ty1 + 1, tx0), -1)
    np.add.at(marks, (ty1 + 1, tx1 + 1), 1)
    return marks.cumsum(axis=0).cumsum(axis=1)[:ny, :nx] > 0


def summed(mask: np.ndarray) -> np.ndarray:
    """The mask's summed-area table (a row and a column of zeros first), for `touching`."""
    ny, nx = mask.shape
    table = np.zeros((ny + 1, nx + 1), dtype=np.int32)
    table[1:, 1:] = mask.cumsum(axis=0).cumsum(axis=1)
    return table


def touching(mask: np.ndarray, x0, y0, x1, y1, table: np.ndarray | None = None) -> np.ndarray:
    """For each box (top-left origin, pixels), whether it touches a set tile of `mask`: a
    summed-area table (`summed(mask)`, made here unless given) answers each box in four
    lookups."""
    ny, nx = mask.shape
    x0, y0, x1, y1 = (np.asarray(v, dtype=np.float64) for v in (x0, y0, x1, y1))
    if not (np.isfinite(x0).all() and np.isfinite(y0).all() and np.isfinite(x1).all() and np.isfinite(y1).all()):
        x0, y0, x1, y1 = (np.nan_to_num(v, nan=0.0, posinf=1e9, neginf=-1e9) for v in (x0, y0, x1, y1))
    counts, _area = _set_tiles(mask, x0, y0, x1, y1, table)
    off = (x1 < -1) | (y1 < -1) | (x0 > nx * TILE + 1) | (y0 > ny * TILE + 1)
    return (counts > 0) & ~off


def within(mask: np.ndarray, x0, y0, x1, y1, table: np.ndarray | None = None) -> np.ndarray:
    """For each box (top-left origin, pixels), whether every tile it touches (as `touching`
    counts them) is set in `mask`: all it draws lies inside the mask, so it needs no clip. A
    box reaching off the screen counts the tiles at the screen's edge; one not finite, every
    tile."""
    x0, y0, x1, y1 = (np.nan_to_num(np.asarray(v, dtype=np.float64), nan=-1e9, posinf=1e9, neginf=-1e9)
                      for v in (x0, y0, x1, y1))
    counts, area = _set_tiles(mask, x0, y0, x1, y1, table)
    return counts == area


def _set_tiles(mask: np.ndarray, x0, y0, x1, y1, table: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """For each box (finite corners, pixels), how many of the tiles it touches (a pixel's
    margin each side, clipped to the screen) are set in `mask`, and how many it touches: four
    lookups in the summed-area table (`summed(mask)`, made here unless given)."""
    if table is None:
        table = summed(mask)
    tx0, tx1, ty0, ty1 = tile_ranges(mask.shape, x0, y0, x1, y1)
    counts = table[ty1, tx1] - table[ty0, tx1] - table[ty1, tx0] + table[ty0, tx0]
    return counts, (tx1 - tx0) * (ty1 - ty0)


def tile_ranges(shape, x0, y0, x1, y1) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The columns tx0..tx1 and rows ty0..ty1 (ends out) of the tiles each box (finite corners,
    pixels) touches, with a pixel's margin each side, clipped to a grid of `shape` tiles."""
    ny, nx = shape
    tx0 = np.clip(np.floor((x0 - 1) / TILE), 0, nx - 1).astype(np.intp)
    tx1 = np.clip(np.floor((x1 + 1) / TILE), 0, nx - 1).astype(np.intp) + 1
    ty0 = np.clip(np.floor((y0 - 1) / TILE), 0, ny - 1).astype(np.intp)
    ty1 = np.clip(np.floor((y1 + 1) / TILE), 0, ny - 1).astype(np.intp) + 1
    return tx0, tx1, ty0, ty1


def running_counts(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The set tiles left of each column row by row, and above each row column by column (a
    zero column and row first), for `damaged_bounds`."""
    ny, nx = mask.shape
    along_rows = np.zeros((ny, nx + 1), dtype=np.int32)
    along_rows[:, 1:] = mask.cumsum(axis=1)
    along_cols = np.zeros((ny + 1, nx), dtype=np.int32)
    along_cols[1:] = mask.cumsum(axis=0)
    return along_rows, along_cols


def damaged_bounds(mask: np.ndarray, x0, y0, x1, y1, counts: tuple | None = None) -> np.ndarray:
    """For each box (top-left origin, pixels) that touches a set tile of `mask` (`touching`),
    the bounding box of the set tiles it touches, in pixels: (n, 4) x0, y0, x1, y1 (counts:
    the mask's running_counts, made here unless given). Every box at once: for each row of
    tiles in its range whether any of its columns is set, the first and last such row; then
    the same for the columns between those rows."""
    ny, nx = mask.shape
    x0, y0, x1, y1 = (np.nan_to_num(np.asarray(v, dtype=np.float64), nan=0.0, posinf=1e9, neginf=-1e9)
                      for v in (x0, y0, x1, y1))
    if not len(x0):
        return np.zeros((0, 4), dtype=np.float64)
    tx0, tx1, ty0, ty1 = tile_ranges(mask.shape, x0, y0, x1, y1)  # the tiles each box touches, as touching counts them
    along_rows, along_cols = running_counts(mask) if counts is None else counts

    def ends(first, last, hit):  # the first and last index where `hit` (boxes x range) holds
        some = hit.any(axis=1)
        low = np.where(some, first + hit.argmax(axis=1), first)
        high = np.where(some, first + hit.shape[1] - 1 - hit[:, ::-1].argmax(axis=1), last - 1)
        return low, high

    rows = ty0[:, None] + np.arange(int((ty1 - ty0).max()))
    in_range = rows < ty1[:, None]
    rows = np.minimum(rows, ny - 1)
    top, bottom = ends(ty0, ty1, in_range & (along_rows[rows, tx1[:, None]] > along_rows[rows, tx0[:, None]]))
    cols = tx0[:, None] + np.arange(int((tx1 - tx0).max()))
    in_range = cols < tx1[:, None]
    cols = np.minimum(cols, nx - 1)
    left, right = ends(tx0, tx1, in_range & (along_cols[bottom[:, None] + 1, cols] > along_cols[top[:, None], cols]))
    return np.stack([left * TILE, top * TILE, (right + 1) * TILE, (bottom + 1) * TILE], axis=1).astype(np.float64)


def row_hashes(rows: np.ndarray, tag: int) -> np.ndarray:
    """One 64-bit hash per row of float32 values (its bits), `tag` telling kinds of rows apart."""
    bits = np.ascontiguousarray(rows, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return (bits * _MIX[: bits.shape[1]]).sum(axis=1, dtype=np.uint64) ^ np.uint64(tag * 0x9E3779B97F4A7C15 % 2**64)


def ranked(hashes: np.ndarray) -> np.ndarray:
    """Hashes made unique by their occurrence: the k-th copy of a row hashes apart from the
    first, so two identical rows where there was one count as a change (the pixels differ)."""
    if not len(hashes):
        return hashes
    order = np.argsort(hashes, kind="stable")
    sorted_ = hashes[order]
    starts = np.r_[True, sorted_[1:] != sorted_[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(len(sorted_)), 0))
    rank = np.empty(len(hashes), dtype=np.uint64)
    rank[order] = (np.arange(len(sorted_)) - first).astype(np.uint64)
    return hashes + rank * np.uint64(0xD6E8FEB86659FD93)


def contained(values: np.ndarray, sorted_: np.ndarray) -> np.ndarray:
    """For each value, whether the sorted array holds it (np.isin for a sorted right side:
    a binary search each, a tenth of isin's time on a frame's few hundred rows)."""
    if not len(sorted_):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_, values), len(sorted_) - 1)
    return sorted_[at] == values


@dataclass(frozen=True)
class Clip:
    """A settling frame's damage as one clipped draw sees it: `mask`, the tiles redrawn (top row
    first), and `reach`, the tiles that draw can touch (None: anywhere). The clip must match
    the mask inside the reach only: what lies outside it, no pixel of the draw lands on
    (game.render.damage_clip.DamageDepth leaves it as it was)."""
    mask: np.ndarray
    reach: np.ndarray | None = None


@dataclass
class Paint:
    """One batch of the painter onto the screen: shape rows and glyph rows, drawn by `replay`
    (rows kept, clip mask or None)."""
    shapes: np.ndarray
    glyphs: np.ndarray
    shape_boxes: np.ndarray   # (4, n) every pixel a shape may change: x0, y0, x1, y1
    shape_damage: Callable    # rows -> (x0, y0, x1, y1) of the pixels those shapes change
    replay: Callable          # replay(shapes, glyphs, mask or None)
    # redrawn(rows, boxes, touches, bounds): the rows to draw again where touches(x0, y0, x1, y1)
    # says tiles are redrawn, boxes their shape_boxes, bounds(x0, y0, x1, y1) the box of the
    # redrawn tiles each touches (None: the rows whose boxes touch them)
    redrawn: Callable | None = None

    def glyph_boxes(self):
        return self.boxes_of(self.glyphs)

    @staticmethod
    def boxes_of(glyphs: np.ndarray):
        """Corner arrays (x0, y0, x1, y1) of glyph rows' quads."""
        x, y, w, h = glyphs[:, 0:4].T.astype(np.float64)
        return x, y, x + w, y + h


@dataclass
class Direct:
    """A draw that is not the painter's. Either a texture into a rectangle, redrawn whole, so
    every tile of its rectangle is redrawn with it (`draw()`); or, with `boxes`, many small
    things whose program clips itself to the damage as the painter's do (`draw(mask)`, mask
    None: everywhere): only the tiles of their boxes count. `key` names what it shows (None:
    new each time)."""
    rect: tuple | None  # x, y, w, h in pixels, top-left origin; None: the whole screen
    key: object
    draw: Callable
    opaque: bool = False  # it sets every pixel of its rectangle, or of each box (no blending)
    boxes: tuple | None = None  # (x0, y0, x1, y1) arrays of what it draws: it clips itself

    def changed_boxes(self, size):
        """Corner arrays of where it draws: its boxes, or its rectangle."""
        return self.boxes if self.boxes is not None else tuple(np.array([v]) for v in self.box(size))

    def touches(self, mask: np.ndarray, size, table: np.ndarray | None = None) -> bool:
        return bool(touching(mask, *self.changed_boxes(size), table=table).any())

    def box(self, size):
        if self.rect is None:
            return 0.0, 0.0, float(size[0]), float(size[1])
        x, y, w, h = (float(v) for v in self.rect)
        return x, y, x + w, y + h

    def ident(self) -> int | None:
        return None if self.key is None else hash((self.rect, self.key))


@dataclass
class ScreenFrame:
    """What one frame draws over the cached `picture` (a Layer at `version`), in order."""
    picture: object
    version: int
    size: tuple             # the screen's (w, h) in pixels
    copy_whole: Callable    # copy the whole picture onto the screen
    copy_patches: Callable  # copy_patches(rects): the picture onto the screen in those rectangles
    commands: list = field(default_factory=list)
    broken: bool = False    # something was drawn onto the screen at once instead of recorded
    _hashes: tuple | None = None
    _sorted: tuple | None = None

    def over(self, other: ScreenFrame | None) -> bool:
        """Whether `other` was drawn over the same picture (so the screen differs from it only
        where the commands differ)."""
        return (other is not None and other.picture is self.picture and other.version == self.version
                and not other.broken and not self.broken)

    def paints(self) -> list[Paint]:
        return [c for c in self.commands if isinstance(c, Paint)]

    def directs(self) -> list[Direct]:
        return [c for c in self.commands if isinstance(c, Direct)]

    def hashes(self) -> tuple[np.ndarray, np.ndarray]:
        """(shape hashes, glyph hashes) over every batch, each unique by occurrence."""
        if self._hashes is None:
            paints = self.paints()
            shapes = [row_hashes(p.shapes, 1) for p in paints if len(p.shapes)]
            glyphs = [row_hashes(p.glyphs, 2) for p in paints if len(p.glyphs)]
            self._hashes = (ranked(np.concatenate(shapes)) if shapes else np.zeros(0, np.uint64),
                            ranked(np.concatenate(glyphs)) if glyphs else np.zeros(0, np.uint64))
        return self._hashes

    def sorted_hashes(self) -> tuple[np.ndarray, np.ndarray]:
        """`hashes()`, each sorted (what `changed_boxes` looks rows up in), made once."""
        if self._sorted is None:
            self._sorted = tuple(np.sort(h) for h in self.hashes())
        return self._sorted

    def changed_boxes(self, other: ScreenFrame):
        """Corner arrays of what this frame draws that `other` does not (rows and draws)."""
        shape_hashes, glyph_hashes = self.hashes()
        other_shapes, other_glyphs = other.sorted_hashes()
        new_shape = ~contained(shape_hashes, other_shapes)
        new_glyph = ~contained(glyph_hashes, other_glyphs)
        boxes, s, g = [], 0, 0
        for paint in self.paints():
            n, m = len(paint.shapes), len(paint.glyphs)
            if n and new_shape[s:s + n].any():
                boxes.append(paint.shape_damage(paint.shapes[new_shape[s:s + n]]))
            if m and new_glyph[g:g + m].any():
                x0, y0, x1, y1 = paint.glyph_boxes()
                keep = new_glyph[g:g + m]
                boxes.append((x0[keep], y0[keep], x1[keep], y1[keep]))
            s, g = s + n, g + m
        others = {d.ident() for d in other.directs()}
        for direct in self.directs():
            if direct.ident() is None or direct.ident() not in others:
                boxes.append(direct.changed_boxes(self.size))
        return boxes

    def damage(self, previous: ScreenFrame, dirty: np.ndarray) -> np.ndarray:
        """The tiles to copy back and redraw: drawn over outside a frame (`dirty`), changed
        between `previous` and this frame (both ways), and the whole rectangle of every draw
        that is redrawn (it cannot be clipped)."""
        boxes = self.changed_boxes(previous) + previous.changed_boxes(self)
        mask = dirty.copy()
        if boxes:  # every changed box at once
            corners = [np.concatenate([np.atleast_1d(np.asarray(box[i], dtype=np.float64)) for box in boxes])
                       for i in range(4)]
            mask |= tiles_touched(mask.shape, *corners)
        directs = [d for d in self.directs() if d.boxes is None]
        while directs:  # a draw over a redrawn tile is redrawn whole: its rectangle too
            corners = np.array([d.box(self.size) for d in directs]).T
            hit = touching(mask, *corners)
            grown = mask | tiles_touched(mask.shape, *corners[:, hit]) if hit.any() else mask
            if (grown == mask).all():
                break
            mask = grown
        return mask

    def covered(self, mask: np.ndarray) -> np.ndarray:
        """Tiles that an opaque draw redrawn under `mask` sets whole (a rectangle, or each box of
        a clipped draw): the picture need not be copied back there (whatever was drawn before
        it there is drawn over as well)."""
        covered = np.zeros_like(mask)
        table = None
        for direct in self.directs():
            if not direct.opaque:
                continue
            table = summed(mask) if table is None else table
            x0, y0, x1, y1 = (np.atleast_1d(np.asarray(v, dtype=np.float64)) for v in direct.changed_boxes(self.size))
            for i in np.flatnonzero(touching(mask, x0, y0, x1, y1, table)):
                self._cover(covered, x0[i], y0[i], x1[i], y1[i])
        return covered

    def _cover(self, covered: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> None:
        """Mark the tiles whose every pixel lies inside the box."""
        ny, nx = covered.shape
        # pixel i is set when its centre i + 0.5 lies inside [x0, x1) (kept clear of the edges)
        first_x, last_x = int(np.ceil(x0 - 0.5 + EDGE)), int(np.floor(x1 - 0.5 - EDGE))
        first_y, last_y = int(np.ceil(y0 - 0.5 + EDGE)), int(np.floor(y1 - 0.5 - EDGE))
        last_x, last_y = min(last_x, self.size[0] - 1), min(last_y, self.size[1] - 1)
        tx0, ty0 = -(-first_x // TILE), -(-first_y // TILE)
        tx1 = min((last_x + 1) // TILE, nx) if last_x + 1 < self.size[0] else nx
        ty1 = min((last_y + 1) // TILE, ny) if last_y + 1 < self.size[1] else ny
        if tx1 > tx0 and ty1 > ty0:
            covered[ty0:ty1, tx0:tx1] = True

    def replay(self, mask: np.ndarray | None) -> None:
        """Draw the commands again in order, each only where `mask` is set (None: everywhere)."""
        table = None if mask is None else summed(mask)
        counts = None if mask is None else running_counts(mask)
        for command in self.commands:
            if isinstance(command, Direct):
                if mask is None or command.touches(mask, self.size, table):
                    if command.boxes is None:
                        command.draw()
                    else:
                        command.draw(None if mask is None else clip_for(mask, table, command.boxes))
                continue
            shapes, glyphs = command.shapes, command.glyphs
            if mask is not None:
                if len(shapes) and command.redrawn is not None:
                    shapes = command.redrawn(shapes, command.shape_boxes,
                                             lambda *box: touching(mask, *box, table=table),
                                             lambda *box: damaged_bounds(mask, *box, counts=counts))
                elif len(shapes):
                    shapes = shapes[touching(mask, *command.shape_boxes, table=table)]
                if len(glyphs):
                    glyphs = glyphs[touching(mask, *command.glyph_boxes(), table=table)]
            if len(shapes) or len(glyphs):
                command.replay(shapes, glyphs, None if mask is None else clip_for(
                    mask, table, command.shape_damage(shapes), Paint.boxes_of(glyphs)))


def clip_for(mask: np.ndarray, table: np.ndarray, *boxes) -> Clip | None:
    """The clip for a draw of `boxes` (corner arrays, top-left origin: every pixel it may
    change) under `mask` (table: its summed(mask)): none when they all lie inside the redrawn
    tiles (nothing to clip), else the mask with the tiles they touch as its reach."""
    corners = [np.concatenate([np.atleast_1d(np.asarray(box[i], dtype=np.float64)) for box in boxes])
               for i in range(4)]
    if within(mask, *corners, table=table).all():
        return None
    return Clip(mask, tiles_touched(mask.shape, *corners))


def patches_of(mask: np.ndarray, size) -> np.ndarray:
    """The set tiles as rectangles, one per run of tiles along a row of tiles (x0, y0, x1, y1
    in pixels, GL's origin at the bottom left)."""
    if not mask.any():
        return np.zeros((0, 4), dtype=np.float32)
    edges = np.diff(np.pad(mask.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    rows, x0 = np.nonzero(edges == 1)  # both row-major: the n-th start pairs with the n-th end
    _rows, x1 = np.nonzero(edges == -1)
    W, H = int(size[0]), int(size[1])
    return np.stack([x0 * TILE, np.maximum(H - (rows + 1) * TILE, 0), np.minimum(x1 * TILE, W),
                     H - rows * TILE], axis=1).astype(np.float32)
