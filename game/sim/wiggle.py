"""Wiggle one weight (seed 001 sec. 3): the loss along a single weight with every other weight
held where it is, the slope there, and where the next step would take that weight: the level's
own optimizer's step (momentum carries its velocity, Adam its moments: NetTrainer.peek), or a
plain gradient step w - eta * slope where no run is given.

The slope is the gradient's entry for that weight, the very number backprop gives: "if I
increase this weight slightly, does the loss go up or down?"
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim.nets import forward, loss_from
from game.sim.nets_task import NetTask

SAMPLES = 161  # points along the weight's range
HALF_SPAN = 3.0  # the range shown: the weight when picked, +- this much


def _check(task: NetTask, index: int) -> None:
    if task.basis is not None:
        raise ValueError(f"network {task.preset}: trains a 2-D slice, not its weights one by one")
    if not 0 <= index < task.n_params:
        raise ValueError(f"weight {index} is out of range; expected 0 to {task.n_params - 1}")


def loss_along(task: NetTask, params: np.ndarray, index: int, ws) -> np.ndarray:
    """L(params with params[index] = w) for each w in ws, every other weight held fixed."""
    _check(task, index)
    ws = np.asarray(ws, dtype=float).reshape(-1)
    rows = np.repeat(np.asarray(params, dtype=float).reshape(1, -1), ws.size, axis=0)
    rows[:, index] = ws
    return loss_from(task.shape, forward(task.shape, rows, task.x), task.target)


def slope(task: NetTask, params: np.ndarray, index: int) -> float:
    """dL/dw of that one weight: its entry of the backprop gradient."""
    _check(task, index)
    _loss, grad, _fwd = task.loss_grad(np.asarray(params, dtype=float)[None, :])
    return float(grad[0, index])


def span_around(w: float, half: float = HALF_SPAN) -> tuple[float, float]:
    """The range shown for a weight picked at w."""
    w = float(w) if np.isfinite(w) else 0.0
    return (w - half, w + half)


@dataclass(frozen=True)
class Wiggle:
    """Everything the wiggle shows for weight `index` at its current value `w`."""

    index: int
    ws: np.ndarray  # the weight's range, SAMPLES points
    losses: np.ndarray  # the loss at each of them
    w: float
    loss: float
    slope: float  # dL/dw at w (backprop)
    eta: float
    ghost_w: float  # where the next step moves this weight (w - eta * slope for plain gd)
    ghost_loss: float  # the loss there, the other weights still held
    rule: str = "gd"  # the optimizer whose step the ghost is


def wiggle(task: NetTask, params: np.ndarray, index: int, eta: float, span: tuple[float, float],
           next_params: np.ndarray | None = None, rule: str = "gd") -> Wiggle:
    """next_params: the weights after the run's own next update (NetTrainer.peek), made by
    optimizer `rule`; without them the ghost is one plain gradient step."""
    params = np.asarray(params, dtype=float)
    w = float(params[index])
    ws = np.linspace(float(span[0]), float(span[1]), SAMPLES)
    g = slope(task, params, index)
    if next_params is None:
        with np.errstate(all="ignore"):
            ghost = w - float(eta) * g
        rule = "gd"
    else:
        ghost = float(np.asarray(next_params, dtype=float)[index])
    here, there = loss_along(task, params, index, [w, ghost])
    return Wiggle(index, ws, loss_along(task, params, index, ws), w, float(here), g, float(eta), float(ghost),
                  float(there), rule)
