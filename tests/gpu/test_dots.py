"""The swarm's dot program (game/render/dots.py) against the painter's discs: stacks of dots
drawn once with their count look like the same dots drawn one by one, and a dot sits where
it is asked to."""

from __future__ import annotations

import numpy as np
import pytest

from game.render import theme
from game.render.dots import DotArt, stack_dots
from game.render.painter import Painter
from gpu_picture import BACKGROUND, H, W, picture

pytestmark = pytest.mark.gpu

RADIUS = 6.75  # a ball at 1920x1080


@pytest.fixture(scope="module")
def target(gl_ctx):
    texture = gl_ctx.texture((W, H), 4)
    yield gl_ctx.framebuffer(color_attachments=[texture])


@pytest.fixture(scope="module")
def painter(gl_ctx):
    return Painter(gl_ctx)


@pytest.fixture(scope="module")
def art(gl_ctx):
    return DotArt(gl_ctx, capacity=16)  # small: a draw of more grows it


def one_by_one(painter, groups):
    painter.begin((W, H))
    for xs, ys, color in groups:
        painter.circles(xs, ys, RADIUS, color)
    painter.flush()


def stacked(art, groups):
    art.draw([(*stack_dots(xs, ys), color) for xs, ys, color in groups], RADIUS, (W, H))


def test_stacks_look_like_their_dots_drawn_one_by_one(ctx, target, painter, art):
    rng = np.random.default_rng(7)
    settled = theme.with_alpha(theme.INK, 0.35)
    rolling = theme.with_alpha(theme.ORANGE, 0.30)
    groups = [  # a pile of 300 on one spot and 40 more within a tenth of a pixel; rolling dots spread
        (np.r_[np.full(300, 16.3), 16.3 + rng.uniform(-0.1, 0.1, 40)],
         np.r_[np.full(300, 46.7), 46.7 + rng.uniform(-0.1, 0.1, 40)], settled),
        (rng.uniform(40, 85, 200), rng.uniform(12, 40, 200), rolling),
    ]
    theirs = picture(ctx, target, lambda: one_by_one(painter, groups))
    ours = picture(ctx, target, lambda: stacked(art, groups))
    diff = np.abs(theirs - ours).max(axis=2)
    # the same picture, but for a few pixels on the rims (8-bit rounding of each blend there)
    assert np.count_nonzero(diff > 8) <= 12 and np.mean(diff) < 0.5  # each dot once: 200 or more
    pile = ours[47, 16]  # the pile's middle: opaque, as 340 dots of alpha 0.35 make it
    assert np.abs(pile - theirs[47, 16]).max() <= 2 and np.abs(pile - np.array(theme.INK[:3]) * 255).max() <= 2
    assert art.capacity >= len(stack_dots(*groups[1][:2])[0])


def test_a_dot_is_drawn_where_it_is_asked(ctx, target, art):
    color = (1.0, 0.5, 0.0, 1.0)
    ours = picture(ctx, target, lambda: art.draw([(np.array([40.0]), np.array([20.0]), np.array([1.0]), color)],
                                                 4.5, (W, H)))
    lit = np.abs(ours - np.array(BACKGROUND[:3]) * 255).max(axis=2) > 16
    rows, cols = np.nonzero(lit)
    assert rows.min() >= 15 and rows.max() <= 24 and cols.min() >= 35 and cols.max() <= 44
    assert abs(rows.mean() + 0.5 - 20.0) < 0.3 and abs(cols.mean() + 0.5 - 40.0) < 0.3  # centred, y down
    assert ours[20, 40].tolist() == [255, 128, 0]
