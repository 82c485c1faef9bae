"""The #define overrides that turn the generic kernels into one program per (curve, optimizer):
the curve's GLSL from its expression tree, and the optimizer with its constants, read from the
optimizer table (game/sim/optim.py) and rounded to float32 exactly as NumPy rounds them."""

from __future__ import annotations

import numpy as np

from game.gpu.bounds import finite_on
from game.sim.optim import ADAM_BETA1, ADAM_BETA2, TABLE, optimizer

# float32(1 - b2^t) is exactly 1.0 from about t = 17,400 on; past the table's end we use its last row.
ADAM_BIAS_ROWS = 20_000


def float_literal(value: float) -> str:
    """A GLSL float32 with exactly the bits NumPy's float32 gives `value` (no parser rounding)."""
    bits = int(np.float32(value).view(np.uint32))
    return f"uintBitsToFloat(0x{bits:08x}u)"


FLOAT32_MAX = float(np.finfo(np.float32).max)


def rule_uniforms(rules) -> dict[str, float]:
    """The outcome rules as the kernels' uniforms. Escape bounds are clamped to finite float32
    values: the kernel's range check then also catches an infinite x (outcome.glsl)."""
    def finite(value: float) -> float:
        return float(np.clip(np.float32(value), -FLOAT32_MAX, FLOAT32_MAX))

    return {"tol_move": float(rules.tol_move), "tol_grad": float(rules.tol_grad),
            "escape_lo": finite(rules.escape_lo), "escape_hi": finite(rules.escape_hi)}


def curve_defines(curve, rules) -> dict[str, str]:
    """The curve's f and f', and whether the loop must check f for inf/NaN (see bounds.py)."""
    lo, hi = float(rules.escape_lo), float(rules.escape_hi)
    slack = 1e-6 * max(abs(lo), abs(hi), 1.0)  # the float32 escape bounds round outwards a little
    check_loss = not finite_on(curve.expr, lo - slack, hi + slack)
    return {"CURVE_F": f"({curve.glsl_f()})", "CURVE_DF": f"({curve.glsl_df()})",
            "CHECK_LOSS": int(check_loss)}


def optimizer_defines(name: str) -> dict[str, str]:
    """OPT_<NAME> for every optimizer of the table, OPTIMIZER for this one, and its constants."""
    entry = optimizer(name)
    defines = {f"OPT_{other.name.upper()}": str(other.glsl_id) for other in TABLE.values()}
    defines["OPTIMIZER"] = str(entry.glsl_id)
    defines |= {key: float_literal(value) for key, value in entry.constants.items()}
    return defines


def needs_bias_table(name: str) -> bool:
    """Whether the kernel for this optimizer reads Adam's bias-correction table (binding 7)."""
    return optimizer(name).bias_table


def adam_bias_table(rows: int = ADAM_BIAS_ROWS) -> np.ndarray:
    """Row t: (float32(1 - b1^t), float32(1 - b2^t)), computed in float64 as optim.py does."""
    table = [(1 - ADAM_BETA1**t, 1 - ADAM_BETA2**t) for t in range(rows)]
    return np.asarray(table, dtype=np.float64).astype(np.float32)
