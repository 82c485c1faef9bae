"""The proof that a curve's loss stays finite over the escape interval (which lets the kernels
skip f in their step loop) must never be wrong: checked against dense float32 sampling."""

from __future__ import annotations

import numpy as np
import pytest

from game.gpu.bounds import finite_on
from game.sim.expr import compile_curve

from gpu_parity_helpers import random_expression


@pytest.mark.parametrize("source, lo, hi, expected", [
    ("0.1*x**2 + 0.3*sin(3*x)", -606, 606, True),
    ("0.25*x**4 - x**2", -303, 303, True),
    ("x**16", -606, 606, False),          # 606^16 overflows float32
    ("exp(x)", -10, 10, True),
    ("exp(x)", -10, 100, False),
    ("log(x)", -1, 1, False),
    ("log(1 + x**2)", -1e3, 1e3, True),
    ("1/x", -1, 1, False),
    ("1/(1 + x**2)", -1e3, 1e3, True),
    ("sqrt(x)", -1, 1, False),
    ("sqrt(x**2)", -5, 5, True),
    ("tan(x)", -1, 1, False),
    ("x**0.5", 1, 4, True),
    ("x**0.5", -1, 4, False),
    ("x**-2", 0.5, 4, True),
    ("x**-2", -4, 4, False),
])
def test_known_cases(source, lo, hi, expected):
    assert finite_on(compile_curve(source).expr, lo, hi) is expected


def random_risky_expression(rng, depth=3):
    """Unguarded forms too: division, log, sqrt, exp and powers that can blow up."""
    if depth == 0 or rng.random() < 0.25:
        return "x" if rng.random() < 0.6 else str(rng.choice([0.5, 2.0, 3.0, 10.0]))
    u, w = random_risky_expression(rng, depth - 1), random_risky_expression(rng, depth - 1)
    forms = (f"({u} / {w})", f"log({u})", f"sqrt({u})", f"exp({u})", f"({u})**{rng.integers(-3, 9)}",
             f"({u})**({w})", f"({u} * {w})", f"({u} - {w})", f"sin({u})", f"tanh({u})")
    return str(forms[rng.integers(len(forms))])


@pytest.mark.parametrize("seed", range(40))
def test_a_proof_is_never_wrong(seed):
    rng = np.random.default_rng(seed)
    source = random_risky_expression(rng) if seed % 2 else random_expression(rng)
    lo, hi = sorted(rng.uniform(-50, 50, 2))
    curve = compile_curve(source)
    xs = np.concatenate([np.linspace(lo, hi, 200_001), [lo, hi, 0.0]]).astype(np.float32)
    xs = xs[(xs >= lo) & (xs <= hi)]
    if finite_on(curve.expr, lo, hi):
        assert np.isfinite(curve.f(xs)).all(), source
