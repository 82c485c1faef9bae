"""The classifier's point marks (game/render/marks.py) against the painter's shapes they
replaced: discs, rounded squares and rings over them look the same drawn as point sprites in
one draw, and a mark sits where it is asked to."""

from __future__ import annotations

import numpy as np
import pytest

from game.render import theme
from game.render.marks import MarkArt
from game.render.painter import Painter
from gpu_picture import BACKGROUND, H, W, picture

pytestmark = pytest.mark.gpu

S = 1.5  # 1920x1080
R, CORNER, RING, RING_W = 4.2 * S, 1.0 * S, (4.2 + 3.2) * S, 1.6 * S


def points():
    rng = np.random.default_rng(3)
    xs = rng.uniform(10, W - 10, 40)
    ys = rng.uniform(10, H - 10, 40)
    squares = rng.random(40) < 0.5
    ringed = rng.random(40) < 0.4
    colors = np.array([theme.BLUE, theme.ORANGE], dtype=np.float64)[squares.astype(int)]
    return xs, ys, squares, ringed, colors


def test_marks_look_like_the_painters_shapes(own_ctx, own_target):
    xs, ys, squares, ringed, colors = points()
    painter, art = Painter(own_ctx), MarkArt(own_ctx, capacity=8)  # small: a draw of more grows it

    def by_painter():
        painter.begin((W, H))
        discs = painter.circle_shapes(xs, ys, R, colors)
        boxes = painter.rect_shapes(xs - R, ys - R, 2 * R, 2 * R, colors, radius=CORNER)
        rings = painter.circle_shapes(xs, ys, RING, theme.INK, stroke=RING_W)
        marks = np.where(squares[:, None], boxes, discs)
        drawn = np.stack([np.ones(len(xs), dtype=bool), ringed], axis=1)
        painter.add_shapes(np.stack([marks, rings], axis=1)[drawn])
        painter.flush()

    expected = picture(own_ctx, own_target, by_painter)
    got = picture(own_ctx, own_target, lambda: art.draw(xs, ys, squares, ringed, colors, R, CORNER, RING, RING_W,
                                                 theme.INK, (W, H)))
    assert np.abs(expected - got).max() <= 2  # the same blend, rounded to 8 bits once or twice
    assert (np.abs(got - np.array(BACKGROUND[:3]) * 255).max(axis=2) > 40).mean() > 0.2  # not empty


def test_a_mark_sits_where_it_is_asked(own_ctx, own_target):
    art = MarkArt(own_ctx)
    xs, ys = np.array([20.0, 60.0, np.nan]), np.array([30.0, 30.0, 5.0])  # a point off the plane is left out
    colors = np.array([theme.BLUE, theme.ORANGE, theme.ORANGE])
    pixels = picture(own_ctx, own_target, lambda: art.draw(xs, ys, [False, True, True], [True, False, False], colors, R,
                                                   CORNER, RING, RING_W, theme.INK, (W, H)))
    blue, orange, ink = (np.array(c[:3]) * 255 for c in (theme.BLUE, theme.ORANGE, theme.INK))
    assert np.abs(pixels[30, 20] - blue).max() <= 1        # the disc's centre
    assert np.abs(pixels[30, 60] - orange).max() <= 1      # the square's centre
    assert np.abs(pixels[30 + 5, 60 + 5] - orange).max() <= 1  # the square reaches its corners (a disc would not)
    assert np.abs(pixels[30 + 5, 20 + 5] - blue).max() > 40    # the disc does not
    ring_y = 30 - int(round(RING - RING_W / 2))            # the ring's middle, straight above the disc
    assert np.abs(pixels[ring_y, 20] - ink).max() <= 40
    assert np.abs(pixels[5, 5:90] - np.array(BACKGROUND[:3]) * 255).max() <= 1  # nothing drawn up there
