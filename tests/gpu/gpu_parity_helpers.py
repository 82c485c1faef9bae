"""Shared pieces of the GPU parity tests: random curves from the grammar, and the question of
whether a ball's NumPy outcome is fragile (flips under float32 rounding of its inputs)."""

from __future__ import annotations

import numpy as np

from game.sim.optim import carry
from game.sim.run import Batch, run_batch

LEAF_NUMBERS = (0.5, 1.0, 1.5, 2.0, 3.0)


def random_expression(rng: np.random.Generator, depth: int = 3) -> str:
    """A random expression of the curve grammar whose every function stays in its domain."""
    if depth == 0 or rng.random() < 0.25:
        return "x" if rng.random() < 0.6 else str(rng.choice(LEAF_NUMBERS))
    u = random_expression(rng, depth - 1)
    w = random_expression(rng, depth - 1)
    forms = (
        f"({u} + {w})", f"({u} - {w})", f"({u} * {w})", f"({u} / (1 + ({w})**2))",
        f"sin({u})", f"cos({u})", f"tanh({u})", f"sigmoid({u})", f"exp(-({u})**2)",
        f"log(1 + ({u})**2)", f"sqrt(1 + ({u})**2)", f"abs({u})", f"relu({u})",
        f"min({u}, {w})", f"max({u}, {w})", f"-({u})", f"({u})**3",
    )
    return str(forms[rng.integers(len(forms))])


def random_curve_source(rng: np.random.Generator) -> str:
    """A bowl plus random bumps, so balls have somewhere to settle."""
    return f"0.2*x**2 + 0.5*tanh({random_expression(rng)})"


def fragile(curve, optimizer, x0, eta, mu, max_steps, rules) -> np.ndarray:
    """Per ball: does its float32 NumPy outcome change when x0, eta or mu moves by one float32
    step, or when the run is done in float64? Such balls sit where rounding decides."""
    x0, eta, mu = (np.asarray(a, dtype=np.float32) for a in (x0, eta, mu))
    base = run_batch(curve, optimizer, x0, eta, mu, max_steps, rules, np.float32).status
    flips = run_batch(curve, optimizer, x0, eta, mu, max_steps, rules, np.float64).status != base
    for direction in (np.float32(np.inf), np.float32(-np.inf)):
        for which in range(3):
            nudged = [x0, eta, mu]
            nudged[which] = np.nextafter(nudged[which], direction)
            status = run_batch(curve, optimizer, *nudged, max_steps, rules, np.float32).status
            flips |= status != base
    return flips | borderline_rest(curve, optimizer, x0, eta, mu, max_steps, rules)


BORDERLINE = 0.1  # a rest test within 10% of its tolerance is decided by rounding


def borderline_rest(curve, optimizer, x0, eta, mu, max_steps, rules) -> np.ndarray:
    """Per ball: did its float32 NumPy run, while running, ever pass the at-rest test (or miss
    it) by less than BORDERLINE of the tolerances? An oscillating ball that happens to dip under
    the tolerance on one step comes to rest there on one side and not on the other."""
    batch = Batch(curve, optimizer, x0, eta, mu, max_steps, rules, np.float32)
    near = np.zeros(np.shape(batch.x), dtype=bool)
    while not batch.done:
        running = batch.running
        before = batch.x.copy()
        batch.advance()
        moved = batch.x - before
        with np.errstate(all="ignore"):
            ratio = np.maximum(np.abs(carry(optimizer, moved, batch.state)) / rules.tol_move,
                               np.abs(batch.grad) / rules.tol_grad)
        near |= running & (np.abs(ratio - 1) < BORDERLINE)
    return near
