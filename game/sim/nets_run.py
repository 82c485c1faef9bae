"""Run a network level to an outcome: the network twin of game.sim.run.play_level.

`run_network_level(level)` trains the level's network in float64 and returns the same RunResult
as the ball levels; its trajectory has "loss" per step (starting before the first update) and,
for the word-predicting levels, "p_target" (P of the right word, loss = -log p_target). The
outcome adds "weights", the network's parameter count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from game.sim.nets_presets import NetTask, build_task
from game.sim.nets_train import RUNNING, NetBatch, NetRules, NetTrainer
from game.sim.optim import OPTIMIZERS
from game.sim.run import CONVERGED, DIVERGED, STATUS_CODES, GoalResult, Outcome, RunResult, nice_values, stars_for

DEFAULT_TARGET_LOSS = 1e-3  # "learned" for a level without a loss or probability goal
PAR_MU_STEP = 0.05


@dataclass(frozen=True)
class NetParams:
    eta: float
    mu: float
    optimizer: str
    max_steps: int

    def as_dict(self) -> dict[str, Any]:
        return {"eta": self.eta, "mu": self.mu, "optimizer": self.optimizer, "max_steps": self.max_steps}


def level_task(level) -> NetTask:
    return _task_cached(level.network.preset, _freeze(level.network.config))


def _freeze(value):
    if isinstance(value, dict) or hasattr(value, "items"):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("__list__", tuple(_freeze(v) for v in value))
    return value


def _thaw(value):
    if isinstance(value, tuple) and value[:1] == ("__list__",):
        return [_thaw(v) for v in value[1]]
    if isinstance(value, tuple):
        return {k: _thaw(v) for k, v in value}
    return value


@lru_cache(maxsize=32)
def _task_cached(preset: str, frozen_config) -> NetTask:
    config = {k: v for k, v in _thaw(frozen_config).items() if k != "preset"} if frozen_config else {}
    return build_task(preset, config)


def level_rules(level, task: NetTask) -> NetRules:
    """Learned = the level's loss or probability goal reached; exploded past the weight limit."""
    targets = []
    for goal in level.goals:
        if goal.kind == "p_target_at_least":
            targets.append(-math.log(float(goal.value)))
        elif goal.kind == "loss_below":
            targets.append(float(goal.value))
    return NetRules(target_loss=min(targets) if targets else DEFAULT_TARGET_LOSS,
                    weight_limit=task.weight_limit)


def level_params(level, eta=None, mu=None, optimizer=None, max_steps=None) -> NetParams:
    return NetParams(eta=float(level.eta.default if eta is None else eta),
                     mu=float(level.mu.default if mu is None else mu),
                     optimizer=level.optimizer if optimizer is None else optimizer,
                     max_steps=int(level.max_steps if max_steps is None else max_steps))


def goal_met(goal, status, steps, loss, p_target, eta) -> np.ndarray:
    """Whether one goal holds, elementwise over arrays of outcomes."""
    status, steps, loss = map(np.asarray, (status, steps, loss))
    with np.errstate(invalid="ignore"):
        if goal.kind == "converge":
            return status == CONVERGED
        if goal.kind == "within_steps":
            return (status == CONVERGED) & (steps <= goal.value)
        if goal.kind == "loss_below":
            return (status != DIVERGED) & np.isfinite(loss) & (loss <= goal.value)
        if goal.kind == "p_target_at_least":
            if p_target is None:
                raise ValueError("goal p_target_at_least needs a network that predicts a word")
            return (status != DIVERGED) & (np.asarray(p_target) >= goal.value)
        if goal.kind == "never_diverge":
            return status != DIVERGED
        if goal.kind == "eta_at_least":
            return np.broadcast_to(np.asarray(eta) >= goal.value, status.shape)
    raise ValueError(f"goal kind {goal.kind!r} does not apply to a network level")


def goals_met(level, status, steps, loss, p_target, eta) -> np.ndarray:
    met = np.ones(np.shape(status), dtype=bool)
    for goal in level.goals:
        met &= goal_met(goal, status, steps, loss, p_target, eta)
    return met


