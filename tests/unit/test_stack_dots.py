"""Dots gathered into stacks for the swarm's dot program: every finite dot counted once, each
stack at the mean of its dots, dots far apart kept apart; the boxes reported as drawn hold them."""

from __future__ import annotations

import numpy as np

from game.render.dots import damage_boxes, stack_dots


def test_dots_on_one_spot_are_one_stack_at_their_mean():
    xs = np.r_[np.full(1000, 10.0), 10.1, 50.0]
    ys = np.r_[np.full(1000, 20.0), 19.9, 20.0]
    x, y, count = stack_dots(xs, ys, grid=0.5)
    order = np.argsort(x)
    assert count[order].tolist() == [1001, 1]
    assert np.allclose(x[order], [(10.0 * 1000 + 10.1) / 1001, 50.0])
    assert np.allclose(y[order], [(20.0 * 1000 + 19.9) / 1001, 20.0])


def test_every_finite_dot_is_counted_once_and_none_moves_far():
    rng = np.random.default_rng(3)
    xs, ys = rng.uniform(0, 1920, 4096), rng.uniform(0, 1080, 4096)
    xs[:5] = np.nan
    ys[5:9] = np.inf
    x, y, count = stack_dots(xs, ys, grid=0.5)
    assert count.sum() == 4096 - 9 and np.isfinite(x).all() and np.isfinite(y).all()
    spots = np.stack([x, y], axis=1)
    for px, py in zip(xs[9:200], ys[9:200]):  # each dot's stack is within a cell's diagonal
        assert np.hypot(*(spots - (px, py)).T).min() <= 0.5 * np.sqrt(2)


def test_no_dots():
    x, y, count = stack_dots(np.array([np.nan]), np.array([1.0]))
    assert len(x) == len(y) == len(count) == 0


def test_damage_boxes_hold_every_dot_and_are_fewer():
    rng = np.random.default_rng(5)
    xs = np.linspace(500, 1400, 1500)
    ys = 700 + 30 * np.sin(xs / 100) + rng.uniform(-1, 1, 1500)
    reach = 7.75
    x0, y0, x1, y1 = damage_boxes(xs, ys, reach)
    assert len(x0) < len(xs) / 3
    for x, y in zip(xs, ys):
        assert ((x0 <= x - reach) & (y0 <= y - reach) & (x1 >= x + reach) & (y1 >= y + reach)).any()
    assert (x1 - x0).max() <= 2 * reach + 4 and (y1 - y0).max() <= 2 * reach + 4  # no bigger than need be
