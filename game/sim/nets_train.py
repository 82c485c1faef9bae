"""Training network tasks to an outcome: many copies at once (NetBatch) or one, live (NetTrainer).

The outcome rules for networks (game/gpu/nets_kernel.py mirrors them), checked after each
update and at the start (t = updates made):

* diverged ("exploded") at step t when the loss or any weight is not finite, or a weight has
  left [-weight_limit, weight_limit]: the network's numbers ran off the scale.
* converged ("learned") at step t when the loss is at or below rules.target_loss (for the
  Paris network: P(Paris) at or above the level's goal, since loss = -log p).
* max_steps when t reaches the budget with neither.

A copy whose outcome is decided freezes: it is never updated again, so NaN stays where it was
born and never raises.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim.nets import Forward, is_exploded
from game.sim.nets_presets import NetTask
from game.sim.optim import OptimState, check_optimizer, init_state, step
from game.sim.outcome import CONVERGED, DIVERGED, MAX_STEPS, RUNNING, OneOfBatch, Outcomes


@dataclass(frozen=True)
class NetRules:
    target_loss: float
    weight_limit: float  # a weight beyond +-this counts as exploded (inf: only a non-finite weight)
    loss_limit: float = float("inf")  # a loss above this counts as exploded (it rose past a bound)


@dataclass(frozen=True)
class NetBatchResult:
    status: np.ndarray  # int8 codes of game.sim.outcome.STATUS_CODES
    steps: np.ndarray  # int32: the step at which the status was decided
    loss: np.ndarray
    p_target: np.ndarray | None
    coords: np.ndarray  # (copies, n_coords) when decided


class NetBatch(Outcomes):
    """Copies of one task training together, each with its own eta, mu and start."""

    def __init__(self, task: NetTask, optimizer: str, eta, mu, max_steps: int, rules: NetRules,
                 dtype=np.float64, start: np.ndarray | None = None, copies: int | None = None,
                 schedule=None):
        self.task = task
        # update t uses eta * factor_t (game.sim.schedules); the factors are rounded to the
        # batch's dtype first, as the GPU kernel reads them from a float32 table
        self.factors = None if schedule is None else schedule.factors(max_steps).astype(dtype)
        self.optimizer = check_optimizer(optimizer)
        self.max_steps = int(max_steps)
        self.rules = rules
        eta, mu = (np.asarray(a, dtype=dtype).reshape(-1) for a in (eta, mu))
        if start is None:
            start = task.start[None, :]
        start = np.atleast_2d(np.asarray(start, dtype=dtype))
        n = copies or max(len(eta), len(mu), len(start))
        self.eta = np.broadcast_to(eta, (n,))[:, None].copy()
        self.mu = np.broadcast_to(mu, (n,))[:, None].copy()
        self.coords = np.broadcast_to(start, (n, task.n_coords)).copy()
        self.state = init_state(self.coords)
        self._start_outcomes((n,))
        self.loss, grad, self.forward = task.loss_grad(self.coords)
        self.grad = task.step_grad(self.coords, 0, grad)
        self._judge()

    def advance(self) -> None:
        if self.done:
            return
        keep = self.running[:, None]
        coords, state = step(self.optimizer, self.coords, self.grad, self.state, self.eta_now, self.mu)
        self.coords = np.where(keep, coords, self.coords)
        self.state = OptimState(np.where(keep, state.v, self.state.v),
                                np.where(keep, state.s, self.state.s), state.t)
        self.t += 1
        loss, grad, fwd = self.task.loss_grad(self.coords)
        grad = self.task.step_grad(self.coords, self.t, grad)
        self.loss = np.where(keep[:, 0], loss, self.loss)
        self.grad = np.where(keep, grad, self.grad)
        self.forward = fwd
        self._judge()

    @property
    def eta_now(self) -> np.ndarray:
        """The eta of each copy for the next update, (copies, 1)."""
        if self.factors is None or self.t >= len(self.factors):
            return self.eta
        return self.eta * self.factors[self.t]

    def _judge(self) -> None:
        params = self.task.params_of(self.coords)
        exploded = is_exploded(params, self.loss, self.rules.weight_limit)
        with np.errstate(invalid="ignore"):
            exploded = exploded | (self.loss > self.rules.loss_limit)
        with np.errstate(invalid="ignore"):
            learned = self.loss <= self.rules.target_loss
        self._decide(self.running & exploded, DIVERGED)
        self._decide(self.running & learned, CONVERGED)
        self._close_budget()

    def result(self) -> NetBatchResult:
        return NetBatchResult(self.status.copy(), self.steps.copy(), self.loss.copy(),
                              self.task.p_target(self.loss), self.coords.copy())


def train_batch(task: NetTask, optimizer: str, eta, mu, max_steps: int, rules: NetRules,
                dtype=np.float64, start: np.ndarray | None = None, schedule=None) -> NetBatchResult:
    return NetBatch(task, optimizer, eta, mu, max_steps, rules, dtype, start, schedule=schedule).run()


class NetTrainer(OneOfBatch):
    """One network in float64, stepped by the player, keeping its whole history."""

    def __init__(self, task: NetTask, optimizer: str, eta: float, mu: float, max_steps: int,
                 rules: NetRules, start: np.ndarray | None = None, schedule=None):
        self.task = task
        self._batch = NetBatch(task, optimizer, [eta], [mu], max_steps, rules, start=start, schedule=schedule)
        self.coords_history = [self.coords.copy()]
        self.losses = [self.loss]

    @property
    def coords(self) -> np.ndarray:
        return self._batch.coords[0]

    @property
    def params(self) -> np.ndarray:
        return self.task.params_of(self._batch.coords)[0]

    @property
    def grad(self) -> np.ndarray:
        return self._batch.grad[0]

    def peek(self) -> np.ndarray:
        """The weights after the next update, worked out by a real optimizer step on the current
        state (velocity, moments, the schedule's eta); the network itself does not change."""
        b = self._batch
        state = OptimState(b.state.v[:1], b.state.s[:1], b.state.t)
        coords, _state = step(b.optimizer, b.coords[:1], b.grad[:1], state, b.eta_now[:1], b.mu[:1])
        return self.task.params_of(coords)[0]

    @property
    def p_target(self) -> float | None:
        p = self.task.p_target(self._batch.loss[:1])
        return None if p is None else float(p[0])

    @property
    def p_targets(self) -> list[float] | None:
        if self.task.shape.loss != "cross_entropy":
            return None
        with np.errstate(all="ignore"):
            return [float(np.exp(-loss)) for loss in self.losses]

    @property
    def forward(self) -> Forward:
        return self._batch.forward

    @property
    def exploded(self) -> bool:
        return int(self._batch.status[0]) == DIVERGED

    def step(self) -> None:
        if self.done:
            return
        self._batch.advance()
        self.coords_history.append(self.coords.copy())
        self.losses.append(self.loss)

    def run(self) -> NetTrainer:
        while not self.done:
            self.step()
        return self


__all__ = ["NetRules", "NetBatch", "NetBatchResult", "NetTrainer", "train_batch",
           "CONVERGED", "DIVERGED", "MAX_STEPS", "RUNNING"]
