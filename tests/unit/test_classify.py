"""The classifier chapter's maths and data: gradients against finite differences, a ring no line
can separate (for every eta) that one hidden layer does, digits read by a linear classifier whose
templates are its weight rows."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim.datasets import DatasetError, load_digits, parse_digits
from game.sim.classify import (AROUND, CENTRE, Classifier, ClassifierBatch, ClassifierRules, Points,
                               accuracy_of, best_line_accuracy, confusion, corner_points,
                               hidden_activations, make_points, probabilities, ring_points, split,
                               templates)
from game.sim.nets import NetShape, backward, forward, init_params, loss_from
from game.sim.outcome import CONVERGED, DIVERGED, MAX_STEPS

LINE = NetShape((2, 2))


def numeric_gradient(shape, params, x, y, h=1e-6):
    grads = np.zeros_like(params)
    for k in range(params.shape[1]):
        up, down = params.copy(), params.copy()
        up[:, k] += h
        down[:, k] -= h
        grads[:, k] = (loss_from(shape, forward(shape, up, x), y) - loss_from(shape, forward(shape, down, x), y)) / (2 * h)
    return grads


@pytest.mark.parametrize("shape", [LINE, NetShape((2, 5, 2), hidden="tanh"), NetShape((2, 3, 2), hidden="relu"),
                                   NetShape((2, 4, 2), hidden="sigmoid"), NetShape((64, 10))],
                         ids=lambda s: f"{s.sizes}-{s.hidden}")
def test_classifier_gradients_match_finite_differences(shape):
    rng = np.random.default_rng(5)
    points = load_digits().take(slice(0, 12)) if shape.sizes[0] == 64 else ring_points(40, seed=3)
    params = init_params(shape, rng, copies=3, scale=1.3)
    params[:, -shape.sizes[-1]:] = rng.normal(0.0, 0.3, size=(3, shape.sizes[-1]))
    _, grads, _ = backward(shape, params, points.x, points.y)
    np.testing.assert_allclose(grads, numeric_gradient(shape, params, points.x, points.y), rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("layout", ["ring", "corners"])
def test_points_are_seeded_balanced_and_labelled(layout):
    a, b, c = make_points(layout, 301, 7), make_points(layout, 301, 7), make_points(layout, 301, 8)
    np.testing.assert_array_equal(a.x, b.x)
    assert not np.array_equal(a.x, c.x)
    assert len(a) == 301 and a.n_features == 2 and a.n_classes == 2
    assert abs((a.y == CENTRE).sum() - (a.y == AROUND).sum()) <= 1
    radius = np.hypot(*a.x.T)
    assert np.median(radius[a.y == CENTRE]) < 0.5 < np.median(radius[a.y == AROUND])


def test_best_line_search_finds_a_separating_line_and_the_ring_has_none():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2))
    separable = Points(x, (x @ [0.6, -0.8] > 0.1).astype(np.int64), ("a", "b"))
    assert best_line_accuracy(separable) > 0.99
    assert best_line_accuracy(ring_points(300, seed=7)) < 0.75
    assert best_line_accuracy(corner_points(300, seed=7)) < 0.8


@pytest.mark.parametrize("layout", ["ring", "corners"])
@pytest.mark.parametrize("optimizer,mu", [("gd", 0.0), ("momentum", 0.9), ("adam", 0.0)])
def test_no_hidden_layer_stays_below_80_percent_for_every_eta(layout, optimizer, mu):
    points = make_points(layout, 300, 7)
    etas = np.geomspace(1e-3, 1e3, 25)
    batch = ClassifierBatch(LINE, points, optimizer, etas, mu, 300,
                            start=init_params(LINE, np.random.default_rng(1)))
    best = batch.accuracy.copy()
    while not batch.done:
        batch.advance()
        best = np.maximum(best, batch.accuracy)
    assert (batch.status != CONVERGED).all()
    assert best.max() < 0.8
    assert best.max() <= best_line_accuracy(points) + 1e-12  # no line beats the best line


@pytest.mark.parametrize("layout", ["ring", "corners"])
@pytest.mark.parametrize("hidden,width", [("tanh", 4), ("relu", 8), ("sigmoid", 6)])
def test_one_hidden_layer_reaches_95_percent_and_generalises(layout, hidden, width):
    shape = NetShape((2, width, 2), hidden=hidden)
    points = make_points(layout, 300, 7)
    net = Classifier(shape, points, "adam", eta=0.1, max_epochs=400, seed=1,
                     rules=ClassifierRules(target_accuracy=0.97)).run()
    assert net.status == "converged" and net.accuracy >= 0.95
    assert net.accuracy_on(make_points(layout, 300, 99)) >= 0.93  # fresh points from another seed
    assert len(net.accuracies) == net.epochs + 1 == len(net.losses)


def test_predictions_are_probabilities_and_the_hidden_view_is_the_hidden_layer():
    shape = NetShape((2, 4, 2), hidden="tanh")
    net = Classifier(shape, ring_points(200, 3), "adam", eta=0.1, max_epochs=200, seed=2).run()
    probs = net.probabilities([[0.0, 0.0], [1.2, 0.0], [0.0, -1.1]])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    assert net.predict([[0.0, 0.0], [1.2, 0.0], [0.0, -1.1]]).tolist() == [CENTRE, AROUND, AROUND]
    grid = np.random.default_rng(0).uniform(-1.5, 1.5, size=(50, 2))
    w = net.params[:8].reshape(2, 4)
    np.testing.assert_allclose(net.hidden(grid), np.tanh(grid @ w + net.params[8:12]))
    assert hidden_activations(LINE, init_params(LINE, np.random.default_rng(0)), grid).shape == (1, 50, 0)


def test_minibatches_step_once_per_slice_and_full_batch_once_per_epoch():
    points = ring_points(100, 1)
    full = ClassifierBatch(LINE, points, "gd", 0.5, 0.0, 3)
    mini = ClassifierBatch(LINE, points, "gd", 0.5, 0.0, 3, batch=32)
    full.run(), mini.run()
    assert full.updates == 3 and mini.updates == 3 * 4
    # by hand: one minibatch epoch is four plain steps over the slices in order
    params = init_params(LINE, np.random.default_rng(0))
    for part in (slice(0, 32), slice(32, 64), slice(64, 96), slice(96, 100)):
        params = params - 0.5 * backward(LINE, params, points.x[part], points.y[part])[1]
    again = ClassifierBatch(LINE, points, "gd", 0.5, 0.0, 1, batch=32).run()
    np.testing.assert_allclose(again.params, params)


def test_a_huge_eta_diverges_without_raising_and_freezes():
    shape = NetShape((2, 4, 2), hidden="relu")
    batch = ClassifierBatch(shape, ring_points(100, 1), "gd", [0.1, 1e30], 0.0, 20,
                            rules=ClassifierRules(weight_limit=1e3))
    with np.errstate(all="raise"):
        batch.run()
    assert batch.status.tolist() == [MAX_STEPS, DIVERGED]
    assert batch.steps[1] < 20


def test_float32_stays_float32():
    batch = ClassifierBatch(LINE, ring_points(50, 1), "momentum", 0.3, 0.5, 5, dtype=np.float32).run()
    assert batch.params.dtype == np.float32 and batch.loss.dtype == np.float32


def test_accuracy_and_confusion_agree():
    probs = np.array([[[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [np.nan, np.nan]]])
    y = np.array([0, 1, 1, 0])
    assert accuracy_of(probs, y).tolist() == [0.5]
    counts = confusion(probs[0, :3].argmax(axis=1), y[:3], 2)
    assert counts.tolist() == [[1, 0], [1, 1]]


# ---------------------------------------------------------------------------------------------
# Digits
# ---------------------------------------------------------------------------------------------


def test_the_shipped_digits_are_the_uci_set_with_their_licence():
    digits = load_digits()
    assert digits.x.shape == (1797, 64) and digits.x.min() == 0.0 and digits.x.max() == 1.0
    assert np.bincount(digits.y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    from game.sim.datasets import digits_path

    readme = (digits_path().parent / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "Alpaydin" in readme and "10.24432/C50P49" in readme


def test_a_linear_classifier_reads_90_percent_of_held_out_digits():
    train, test = split(load_digits(), 0.25, seed=0)
    assert len(test) == 449 and len(train) == 1797 - 449
    shape = NetShape((64, 10))
    assert shape.n_params == 64 * 10 + 10  # seed 004's 784 x 10 + 10, at 8 x 8
    net = Classifier(shape, train, "gd", eta=2.0, max_epochs=60, seed=0).run()
    assert net.accuracy_on(test) >= 0.90
    counts = net.confusion(test)
    assert counts.sum() == len(test)
    assert np.trace(counts) / len(test) == pytest.approx(net.accuracy_on(test))
    assert net.accuracies[-1] > net.accuracies[10] > net.accuracies[0]


def test_templates_are_the_weight_rows_and_each_score_is_a_dot_product():
    train, _ = split(load_digits(), 0.25, seed=0)
    shape = NetShape((64, 10))
    net = Classifier(shape, train, "gd", eta=2.0, max_epochs=10, seed=0).run()
    t = net.templates()
    assert t.shape == (10, 64)
    np.testing.assert_array_equal(t, net.params[:640].reshape(64, 10).T)
    image = train.x[:5]
    scores = forward(shape, net.params[None], image).zs[-1][0]
    np.testing.assert_allclose(scores, image @ t.T + net.params[640:])
    with pytest.raises(ValueError):
        templates(NetShape((2, 3, 2)), np.zeros(NetShape((2, 3, 2)).n_params))


def test_bad_digit_files_get_one_line_naming_the_place():
    good = ",".join(["0"] * 64 + ["3"])
    assert parse_digits(good).y.tolist() == [3]
    for text, words in ((good + "\n1,2,3", "f:2: expected 65"), (good.replace("3", "x"), "f:1: not a number"),
                        (good[:-1] + "12", "f:1: pixels must lie"), ("", "f: no digits")):
        with pytest.raises(DatasetError) as error:
            parse_digits(text, "f")
        assert words in str(error.value) and "\n" not in str(error.value)


def test_probabilities_shape_for_many_copies():
    shape = NetShape((2, 3, 2))
    params = init_params(shape, np.random.default_rng(0), copies=4)
    assert probabilities(shape, params, np.zeros((7, 2))).shape == (4, 7, 2)


def test_held_out_points_judge_the_outcome():
    train, test = split(ring_points(300, 2), 0.3, seed=1)
    shape = NetShape((2, 6, 2), hidden="tanh")
    net = Classifier(shape, train, "adam", eta=0.1, max_epochs=300, seed=1, held_out=test,
                     rules=ClassifierRules(target_accuracy=0.95)).run()
    assert net.status == "converged"
    assert net.held_out_accuracies[-1] == net.judged_accuracy == net.accuracy_on(test) >= 0.95
    assert net.held_out_accuracies[-2] < 0.95  # it stopped at the first epoch that got there
    assert len(net.held_out_accuracies) == len(net.accuracies) == net.steps + 1
