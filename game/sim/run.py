"""Balls on a curve, run to an outcome: many at once (Batch) or one, live (Ball).
The ball family (game/sim/families/ball.py) turns a level into them.

The outcome rules (the GPU kernels mirror them exactly):

* converged at step t (t = updates made, from 0) when the ball is at rest on flat ground:
  |carry_t| <= tol_move and |f'(x_t)| <= tol_grad, where carry is the motion the optimizer
  carries into its next step regardless of the slope: none for gd (it has no memory), the
  velocity v_t for momentum and nesterov, the last move x_t - x_{t-1} for adam (its moments
  keep it moving). Both are needed: a momentum ball crossing the minimum has a flat slope but
  a large velocity; at its turning point the velocity is small but the slope is steep.
  At t = 0 the carry is 0.
* diverged at step t when x_t or f(x_t) is not finite, or x_t has left the escape interval
  (the curve's range widened by ESCAPE_WIDTHS widths on each side). Never an exception.
* max_steps when t reaches the step budget with neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from game.sim.expr import Curve
from game.sim.optim import carry, check_optimizer, init_state, step
from game.sim.outcome import CONVERGED, DIVERGED, MAX_STEPS, RUNNING, STATUS_CODES, STATUS_NAMES, OneOfBatch, Outcomes

# the status codes and Outcomes live in game.sim.outcome; still importable from here for code
# written before they moved
__all__ = ["Rules", "rules_for", "BatchResult", "Batch", "run_batch", "Ball", "Runner", "CONVERGED", "DIVERGED",
           "MAX_STEPS", "RUNNING", "STATUS_CODES", "STATUS_NAMES", "OneOfBatch", "Outcomes"]

ESCAPE_WIDTHS = 50.0  # how far outside its range a ball may fly before it counts as diverged
TOL_MOVE_PER_WIDTH = 1e-5  # at rest: moved less than this fraction of the curve's width...
TOL_GRAD = 1e-3  # ...on ground flatter than this slope


@dataclass(frozen=True)
class Rules:
    tol_move: float
    tol_grad: float
    escape_lo: float
    escape_hi: float


def rules_for(x_range: Sequence[float]) -> Rules:
    lo, hi = float(x_range[0]), float(x_range[1])
    width = hi - lo
    return Rules(
        tol_move=TOL_MOVE_PER_WIDTH * width,
        tol_grad=TOL_GRAD,
        escape_lo=lo - ESCAPE_WIDTHS * width,
        escape_hi=hi + ESCAPE_WIDTHS * width,
    )


# ---------------------------------------------------------------------------------------------
# Many balls at once
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchResult:
    status: np.ndarray  # int8 codes of game.sim.outcome.STATUS_CODES
    steps: np.ndarray  # int32: the step at which the status was decided
    x: np.ndarray  # position when decided
    loss: np.ndarray  # f(x) when decided


class Batch(Outcomes):
    """N balls stepping together; each one freezes where its outcome is decided."""

    def __init__(self, curve: Curve, optimizer: str, x0, eta, mu, max_steps: int, rules: Rules,
                 dtype=np.float64):
        self.curve = curve
        self.optimizer = check_optimizer(optimizer)
        self.max_steps = int(max_steps)
        self.rules = rules
        x0, eta, mu = np.broadcast_arrays(*(np.asarray(a, dtype=dtype) for a in (x0, eta, mu)))
        self.eta, self.mu = eta.copy(), mu.copy()
        self.x = x0.copy()
        self.state = init_state(self.x)
        self._start_outcomes(self.x.shape)
        self.grad = curve.df(self.x)
        self.loss = curve.f(self.x)
        self._judge(carry=np.zeros_like(self.x))

    def advance(self) -> None:
        """One update of every ball still running."""
        if self.done:
            return
        running = self.running
        x_new, state = step(self.optimizer, self.x, self.grad, self.state, self.eta, self.mu)
        moved = x_new - self.x
        self.x = np.where(running, x_new, self.x)
        self.state = type(state)(np.where(running, state.v, self.state.v),
                                 np.where(running, state.s, self.state.s), state.t)
        self.t += 1
        self.grad = np.where(running, self.curve.df(self.x), self.grad)
        self.loss = np.where(running, self.curve.f(self.x), self.loss)
        self._judge(carry(self.optimizer, moved, self.state))

    def _judge(self, carry: np.ndarray) -> None:
        rules = self.rules
        running = self.running
        with np.errstate(invalid="ignore"):
            escaped = ~np.isfinite(self.x) | ~np.isfinite(self.loss) \
                | (self.x < rules.escape_lo) | (self.x > rules.escape_hi)
            at_rest = (np.abs(carry) <= rules.tol_move) & (np.abs(self.grad) <= rules.tol_grad)
        self._decide(running & escaped, DIVERGED)
        self._decide(self.running & at_rest, CONVERGED)
        self._close_budget()

    def result(self) -> BatchResult:
        return BatchResult(self.status.copy(), self.steps.copy(), self.x.copy(), self.loss.copy())


def run_batch(curve: Curve, optimizer: str, x0, eta, mu, max_steps: int, rules: Rules,
              dtype=np.float64) -> BatchResult:
    """Run every ball (arrays broadcast together) to its outcome."""
    return Batch(curve, optimizer, x0, eta, mu, max_steps, rules, dtype).run()


# ---------------------------------------------------------------------------------------------
# One ball, live (the game steps it frame by frame and draws its history)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lookahead:
    x: float  # where the next update puts the ball
    v: float  # the velocity (or Adam's first moment) after it
    s: float  # the second moment after it (Adam)


class Ball(OneOfBatch):
    """A single ball in float64, keeping its whole path."""

    def __init__(self, curve: Curve, optimizer: str, x0: float, eta: float, mu: float,
                 max_steps: int, rules: Rules):
        self._batch = Batch(curve, optimizer, [x0], [eta], [mu], max_steps, rules)
        self.xs = [float(self._batch.x[0])]
        self.losses = [float(self._batch.loss[0])]
        self.grads = [float(self._batch.grad[0])]

    @property
    def x(self) -> float:
        return float(self._batch.x[0])

    @property
    def v(self) -> float:
        """Velocity (momentum, nesterov) or first moment (adam); 0 for gd."""
        return float(self._batch.state.v[0])

    @property
    def grad(self) -> float:
        return float(self._batch.grad[0])

    def peek(self) -> Lookahead:
        """The next update, worked out by a real optimizer step on the current state; the ball
        itself does not move (the update-rule panel shows these numbers)."""
        b = self._batch
        x_new, state = step(b.optimizer, b.x, b.grad, b.state, b.eta, b.mu)
        return Lookahead(float(x_new[0]), float(state.v[0]), float(state.s[0]))

    def step(self) -> None:
        if self.done:
            return
        self._batch.advance()
        self.xs.append(self.x)
        self.losses.append(self.loss)
        self.grads.append(self.grad)

    def run(self) -> Ball:
        while not self.done:
            self.step()
        return self


Runner = Callable[..., BatchResult]  # run_batch, or a GPU twin with the same call
