"""The Paris fate map: P(right word) after N training steps, over a grid of eta x mu.

Each cell is one copy of the network trained for exactly `steps` updates (no stopping when it
has learned); a cell whose weights exploded is marked, its probability NaN. The GPU kernel
(game.gpu.nets_kernel.gpu_p_target_map) computes the same map in float32.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.sim.nets_presets import NetTask
from game.sim.nets_train import DIVERGED, NetBatchResult, NetRules, train_batch


@dataclass(frozen=True)
class NetFateMap:
    p_target: np.ndarray  # (n_mu, n_eta); NaN where exploded
    exploded: np.ndarray  # (n_mu, n_eta) bool
    eta_values: np.ndarray
    mu_values: np.ndarray


def fate_grid(etas, mus) -> tuple[np.ndarray, np.ndarray]:
    """Flattened (eta, mu) of every cell, row by row (mu rows, eta columns)."""
    eta_grid, mu_grid = np.meshgrid(np.asarray(etas, float), np.asarray(mus, float))
    return eta_grid.ravel(), mu_grid.ravel()


def fate_rules(task: NetTask) -> NetRules:
    """Never stops early; exploded as in a level: a runaway loss or a non-finite number."""
    from game.sim.families.network import LOSS_BLOWUP, start_loss

    return NetRules(target_loss=-math.inf, weight_limit=math.inf,
                    loss_limit=LOSS_BLOWUP * max(start_loss(task), 1e-3))


def make_map(result: NetBatchResult, etas, mus) -> NetFateMap:
    shape = (len(mus), len(etas))
    exploded = (result.status == DIVERGED).reshape(shape)
    p = np.asarray(result.p_target, dtype=np.float64).reshape(shape).copy()
    p[exploded] = np.nan
    return NetFateMap(p, exploded, np.asarray(etas, float), np.asarray(mus, float))


def p_target_map(task: NetTask, optimizer: str, etas, mus, steps: int, dtype=np.float64) -> NetFateMap:
    if task.shape.loss != "cross_entropy":
        raise ValueError(f"preset '{task.preset}' predicts no word; a P(target) map needs cross entropy")
    eta_grid, mu_grid = fate_grid(etas, mus)
    result = train_batch(task, optimizer, eta_grid, mu_grid, steps, fate_rules(task), dtype=dtype)
    return make_map(result, etas, mus)
