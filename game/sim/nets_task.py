"""A network and the one thing it must learn (NetTask): what every network preset builds
(game/sim/nets_presets.py, game/sim/lab_presets.py) and what the trainers train."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from game.sim.nets import Forward, NetShape, backward

DEFAULT_WEIGHT_LIMIT = 100.0


@dataclass(frozen=True)
class NetTask:
    """A network and the one thing it must learn.

    Training moves `coords`: the network's parameters themselves, or, when `basis` is set
    (the landscape), coordinates (a, b) with params = centre + a * basis[0] + b * basis[1].
    """

    preset: str
    shape: NetShape
    x: np.ndarray  # (examples, n_in)
    target: np.ndarray  # class indices (cross entropy) or (examples, n_out) values (mse)
    start: np.ndarray  # starting coords (n_coords,)
    input_labels: tuple[str, ...]
    output_labels: tuple[str, ...]
    target_label: str | None = None  # the word to predict, or what the words are ("right capital")
    hidden_labels: tuple[str, ...] = ()
    weight_limit: float = DEFAULT_WEIGHT_LIMIT
    basis: np.ndarray | None = None
    centre: np.ndarray | None = None
    options: Mapping = field(default_factory=dict)  # preset extras for the scenes (e.g. activations)
    # minibatches: row t holds the examples whose gradient update t follows (stochastic gradient
    # descent, cycled when a run is longer); None = every update sees all the examples. The loss
    # that is judged and drawn is always the loss over all of them.
    batches: np.ndarray | None = None

    @property
    def n_coords(self) -> int:
        return self.start.shape[0]

    @property
    def n_params(self) -> int:
        return self.shape.n_params

    def params_of(self, coords: np.ndarray) -> np.ndarray:
        coords = np.atleast_2d(coords)
        if self.basis is None:
            return coords
        with np.errstate(all="ignore"):
            return self.centre.astype(coords.dtype) + coords @ self.basis.astype(coords.dtype)

    def loss_grad(self, coords: np.ndarray) -> tuple[np.ndarray, np.ndarray, Forward]:
        """(loss (copies,), gradient with respect to coords, forward pass)."""
        loss, grads, fwd = backward(self.shape, self.params_of(coords), self.x, self.target)
        if self.basis is not None:
            with np.errstate(all="ignore"):
                grads = grads @ self.basis.astype(grads.dtype).T  # chain rule through the slice
        return loss, grads, fwd

    def step_grad(self, coords: np.ndarray, t: int, grads: np.ndarray) -> np.ndarray:
        """The gradient update t follows: `grads` (over all examples) or its minibatch's."""
        if self.batches is None:
            return grads
        rows = self.batches[int(t) % len(self.batches)]
        _, batch_grads, _ = backward(self.shape, self.params_of(coords), self.x[rows], self.target[rows])
        if self.basis is not None:
            with np.errstate(all="ignore"):
                batch_grads = batch_grads @ self.basis.astype(batch_grads.dtype).T
        return batch_grads

    def p_target(self, loss: np.ndarray) -> np.ndarray | None:
        """P of the right word (cross entropy only): loss = -log p. With several examples the loss
        is the mean of their -log p, so this p is their geometric mean."""
        if self.shape.loss != "cross_entropy":
            return None
        with np.errstate(all="ignore"):
            return np.exp(-loss)


# ---------------------------------------------------------------- validation
