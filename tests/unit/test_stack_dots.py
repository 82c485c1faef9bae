"""Dots gathered into stacks for the swarm's dot program: every finite dot counted once, each
stack at the mean of its dots, dots far apart kept apart."""

from __future__ import annotations

import numpy as np

from game.render.dots import stack_dots


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
