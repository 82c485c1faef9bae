"""Classifiers: labelled points, a network trained on them epoch by epoch, accuracy and predictions.

Seed 004: "a straight line cannot separate the center cluster from the surrounding corners";
hidden layers with nonlinear activations bend the space. Seed 002 (Interactives 6-8): build a
network, train it over epochs watching loss and accuracy, then classify new points with it.

The network is game.sim.nets (softmax over one output per class, cross entropy, hand-written
backprop); this module adds the data, the epochs and the reading of the answers:

  ring_points / corner_points   a centre cluster (class 0) and points around it (class 1)
  ClassifierBatch               copies of one network training on one data set, each with its
                                own eta and mu (a sweep of learning rates runs as one batch)
  Classifier                    one copy, stepped epoch by epoch, keeping its history

An epoch is one pass over the training points in `batch`-sized slices taken in order, one
optimizer step per slice (batch = all points: one full-batch step per epoch). After each epoch
the whole training set is evaluated: its mean loss and its accuracy are what the history keeps.

Outcome per copy (the GPU kernel mirrors it): diverged when the loss or a weight is not finite or
a weight leaves +-weight_limit; converged when the accuracy reaches target_accuracy (on the
held-out points when the batch has some, else on the training points); max_steps when the epoch
budget is spent. Steps count epochs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.i18n import N_
from game.sim.nets import NetShape, backward, forward, init_params, is_exploded, loss_from
from game.sim.optim import OptimState, check_optimizer, init_state, step
from game.sim.outcome import CONVERGED, DIVERGED, MAX_STEPS, RUNNING, OneOfBatch, Outcomes

CENTRE, AROUND = 0, 1
LAYOUTS = ("ring", "corners")
DEFAULT_WEIGHT_LIMIT = 1e4


@dataclass(frozen=True)
class Points:
    """Labelled points: x (n, features) float64, y (n,) class indices, one label per class."""

    x: np.ndarray
    y: np.ndarray
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.x.ndim != 2 or self.y.shape != (self.x.shape[0],):
            raise ValueError(f"points need x (n, features) and y (n,), got {self.x.shape} and {self.y.shape}")
        if self.y.size and (self.y.min() < 0 or self.y.max() >= len(self.labels)):
            raise ValueError(f"class indices must lie in 0..{len(self.labels) - 1}")

    def __len__(self) -> int:
        return self.x.shape[0]

    @property
    def n_classes(self) -> int:
        return len(self.labels)

    @property
    def n_features(self) -> int:
        return self.x.shape[1]

    def take(self, index) -> Points:
        return Points(self.x[index], self.y[index], self.labels)


def _shuffled(x: np.ndarray, y: np.ndarray, rng: np.random.Generator, labels) -> Points:
    order = rng.permutation(len(y))
    return Points(x[order], y[order].astype(np.int64), tuple(labels))


def ring_points(n: int = 300, seed: int = 0, centre_spread: float = 0.28, radius: float = 1.0,
                ring_spread: float = 0.12, labels=(N_("centre"), N_("ring"))) -> Points:
    """Half the points in a round cluster at the origin, half on a ring around it.

    Any straight line leaves most of one class on the wrong side: a line far enough out to keep
    the cluster whole still has more than half the ring on the cluster's side.
    """
    rng = np.random.default_rng(seed)
    n_centre = n // 2
    n_ring = n - n_centre
    centre = rng.normal(0.0, centre_spread, size=(n_centre, 2))
    angle = rng.uniform(0.0, 2.0 * np.pi, n_ring)
    r = radius + rng.normal(0.0, ring_spread, n_ring)
    ring = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
    x = np.concatenate([centre, ring])
    y = np.concatenate([np.full(n_centre, CENTRE), np.full(n_ring, AROUND)])
    return _shuffled(x, y, rng, labels)


def corner_points(n: int = 300, seed: int = 0, spread: float = 0.22, corner: float = 1.0,
                  labels=(N_("centre"), N_("corners"))) -> Points:
    """Half the points in a cluster at the origin, the other half split among the four corners
    (+-corner, +-corner): seed 004's picture."""
    rng = np.random.default_rng(seed)
    n_centre = n // 2
    n_corner = n - n_centre
    centre = rng.normal(0.0, spread, size=(n_centre, 2))
    which = np.arange(n_corner) % 4
    signs = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], dtype=np.float64)[which]
    corners = corner * signs + rng.normal(0.0, spread, size=(n_corner, 2))
    x = np.concatenate([centre, corners])
    y = np.concatenate([np.full(n_centre, CENTRE), np.full(n_corner, AROUND)])
    return _shuffled(x, y, rng, labels)


