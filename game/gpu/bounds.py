"""Interval bounds on a curve over the escape interval, to prove its loss can never be inf or NaN
there. The outcome rules call a ball diverged when f(x_t) is not finite; where this module proves
f finite for every x inside [escape_lo, escape_hi], that check can never fire before the escape
check does, and the kernels skip evaluating f inside the step loop (it costs as much as f').

The proof is conservative: any function or division it cannot bound says "not proven", and the
kernel keeps the check. Margins cover float32 rounding (values stay far below FLOAT_LIMIT, and a
divisor or log argument stays far from zero compared with the size of its own terms).
"""

from __future__ import annotations

import math

from game.sim.expr import Bin, Call, Expr, Neg, Num, Var

FLOAT_LIMIT = 1e30  # float32 overflows at 3.4e38; staying under this leaves room for rounding
CLEARANCE = 1e-3  # a divisor, log or sqrt argument must keep this share of its terms' size


class Unbounded(Exception):
    """The expression could not be bounded (or might be infinite or NaN) on the interval."""


def _check(lo: float, hi: float) -> tuple[float, float, float]:
    if not (math.isfinite(lo) and math.isfinite(hi)) or max(abs(lo), abs(hi)) > FLOAT_LIMIT:
        raise Unbounded
    return lo, hi, max(abs(lo), abs(hi))


def _bound(node: Expr, x_lo: float, x_hi: float) -> tuple[float, float, float]:
    """(lo, hi, size): the node's range and the largest magnitude met anywhere inside it."""
    if isinstance(node, Num):
        return _check(node.value, node.value)
    if isinstance(node, Var):
        return _check(x_lo, x_hi)
    if isinstance(node, Neg):
        lo, hi, size = _bound(node.arg, x_lo, x_hi)
        return -hi, -lo, size
    if isinstance(node, Bin):
        return _bin(node, x_lo, x_hi)
    if isinstance(node, Call):
        return _call(node, x_lo, x_hi)
    raise Unbounded


def _clear_of_zero(lo: float, hi: float, size: float) -> bool:
    return lo > CLEARANCE * (1 + size) or hi < -CLEARANCE * (1 + size)


def _bin(node: Bin, x_lo: float, x_hi: float) -> tuple[float, float, float]:
    a_lo, a_hi, a_size = _bound(node.left, x_lo, x_hi)
    if node.op == "**":
        return _power(node, a_lo, a_hi, a_size, x_lo, x_hi)
    b_lo, b_hi, b_size = _bound(node.right, x_lo, x_hi)
    size = max(a_size, b_size)
    if node.op == "+":
        lo, hi = a_lo + b_lo, a_hi + b_hi
    elif node.op == "-":
        lo, hi = a_lo - b_hi, a_hi - b_lo
    elif node.op == "*":
        corners = (a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi)
        lo, hi = min(corners), max(corners)
    else:  # "/"
        if not _clear_of_zero(b_lo, b_hi, b_size):
            raise Unbounded
        corners = (a_lo / b_lo, a_lo / b_hi, a_hi / b_lo, a_hi / b_hi)
        lo, hi = min(corners), max(corners)
    lo, hi, own = _check(lo, hi)
    return lo, hi, max(size, own)


def _power(node: Bin, a_lo, a_hi, a_size, x_lo, x_hi) -> tuple[float, float, float]:
    exponent = node.right
    if isinstance(exponent, Num) and float(exponent.value).is_integer():
        n = int(exponent.value)
        if n < 0 and not _clear_of_zero(a_lo, a_hi, a_size):
            raise Unbounded
        ends = (a_lo ** n, a_hi ** n) if abs(n) < 1000 else (math.inf, math.inf)
        lo, hi = min(ends), max(ends)
        if n > 0 and n % 2 == 0 and a_lo < 0 < a_hi:
            lo = 0.0
        lo, hi, own = _check(lo, hi)
        # repeated squaring meets a^(2^k) on the way to a^n
        return lo, hi, max(a_size, own, _check(0.0, max(abs(a_lo), abs(a_hi)) ** max(abs(n), 1))[2])
    b_lo, b_hi, b_size = _bound(exponent, x_lo, x_hi)
    if not a_lo > CLEARANCE * (1 + a_size):
        raise Unbounded
    try:
        corners = [a ** b for a in (a_lo, a_hi) for b in (b_lo, b_hi)]
    except OverflowError:
        raise Unbounded from None
    lo, hi, own = _check(min(corners), max(corners))
    return lo, hi, max(a_size, b_size, own)


def _call(node: Call, x_lo: float, x_hi: float) -> tuple[float, float, float]:
    bounds = [_bound(arg, x_lo, x_hi) for arg in node.args]
    lo, hi, size = bounds[0]
    name = node.name
    if name in ("sin", "cos"):
        return -1.0, 1.0, size
    if name in ("tanh", "sign"):
        return -1.0, 1.0, size
    if name in ("sigmoid", "step"):
        return 0.0, 1.0, size
    if name == "abs":
        low = 0.0 if lo <= 0 <= hi else min(abs(lo), abs(hi))
        return low, max(abs(lo), abs(hi)), size
    if name == "relu":
        return max(lo, 0.0), max(hi, 0.0), size
    if name in ("min", "max"):
        (b_lo, b_hi, b_size) = bounds[1]
        pick = min if name == "min" else max
        return pick(lo, b_lo), pick(hi, b_hi), max(size, b_size)
    if name == "exp":
        if hi > math.log(FLOAT_LIMIT):
            raise Unbounded
        out_lo, out_hi, own = _check(math.exp(lo), math.exp(hi))
        return out_lo, out_hi, max(size, own)
    if name == "log":
        if not lo > CLEARANCE * (1 + size):
            raise Unbounded
        return math.log(lo), math.log(hi), max(size, abs(math.log(lo)), abs(math.log(hi)))
    if name == "sqrt":
        if not (lo > CLEARANCE * (1 + size) or _never_negative(node.args[0])):
            raise Unbounded
        return math.sqrt(max(lo, 0.0)), math.sqrt(max(hi, 0.0)), size
    raise Unbounded  # tan, and anything new: not proven


def _never_negative(node: Expr) -> bool:
    """Never below zero in floating point either, by construction."""
    if isinstance(node, Num):
        return node.value >= 0
    if isinstance(node, Bin) and node.op == "**" and isinstance(node.right, Num):
        return float(node.right.value).is_integer() and int(node.right.value) % 2 == 0
    if isinstance(node, Call):
        return node.name in ("abs", "relu", "exp", "sigmoid", "sqrt", "step")
    return False


def finite_on(expr: Expr, lo: float, hi: float) -> bool:
    """True only if expr is finite (no inf, no NaN) for every x in [lo, hi], in float32 too."""
    try:
        _bound(expr, float(lo), float(hi))
    except (Unbounded, OverflowError, ZeroDivisionError, ValueError):
        return False
    return True
