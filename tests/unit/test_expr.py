"""Curve expressions: grammar, evaluation, exact derivatives (vs finite differences), refusal."""


import numpy as np
import pytest

from game.sim.expr import (FUNCTIONS, MAX_DEPTH, MAX_SOURCE_LENGTH, ExprError, compile_curve,
                           parse)


@pytest.mark.parametrize("source, x, expected", [
    ("x**2", 3.0, 9.0),
    ("0.25*x**4 - x**2", 2.0, 0.0),
    ("-x**2", 3.0, -9.0),  # unary minus binds looser than ** (as in Python)
    ("2**3**2", 0.0, 512.0),  # ** is right-associative
    ("8/4/2", 0.0, 1.0),  # / is left-associative
    ("1 - 2 - 3", 0.0, -4.0),
    ("sigmoid(0)", 0.0, 0.5),
    ("relu(x) + relu(-x)", -2.5, 2.5),
    ("min(x, 1) + max(x, 1)", 3.0, 4.0),
    ("sqrt(abs(x)) * exp(0) + log(exp(2))", -4.0, 4.0),
    ("tanh(0) + cos(0) + sin(0) + tan(0)", 0.0, 1.0),
    ("1.5e1 + .5", 0.0, 15.5),
])
def test_evaluates_like_hand_arithmetic(source, x, expected):
    assert float(parse(source).evaluate(np.array([x]))[0]) == pytest.approx(expected)


def test_dtype_follows_input_and_nothing_warns():
    tree = parse("exp(x) + log(x) + 1/x")
    with np.errstate(all="raise"):
        values32 = tree.evaluate(np.array([0.0, -1.0, 1e6], dtype=np.float32))
    assert values32.dtype == np.float32
    assert not np.isfinite(values32).any()  # inf/NaN come back as values, never exceptions


def test_print_then_parse_gives_the_same_function():
    rng = np.random.default_rng(1)
    xs = rng.uniform(-2, 2, 50)
    for source in ["-x**2", "(1 - x)*(x + 2)", "2**-x", "-(x - 1)**3", "x/(1 + x**2)", "-(-x)"]:
        tree = parse(source)
        again = parse(str(tree))
        np.testing.assert_allclose(again.evaluate(xs), tree.evaluate(xs))


def random_tree_source(rng: np.random.Generator, depth: int) -> str:
    """A random expression from the grammar (exercising every function and operator)."""
    if depth == 0 or rng.random() < 0.25:
        return "x" if rng.random() < 0.6 else f"{rng.uniform(0.1, 3):.3f}"
    choice = rng.integers(0, 4)
    a = random_tree_source(rng, depth - 1)
    if choice == 0:
        return f"({a} {rng.choice(['+', '-', '*'])} {random_tree_source(rng, depth - 1)})"
    if choice == 1:
        return f"({a})**{int(rng.integers(1, 4))}"
    if choice == 2:
        name = rng.choice([n for n, arity in FUNCTIONS.items() if arity == 1])
        if name in ("log", "sqrt"):
            return f"{name}(1 + ({a})**2)"  # keep the argument in the domain
        if name == "exp":
            return f"exp(sin({a}))"
        if name == "tan":
            return f"tan(0.3*sin({a}))"
        return f"{name}({a})"
    name = rng.choice(["min", "max"])
    return f"{name}({a}, {random_tree_source(rng, depth - 1)})"


def central_difference(tree, x, h):
    return (tree.evaluate(x + h) - tree.evaluate(x - h)) / (2 * h)


def test_exact_derivative_matches_finite_differences_on_random_trees():
    rng = np.random.default_rng(20261121)
    checked = 0
    for _ in range(150):
        source = random_tree_source(rng, depth=4)
        curve = compile_curve(source)
        x = rng.uniform(-2, 2, 40)
        exact = curve.df(x)
        fd1 = central_difference(curve.expr, x, 1e-5)
        fd2 = central_difference(curve.expr, x, 5e-6)
        # Skip points near kinks (abs, relu, min, max) where the two estimates disagree.
        smooth = np.isfinite(exact) & np.isfinite(fd1) & (np.abs(fd1 - fd2) <= 1e-5 * (1 + np.abs(fd1)))
        np.testing.assert_allclose(exact[smooth], fd1[smooth], rtol=1e-5, atol=1e-5, err_msg=source)
        checked += int(smooth.sum())
    assert checked > 4000


@pytest.mark.parametrize("source, x, slope", [
    ("x**2", 3.0, 6.0),
    ("0.25*x**4 - x**2", 2.6, 2.6**3 - 2 * 2.6),
    ("sigmoid(x)", 0.0, 0.25),
    ("relu(x)", -1.0, 0.0),
    ("relu(x)", 2.0, 1.0),
    ("abs(x)", -3.0, -1.0),
    ("x**x", 1.0, 1.0),  # d/dx x^x = x^x (log x + 1)
])
def test_hand_worked_slopes(source, x, slope):
    assert float(compile_curve(source).df(np.array([x]))[0]) == pytest.approx(slope)


@pytest.mark.parametrize("source, column, gist", [
    ("", 1, "empty expression"),
    ("x^2", 2, "use ** for powers"),
    ("foo(x)", 1, "unknown name 'foo'"),
    ("__import__('os')", 12, "unexpected character"),
    ("x.real", 2, "unexpected character '.'"),
    ("sin x", 5, "needs its argument in parentheses"),
    ("sin(x, 2)", 1, "takes 1 argument"),
    ("max(x)", 1, "takes 2 arguments"),
    ("(x + 1", 7, "expected ')' to close '(' at column 1"),
    ("x + ", 5, "found the end"),
    ("x x", 3, "after a complete expression"),
    ("x(2)", 2, "variable, not a function"),
    ("1e999", 1, "too large"),
])
def test_refuses_with_the_column(source, column, gist):
    with pytest.raises(ExprError) as caught:
        parse(source)
    assert caught.value.column == column
    assert gist in caught.value.message
    assert str(caught.value).startswith(f"column {column}: ")


def test_refuses_too_long_and_too_deep():
    with pytest.raises(ExprError, match="too long"):
        parse("x+" * (MAX_SOURCE_LENGTH // 2) + "x")
    with pytest.raises(ExprError, match="nests too deeply"):
        parse("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(ExprError, match="nests too deeply"):
        parse("-" * (MAX_DEPTH + 1) + "x")
    parse("(" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1))  # just inside the bound


def test_glsl_uses_only_known_helpers():
    source = compile_curve("0.1*x**2 + 0.3*sin(3*x) + sigmoid(x) + log(1 + x**2) + x**0.5")
    text = source.glsl_f() + source.glsl_df()
    assert "ex_powi(x, 2)" in text and "ex_sigmoid(" in text and "ex_log(" in text
    assert "**" not in text and "np." not in text