def make_points(layout: str, n: int, seed: int) -> Points:
    if layout == "ring":
        return ring_points(n, seed)
    if layout == "corners":
        return corner_points(n, seed)
    raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")


def split(points: Points, test_fraction: float, seed: int) -> tuple[Points, Points]:
    """A seeded random split into (train, test)."""
    order = np.random.default_rng(seed).permutation(len(points))
    n_test = int(round(test_fraction * len(points)))
    return points.take(np.sort(order[n_test:])), points.take(np.sort(order[:n_test]))


def best_line_accuracy(points: Points, angles: int = 720) -> float:
    """The best accuracy any straight line reaches on two-class 2-D points (either side may be
    either class), by trying every direction on a fine grid and every cut along it."""
    if points.n_classes != 2 or points.n_features != 2:
        raise ValueError("best_line_accuracy takes two classes of 2-D points")
    best = 0.0
    n = len(points)
    positive = (points.y == 1).astype(np.int64)
    for theta in np.linspace(0.0, np.pi, angles, endpoint=False):
        along = points.x @ np.array([np.cos(theta), np.sin(theta)])
        ones_below = np.concatenate([[0], np.cumsum(positive[np.argsort(along)])])
        below = np.arange(n + 1)
        # class 0 below the cut and class 1 above it, or the other way round
        correct = (below - ones_below) + (positive.sum() - ones_below)
        best = max(best, correct.max() / n, (n - correct).max() / n)
    return float(best)


# ---------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassifierRules:
    target_accuracy: float = 1.0  # converged once the training accuracy reaches this
    weight_limit: float = DEFAULT_WEIGHT_LIMIT


