"""Interval bounds on a curve over the escape interval, to prove its loss can never be inf or NaN
there. The outcome rules call a ball diverged when f(x_t) is not finite; where this module proves
f finite for every x inside [escape_lo, escape_hi], that check can never fire before the escape
check does, and the kernels skip evaluating f inside the step loop (it costs as much as f').

The proof is conservative: anything it cannot bound says "not proven", and the kernel keeps the
check. Each node carries its range [lo, hi] and a bound on the absolute error float32 evaluation
may add (rounding, and the looser accuracy of GPU transcendentals); a divisor, a log or sqrt
argument must stay clear of zero by several times that error. The interval is cut into pieces so
that the bounds stay tight (the error of 1 + x^2 near x = 0 is not its error at x = 1000).
"""

from __future__ import annotations

import math

from game.sim.expr import Bin, Call, Expr, Neg, Num, Var

FLOAT_LIMIT = 1e30  # float32 overflows at 3.4e38; staying under this leaves room for rounding
EPS = 2.0 ** -23  # a float32 rounding, with a factor of two to spare
FUNCTION_ERROR = 1e-5  # relative accuracy assumed of GPU sin, exp, log, ... (GLSL promises less)
CLEARANCE = 4.0  # how many error bounds a divisor or log/sqrt argument keeps away from zero
PIECES = 256


class Unbounded(Exception):
    """The expression could not be bounded (or might be infinite or NaN) on the interval."""


Bound = tuple[float, float, float]  # lo, hi, absolute error


def _make(lo: float, hi: float, err: float, rounding: float = EPS) -> Bound:
    size = max(abs(lo), abs(hi))
    if not (math.isfinite(lo) and math.isfinite(hi) and math.isfinite(err)) or size > FLOAT_LIMIT:
        raise Unbounded
    return lo, hi, err + rounding * size


def _clear_of_zero(bound: Bound) -> bool:
    lo, hi, err = bound
    margin = CLEARANCE * err + 1e-30
    return lo > margin or hi < -margin


def _magnitude(bound: Bound) -> float:
    return max(abs(bound[0]), abs(bound[1]))


def _bound(node: Expr, x_lo: float, x_hi: float) -> Bound:
    if isinstance(node, Num):
        return _make(node.value, node.value, 0.0)
    if isinstance(node, Var):
        return _make(x_lo, x_hi, 0.0, rounding=0.0)  # x is a float32 already
    if isinstance(node, Neg):
        lo, hi, err = _bound(node.arg, x_lo, x_hi)
        return -hi, -lo, err
    if isinstance(node, Bin):
        return _bin(node, x_lo, x_hi)
    if isinstance(node, Call):
        return _call(node, x_lo, x_hi)
    raise Unbounded


def _bin(node: Bin, x_lo: float, x_hi: float) -> Bound:
    a = _bound(node.left, x_lo, x_hi)
    if node.op == "**":
        return _power(node, a, x_lo, x_hi)
    b = _bound(node.right, x_lo, x_hi)
    (a_lo, a_hi, a_err), (b_lo, b_hi, b_err) = a, b
    if node.op == "+":
        return _make(a_lo + b_lo, a_hi + b_hi, a_err + b_err)
    if node.op == "-":
        return _make(a_lo - b_hi, a_hi - b_lo, a_err + b_err)
    if node.op == "*":
        corners = (a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi)
        err = _magnitude(a) * b_err + _magnitude(b) * a_err + a_err * b_err
        return _make(min(corners), max(corners), err)
    if not _clear_of_zero(b):  # "/"
        raise Unbounded
    corners = (a_lo / b_lo, a_lo / b_hi, a_hi / b_lo, a_hi / b_hi)
    smallest = min(abs(b_lo), abs(b_hi)) - b_err
    err = (a_err + max(abs(c) for c in corners) * b_err) / smallest
    return _make(min(corners), max(corners), err)


