"""Tiny fully-connected networks: forward pass, losses, hand-written backprop, updates.

Everything is batched over copies: parameters are a (copies, n_params) array, one row per
network, so the same code trains one network for the player or 4096 for a fate map. A layer
computes z = a @ W + b, with W of shape (inputs, outputs); W is stored before b, layer by layer
(the GPU kernel uses the same layout).

Losses, averaged over the examples:
  cross_entropy  softmax over the output layer, L = -log p[target]
  mse            squared error summed over the outputs, L = sum (y' - y)^2
                 (one output gives the seeds' (y' - y)^2, whose slope is 2 (y' - y))

Nothing here raises or warns on overflow: an exploding network gives inf/NaN numbers, which
the trainers turn into a "diverged" status.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
LOSSES = ("cross_entropy", "mse")


def activate(name: str, z: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        if name == "sigmoid":
            # written through tanh so that large |z| neither overflows nor warns
            return 0.5 * (1.0 + np.tanh(0.5 * z))
        if name == "tanh":
            return np.tanh(z)
        if name == "relu":
            return np.maximum(z, 0.0) if z.dtype.kind == "f" else np.maximum(z, 0)
        if name == "linear":
            return z
    raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}")


def activation_slope(name: str, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """da/dz, given the pre-activation z and the activation a = f(z)."""
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "tanh":
        return 1.0 - a * a
    if name == "relu":
        return (z > 0).astype(z.dtype)  # an "off" ReLU passes no blame back
    if name == "linear":
        return np.ones_like(z)
    raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}")


def layer_param_counts(sizes, bias: bool = True) -> list[int]:
    """Weights + biases of each layer: n_in * n_out (+ n_out)."""
    sizes = [int(n) for n in sizes]
    return [n_in * n_out + (n_out if bias else 0) for n_in, n_out in zip(sizes, sizes[1:])]


def count_params(sizes, bias: bool = True) -> int:
    return sum(layer_param_counts(sizes, bias))


@dataclass(frozen=True)
class NetShape:
    """Layer sizes (inputs first), the hidden and output activations and the loss.

    With loss "cross_entropy" the output layer is a softmax and `output` is ignored.
    """

    sizes: tuple[int, ...]
    hidden: str = "tanh"
    output: str = "linear"
    loss: str = "cross_entropy"
    bias: bool = True

    def __post_init__(self) -> None:
        if len(self.sizes) < 2 or any(int(n) < 1 for n in self.sizes):
            raise ValueError(f"a network needs at least two layers of size >= 1, got {self.sizes}")
        for name in (self.hidden, self.output):
            if name not in ACTIVATIONS:
                raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}")
        if self.loss not in LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}; expected one of {', '.join(LOSSES)}")

    @property
    def n_params(self) -> int:
        return count_params(self.sizes, self.bias)

    @property
    def n_layers(self) -> int:
        return len(self.sizes) - 1

    def activation(self, layer: int) -> str:
        return self.output if layer == self.n_layers - 1 else self.hidden

    def offsets(self) -> list[tuple[int, int, int]]:
        """(start of W, start of b, end) of each layer in a flat parameter row."""
        spans, start = [], 0
        for n_in, n_out in zip(self.sizes, self.sizes[1:]):
            b_start = start + n_in * n_out
            end = b_start + (n_out if self.bias else 0)
            spans.append((start, b_start, end))
            start = end
        return spans


def unpack(shape: NetShape, params: np.ndarray) -> list[tuple[np.ndarray, np.ndarray | None]]:
    """Views (W (copies, n_in, n_out), b (copies, n_out) or None) into params (copies, n_params)."""
    layers = []
    for (w0, b0, end), n_in, n_out in zip(shape.offsets(), shape.sizes, shape.sizes[1:]):
        w = params[:, w0:b0].reshape(params.shape[0], n_in, n_out)
        b = params[:, b0:end] if shape.bias else None
        layers.append((w, b))
    return layers


def init_params(shape: NetShape, rng: np.random.Generator, copies: int = 1,
                scale: float = 1.0, dtype=np.float64) -> np.ndarray:
    """Random weights ~ N(0, scale^2 / n_in) (Xavier-like), biases 0."""
    params = np.zeros((copies, shape.n_params))
    for (w0, b0, _), n_in in zip(shape.offsets(), shape.sizes):
        params[:, w0:b0] = rng.normal(0.0, scale / np.sqrt(n_in), size=(copies, b0 - w0))
    return params.astype(dtype)


@dataclass(frozen=True)
class Forward:
    """Everything the backward pass needs: per layer the input a, the pre-activation z and
    the output; `out` is the network's output (probabilities for cross entropy)."""

    inputs: tuple[np.ndarray, ...]
    zs: tuple[np.ndarray, ...]
    out: np.ndarray