def probabilities(shape: NetShape, params: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Class probabilities: (copies, points, classes)."""
    return forward(shape, np.atleast_2d(params), x).out


def hidden_activations(shape: NetShape, params: np.ndarray, x: np.ndarray) -> np.ndarray:
    """What each hidden neuron outputs at each point: (copies, points, hidden); a network with
    no hidden layer has none (last axis 0)."""
    fwd = forward(shape, np.atleast_2d(params), x)
    if shape.n_layers < 2:
        return np.zeros(fwd.out.shape[:2] + (0,), dtype=fwd.out.dtype)
    return fwd.inputs[1]


def accuracy_of(probs: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The fraction of points whose most probable class is theirs, per copy. A copy whose
    probabilities are not finite gets every point wrong."""
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(probs).all(axis=-1)
        return ((probs.argmax(axis=-1) == y) & finite).mean(axis=-1)


def confusion(predicted: np.ndarray, y: np.ndarray, n_classes: int) -> np.ndarray:
    """counts[true, predicted]."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (np.asarray(y), np.asarray(predicted)), 1)
    return counts


def templates(shape: NetShape, params: np.ndarray) -> np.ndarray:
    """For a network with no hidden layer: row k is the weights into output neuron k, the
    template output k compares each input with (logit_k = template_k . x + b_k).
    Shape (classes, inputs)."""
    if shape.n_layers != 1:
        raise ValueError("templates are the weights of a network with no hidden layer")
    params = np.asarray(params).reshape(-1)
    n_in, n_out = shape.sizes
    return params[: n_in * n_out].reshape(n_in, n_out).T.copy()


class ClassifierBatch(Outcomes):
    """Copies of one classifier training on the same points, each with its own eta and mu."""

    engine = "numpy"  # what trains it (its GPU twin, game/gpu/classify_kernel.py, says "gpu")

    def __init__(self, shape: NetShape, train: Points, optimizer: str, eta, mu, max_epochs: int,
                 rules: ClassifierRules = ClassifierRules(), start: np.ndarray | None = None,
                 batch: int | None = None, dtype=np.float64, copies: int | None = None,
                 held_out: Points | None = None):
        if shape.loss != "cross_entropy" or shape.sizes[-1] != train.n_classes or shape.sizes[0] != train.n_features:
            raise ValueError(f"a classifier for {train.n_features} features and {train.n_classes} classes "
                             f"needs sizes ({train.n_features}, ..., {train.n_classes}) and cross entropy")
        self.shape, self.optimizer, self.rules = shape, check_optimizer(optimizer), rules
        self.max_steps = int(max_epochs)
        self.x = np.ascontiguousarray(train.x, dtype=dtype)
        self.y = train.y
        self.held_out = held_out
        self.batch = len(train) if not batch else max(1, min(int(batch), len(train)))
        eta, mu = (np.asarray(a, dtype=dtype).reshape(-1) for a in (eta, mu))
        if start is None:
            start = init_params(shape, np.random.default_rng(0))
        start = np.atleast_2d(np.asarray(start, dtype=dtype))
        n = copies or max(len(eta), len(mu), len(start))
        self.eta = np.broadcast_to(eta, (n,))[:, None].copy()
        self.mu = np.broadcast_to(mu, (n,))[:, None].copy()
        self.params = np.broadcast_to(start, (n, shape.n_params)).copy()
        self.state = init_state(self.params)
        self.updates = 0
        self._start_outcomes((n,))
        self._evaluate()
        self._judge()

    @property
    def slices(self) -> list[slice]:
        return [slice(i, min(i + self.batch, len(self.y))) for i in range(0, len(self.y), self.batch)]

    def _evaluate(self) -> None:
        fwd = forward(self.shape, self.params, self.x)
        self.loss = loss_from(self.shape, fwd, self.y)
        self.accuracy = accuracy_of(fwd.out, self.y)
        if self.held_out is not None:
            probs = probabilities(self.shape, self.params, self.held_out.x.astype(self.params.dtype))
            self.held_out_accuracy = accuracy_of(probs, self.held_out.y)

    @property
    def judged_accuracy(self) -> np.ndarray:
        """The accuracy the outcome is judged by: on the held-out points if there are some."""
        return self.accuracy if self.held_out is None else self.held_out_accuracy

    def advance(self) -> None:
        """One epoch for every copy still running."""
        if self.done:
            return
        keep = self.running[:, None]
        for part in self.slices:
            _, grad, _ = backward(self.shape, self.params, self.x[part], self.y[part])
            params, state = step(self.optimizer, self.params, grad, self.state, self.eta, self.mu)
            self.params = np.where(keep, params, self.params)
            self.state = OptimState(np.where(keep, state.v, self.state.v),
                                    np.where(keep, state.s, self.state.s), state.t)
            self.updates += 1
        self.t += 1
        before = (self.loss, self.accuracy, getattr(self, "held_out_accuracy", None))
        self._evaluate()
        self.loss = np.where(keep[:, 0], self.loss, before[0])
        self.accuracy = np.where(keep[:, 0], self.accuracy, before[1])
        if self.held_out is not None:
            self.held_out_accuracy = np.where(keep[:, 0], self.held_out_accuracy, before[2])
        self._judge()

    def _judge(self) -> None:
        exploded = is_exploded(self.params, self.loss, self.rules.weight_limit)
        self._decide(self.running & exploded, DIVERGED)
        self._decide(self.running & (self.judged_accuracy >= self.rules.target_accuracy), CONVERGED)
        self._close_budget()

    def result(self) -> ClassifierBatch:
        return self


class Classifier(OneOfBatch):
    """One classifier in float64, trained epoch by epoch by the player, keeping its history
    (t, steps, status and done read the batch of one).

    `batches` makes the batch of one: ClassifierBatch (the reference), or a twin with its call
    shape that trains elsewhere (the GPU kernel, bound to its context, in float32)."""

    def __init__(self, shape: NetShape, train: Points, optimizer: str = "gd", eta: float = 0.5,
                 mu: float = 0.0, max_epochs: int = 1000, rules: ClassifierRules = ClassifierRules(),
                 seed: int = 0, init_scale: float = 1.0, batch: int | None = None,
                 start: np.ndarray | None = None, held_out: Points | None = None, batches=None):
        self.shape, self.train, self.held_out = shape, train, held_out
        if start is None:
            start = init_params(shape, np.random.default_rng(seed), scale=init_scale)
        self._batch = (batches or ClassifierBatch)(shape, train, optimizer, [eta], [mu], max_epochs, rules,
                                                   start=start, batch=batch, held_out=held_out)
        self.losses = [self.loss]
        self.accuracies = [self.accuracy]
        self.held_out_accuracies = [self.judged_accuracy] if held_out is not None else []

    @property
    def params(self) -> np.ndarray:
        return self._batch.params[0]

    @property
    def accuracy(self) -> float:
        return float(self._batch.accuracy[0])

    @property
    def judged_accuracy(self) -> float:
        return float(self._batch.judged_accuracy[0])

    @property
    def epochs(self) -> int:
        return self._batch.t

    @property
    def engine(self) -> str:
        """What trains it: "numpy" (the reference) or "gpu" (the compute kernel)."""
        return self._batch.engine

    def release(self) -> None:
        """Give back what the batch holds outside Python (a GPU twin's buffers)."""
        release = getattr(self._batch, "release", None)
        if release is not None:
            release()

    def epoch(self) -> None:
        if self.done:
            return
        self._batch.advance()
        self.losses.append(self.loss)
        self.accuracies.append(self.accuracy)
        if self.held_out is not None:
            self.held_out_accuracies.append(self.judged_accuracy)

    step = epoch

    def prepare(self) -> None:
        """Part of the next epoch ahead of time, where the trainer works in parts (the GPU
        twin: one minibatch per call); the epoch is taken, and seen, at `epoch()` all the same.
        A paced run calls it on the frames between epochs."""
        prepare = getattr(self._batch, "prepare", None)
        if prepare is not None and not self.done:
            prepare()

    def run(self) -> Classifier:
        while not self.done:
            self.epoch()
        return self

    def probabilities(self, x) -> np.ndarray:
        """(points, classes) for x (points, features) or (features,)."""
        return probabilities(self.shape, self.params, np.atleast_2d(np.asarray(x, dtype=np.float64)))[0]

    def predict(self, x) -> np.ndarray:
        return self.probabilities(x).argmax(axis=-1)

    def accuracy_on(self, points: Points) -> float:
        return float(accuracy_of(self.probabilities(points.x)[None], points.y)[0])

    def confusion(self, points: Points) -> np.ndarray:
        return confusion(self.predict(points.x), points.y, points.n_classes)

    def hidden(self, x) -> np.ndarray:
        return hidden_activations(self.shape, self.params, np.atleast_2d(x))[0]

    def templates(self) -> np.ndarray:
        return templates(self.shape, self.params)


__all__ = ["Points", "ring_points", "corner_points", "make_points", "split", "best_line_accuracy",
           "ClassifierRules", "ClassifierBatch", "Classifier", "probabilities", "hidden_activations",
           "accuracy_of", "confusion", "templates", "CONVERGED", "DIVERGED", "MAX_STEPS", "RUNNING"]
