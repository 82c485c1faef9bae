"""Fate maps on both backends: they agree with each other, and with the theory of heavy-ball
momentum on a parabola (Polyak; Goh, "Why Momentum Really Works")."""

from __future__ import annotations

import numpy as np
import pytest

from game.gpu.device import Gpu
from game.gpu.fate import gpu_fate_map
from game.levels import load_levels
from game.sim.expr import compile_curve
from game.sim.fate import fate_map
from game.sim.outcome import CONVERGED, DIVERGED
from game.sim.run import rules_for

pytestmark = pytest.mark.gpu

AGREEMENT = 0.995
BALL_LEVELS = [level for level in load_levels().levels if level.kind == "curve"]


@pytest.fixture(scope="module")
def gpu(gl_ctx):
    device = Gpu(gl_ctx)
    yield device
    device.library.release()


def same_fate(a, b) -> np.ndarray:
    return (a.status == b.status) & ((a.status != CONVERGED) |
                                     np.isclose(a.final_x, b.final_x, rtol=1e-3, atol=1e-3))


def level_axes(level):
    """The controls the player can reach; a locked eta is widened the way `downhill map` does."""
    def span(allowed, fallback):
        return (allowed.min, allowed.max) if allowed.max > allowed.min else fallback

    eta = np.linspace(*span(level.eta, (level.eta.default * 0.2, level.eta.default * 4)), 64)
    if not level.x0.locked:
        return "x0-eta", np.linspace(*span(level.x0, level.x_range), 64), eta, level.mu.default
    return "eta-mu", eta, np.linspace(*span(level.mu, (0.0, 0.99)), 64), level.x0.default


@pytest.mark.parametrize("level", BALL_LEVELS, ids=lambda level: level.id)
def test_fate_map_matches_numpy_on_every_ball_level(gpu, level):
    curve = compile_curve(level.expr)
    axes, xs, ys, fixed = level_axes(level)
    rules = rules_for(level.x_range)
    for optimizer in sorted(set(level.optimizers) | {"momentum"}):
        ours = gpu_fate_map(gpu, curve, optimizer, axes, xs, ys, fixed, level.max_steps, rules)
        theirs = fate_map(curve, optimizer, axes, xs, ys, fixed, level.max_steps, rules, np.float32)
        assert (ours.x_name, ours.y_name) == (theirs.x_name, theirs.y_name)
        np.testing.assert_array_equal(ours.x_values, theirs.x_values)
        assert ours.status.shape == (ys.size, xs.size) and ours.status.dtype == np.int8
        agree = same_fate(ours, theirs).mean()
        assert agree >= AGREEMENT, f"{optimizer}: {agree:.4%} of cells agree"


def test_chaotic_cells_differ_no_more_than_float_precision_itself_decides(gpu):
    """With a large eta and mu near 1 the wavy ball bounces across many valleys first: where it
    settles is decided by rounding. There the GPU agrees with NumPy float32 at least as well as
    NumPy float32 agrees with NumPy float64."""
    curve = compile_curve("0.1*x**2 + 0.3*sin(3*x)")
    xs, ys = np.linspace(0.01, 1.0, 64), np.linspace(0.0, 0.99, 64)
    rules = rules_for((-6, 6))
    ours = gpu_fate_map(gpu, curve, "momentum", "eta-mu", xs, ys, 5.0, 600, rules)
    f32 = fate_map(curve, "momentum", "eta-mu", xs, ys, 5.0, 600, rules, np.float32)
    f64 = fate_map(curve, "momentum", "eta-mu", xs, ys, 5.0, 600, rules, np.float64)
    gpu_vs_f32, f32_vs_f64 = same_fate(ours, f32), same_fate(f32, f64)
    assert gpu_vs_f32.mean() >= f32_vs_f64.mean() > 0.95
    mu = np.broadcast_to(ys[:, None], ours.status.shape)
    assert (mu[~gpu_vs_f32] > 0.7).all()  # only in the chaotic corner of high momentum