def _batched_inputs(x: np.ndarray, copies: int, dtype) -> np.ndarray:
    x = np.asarray(x, dtype=dtype)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim == 2:
        x = np.broadcast_to(x, (copies, *x.shape))
    return x


def softmax(z: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)


def forward(shape: NetShape, params: np.ndarray, x: np.ndarray) -> Forward:
    """x: (n_in,), (examples, n_in) shared by all copies, or (copies, examples, n_in)."""
    params = np.atleast_2d(params)
    a = _batched_inputs(x, params.shape[0], params.dtype)
    inputs, zs = [], []
    with np.errstate(all="ignore"):
        for layer, (w, b) in enumerate(unpack(shape, params)):
            inputs.append(a)
            z = np.einsum("bni,bio->bno", a, w)
            if b is not None:
                z = z + b[:, None, :]
            zs.append(z)
            if layer == shape.n_layers - 1 and shape.loss == "cross_entropy":
                a = softmax(z)
            else:
                a = activate(shape.activation(layer), z)
    return Forward(tuple(inputs), tuple(zs), a)


def _targets(shape: NetShape, target, copies: int, examples: int, dtype) -> np.ndarray:
    if shape.loss == "cross_entropy":
        index = np.asarray(target, dtype=np.int64).reshape(-1)
        return np.broadcast_to(index, (examples,)) if index.size == 1 else index
    y = np.asarray(target, dtype=dtype)
    return np.broadcast_to(y.reshape(-1, shape.sizes[-1]) if y.ndim < 3 else y,
                           (copies, examples, shape.sizes[-1]))


def loss_from(shape: NetShape, fwd: Forward, target) -> np.ndarray:
    """Loss of each copy (averaged over examples): shape (copies,)."""
    copies, examples = fwd.out.shape[:2]
    y = _targets(shape, target, copies, examples, fwd.out.dtype)
    with np.errstate(all="ignore"):
        if shape.loss == "cross_entropy":
            z = fwd.zs[-1]
            top = z.max(axis=-1, keepdims=True)
            log_sum = (top + np.log(np.exp(z - top).sum(axis=-1, keepdims=True)))[..., 0]
            picked = np.take_along_axis(z, np.broadcast_to(y, (copies, examples))[..., None], -1)[..., 0]
            return (log_sum - picked).mean(axis=1)
        return ((fwd.out - y) ** 2).sum(axis=-1).mean(axis=1)


def backward(shape: NetShape, params: np.ndarray, x: np.ndarray, target
             ) -> tuple[np.ndarray, np.ndarray, Forward]:
    """(loss (copies,), gradient (copies, n_params), forward pass) by the chain rule."""
    params = np.atleast_2d(params)
    fwd = forward(shape, params, x)
    copies, examples = fwd.out.shape[:2]
    y = _targets(shape, target, copies, examples, params.dtype)
    grads = np.zeros_like(params)
    with np.errstate(all="ignore"):
        if shape.loss == "cross_entropy":
            onehot = np.zeros_like(fwd.out)
            np.put_along_axis(onehot, np.broadcast_to(y, (copies, examples))[..., None], 1.0, -1)
            dz = (fwd.out - onehot) / examples
        else:
            last = shape.n_layers - 1
            dz = 2.0 * (fwd.out - y) / examples * activation_slope(shape.output, fwd.zs[last], fwd.out)
        layers = unpack(shape, params)
        for layer in range(shape.n_layers - 1, -1, -1):
            w0, b0, end = shape.offsets()[layer]
            a_in = fwd.inputs[layer]
            grads[:, w0:b0] = np.einsum("bni,bno->bio", a_in, dz).reshape(copies, -1)
            if shape.bias:
                grads[:, b0:end] = dz.sum(axis=1)  # the bias gets the full downstream error
            if layer > 0:
                # blame for a hidden neuron: the sum over every path it feeds (a dot product)
                da = np.einsum("bno,bio->bni", dz, layers[layer][0])
                dz = da * activation_slope(shape.hidden, fwd.zs[layer - 1], a_in)
    return loss_from(shape, fwd, target), grads, fwd


def is_exploded(params: np.ndarray, loss: np.ndarray, weight_limit: float) -> np.ndarray:
    """Per copy: a non-finite loss or weight, or a weight beyond +-weight_limit."""
    params = np.atleast_2d(params)
    with np.errstate(all="ignore"):
        bad_weights = ~np.isfinite(params).all(axis=1) | (np.abs(params) > weight_limit).any(axis=1)
        return bad_weights | ~np.isfinite(loss)
