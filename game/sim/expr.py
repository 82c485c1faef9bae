"""Curve expressions: data, never code.

A small whitelisted grammar is parsed into a tree of frozen nodes. The same tree gives
NumPy evaluation, its exact symbolic derivative, and GLSL source for the compute kernels.
Nothing here ever calls Python's eval.

    expr   := term (('+' | '-') term)*
    term   := unary (('*' | '/') unary)*
    unary  := '-' unary | power
    power  := atom ('**' unary)?          right-associative, so -x**2 == -(x**2) as in Python
    atom   := number | 'x' | name '(' expr (',' expr)* ')' | '(' expr ')'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

MAX_SOURCE_LENGTH = 500
MAX_DEPTH = 32

# name -> number of arguments. `step` (Heaviside) and `sign` appear only in derivatives.
FUNCTIONS = {
    "sin": 1, "cos": 1, "tan": 1, "exp": 1, "log": 1, "sqrt": 1, "abs": 1,
    "tanh": 1, "sigmoid": 1, "relu": 1, "min": 2, "max": 2,
}
INTERNAL_FUNCTIONS = {"step": 1, "sign": 1}


class ExprError(ValueError):
    """A curve expression that cannot be used; `column` is 1-based within the source."""

    def __init__(self, message: str, column: int):
        super().__init__(f"column {column}: {message}")
        self.message = message
        self.column = column


# ---------------------------------------------------------------------------------------------
# The tree
# ---------------------------------------------------------------------------------------------


class Expr:
    """A node of a curve expression. Subclasses are frozen dataclasses."""

    def evaluate(self, x):
        """Evaluate at x (array or scalar). The dtype follows x; overflow gives inf/NaN quietly."""
        x = np.asarray(x)
        if x.dtype.kind != "f":
            x = x.astype(np.float64)
        with np.errstate(all="ignore"):
            return np.asarray(self._eval(x), dtype=x.dtype) + np.zeros_like(x)

    def derivative(self) -> Expr:
        """The exact derivative d/dx, simplified a little."""
        raise NotImplementedError

    def glsl(self) -> str:
        """A GLSL float expression in the variable `x` (helpers from shaders/include/expr.glsl)."""
        raise NotImplementedError

    def depth(self) -> int:
        raise NotImplementedError

    def _eval(self, x):
        raise NotImplementedError

    def __str__(self) -> str:
        return _source(self, 0)


@dataclass(frozen=True)
class Num(Expr):
    value: float

    def _eval(self, x):
        return x.dtype.type(self.value)

    def derivative(self):
        return ZERO

    def glsl(self):
        return _glsl_float(self.value)

    def depth(self):
        return 1


@dataclass(frozen=True)
class Var(Expr):
    def _eval(self, x):
        return x

    def derivative(self):
        return ONE

    def glsl(self):
        return "x"

    def depth(self):
        return 1


@dataclass(frozen=True)
class Neg(Expr):
    arg: Expr

    def _eval(self, x):
        return -self.arg._eval(x)

    def derivative(self):
        return neg(self.arg.derivative())

    def glsl(self):
        return f"(-{self.arg.glsl()})"

    def depth(self):
        return 1 + self.arg.depth()


@dataclass(frozen=True)
class Bin(Expr):
    op: str  # one of + - * / **
    left: Expr
    right: Expr

    def _eval(self, x):
        a, b = self.left._eval(x), self.right._eval(x)
        if self.op == "+":
            return a + b
        if self.op == "-":
            return a - b
        if self.op == "*":
            return a * b
        if self.op == "/":
            return a / b
        return np.power(a, b)

    def derivative(self):
        a, b = self.left, self.right
        da, db = a.derivative(), b.derivative()
        if self.op == "+":
            return add(da, db)
        if self.op == "-":
            return sub(da, db)
        if self.op == "*":
            return add(mul(da, b), mul(a, db))
        if self.op == "/":
            # (a/b)' = (a'b - ab') / b^2
            return div(sub(mul(da, b), mul(a, db)), power(b, Num(2.0)))
        if isinstance(b, Num):
            # (a^c)' = c a^(c-1) a'
            return mul(mul(Num(b.value), power(a, Num(b.value - 1.0))), da)
        # (a^b)' = a^b (b' log a + b a'/a)
        return mul(self, add(mul(db, call("log", a)), div(mul(b, da), a)))

    def glsl(self):
        a, b = self.left.glsl(), self.right.glsl()
        if self.op != "**":
            return f"({a} {self.op} {b})"
        if isinstance(self.right, Num) and float(self.right.value).is_integer() and abs(self.right.value) <= 16:
            return f"ex_powi({a}, {int(self.right.value)})"
        return f"ex_pow({a}, {b})"

    def depth(self):
        return 1 + max(self.left.depth(), self.right.depth())


@dataclass(frozen=True)
class Call(Expr):
    name: str
    args: tuple[Expr, ...]

    def _eval(self, x):
        values = [arg._eval(x) for arg in self.args]
        return _NUMPY_FUNCTIONS[self.name](*values)

    def derivative(self):
        if self.name in ("min", "max"):
            a, b = self.args
            # d min(a, b) follows whichever argument is selected (at a tie, b's slope).
            a_selected = call("step", sub(b, a) if self.name == "min" else sub(a, b))
            return add(mul(a_selected, a.derivative()), mul(sub(ONE, a_selected), b.derivative()))
        (u,) = self.args
        du = u.derivative()
        outer = {
            "sin": lambda: call("cos", u),
            "cos": lambda: neg(call("sin", u)),
            "tan": lambda: div(ONE, power(call("cos", u), Num(2.0))),
            "exp": lambda: call("exp", u),
            "log": lambda: div(ONE, u),
            "sqrt": lambda: div(ONE, mul(Num(2.0), call("sqrt", u))),
            "abs": lambda: call("sign", u),
            "tanh": lambda: sub(ONE, power(call("tanh", u), Num(2.0))),
            "sigmoid": lambda: mul(call("sigmoid", u), sub(ONE, call("sigmoid", u))),
            "relu": lambda: call("step", u),
            "step": lambda: ZERO,
            "sign": lambda: ZERO,
        }[self.name]()
        return mul(outer, du)

    def glsl(self):
        args = ", ".join(arg.glsl() for arg in self.args)
        return f"{_GLSL_FUNCTIONS[self.name]}({args})"

    def depth(self):
        return 1 + max(arg.depth() for arg in self.args)


ZERO = Num(0.0)
ONE = Num(1.0)


def _sigmoid(u):
    # 1 / (1 + e^-u), split by sign so neither branch overflows.
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(np.result_type(u), copy=False)


def _step(u):
    return (u > 0).astype(np.result_type(u))


_NUMPY_FUNCTIONS = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log,
    "sqrt": np.sqrt, "abs": np.abs, "tanh": np.tanh, "sigmoid": _sigmoid,
    "relu": lambda u: np.maximum(u, 0),
    "min": np.minimum, "max": np.maximum, "step": _step, "sign": np.sign,
}

_GLSL_FUNCTIONS = {
    "sin": "sin", "cos": "cos", "tan": "tan", "exp": "exp", "log": "ex_log",
    "sqrt": "ex_sqrt", "abs": "abs", "tanh": "ex_tanh", "sigmoid": "ex_sigmoid",
    "relu": "ex_relu", "min": "ex_min", "max": "ex_max", "step": "ex_step", "sign": "sign",
}


def _glsl_float(value: float) -> str:
    if math.isnan(value):
        return "ex_nan()"
    if math.isinf(value):
        return "ex_inf()" if value > 0 else "(-ex_inf())"
    text = repr(float(abs(value)))
    if "e" not in text and "." not in text:
        text += ".0"
    return f"(-{text})" if value < 0 else text


# ---------------------------------------------------------------------------------------------
# Builders that simplify as they go (keep derivatives small and readable)
# ---------------------------------------------------------------------------------------------


def _both_numbers(a: Expr, b: Expr) -> bool:
    return isinstance(a, Num) and isinstance(b, Num)


def _folded(value: float, fallback: Expr) -> Expr:
    return Num(value) if math.isfinite(value) else fallback


def neg(a: Expr) -> Expr:
    if isinstance(a, Num):
        return Num(-a.value)
    if isinstance(a, Neg):
        return a.arg
    return Neg(a)


def add(a: Expr, b: Expr) -> Expr:
    if a == ZERO:
        return b
    if b == ZERO:
        return a
    if _both_numbers(a, b):
        return _folded(a.value + b.value, Bin("+", a, b))
    return Bin("+", a, b)


def sub(a: Expr, b: Expr) -> Expr:
    if b == ZERO:
        return a
    if a == ZERO:
        return neg(b)
    if _both_numbers(a, b):
        return _folded(a.value - b.value, Bin("-", a, b))
    return Bin("-", a, b)


def mul(a: Expr, b: Expr) -> Expr:
    if a == ZERO or b == ZERO:
        return ZERO
    if a == ONE:
        return b
    if b == ONE:
        return a
    if _both_numbers(a, b):
        return _folded(a.value * b.value, Bin("*", a, b))
    return Bin("*", a, b)


def div(a: Expr, b: Expr) -> Expr:
    if b == ONE:
        return a
    return Bin("/", a, b)


def power(a: Expr, b: Expr) -> Expr:
    if b == ONE:
        return a
    if b == ZERO:
        return ONE
    return Bin("**", a, b)


def call(name: str, *args: Expr) -> Expr:
    return Call(name, tuple(args))


# ---------------------------------------------------------------------------------------------
# Printing back to source (minimal parentheses)
# ---------------------------------------------------------------------------------------------

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4}


def _source(node: Expr, parent: int) -> str:
    if isinstance(node, Num):
        text = repr(node.value)
        text = text[:-2] if text.endswith(".0") else text
        return f"({text})" if node.value < 0 and parent > 0 else text
    if isinstance(node, Var):
        return "x"
    if isinstance(node, Call):
        return f"{node.name}({', '.join(_source(arg, 0) for arg in node.args)})"
    if isinstance(node, Neg):
        text = f"-{_source(node.arg, _PRECEDENCE['neg'])}"
        return f"({text})" if parent > _PRECEDENCE["neg"] else text
    prec = _PRECEDENCE[node.op]
    if node.op == "**":  # right-associative
        text = f"{_source(node.left, prec + 1)}**{_source(node.right, prec)}"
    else:  # left-associative: the right side needs parentheses at equal precedence
        text = f"{_source(node.left, prec)} {node.op} {_source(node.right, prec + 1)}"
    return f"({text})" if prec < parent else text


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>\*\*|[-+*/(),])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # number, name, op, end
    text: str
    column: int  # 1-based


def _tokenize(source: str) -> list[_Token]:
    tokens = []
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:
            char = source[position]
            hint = "; use ** for powers" if char == "^" else ""
            raise ExprError(f"unexpected character {char!r}{hint}", position + 1)
        if match.lastgroup != "space":
            tokens.append(_Token(match.lastgroup, match.group(), position + 1))
        position = match.end()
    tokens.append(_Token("end", "", len(source) + 1))
    return tokens


class _Parser:
    def __init__(self, source: str):
        self.tokens = _tokenize(source)
        self.index = 0
        self.nesting = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.token
        self.index += 1
        return token

    def at(self, text: str) -> bool:
        return self.token.kind == "op" and self.token.text == text

    def expect(self, text: str, opened_at: _Token | None = None) -> None:
        if not self.at(text):
            found = "the end" if self.token.kind == "end" else repr(self.token.text)
            context = f" to close {opened_at.text!r} at column {opened_at.column}" if opened_at else ""
            raise ExprError(f"expected {text!r}{context}, found {found}", self.token.column)
        self.advance()

    def deeper(self, token: _Token) -> None:
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise ExprError(f"expression nests too deeply (more than {MAX_DEPTH} levels)", token.column)

    def parse(self) -> Expr:
        if self.token.kind == "end":
            raise ExprError("empty expression; expected something like x**2", 1)
        tree = self.expr()
        if self.token.kind != "end":
            raise ExprError(f"unexpected {self.token.text!r} after a complete expression", self.token.column)
        return tree

    def expr(self) -> Expr:
        tree = self.term()
        while self.at("+") or self.at("-"):
            op = self.advance().text
            tree = Bin(op, tree, self.term())
        return tree

    def term(self) -> Expr:
        tree = self.unary()
        while self.at("*") or self.at("/"):
            op = self.advance().text
            tree = Bin(op, tree, self.unary())
        return tree

    def unary(self) -> Expr:
        if self.at("-"):
            token = self.advance()
            self.deeper(token)
            tree = Neg(self.unary())
            self.nesting -= 1
            return tree
        return self.power()

    def power(self) -> Expr:
        base = self.atom()
        if self.at("**"):
            token = self.advance()
            self.deeper(token)
            exponent = self.unary()
            self.nesting -= 1
            return Bin("**", base, exponent)
        return base

    def atom(self) -> Expr:
        token = self.token
        if token.kind == "number":
            self.advance()
            value = float(token.text)
            if not math.isfinite(value):
                raise ExprError(f"number {token.text} is too large", token.column)
            return Num(value)
        if token.kind == "name":
            return self.name()
        if self.at("("):
            self.advance()
            self.deeper(token)
            tree = self.expr()
            self.expect(")", token)
            self.nesting -= 1
            return tree
        found = "the end" if token.kind == "end" else repr(token.text)
        raise ExprError(f"expected a number, x, a function or '(', found {found}", token.column)

    def name(self) -> Expr:
        token = self.advance()
        if token.text == "x":
            if self.at("("):
                raise ExprError("'x' is a variable, not a function", self.token.column)
            return Var()
        if token.text not in FUNCTIONS:
            names = ", ".join(FUNCTIONS)
            raise ExprError(f"unknown name {token.text!r}; expected x or one of {names}", token.column)
        if not self.at("("):
            raise ExprError(f"function {token.text!r} needs its argument in parentheses", self.token.column)
        opening = self.advance()
        self.deeper(opening)
        args = [self.expr()]
        while self.at(","):
            self.advance()
            args.append(self.expr())
        self.expect(")", opening)
        self.nesting -= 1
        wanted = FUNCTIONS[token.text]
        if len(args) != wanted:
            plural = "s" if wanted > 1 else ""
            raise ExprError(f"{token.text}() takes {wanted} argument{plural}, got {len(args)}", token.column)
        return Call(token.text, tuple(args))


def parse(source: str) -> Expr:
    """Parse a curve expression; raise ExprError with the column of the first problem."""
    if not isinstance(source, str):
        raise ExprError(f"expected the expression as text, got {type(source).__name__}", 1)
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExprError(
            f"expression is too long ({len(source)} characters; at most {MAX_SOURCE_LENGTH})",
            MAX_SOURCE_LENGTH + 1,
        )
    return _Parser(source).parse()


# ---------------------------------------------------------------------------------------------
# A curve: f and f' together
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Curve:
    source: str
    expr: Expr
    slope: Expr

    def f(self, x):
        return self.expr.evaluate(x)

    def df(self, x):
        return self.slope.evaluate(x)

    def glsl_f(self) -> str:
        return self.expr.glsl()

    def glsl_df(self) -> str:
        return self.slope.glsl()


@lru_cache(maxsize=256)
def compile_curve(source: str) -> Curve:
    """Parse once, differentiate once; cached by source text."""
    tree = parse(source)
    return Curve(source=source, expr=tree, slope=tree.derivative())
