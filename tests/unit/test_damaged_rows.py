"""game.render.painter.damaged_rows: the rows a settling frame draws again, in order, long lines
cut to the stretches that touch redrawn tiles."""

from __future__ import annotations

import numpy as np

from game.render import painter
from game.render.painter import PIECE, RECT, SEGMENT, SHAPE_FLOATS, damaged_rows, shape_boxes


def row(kind, a, radius=1.0, tag=0.0):
    r = np.zeros(SHAPE_FLOATS, dtype="f4")
    r[0:4] = a
    r[8], r[9] = kind, radius
    r[12] = tag  # the colour's red tells rows apart here
    return r


def test_order_kept_and_long_lines_cut_to_their_touching_stretches():
    rows = np.stack([
        row(RECT, (10, 10, 20, 20), tag=1),
        row(SEGMENT, (0, 100, 10 * PIECE, 100), tag=2),    # long: cut
        row(RECT, (900, 900, 910, 910), tag=3),            # touches nothing: left out
        row(SEGMENT, (0, 300, 0, 300 + 10 * PIECE), tag=4),  # long, wholly touching: as it is
        row(SEGMENT, (5, 5, 40, 40), tag=5),               # short: as it is
    ])

    def touches(x0, y0, x1, y1):
        # tiles redrawn: a band x in [3 PIECE, 4 PIECE] on the first line, the whole second line
        # column, and the two small shapes
        first = (y1 >= 95) & (y0 <= 105) & (x1 >= 3 * PIECE) & (x0 <= 4 * PIECE)
        second = (x0 <= 5) & (x1 >= -5) & (y1 >= 290)
        small = (x1 <= 50) & (y1 <= 50)
        return first | second | small

    out = damaged_rows(rows, shape_boxes(rows), touches)
    assert out[:, 12].tolist()[0] == 1
    assert out[:, 12].tolist()[-2:] == [4, 5]
    cut = out[out[:, 12] == 2]
    assert len(cut) == 1  # one run of touching pieces
    start, end = cut[0, 4], cut[0, 5]
    assert start <= 3 * PIECE - 1 and end >= 4 * PIECE  # covers the band (with the pad)
    assert end - start < 4 * PIECE  # and not the whole line
    assert 3 not in out[:, 12]
    whole = out[out[:, 12] == 4]
    assert len(whole) == 1 and not whole[0, 5] > whole[0, 4]


def test_nothing_touching_draws_nothing():
    rows = np.stack([row(SEGMENT, (0, 0, 10 * PIECE, 0))])
    assert len(damaged_rows(rows, shape_boxes(rows), lambda *box: np.zeros(len(box[0]), bool))) == 0


def test_big_rects_and_dots_redrawn_in_part_are_drawn_in_that_part():
    """With bounds, a big rect and a big dot touching redrawn tiles in one corner are given that
    corner as their quad (in_b); a small one, an outline's strip and a line keep theirs."""
    side = float(np.sqrt(painter.CUT_AREA)) * 2
    rows = np.stack([
        row(RECT, (0, 0, side, side), tag=1),
        row(SEGMENT, (side, side, side, side), radius=side / 2, tag=2),  # a dot
        row(RECT, (0, 0, 4, 4), tag=3),                                   # small
        row(SEGMENT, (0, 0, side, side), tag=4),                          # a short line
    ])
    corner = np.array([64.0, 64.0, 96.0, 96.0])  # inside both quads
    out = damaged_rows(rows, shape_boxes(rows), lambda *box: np.ones(len(box[0]), bool),
                       lambda *box: np.tile(corner, (len(box[0]), 1)))
    assert out[:, 12].tolist() == [1, 2, 3, 4]
    assert (out[:2, 4:8] == corner).all()
    assert (out[2:, 4:8] == 0).all()
    # where the redrawn tiles' box misses the quad (touching counts a pixel's margin), as it is
    far = damaged_rows(rows, shape_boxes(rows), lambda *box: np.ones(len(box[0]), bool),
                       lambda *box: np.tile([400.0, 400.0, 416.0, 416.0], (len(box[0]), 1)))
    assert (far[:, 4:8] == 0).all()
