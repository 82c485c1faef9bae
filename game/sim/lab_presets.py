"""The learning-rate lab's networks (seed 002: the learning rate, Interactive 2, the vanishing
gradient) as training tasks, beside the presets of game/sim/nets_presets.py.

  fit      a curve fit: x in [-2, 2] -> hidden layer -> y = amplitude * sin(frequency * x + phase),
           squared error (the phase keeps the data lopsided: with an odd curve, odd tanh and zero
           biases, some gradients are zero by symmetry, and Adam blows their rounding noise up
           into full-size steps); with "batch" > 0 each update sees only that many examples
           (epochs of shuffled orders from "shuffle_seed"), i.e. stochastic gradient descent
  forward  a small network with readable weights (one decimal, from "seed") that maps one input
           value to one output; the player sets the input (Interactive 2: input value 2)
  chain    a deep narrow chain: "depth" layers of "width" neurons, fitting a curve; "activation"
           is the player's switch. Sigmoid/tanh start with N(0, 1/n_in) weights, ReLU with
           N(0, 2/n_in) (He), biases 0.1 so a ReLU is not born dead
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from game.sim.nets import ACTIVATIONS, NetShape, init_params

LAB_PRESETS = ("fit", "forward", "chain")
FIT_DEFAULTS = {"hidden": 8, "points": 12, "activation": "tanh", "seed": 3, "frequency": 1.5,
                "amplitude": 1.0, "phase": 0.5, "batch": 0, "shuffle_seed": 9, "weight_limit": 1000.0}
FORWARD_DEFAULTS = {"sizes": [1, 3, 2, 1], "activation": "sigmoid", "seed": 2, "input": 2.0,
                    "target": 0.7, "weight_limit": 100.0}
CHAIN_DEFAULTS = {"depth": 8, "width": 4, "activation": "sigmoid", "seed": 1, "points": 8,
                  "frequency": 2.5, "amplitude": 0.8, "bias": 0.1, "weight_limit": 1000.0}
MAX_DEPTH = 12
MAX_WIDTH = 16
MAX_POINTS = 64
SHUFFLED_EPOCHS = 32  # a new order each epoch, then the table repeats


def _problems_for(config: Mapping, defaults: Mapping, checks) -> list[tuple[str, str]]:
    problems = []
    for key in config:
        if key not in defaults and key not in ("preset", "activations"):
            problems.append((f".{key}", f"is not a setting of this network; expected one of {', '.join(sorted(defaults))}"))
    for key, kind, lo, hi in checks:
        value = config.get(key, defaults[key])
        if kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi
            if not ok:
                problems.append((f".{key}", f"must be a whole number from {lo} to {hi}, got {value!r}"))
        elif kind == "num":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and lo <= value <= hi
            if not ok:
                problems.append((f".{key}", f"must be a number from {lo:g} to {hi:g}, got {value!r}"))
        elif kind == "act" and value not in ACTIVATIONS:
            problems.append((f".{key}", f"must be one of {', '.join(ACTIVATIONS)}, got {value!r}"))
    if "activations" in config:
        acts = config["activations"]
        if not isinstance(acts, list) or not acts or any(a not in ACTIVATIONS for a in acts):
            problems.append((".activations", f"must be a list of activations from {', '.join(ACTIVATIONS)}"))
    return problems


def validate_lab_config(preset: str, config: Mapping) -> list[tuple[str, str]]:
    if preset == "fit":
        problems = _problems_for(config, FIT_DEFAULTS, [
            ("hidden", "int", 1, MAX_WIDTH), ("points", "int", 2, MAX_POINTS), ("activation", "act", 0, 0),
            ("seed", "int", 0, 2**31 - 1), ("frequency", "num", 0.0, 10.0), ("amplitude", "num", 0.0, 10.0),
            ("phase", "num", -10.0, 10.0), ("batch", "int", 0, MAX_POINTS), ("shuffle_seed", "int", 0, 2**31 - 1),
            ("weight_limit", "num", 1.0, 1e6)])
        points, batch = config.get("points", FIT_DEFAULTS["points"]), config.get("batch", 0)
        if not problems and batch > points:
            problems.append((".batch", f"must be at most the number of points ({points}), got {batch}"))
        return problems
    if preset == "forward":
        problems = _problems_for(config, FORWARD_DEFAULTS, [
            ("activation", "act", 0, 0), ("seed", "int", 0, 2**31 - 1), ("input", "num", -100.0, 100.0),
            ("target", "num", -100.0, 100.0), ("weight_limit", "num", 1.0, 1e6)])
        sizes = config.get("sizes", FORWARD_DEFAULTS["sizes"])
        if not (isinstance(sizes, list) and 2 <= len(sizes) <= 6 and sizes[0] == 1 and sizes[-1] == 1
                and all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 6 for n in sizes)):
            problems.append((".sizes", "must list 2 to 6 layer sizes from 1 to 6, starting and ending with 1"))
        return problems
    if preset == "chain":
        return _problems_for(config, CHAIN_DEFAULTS, [
            ("depth", "int", 2, MAX_DEPTH), ("width", "int", 1, MAX_WIDTH), ("activation", "act", 0, 0),
            ("seed", "int", 0, 2**31 - 1), ("points", "int", 2, MAX_POINTS), ("frequency", "num", 0.0, 10.0),
            ("amplitude", "num", 0.0, 10.0), ("bias", "num", -10.0, 10.0), ("weight_limit", "num", 1.0, 1e6)])
    return [(".preset", f"must be one of {', '.join(LAB_PRESETS)}, got {preset!r}")]


def build_lab_task(preset: str, config: Mapping):
    from game.sim.nets_task import NetTask

    if preset == "fit":
        c = {**FIT_DEFAULTS, **config}
        hidden = int(c["hidden"])
        shape = NetShape((1, hidden, 1), hidden=c["activation"], output="linear", loss="mse")
        x = np.linspace(-2.0, 2.0, int(c["points"]))[:, None]
        y = float(c["amplitude"]) * np.sin(float(c["frequency"]) * x + float(c["phase"]))
        start = init_params(shape, np.random.default_rng(int(c["seed"])), 1)[0]
        batches = minibatches(int(c["points"]), int(c["batch"]), int(c["shuffle_seed"]))
        return NetTask("fit", shape, x, y, start, ("x",), ("y",),
                       hidden_labels=tuple(f"h{i + 1}" for i in range(hidden)),
                       weight_limit=float(c["weight_limit"]), batches=batches,
                       options={"batch": int(c["batch"])})
    if preset == "forward":
        c = {**FORWARD_DEFAULTS, **config}
        shape = NetShape(tuple(int(n) for n in c["sizes"]), hidden=c["activation"], output=c["activation"],
                         loss="mse")
        rng = np.random.default_rng(int(c["seed"]))
        start = np.round(rng.uniform(-1.0, 1.0, shape.n_params), 1)
        return NetTask("forward", shape, np.array([[float(c["input"])]]), np.array([[float(c["target"])]]),
                       start, ("input",), ("output",), weight_limit=float(c["weight_limit"]))
    if preset == "chain":
        c = {**CHAIN_DEFAULTS, **config}
        return chain_task(c, c["activation"])
    raise ValueError(f"unknown lab preset {preset!r}")


def chain_task(config: Mapping, activation: str):
    """The chain with the hidden activation `activation` (the player's switch)."""
    from game.sim.nets_task import NetTask

    c = {**CHAIN_DEFAULTS, **config}
    depth, width = int(c["depth"]), int(c["width"])
    shape = NetShape((1,) + (width,) * (depth - 1) + (1,), hidden=activation, output="linear", loss="mse")
    scale = np.sqrt(2.0) if activation == "relu" else 1.0
    start = init_params(shape, np.random.default_rng(int(c["seed"])), 1, scale=scale)[0]
    for _, b0, end in shape.offsets():
        start[b0:end] = float(c["bias"])
    x = np.linspace(-1.0, 1.0, int(c["points"]))[:, None]
    y = float(c["amplitude"]) * np.sin(float(c["frequency"]) * x)
    return NetTask("chain", shape, x, y, start, ("x",), ("y",),
                   hidden_labels=tuple(f"layer {i + 1}" for i in range(depth)),
                   weight_limit=float(c["weight_limit"]),
                   options={"activations": tuple(c.get("activations", ("sigmoid", "tanh", "relu")))})


def with_input(task, value: float):
    """The forward network asked about another input value."""
    return replace(task, x=np.array([[float(value)]]))


def minibatches(points: int, batch: int, seed: int) -> np.ndarray | None:
    """Rows of `batch` example indices, one row per update: epochs of a shuffled order, each
    epoch's order from one generator seeded by `seed`. None when batch is 0 (full batch)."""
    if batch <= 0 or batch >= points:
        return None
    rng = np.random.default_rng(seed)
    epochs = SHUFFLED_EPOCHS * max(1, int(np.lcm(points, batch) // points))
    order = np.concatenate([rng.permutation(points) for _ in range(epochs)])
    return order.reshape(-1, batch)
