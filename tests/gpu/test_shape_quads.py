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

    def draw_rows(shape_rows):
        def draw():
            p.begin((W, H))
            p.add_shapes(shape_rows)
            p.flush()
        return draw

    whole = picture(own_ctx, own_target, draw_rows(rows))
    pieces = picture(own_ctx, own_target, draw_rows(cut))
    drawn = (pieces != picture(own_ctx, own_target, draw_rows(rows[:0]))).any(axis=2)
    assert drawn.sum() > 100
    assert (pieces[drawn] == whole[drawn]).all()
