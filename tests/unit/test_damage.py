"""Which tiles of the screen a frame must redraw (game.damage): what changed from the last
frame, both ways, and the whole rectangle of any draw that cannot be clipped. Pure NumPy: the
GL side is replaced by callables that note what they were asked to draw."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.damage import (TILE, Direct, Paint, ScreenFrame, contained, damaged_bounds, patches_of, ranked, tiles_touched,
                         touching, within)

SIZE = (160, 96)  # 10 x 6 tiles
GRID = (6, 10)


def boxes_of(rows):
    """Rows here are (x0, y0, x1, y1, anything...): their box is their first four values."""
    rows = np.asarray(rows, dtype=np.float64).reshape(-1, 4 if rows is None else np.shape(rows)[-1])
    return rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]


def paint(shapes, drawn=None):
    shapes = np.array(shapes, dtype=np.float32).reshape(-1, 16)
    glyphs = np.zeros((0, 12), dtype=np.float32)

    def replay(s, g, mask):
        if drawn is not None:
            drawn.append((s.copy(), mask))

    return Paint(shapes, glyphs, np.stack(boxes_of(shapes)), boxes_of, replay)


def row(x0, y0, x1, y1, colour=1.0):
    return [x0, y0, x1, y1] + [0.0] * 8 + [colour, colour, colour, 1.0]


def frame(*commands):
    return ScreenFrame("picture", 1, SIZE, lambda: None, lambda rects: None, list(commands))


def tiles(*cells):
    mask = np.zeros(GRID, dtype=bool)
    for ty, tx in cells:
        mask[ty, tx] = True
    return mask


def test_a_box_touches_the_tiles_its_pixels_are_in():
    # x 20..30 and y 2..8, a pixel's margin each side: column 1, row 0
    assert (tiles_touched(GRID, [20], [2], [30], [8]) == tiles((0, 1))).all()
    # two boxes at once, one across a tile edge
    both = tiles_touched(GRID, [20, 40], [2, 40], [30, 50], [8, 50])
    assert (both == tiles((0, 1), (2, 2), (2, 3), (3, 2), (3, 3))).all()
    assert tiles_touched(GRID, [np.nan], [0], [1], [1]).all()  # somewhere unknown: everywhere
    assert not tiles_touched(GRID, [500], [500], [600], [600]).any()  # off the screen


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-40, 200), st.floats(-40, 140), st.floats(0, 90), st.floats(0, 90)),
                min_size=1, max_size=6),
       st.lists(st.tuples(st.integers(0, 5), st.integers(0, 9)), max_size=12))
def test_touching_agrees_with_the_tiles_a_box_touches(boxes, cells):
    mask = tiles(*cells)
    x0 = np.array([b[0] for b in boxes])
    y0 = np.array([b[1] for b in boxes])
    x1, y1 = x0 + [b[2] for b in boxes], y0 + [b[3] for b in boxes]
    expected = [bool((tiles_touched(GRID, [a], [b], [c], [d]) & mask).any()) for a, b, c, d in zip(x0, y0, x1, y1)]
    assert touching(mask, x0, y0, x1, y1).tolist() == expected


def test_a_second_copy_of_a_row_hashes_apart_from_the_first():
    h = np.array([7, 7, 9], dtype=np.uint64)
    r = ranked(h)
    assert len(set(r.tolist())) == 3
    assert set(ranked(np.array([9, 7, 7], dtype=np.uint64)).tolist()) == set(r.tolist())  # order is no change


def test_the_same_frame_again_redraws_nothing():
    before = frame(paint([row(20, 2, 30, 8), row(100, 50, 120, 70)]))
    now = frame(paint([row(20, 2, 30, 8), row(100, 50, 120, 70)]))
    assert not now.damage(before, np.zeros(GRID, dtype=bool)).any()


def test_a_moved_shape_redraws_where_it_was_and_where_it_is():
    before = frame(paint([row(20, 2, 30, 8), row(100, 50, 120, 60)]))
    now = frame(paint([row(20, 2, 30, 8), row(100, 70, 120, 80)]))
    damage = now.damage(before, np.zeros(GRID, dtype=bool))
    assert (damage == tiles((3, 6), (3, 7), (4, 6), (4, 7), (5, 6), (5, 7))).all()


def test_a_shape_drawn_twice_where_it_was_once_is_a_change():
    before = frame(paint([row(20, 2, 30, 8)]))
    now = frame(paint([row(20, 2, 30, 8), row(20, 2, 30, 8)]))  # blended twice: other pixels
    assert (now.damage(before, np.zeros(GRID, dtype=bool)) == tiles((0, 1))).all()


def test_tiles_drawn_over_outside_a_frame_are_redrawn_too():
    same = [row(20, 2, 30, 8)]
    dirty = tiles((5, 9))
    assert (frame(paint(same)).damage(frame(paint(same)), dirty) == dirty).all()


def test_a_draw_with_a_new_key_redraws_its_rectangle():
    # x 34..62, y 34..46 (a pixel's margin each side): tiles 2 and 3 of row 2
    before = frame(Direct((34, 34, 28, 12), "old", lambda: None))
    now = frame(Direct((34, 34, 28, 12), "new", lambda: None))
    assert (now.damage(before, np.zeros(GRID, dtype=bool)) == tiles((2, 2), (2, 3))).all()
    keyless = frame(Direct((34, 34, 28, 12), None, lambda: None))
    assert keyless.damage(keyless, np.zeros(GRID, dtype=bool)).any()  # None: new every frame


def test_a_draw_under_a_change_is_redrawn_whole():
    """A picture drawn into (1..62, 1..30) cannot be clipped: a shape changing over one of its
    tiles brings every tile of it back."""
    picture = Direct((1, 1, 61, 29), "same", lambda: None)
    before = frame(picture, paint([row(4, 4, 10, 10, 0.5)]))
    now = frame(picture, paint([row(4, 4, 10, 10, 0.9)]))
    damage = now.damage(before, np.zeros(GRID, dtype=bool))
    assert (damage == tiles(*[(ty, tx) for ty in range(2) for tx in range(4)])).all()


def test_an_opaque_draw_needs_no_copy_back_where_it_covers_whole_tiles():
    opaque = Direct((16, 16, 64, 48), "map", lambda: None, opaque=True)
    blended = Direct((16, 16, 64, 48), "map", lambda: None)
    mask = np.ones(GRID, dtype=bool)
    covered = frame(opaque).covered(mask)
    # pixels 16..79 x 16..63: tiles 1..4 across, 1..3 down, all whole
    assert (covered == tiles(*[(ty, tx) for ty in range(1, 4) for tx in range(1, 5)])).all()
    assert not frame(blended).covered(mask).any()
    # not redrawn (no tile of it is damaged): it covers nothing this frame
    assert not frame(opaque).covered(tiles((5, 9))).any()


def test_an_opaque_clipped_draw_covers_the_whole_tiles_of_each_box():
    """Small pictures drawn with blending off (the hidden neurons' tiles): each box's whole
    tiles need no copy back; a box with no redrawn tile covers nothing."""
    boxes = (np.array([16.0, 96.0]), np.array([16.0, 16.0]), np.array([48.0, 140.0]), np.array([48.0, 40.0]))
    opaque = Direct(None, "neurons", lambda mask: None, opaque=True, boxes=boxes)
    mask = np.ones(GRID, dtype=bool)
    # box 1: pixels 16..47 -> tiles 1..2 both ways; box 2: pixels 96..139 x 16..39 -> tiles 6..7 x 1
    want = tiles(*[(ty, tx) for ty in (1, 2) for tx in (1, 2)], (1, 6), (1, 7))
    assert (frame(opaque).covered(mask) == want).all()
    only_first = tiles((1, 1))
    assert (frame(opaque).covered(only_first) == tiles(*[(ty, tx) for ty in (1, 2) for tx in (1, 2)])).all()
    blended = Direct(None, "neurons", lambda mask: None, boxes=boxes)
    assert not frame(blended).covered(mask).any()


def test_replay_draws_only_the_rows_that_touch_the_damage():
    drawn = []
    now = frame(paint([row(20, 2, 30, 8), row(100, 70, 120, 80)], drawn))
    mask = tiles((0, 1))
    now.replay(mask)
    assert len(drawn) == 1 and len(drawn[0][0]) == 1 and drawn[0][0][0, 0] == 20
    assert drawn[0][1] is None  # it lies inside the redrawn tile: nothing to clip
    drawn.clear()
    now.replay(None)  # the whole picture: every row, unclipped
    assert len(drawn[0][0]) == 2 and drawn[0][1] is None


def test_replay_clips_a_batch_only_where_a_row_reaches_past_the_damage():
    drawn = []
    # the first row lies in tile (0, 1); the second reaches from it into tile (0, 2)
    now = frame(paint([row(20, 2, 30, 8), row(20, 2, 40, 8)], drawn))
    mask = tiles((0, 1))
    now.replay(mask)
    clip = drawn[0][1]
    assert len(drawn[0][0]) == 2 and clip.mask is mask
    assert clip.reach.tolist() == tiles((0, 1), (0, 2)).tolist()  # the tiles its rows touch, no more
    drawn.clear()
    now.replay(tiles((0, 1), (0, 2), (0, 3)))
    assert len(drawn[0][0]) == 2 and drawn[0][1] is None


def test_replay_clips_a_clipped_draw_only_where_a_box_reaches_past_the_damage():
    masks = []
    boxes = (np.array([20.0, 20.0]), np.array([2.0, 2.0]), np.array([30.0, 40.0]), np.array([8.0, 8.0]))
    now = frame(Direct(None, "dots", masks.append, boxes=boxes))
    now.replay(None)
    now.replay(tiles((0, 1)))  # the second box reaches into tile (0, 2)
    now.replay(tiles((0, 1), (0, 2), (0, 3)))
    assert masks[0] is None and masks[2] is None
    assert masks[1].mask[0, 1] and masks[1].reach.tolist() == tiles((0, 1), (0, 2)).tolist()


def test_within_asks_every_tile_a_box_touches():
    mask = tiles((0, 1), (0, 2), (1, 1))
    # x 20..30, y 2..8 with a pixel's margin: tile (0, 1) only
    assert within(mask, [20], [2], [30], [8]).tolist() == [True]
    # x 20..40: tiles (0, 1) and (0, 2); y 2..20 adds (1, 1) and (1, 2), which is not set
    assert within(mask, [20, 20], [2, 2], [40, 40], [8, 20]).tolist() == [True, False]
    # a margin's pixel past a tile's edge reaches the next tile: x 16.5 reaches (0, 0)
    assert within(mask, [16.5, 17], [2, 2], [30, 30], [8, 8]).tolist() == [False, True]


def test_patches_are_runs_of_tiles_along_each_row():
    mask = tiles((0, 1), (0, 2), (5, 9))
    rects = patches_of(mask, SIZE)
    # GL's origin is the bottom left: row 0 of tiles is y 80..96
    assert sorted(map(tuple, rects.astype(int).tolist())) == [(16, 80, 48, 96), (144, 0, 160, 16)]
    assert TILE == 16


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=30), st.lists(st.integers(0, 40), max_size=30))
def test_contained_is_isin_against_a_sorted_side(values, other):
    """The row lookup of changed_boxes: a binary search in the other frame's sorted hashes says
    what np.isin says (hashes near 2**64 too: the values are spread over the whole range)."""
    spread = np.uint64(0x9E3779B97F4A7C15)
    v = np.array(values, dtype=np.uint64) * spread
    o = np.array(other, dtype=np.uint64) * spread
    assert (contained(v, np.sort(o)) == np.isin(v, o)).all()


@given(st.lists(st.tuples(st.floats(-40, 200), st.floats(-40, 140), st.floats(0, 90), st.floats(0, 90)),
                min_size=1, max_size=6),
       st.lists(st.tuples(st.integers(0, 5), st.integers(0, 9)), min_size=1, max_size=12))
def test_damaged_bounds_is_the_box_of_the_set_tiles_a_box_touches(boxes, cells):
    """For a box touching set tiles, damaged_bounds gives the bounding box, in pixels, of
    exactly those set tiles it touches (tiles_touched & mask)."""
    mask = tiles(*cells)
    x0 = np.array([b[0] for b in boxes])
    y0 = np.array([b[1] for b in boxes])
    x1, y1 = x0 + [b[2] for b in boxes], y0 + [b[3] for b in boxes]
    hit = touching(mask, x0, y0, x1, y1)
    found = damaged_bounds(mask, x0[hit], y0[hit], x1[hit], y1[hit])
    for k, i in enumerate(np.flatnonzero(hit)):
        rows, cols = np.nonzero(tiles_touched(GRID, [x0[i]], [y0[i]], [x1[i]], [y1[i]]) & mask)
        assert found[k].tolist() == [cols.min() * TILE, rows.min() * TILE, (cols.max() + 1) * TILE, (rows.max() + 1) * TILE]