def test_row_chunks_and_progress_do_not_change_the_map(gpu):
    curve = compile_curve("0.1*x**2 + 0.3*sin(3*x)")
    xs, ys = np.linspace(0.01, 0.5, 40), np.linspace(0.0, 0.95, 30)
    rules = rules_for((-6, 6))
    whole = gpu_fate_map(gpu, curve, "momentum", "eta-mu", xs, ys, 5.0, 600, rules)
    seen = []
    chunked = gpu_fate_map(gpu, curve, "momentum", "eta-mu", xs, ys, 5.0, 600, rules,
                           progress=lambda done, total: seen.append((done, total)),
                           cells_per_dispatch=7 * 40)
    np.testing.assert_array_equal(whole.status, chunked.status)
    np.testing.assert_array_equal(whole.steps, chunked.steps)
    assert seen[0] == (0, 30) and seen[-1] == (30, 30) and len(seen) == 1 + 5  # 7 rows a dispatch


# ---------------------------------------------------------------------------------------------
# Theory: on y = a x^2, with lambda = f'' = 2a, heavy-ball momentum
#     x_{t+1} = x_t + mu (x_t - x_{t-1}) - eta lambda x_t
# converges iff 0 < eta lambda < 2 (1 + mu), 0 <= mu < 1. The iteration matrix
# [[1 + mu - eta lambda, -mu], [1, 0]] has spectral radius rho < 1 exactly there. Near rho = 1
# the ball needs more steps than any budget (or explodes too slowly to leave the range), so the
# theory is checked everywhere outside a thin band |rho - 1| < BAND, whose size is reported.
# ---------------------------------------------------------------------------------------------

A = 1.5
LAMBDA = 2 * A
THEORY_STEPS = 3000
BAND = 0.01


def spectral_radius(eta: np.ndarray, mu: np.ndarray) -> np.ndarray:
    trace = 1 + mu - eta * LAMBDA
    disc = np.sqrt((trace * trace - 4 * mu).astype(complex))
    return np.maximum(np.abs((trace + disc) / 2), np.abs((trace - disc) / 2))


@pytest.fixture(scope="module")
def theory_maps(gpu):
    curve = compile_curve(f"{A}*x**2")
    etas = np.linspace(0.004, 1.25 * 2 * (1 + 0.95) / LAMBDA, 96)
    mus = np.linspace(0.0, 0.95, 96)
    rules = rules_for((-2, 2))
    args = (curve, "momentum", "eta-mu", etas, mus, 1.0, THEORY_STEPS, rules)
    eta, mu = np.meshgrid(etas, mus)
    return {"gpu": gpu_fate_map(gpu, *args), "numpy": fate_map(*args, dtype=np.float32),
            "eta": eta, "mu": mu}


@pytest.mark.parametrize("backend", ["gpu", "numpy"])
def test_momentum_converges_exactly_where_polyak_says(theory_maps, backend):
    fate = theory_maps[backend]
    eta, mu = theory_maps["eta"], theory_maps["mu"]
    inside = (eta * LAMBDA > 0) & (eta * LAMBDA < 2 * (1 + mu)) & (mu >= 0) & (mu < 1)
    rho = spectral_radius(eta, mu)
    assert ((rho < 1) == inside).all()  # the region is where the iteration contracts
    band = np.abs(rho - 1) < BAND
    clear = ~band
    assert (fate.status[clear & inside] == CONVERGED).all()
    assert (fate.status[clear & ~inside] == DIVERGED).all()
    assert band.mean() < 0.01, f"the boundary band holds {band.mean():.2%} of cells"
    # both sides are well represented
    assert (clear & inside).mean() > 0.5 and (clear & ~inside).mean() > 0.15


def test_theory_maps_of_both_backends_agree(theory_maps):
    assert same_fate(theory_maps["gpu"], theory_maps["numpy"]).mean() >= AGREEMENT
