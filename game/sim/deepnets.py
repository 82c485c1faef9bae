"""Looking inside deeper networks: the forward pass neuron by neuron (seed 002, Interactive 2)
and the size of the gradient reaching each layer (the vanishing gradient).

The backward pass multiplies, layer after layer, by the weights and by the activation's slope.
A sigmoid's slope is at most 0.25, so with modest weights the gradient that reaches the first
layers of a deep chain is several times smaller per layer, and those layers barely learn; a
ReLU's slope is 1 wherever it is on, so the gradient does not shrink for that reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim.nets import NetShape, activate, forward, unpack


@dataclass(frozen=True)
class NeuronTrace:
    inputs: tuple[float, ...]  # what arrives from the layer before
    weights: tuple[float, ...]  # one per input
    weighted_sum: float  # sum of input * weight
    bias: float
    z: float  # weighted_sum + bias
    activation: str
    output: float  # activation(z)


def forward_trace(shape: NetShape, params: np.ndarray, x) -> list[list[NeuronTrace]]:
    """One example through one network (params: a flat row), layer by layer, in float64.
    Layer k's list holds one trace per neuron; the last layer's outputs are the prediction."""
    params = np.asarray(params, dtype=np.float64).reshape(1, -1)
    a = np.asarray(x, dtype=np.float64).reshape(-1)
    layers = []
    for layer, (w, b) in enumerate(unpack(shape, params)):
        name = shape.activation(layer)
        neurons = []
        for j in range(w.shape[2]):
            weights = w[0, :, j]
            weighted = float(np.dot(a, weights))
            bias = float(b[0, j]) if b is not None else 0.0
            z = weighted + bias
            out = float(activate(name, np.array([z]))[0])
            neurons.append(NeuronTrace(tuple(float(v) for v in a), tuple(float(v) for v in weights),
                                       weighted, bias, z, name, out))
        layers.append(neurons)
        a = np.array([n.output for n in neurons])
    return layers


def prediction(shape: NetShape, params: np.ndarray, x) -> np.ndarray:
    """The network's outputs for one example (the batched forward pass; forward_trace agrees)."""
    return forward(shape, np.asarray(params, dtype=np.float64).reshape(1, -1),
                   np.asarray(x, dtype=np.float64).reshape(1, -1)).out[0, 0]


def layer_grad_norms(shape: NetShape, grads: np.ndarray) -> np.ndarray:
    """Euclidean norm of each layer's gradient (its weights and biases together), first layer
    first: shape (copies, n_layers)."""
    grads = np.atleast_2d(grads)
    with np.errstate(all="ignore"):
        return np.stack([np.sqrt((grads[:, w0:end] ** 2).sum(axis=1)) for w0, _, end in shape.offsets()], axis=1)
