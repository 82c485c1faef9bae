"""The painter's quads (shapes.glsl) are as tight as EDGE_PAD says and lose nothing: every
kind of shape -- slanted lines of many widths, rounded and outlined rects, triangles, stars,
with and without glow -- drawn in quads padded by EDGE_PAD gives the very pixels of quads padded
generously (each pixel is shaded at its own centre, whatever its quad), while a quad with no
pad at all cuts their anti-aliased edges (the check can fail). A long line cut into stretches
(damaged_rows) gives the whole line's pixels too."""

from __future__ import annotations

import numpy as np
import pytest

from game.render import painter as painter_module
from game.render.painter import Painter
from gpu_picture import H, W, picture

pytestmark = pytest.mark.gpu


def shapes(p: Painter) -> None:
    rng = np.random.default_rng(7)
    for _ in range(12):  # slanted lines, hairline to thick, some glowing
        x0, y0, x1, y1 = rng.uniform(4, W - 4), rng.uniform(4, H - 4), rng.uniform(4, W - 4), rng.uniform(4, H - 4)
        p.line(x0, y0, x1, y1, rng.uniform(0.6, 7.0), (0.9, 0.6, 0.2, 0.8), glow=rng.choice([0.0, 0.0, 1.5]))
    p.circle(20.3, 18.7, 5.2, (0.3, 0.7, 1.0, 1.0), glow=2.0)
    p.circle(70.6, 40.2, 9.1, (1.0, 1.0, 1.0, 0.7), stroke=1.5)
    p.rect(8.4, 30.2, 30.3, 20.6, (0.2, 0.8, 0.4, 0.9), radius=4.3)
    p.rect(50.2, 6.7, 36.1, 18.4, (0.9, 0.9, 0.9, 1.0), radius=3.0, stroke=1.4)
    p.rect(40.5, 44.5, 12.2, 9.3, (1.0, 0.5, 0.2, 1.0), glow=1.2)
    p.triangle((60.2, 50.1), (84.7, 58.3), (70.1, 37.9), (0.8, 0.3, 0.9, 1.0))
    p.star(30.5, 52.5, 8.3, (1.0, 0.85, 0.2, 1.0), glow=1.0)
    p.arrow(10.0, 60.0, 45.0, 36.0, 2.5, (0.3, 0.9, 1.0, 1.0), glow=1.0)


def rows_drawn(p: Painter, shape_rows: np.ndarray):
    """A draw() putting these shape rows, as they are, through the painter."""
    def draw() -> None:
        p.begin((W, H))
        p.add_shapes(shape_rows)
        p.flush()
    return draw


def drawn_with_pad(own_ctx, own_target, monkeypatch, pad: float) -> np.ndarray:
    monkeypatch.setattr(painter_module, "EDGE_PAD", pad)
    p = Painter(own_ctx)

    def draw() -> None:
        p.begin((W, H))
        shapes(p)
        p.flush()

    return picture(own_ctx, own_target, draw)


def test_the_edge_pad_loses_no_pixel(own_ctx, own_target, monkeypatch):
    tight = drawn_with_pad(own_ctx, own_target, monkeypatch, painter_module.EDGE_PAD)
    generous = drawn_with_pad(own_ctx, own_target, monkeypatch, 4.0)
    assert (tight == generous).all()


def test_a_quad_with_no_pad_cuts_edges(own_ctx, own_target, monkeypatch):
    none = drawn_with_pad(own_ctx, own_target, monkeypatch, 0.0)
    generous = drawn_with_pad(own_ctx, own_target, monkeypatch, 4.0)
    assert np.abs(none - generous).max() > 8


