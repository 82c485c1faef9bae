"""The four optimizers against hand-worked steps of their published (PyTorch) definitions."""

import numpy as np
import pytest

from game.sim.optim import OPTIMIZERS, init_state, step


def two_steps_on_parabola(name, eta, mu, dtype=np.float64):
    """Two updates on f = x^2 (f' = 2x) from x = 2."""
    x = np.array([2.0], dtype=dtype)
    state = init_state(x)
    xs = []
    for _ in range(2):
        x, state = step(name, x, 2 * x, state, eta, mu)
        xs.append(float(x[0]))
    return xs


def test_gradient_descent_hand_worked():
    # x1 = 2 - 0.1 * (2*2) = 1.6 ; x2 = 1.6 - 0.1 * 3.2 = 1.28
    assert two_steps_on_parabola("gd", 0.1, 0.0) == pytest.approx([1.6, 1.28])


def test_momentum_hand_worked():
    # v1 = 0.9*0 - 0.1*4 = -0.4 ; x1 = 1.6
    # v2 = 0.9*(-0.4) - 0.1*3.2 = -0.68 ; x2 = 0.92
    assert two_steps_on_parabola("momentum", 0.1, 0.9) == pytest.approx([1.6, 0.92])


def test_nesterov_hand_worked_pytorch_form():
    # PyTorch: b1 = g = 4 ; x1 = 2 - 0.1*(4 + 0.9*4) = 1.24
    #          g = 2.48 ; b2 = 0.9*4 + 2.48 = 6.08 ; x2 = 1.24 - 0.1*(2.48 + 0.9*6.08) = 0.4448
    assert two_steps_on_parabola("nesterov", 0.1, 0.9) == pytest.approx([1.24, 0.4448])


def test_adam_hand_worked():
    # t=1: m = 0.4, s = 0.016, m^ = 4, s^ = 16 -> x1 = 2 - 0.1*4/(4 + 1e-8) = 1.9
    # t=2: g = 3.8, m = 0.74, s = 0.030424, m^ = 3.8947368, s^ = 15.219610 -> x2 = 1.8001665
    x1, x2 = two_steps_on_parabola("adam", 0.1, 0.0)
    assert x1 == pytest.approx(1.9, abs=1e-9)
    m_hat = 0.74 / (1 - 0.9**2)
    s_hat = 0.030424 / (1 - 0.999**2)
    assert x2 == pytest.approx(1.9 - 0.1 * m_hat / (np.sqrt(s_hat) + 1e-8), abs=1e-9)  # x1 rounded to 1.9
    assert x2 == pytest.approx(1.8001665, abs=1e-6)


def test_adam_ignores_mu():
    assert two_steps_on_parabola("adam", 0.1, 0.0) == two_steps_on_parabola("adam", 0.1, 0.9)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_batched_equals_one_at_a_time_and_keeps_dtype(name):
    rng = np.random.default_rng(3)
    x = rng.uniform(-2, 2, 64).astype(np.float32)
    eta = rng.uniform(0.01, 0.5, 64).astype(np.float32)
    mu = rng.uniform(0, 0.95, 64).astype(np.float32)
    batch_x, state = x, init_state(x)
    for _ in range(5):
        batch_x, state = step(name, batch_x, 2 * batch_x, state, eta, mu)
    assert batch_x.dtype == np.float32
    for i in (0, 17, 63):
        one, one_state = x[i:i + 1], init_state(x[i:i + 1])
        for _ in range(5):
            one, one_state = step(name, one, 2 * one, one_state, eta[i], mu[i])
        assert one[0] == pytest.approx(batch_x[i], rel=1e-6)


def test_unknown_optimizer_is_refused():
    with pytest.raises(ValueError, match="unknown optimizer 'sgd'"):
        step("sgd", np.zeros(1), np.zeros(1), init_state(np.zeros(1)), 0.1, 0.0)