def _power(node: Bin, a: Bound, x_lo: float, x_hi: float) -> Bound:
    a_lo, a_hi, a_err = a
    exponent = node.right
    if isinstance(exponent, Num) and float(exponent.value).is_integer() and abs(exponent.value) <= 64:
        n = int(exponent.value)
        if n == 0:
            return 1.0, 1.0, 0.0
        if n < 0 and not _clear_of_zero(a):
            raise Unbounded
        ends = (a_lo ** n, a_hi ** n)
        lo, hi = min(ends), max(ends)
        if n > 0 and n % 2 == 0 and a_lo < 0 < a_hi:
            lo = 0.0
        if n > 0:
            slope = n * _magnitude(a) ** (n - 1)
        else:
            slope = abs(n) * (min(abs(a_lo), abs(a_hi)) - a_err) ** (n - 1)
        return _make(lo, hi, slope * a_err, rounding=abs(n) * EPS)
    b_lo, b_hi, b_err = _bound(exponent, x_lo, x_hi)
    if not a_lo > CLEARANCE * a_err + 1e-30:
        raise Unbounded
    try:  # a^b = exp(b log a), monotone in each argument for a > 0
        corners = [p ** q for p in (a_lo, a_hi) for q in (b_lo, b_hi)]
    except OverflowError:
        raise Unbounded from None
    top = max(corners)
    log_size = max(abs(math.log(a_lo)), abs(math.log(a_hi)))
    err = top * (b_err * log_size + max(abs(b_lo), abs(b_hi)) * a_err / (a_lo - a_err))
    return _make(min(corners), top, err, rounding=FUNCTION_ERROR)


def _call(node: Call, x_lo: float, x_hi: float) -> Bound:
    args = [_bound(arg, x_lo, x_hi) for arg in node.args]
    lo, hi, err = args[0]
    name = node.name
    if name in ("sin", "cos"):
        return -1.0, 1.0, err + FUNCTION_ERROR
    if name in ("tanh", "sign"):
        return -1.0, 1.0, err + FUNCTION_ERROR
    if name in ("sigmoid", "step"):
        return 0.0, 1.0, err + FUNCTION_ERROR
    if name == "abs":
        low = 0.0 if lo <= 0 <= hi else min(abs(lo), abs(hi))
        return low, max(abs(lo), abs(hi)), err
    if name == "relu":
        return max(lo, 0.0), max(hi, 0.0), err
    if name in ("min", "max"):
        b_lo, b_hi, b_err = args[1]
        pick = min if name == "min" else max
        return pick(lo, b_lo), pick(hi, b_hi), max(err, b_err)
    if name == "exp":
        if hi > math.log(FLOAT_LIMIT):
            raise Unbounded
        top = math.exp(hi)
        return _make(math.exp(lo), top, top * err, rounding=FUNCTION_ERROR)
    if name == "log":
        if not lo > CLEARANCE * err + 1e-30:
            raise Unbounded
        return _make(math.log(lo), math.log(hi), err / (lo - err), rounding=FUNCTION_ERROR)
    if name == "sqrt":
        if lo > CLEARANCE * err + 1e-30:
            return _make(math.sqrt(lo), math.sqrt(hi), err / (2 * math.sqrt(lo - err)),
                         rounding=FUNCTION_ERROR)
        if _never_negative(node.args[0]):
            return _make(0.0, math.sqrt(max(hi, 0.0)), math.sqrt(err), rounding=FUNCTION_ERROR)
        raise Unbounded
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


def finite_on(expr: Expr, lo: float, hi: float, pieces: int = PIECES) -> bool:
    """True only if expr is finite (no inf, no NaN) for every x in [lo, hi], in float32 too."""
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
        return False
    edges = [lo + (hi - lo) * k / pieces for k in range(pieces)] + [hi]
    try:
        for left, right in zip(edges, edges[1:]):
            _bound(expr, left, right)
    except (Unbounded, OverflowError, ZeroDivisionError, ValueError):
        return False
    return True
