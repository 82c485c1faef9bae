"""Fate maps: the outcome of a run for every cell of a grid of two controls.

Axes "eta-mu": eta along x, mu along y, the start x0 fixed.
Axes "x0-eta": the start x0 along x, eta along y, mu fixed.
Every cell is one ball of game.sim.run, judged by the same rules; this is the reference the
GPU kernel is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim.expr import Curve
from game.sim.outcome import STATUS_NAMES
from game.sim.run import Rules, run_batch

AXES = ("eta-mu", "x0-eta")


@dataclass(frozen=True)
class FateMap:
    status: np.ndarray  # int8 [ny, nx], codes of game.sim.outcome.STATUS_CODES
    steps: np.ndarray  # int32 [ny, nx]
    final_x: np.ndarray  # [ny, nx]
    final_loss: np.ndarray  # [ny, nx]
    x_name: str
    y_name: str
    x_values: np.ndarray
    y_values: np.ndarray

    def status_names(self) -> list[list[str]]:
        return [[STATUS_NAMES[int(code)] for code in row] for row in self.status]


def axis_names(axes: str) -> tuple[str, str]:
    if axes not in AXES:
        raise ValueError(f"unknown axes {axes!r}; expected one of {', '.join(AXES)}")
    x_name, y_name = axes.split("-")
    return x_name, y_name


def grid_controls(axes: str, xs, ys, fixed: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x0, eta, mu) for every cell, each shaped [ny, nx]."""
    x_name, y_name = axis_names(axes)
    gx, gy = np.meshgrid(np.asarray(xs, np.float64), np.asarray(ys, np.float64))
    controls = {x_name: gx, y_name: gy}
    missing = ({"x0", "eta", "mu"} - controls.keys()).pop()
    controls[missing] = np.full_like(gx, fixed)
    return controls["x0"], controls["eta"], controls["mu"]


def fate_map(curve: Curve, optimizer: str, axes: str, xs, ys, fixed: float, max_steps: int,
             rules: Rules, dtype=np.float64) -> FateMap:
    """Run every cell to its outcome. `fixed` is x0 for eta-mu maps and mu for x0-eta maps."""
    x0, eta, mu = grid_controls(axes, xs, ys, fixed)
    result = run_batch(curve, optimizer, x0, eta, mu, max_steps, rules, dtype)
    x_name, y_name = axis_names(axes)
    return FateMap(result.status, result.steps, result.x, result.loss, x_name, y_name,
                   np.asarray(xs, dtype), np.asarray(ys, dtype))