def test_a_line_cut_into_stretches_gives_the_whole_lines_pixels(own_ctx, own_target, monkeypatch):
    """Every other stretch of a long slanted glowing line (damaged_rows, with every other
    piece touching a redrawn tile), against the line drawn whole: the same pixels wherever a
    stretch is drawn. (Touching pieces next to each other make one stretch: no two meet.)"""
    from game.render.painter import damaged_rows

    p = Painter(own_ctx)
    monkeypatch.setattr(painter_module, "PIECE", 9.0)  # pieces short enough to cut this small picture's lines

    def rows_of_lines():
        p.begin((W, H))
        p.line(3.2, 5.1, 92.7, 58.4, 5.0, (0.9, 0.6, 0.2, 0.8), glow=1.5)
        rows = p.shapes.rows[:p.shapes.count].copy()
        p.shapes.count = 0
        return rows

    rows = rows_of_lines()
    # every other piece touching: the line comes back as many stretches
    calls = []

    def touches(x0, y0, x1, y1):
        calls.append(len(x0))
        return np.ones(len(x0), bool) if len(calls) == 1 else (np.arange(len(x0)) % 2 == 0)

    cut = damaged_rows(rows, painter_module.shape_boxes(rows), touches)
    assert len(cut) > len(rows)
    assert (cut[:, 5] > cut[:, 4]).all()
    rest = rows.copy()
    rest_cut = damaged_rows(rest, painter_module.shape_boxes(rest), lambda *box: np.ones(len(box[0]), bool))
    assert len(rest_cut) == len(rows)  # every piece touching: each line as it is, one row

    whole = picture(own_ctx, own_target, rows_drawn(p, rows))
    pieces = picture(own_ctx, own_target, rows_drawn(p, cut))
    drawn = (pieces != picture(own_ctx, own_target, rows_drawn(p, rows[:0]))).any(axis=2)
    assert drawn.sum() > 100
    assert (pieces[drawn] == whole[drawn]).all()


def test_a_rect_or_dot_cut_to_the_redrawn_tiles_keeps_their_pixels(own_ctx, own_target, monkeypatch):
    """Big rects and dots (rounded, glowing, outlined) redrawn in part (cut_quads, given the box
    of the redrawn tiles): inside that box the very pixels of the whole shape, outside it
    nothing drawn; a shape wholly inside its box keeps its own quad."""
    from game.render.painter import cut_quads, shape_boxes

    monkeypatch.setattr(painter_module, "CUT_AREA", 100.0)
    p = Painter(own_ctx)
    p.begin((W, H))
    p.rect(6.3, 5.2, 60.4, 40.1, (0.2, 0.8, 0.4, 0.9), radius=6.0, glow=2.0)
    p.circle(60.2, 34.7, 18.3, (0.3, 0.7, 1.0, 0.8), glow=3.0)
    p.circle(40.5, 30.5, 14.0, (1.0, 1.0, 1.0, 0.7), stroke=2.0)
    p.rect(80.0, 50.0, 6.0, 6.0, (0.9, 0.9, 0.9, 1.0))  # under CUT_AREA: as it is
    rows = p.shapes.rows[:p.shapes.count].copy()
    p.shapes.count = 0
    box = (32.0, 16.0, 64.0, 48.0)  # two 16-pixel tiles each way

    def bounds(x0, y0, x1, y1):
        return np.tile(np.array(box), (len(x0), 1))

    boxes = shape_boxes(rows)
    cut = cut_quads(rows, boxes, np.ones(len(rows), bool), bounds)
    assert (cut[:3, 6] > cut[:3, 4]).all() and (cut[3, 4:8] == 0).all()
    quads, cut_to = np.array(boxes)[:, :3].T, np.array(shape_boxes(cut))[:, :3].T
    assert np.allclose(cut_to, np.concatenate([np.maximum(quads[:, :2], box[:2]), np.minimum(quads[:, 2:], box[2:])], axis=1))

    whole = picture(own_ctx, own_target, rows_drawn(p, rows[:3]))
    part = picture(own_ctx, own_target, rows_drawn(p, cut[:3]))
    empty = picture(own_ctx, own_target, rows_drawn(p, rows[:0]))
    x0, y0, x1, y1 = (int(v) for v in box)
    inside = np.zeros((H, W), bool)
    inside[y0:y1, x0:x1] = True
    assert (whole[inside] != empty[inside]).any(axis=1).sum() > 500
    assert (part[inside] == whole[inside]).all()
    assert (part[~inside] == empty[~inside]).all()


