"""The optimizers against hand-worked steps of their published (PyTorch) definitions."""

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


def three_steps_on_parabola(name):
    x = np.array([2.0])
    state = init_state(x)
    xs = []
    for _ in range(3):
        x, state = step(name, x, 2 * x, state, 0.1, 0.0)
        xs.append(float(x[0]))
    return xs


# The reference numbers below come from torch 2.13.0 (CPU) in float64, default settings but lr:
#   x = torch.tensor([2.0], dtype=torch.float64, requires_grad=True)
#   opt = torch.optim.RMSprop([x], lr=0.1)   # or torch.optim.AdamW([x], lr=0.1)
#   three times: opt.zero_grad(); (x**2).sum().backward(); opt.step(); record x.item()


def test_rmsprop_hand_worked_and_as_torch():
    # t=1: g = 4, s = 0.99*0 + 0.01*16 = 0.16, sqrt(s) = 0.4 -> x1 = 2 - 0.1*4/(0.4 + 1e-8) = 1.000000025
    # t=2: g = 2.00000005, s = 0.99*0.16 + 0.01*g^2 = 0.2 -> x2 = x1 - 0.1*g/(sqrt(0.2) + 1e-8) = 0.5509868
    x1, x2, x3 = three_steps_on_parabola("rmsprop")
    assert x1 == pytest.approx(2 - 0.4 / (0.4 + 1e-8), abs=1e-12)
    g = 2 * x1
    s = 0.99 * 0.16 + 0.01 * g * g
    assert x2 == pytest.approx(x1 - 0.1 * g / (np.sqrt(s) + 1e-8), abs=1e-12)
    assert [x1, x2, x3] == pytest.approx([1.0000000249999998, 0.5509867710515483, 0.3096873875871078], abs=1e-12)


def test_adamw_hand_worked_and_as_torch():
    # t=1: decay first: 2 - 0.1*0.01*2 = 1.998; then Adam's first step moves 0.1*4/(4 + 1e-8):
    #      x1 = 1.998 - 0.09999999975 = 1.89800000025
    x1, x2, x3 = three_steps_on_parabola("adamw")
    assert x1 == pytest.approx(1.998 - 0.1 * 4 / (4 + 1e-8), abs=1e-12)
    assert [x1, x2, x3] == pytest.approx([1.89800000025, 1.7962725886447977, 1.6949445143849768], abs=1e-12)
    # the decay is decoupled: with no slope at all, AdamW still shrinks x by eta*wd, Adam does not move
    x = np.array([2.0])
    assert step("adamw", x, np.zeros(1), init_state(x), 0.1, 0.0)[0][0] == pytest.approx(2 - 0.1 * 0.01 * 2)
    assert step("adam", x, np.zeros(1), init_state(x), 0.1, 0.0)[0][0] == 2.0


def test_adam_matches_torch_too():
    assert three_steps_on_parabola("adam") == pytest.approx([1.90000000025, 1.800166486115701, 1.700623392046465],
                                                            abs=1e-12)


def test_new_optimizers_use_pytorchs_defaults():
    from game.sim import optim

    assert (optim.RMSPROP_ALPHA, optim.RMSPROP_EPS) == (0.99, 1e-8)  # torch: alpha 0.99, eps 1e-8, momentum 0
    assert (optim.ADAM_BETA1, optim.ADAM_BETA2, optim.ADAM_EPS, optim.ADAMW_WEIGHT_DECAY) == (0.9, 0.999, 1e-8, 0.01)
    assert not optim.uses_mu("rmsprop") and not optim.uses_mu("adamw")
    assert two_steps_on_parabola("rmsprop", 0.1, 0.0) == two_steps_on_parabola("rmsprop", 0.1, 0.9)


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