def par_steps(level) -> int | None:
    """Fewest steps that clear the level anywhere in its allowed eta (and mu), or None."""
    key = (level.id, level.network.preset, _freeze(level.network.config), level.eta, level.mu,
           tuple(level.optimizers), level.max_steps,
           tuple((goal.kind, goal.value) for goal in level.goals))
    return _par_cached(_ByContent(key, level))


class _ByContent:
    """A level hashed by what decides its par, so the search runs once per level content."""

    def __init__(self, key, level):
        self.key, self.level = key, level

    def __hash__(self):
        return hash(self.key)

    def __eq__(self, other):
        return isinstance(other, _ByContent) and self.key == other.key


@lru_cache(maxsize=64)
def _par_cached(wrapped: _ByContent) -> int | None:
    return _search_par(wrapped.level)


def _search_par(level) -> int | None:
    task = level_task(level)
    rules = level_rules(level, task)
    etas = np.asarray([level.eta.default] if level.eta.locked else nice_values(level.eta.min, level.eta.max), float)
    mus = np.asarray([level.mu.default] if level.mu.locked else np.unique(np.round(np.append(
        np.arange(level.mu.min, level.mu.max, PAR_MU_STEP), [level.mu.default, level.mu.max]), 6)), float)
    best = None
    for optimizer in level.optimizers:
        # gd and adam have no use for mu
        grid_mus = mus if optimizer in ("momentum", "nesterov") else np.asarray([level.mu.default])
        eta_grid, mu_grid = (axis.ravel() for axis in np.meshgrid(etas, grid_mus))
        budget = level.max_steps if best is None else best
        batch = NetBatch(task, optimizer, eta_grid, mu_grid, budget, rules)
        # copies decide in step order, so the first step at which one clears is the fewest
        while True:
            decided = batch.status != RUNNING
            cleared = decided & (batch.steps == batch.t) & goals_met(
                level, batch.status, batch.steps, batch.loss, task.p_target(batch.loss), eta_grid)
            if cleared.any():
                best = batch.t if best is None else min(best, batch.t)
                break
            if batch.done:
                break
            batch.advance()
    return best


def run_network_level(level, eta=None, mu=None, optimizer=None, max_steps=None) -> RunResult:
    params = level_params(level, eta, mu, optimizer, max_steps)
    if params.optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {params.optimizer!r}; expected one of {', '.join(OPTIMIZERS)}")
    task = level_task(level)
    trainer = NetTrainer(task, params.optimizer, params.eta, params.mu, params.max_steps,
                         level_rules(level, task)).run()
    return judge_trainer(level, params, trainer, par_steps(level))


def judge_trainer(level, params: NetParams, trainer: NetTrainer, par: int | None) -> RunResult:
    """The RunResult of a trainer that has reached its outcome (the game's live network too)."""
    task = trainer.task
    trajectory: dict[str, list] = {"loss": list(trainer.losses)}
    if trainer.p_targets is not None:
        trajectory["p_target"] = trainer.p_targets
    if task.n_coords == 1:
        trajectory["w"] = [float(c[0]) for c in trainer.coords_history]
    elif task.basis is not None:
        trajectory["a"] = [float(c[0]) for c in trainer.coords_history]
        trajectory["b"] = [float(c[1]) for c in trainer.coords_history]
    p_final = trainer.p_target
    status_code = STATUS_CODES[trainer.status]
    goals = tuple(GoalResult(goal.text, bool(goal_met(goal, status_code, trainer.steps, trainer.loss,
                                                      p_final, params.eta)))
                  for goal in level.goals)
    cleared = all(g.met for g in goals)
    outcome = Outcome(status=trainer.status, steps=trainer.steps,
                      x=float(trainer.coords[0]) if task.n_coords == 1 else float("nan"),
                      loss=trainer.loss, cleared=cleared, stars=stars_for(trainer.steps, par, cleared),
                      par=par, goals=goals)
    extra: dict[str, Any] = {"weights": task.n_params}
    if p_final is not None:
        extra["p_target"] = p_final if math.isfinite(p_final) else None
        extra["target"] = task.target_label
    return RunResult(level.id, params.as_dict(), trajectory, outcome, extra)