def test_lines_stopped_under_opaque_discs_look_the_same(own_ctx, own_target):
    """Weight lines from node centre to node centre, opaque discs (the nodes) drawn over their
    ends: the lines cut short by under_discs give the same picture, to a rounding step of the
    8-bit colour at most, and are shorter."""
    from game.render.network_view import under_discs

    rng = np.random.default_rng(3)
    starts = np.array([(14.0, 12.0), (14.0, 52.0)])
    ends_at = np.array([(80.0, 10.0), (82.0, 32.0), (80.0, 54.0)])
    ends = np.array([(*a, *b) for a in starts for b in ends_at])
    widths = rng.uniform(1.0, 8.0, len(ends))
    r_start, r_end = 9.0, 7.5
    cut = under_discs(ends, widths, r_start, r_end)
    length = lambda e: np.hypot(e[:, 2] - e[:, 0], e[:, 3] - e[:, 1])  # noqa: E731
    assert (length(cut) < length(ends) - 8.0).all()
    p = Painter(own_ctx)

    def network(line_ends):
        def draw():
            p.begin((W, H))
            p.lines(*line_ends.T, widths, (0.95, 0.55, 0.2, 0.55))
            for x, y in starts:
                p.circle(x, y, r_start, (0.16, 0.2, 0.34, 1.0))
            for x, y in ends_at:
                p.circle(x, y, r_end, (0.11, 0.13, 0.24, 1.0))
            p.flush()
        return draw

    whole = picture(own_ctx, own_target, network(ends))
    short = picture(own_ctx, own_target, network(cut))
    assert np.abs(short - whole).max() <= 1
    assert (np.abs(short - whole) > 0).sum() < 0.01 * W * H


def filled_rects(p: Painter) -> None:
    # rounded and square, glowing or not, opaque and see-through, at whole and fractional pixels
    p.rect(4.3, 3.7, 40.6, 30.2, (0.2, 0.8, 0.4, 0.9), radius=6.0, glow=2.0)
    p.rect(50.0, 4.0, 40.0, 26.0, (0.9, 0.9, 0.9, 1.0))
    p.rect(8.5, 38.25, 36.4, 22.1, (1.0, 0.5, 0.2, 0.72), radius=0.3)
    p.rect(51.7, 35.8, 36.5, 24.3, (0.3, 0.7, 1.0, 0.5), radius=9.0, glow=1.5)
    p.rect(40.0, 62.0, 30.0, -20.0, (0.9, 0.2, 0.6, 0.6))  # given from its far corner: drawn as it was, whole


def test_a_filled_rect_drawn_flat_inside_its_band_is_the_rect_drawn_whole(own_ctx, own_target, monkeypatch):
    """A filled rect with a big inside (flat_inside) is drawn as the band along its edge (the
    rect's own shader: corners, anti-aliased edge, glow) and a flat inside: the very pixels of
    the rect drawn in one quad."""
    from game.render.painter import FLAT

    pictures, kinds = [], []
    for flat_area in (50.0, float("inf")):
        monkeypatch.setattr(painter_module, "FLAT_AREA", flat_area)
        p = Painter(own_ctx)

        def draw() -> None:
            p.begin((W, H))
            filled_rects(p)
            kinds.append(p.shapes.rows[:p.shapes.count, 8].copy())
            p.flush()

        pictures.append(picture(own_ctx, own_target, draw))
    split, whole = pictures
    assert (kinds[0] == FLAT).sum() == 4 and (kinds[1] == FLAT).sum() == 0  # the test draws both ways
    assert (whole != picture(own_ctx, own_target, lambda: None)).any(axis=2).sum() > 3000
    assert (split == whole).all()


def test_a_flat_inside_redrawn_in_part_is_cut_to_that_part(own_ctx, own_target, monkeypatch):
    from game.render.painter import FLAT, cut_quads, shape_boxes

    monkeypatch.setattr(painter_module, "FLAT_AREA", 50.0)
    monkeypatch.setattr(painter_module, "CUT_AREA", 100.0)
    p = Painter(own_ctx)
    p.begin((W, H))
    p.rect(6.0, 5.0, 80.0, 50.0, (0.9, 0.4, 0.2, 0.8), radius=4.0)
    rows = p.shapes.rows[:p.shapes.count].copy()
    p.shapes.count = 0
    flat = np.flatnonzero(rows[:, 8] == FLAT)
    box = (32.0, 16.0, 64.0, 48.0)
    cut = cut_quads(rows, shape_boxes(rows), np.ones(len(rows), bool), lambda *corners: np.tile(np.array(box), (len(corners[0]), 1)))
    assert np.allclose(cut[flat, 0:4], [box])  # the flat inside is cut to the box itself
    whole = picture(own_ctx, own_target, rows_drawn(p, rows[flat]))
    part = picture(own_ctx, own_target, rows_drawn(p, cut[flat]))
    inside = np.zeros((H, W), bool)
    inside[16:48, 32:64] = True
    assert (part[inside] == whole[inside]).all() and (part[~inside] == picture(own_ctx, own_target, lambda: None)[~inside]).all()
