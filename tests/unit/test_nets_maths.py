"""Network maths: backprop against finite differences, for every activation and loss, in float64."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim.nets import (ACTIVATIONS, NetShape, activate, backward, count_params, forward,
                           init_params, is_exploded, layer_param_counts, loss_from)


def numeric_gradient(shape, params, x, target, h=1e-6):
    grads = np.zeros_like(params)
    for k in range(params.shape[1]):
        up, down = params.copy(), params.copy()
        up[:, k] += h
        down[:, k] -= h
        grads[:, k] = (loss_from(shape, forward(shape, up, x), target)
                       - loss_from(shape, forward(shape, down, x), target)) / (2 * h)
    return grads


@pytest.mark.parametrize("hidden", ACTIVATIONS)
@pytest.mark.parametrize("loss,output", [("cross_entropy", "linear"), ("mse", "sigmoid"),
                                         ("mse", "tanh"), ("mse", "linear"), ("mse", "relu")])
def test_backprop_matches_finite_differences(hidden, loss, output):
    rng = np.random.default_rng(7)
    shape = NetShape((3, 4, 3), hidden=hidden, output=output, loss=loss)
    params = init_params(shape, rng, copies=5, scale=1.5)
    params[:, -3:] = rng.normal(0.0, 0.5, size=(5, 3))  # non-zero output biases too
    x = rng.normal(size=(2, 3))
    target = np.array([2, 0]) if loss == "cross_entropy" else rng.uniform(0.1, 0.9, size=(2, 3))
    loss_value, grads, _ = backward(shape, params, x, target)
    assert loss_value.shape == (5,)
    np.testing.assert_allclose(grads, numeric_gradient(shape, params, x, target), rtol=1e-5, atol=1e-8)


def test_deeper_network_and_no_bias_gradients():
    rng = np.random.default_rng(3)
    for shape in (NetShape((2, 3, 4, 2), hidden="sigmoid", loss="cross_entropy"),
                  NetShape((1, 1), output="linear", loss="mse", bias=False)):
        params = init_params(shape, rng, copies=3)
        x = rng.normal(size=(4, shape.sizes[0]))
        target = (np.array([0, 1, 1, 0]) if shape.loss == "cross_entropy"
                  else rng.normal(size=(4, shape.sizes[-1])))
        _, grads, _ = backward(shape, params, x, target)
        np.testing.assert_allclose(grads, numeric_gradient(shape, params, x, target), rtol=1e-5, atol=1e-8)


def test_copies_are_independent():
    rng = np.random.default_rng(1)
    shape = NetShape((3, 4, 5))
    params = init_params(shape, rng, copies=4)
    together = backward(shape, params, np.ones(3), 0)
    for i in range(4):
        alone = backward(shape, params[i:i + 1], np.ones(3), 0)
        np.testing.assert_allclose(alone[0], together[0][i:i + 1])
        np.testing.assert_allclose(alone[1], together[1][i:i + 1])


def test_float32_stays_float32_and_agrees_with_float64():
    rng = np.random.default_rng(2)
    shape = NetShape((3, 4, 5))
    params = init_params(shape, rng, copies=2)
    loss64, grads64, _ = backward(shape, params, np.ones(3), 1)
    loss32, grads32, fwd32 = backward(shape, params.astype(np.float32), np.ones(3), 1)
    assert loss32.dtype == np.float32 and grads32.dtype == np.float32 and fwd32.out.dtype == np.float32
    np.testing.assert_allclose(loss32, loss64, rtol=1e-5)
    np.testing.assert_allclose(grads32, grads64, rtol=1e-4, atol=1e-6)


def test_mse_slope_is_two_times_the_difference_times_the_input():
    # seed 000: y' = w x, L = (y' - y)^2, dL/dw = 2 (y' - y) x
    shape = NetShape((1, 1), output="linear", loss="mse", bias=False)
    w, x, y = 0.5, 2.0, 6.0
    loss, grads, fwd = backward(shape, np.array([[w]]), np.array([x]), np.array([y]))
    assert fwd.out[0, 0, 0] == pytest.approx(1.0)
    assert loss[0] == pytest.approx((1.0 - 6.0) ** 2)
    assert grads[0, 0] == pytest.approx(2 * (1.0 - 6.0) * 2.0)


def test_seed_numbers():
    # seed 002: 0.50 * 0.80 + 0.20 = 0.60, sigmoid -> 0.6457; MSE (0.70 - 0.90)^2 = 0.0400
    shape = NetShape((1, 1), output="sigmoid", loss="mse")
    fwd = forward(shape, np.array([[0.80, 0.20]]), np.array([0.50]))
    assert fwd.zs[0][0, 0, 0] == pytest.approx(0.60)
    assert round(float(fwd.out[0, 0, 0]), 4) == 0.6457
    mse = NetShape((1, 1), output="linear", loss="mse")
    assert loss_from(mse, forward(mse, np.array([[0.70, 0.0]]), np.array([1.0])), [0.90])[0] == pytest.approx(0.04)
    # seed 001: loss = -log(0.10) = 2.30
    assert round(float(-np.log(0.10)), 2) == 2.30


def test_parameter_counts_of_the_seeds():
    assert layer_param_counts([784, 256, 128, 10]) == [200_960, 32_896, 1_290]
    assert count_params([784, 256, 128, 10]) == 235_146
    assert count_params([784, 10]) == 7_850
    assert count_params([784, 128]) == 100_480
    assert count_params([3, 5, 1]) == 26
    assert NetShape((3, 5, 1)).n_params == 26


def test_relu_that_is_off_blocks_the_blame():
    # hidden neuron 0 is off (negative input): its incoming weight gets no gradient
    shape = NetShape((1, 2, 1), hidden="relu", output="linear", loss="mse")
    params = np.array([[-1.0, 1.0, 0.0, 0.0, 0.5, 0.5, 0.0]])
    _, grads, _ = backward(shape, params, np.array([1.0]), np.array([2.0]))
    assert grads[0, 0] == 0.0 and grads[0, 2] == 0.0
    assert grads[0, 1] != 0.0


def test_huge_numbers_never_raise_or_warn_and_read_as_exploded():
    shape = NetShape((3, 4, 5), hidden="relu")
    params = np.full((2, shape.n_params), 1e30)
    params[1] = np.nan
    with np.errstate(all="raise"):
        loss, grads, fwd = backward(shape, params, np.ones(3), 0)
        activate("sigmoid", np.array([-1e6, 1e6]))
    assert is_exploded(params, loss, weight_limit=1e3).all()
    assert not is_exploded(np.zeros((1, 3)), np.zeros(1), weight_limit=1e3).any()


@pytest.mark.parametrize("sizes", [(3,), (3, 0), ()])
def test_bad_shapes_are_refused_with_a_message(sizes):
    with pytest.raises(ValueError, match="at least two layers"):
        NetShape(sizes)
