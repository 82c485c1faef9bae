"""Run balls on a curve to an outcome, judge a level's goals, count stars against par.

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

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Sequence

import numpy as np

from game.sim.expr import Curve, compile_curve
from game.sim.optim import check_optimizer, init_state, step

STATUS_CODES = {"running": -1, "converged": 0, "diverged": 1, "max_steps": 2}
STATUS_NAMES = {code: name for name, code in STATUS_CODES.items()}
RUNNING, CONVERGED, DIVERGED, MAX_STEPS = (STATUS_CODES[name] for name in STATUS_CODES)

ESCAPE_WIDTHS = 50.0  # how far outside its range a ball may fly before it counts as diverged
TOL_MOVE_PER_WIDTH = 1e-5  # at rest: moved less than this fraction of the curve's width...
TOL_GRAD = 1e-3  # ...on ground flatter than this slope
GLOBAL_MIN_SAMPLES = 20001
GLOBAL_MIN_LOSS_FRACTION = 1e-3  # within this fraction of the curve's loss span of the lowest point


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
    status: np.ndarray  # int8 codes of STATUS_CODES
    steps: np.ndarray  # int32: the step at which the status was decided
    x: np.ndarray  # position when decided
    loss: np.ndarray  # f(x) when decided


class Outcomes:
    """Bookkeeping shared by every batch that runs to outcomes (balls here, networks in
    nets_train): each member's status, the step it was decided at, and the loop that runs
    the batch out. Subclasses set `t`, `max_steps`, `status`, `steps` and define `advance`."""

    def _start_outcomes(self, shape) -> None:
        self.t = 0
        self.status = np.full(shape, RUNNING, dtype=np.int8)
        self.steps = np.zeros(shape, dtype=np.int32)

    @property
    def running(self) -> np.ndarray:
        return self.status == RUNNING

    @property
    def done(self) -> bool:
        return not self.running.any()

    def _decide(self, mask: np.ndarray, status: int) -> None:
        self.status[mask] = status
        self.steps[mask] = self.t

    def _close_budget(self) -> None:
        """Whatever is still running when the step budget is spent ends as max_steps."""
        if self.t >= self.max_steps:
            self._decide(self.running, MAX_STEPS)

    def run(self):
        while not self.done:
            self.advance()
        return self.result()


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
        self._judge(self._carry(moved))

    def _carry(self, moved: np.ndarray) -> np.ndarray:
        """The motion the optimizer takes into its next step whatever the slope (see above)."""
        if self.optimizer == "gd":
            return np.zeros_like(moved)
        if self.optimizer == "adam":
            return moved
        return self.state.v

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


class OneOfBatch:
    """A batch of one, read as a single run: its step count, outcome and whether it is over.
    Subclasses keep the batch in `self._batch` (a Batch here, a NetBatch for networks)."""

    @property
    def t(self) -> int:
        return self._batch.t

    @property
    def steps(self) -> int:
        return int(self._batch.steps[0])

    @property
    def status(self) -> str:
        return STATUS_NAMES[int(self._batch.status[0])]

    @property
    def done(self) -> bool:
        return self._batch.done


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

    @property
    def loss(self) -> float:
        return float(self._batch.loss[0])

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


# ---------------------------------------------------------------------------------------------
# Levels: parameters, goals, stars
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalResult:
    text: str
    met: bool


@dataclass(frozen=True)
class Outcome:
    status: str
    steps: int
    x: float
    loss: float
    cleared: bool
    stars: int
    par: int | None = None
    goals: tuple[GoalResult, ...] = ()


@dataclass(frozen=True)
class RunResult:
    level_id: str
    params: dict[str, Any]
    trajectory: dict[str, list]
    outcome: Outcome
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The object of DESIGN.md (`downhill run --json`); non-finite numbers become null."""
        o = self.outcome
        outcome = {"status": o.status, "steps": o.steps, "x": _finite_or_none(o.x),
                   "loss": _finite_or_none(o.loss), "cleared": o.cleared, "stars": o.stars,
                   "par": o.par, "goals": [{"text": g.text, "met": g.met} for g in o.goals]}
        outcome.update(self.extra)
        return {
            "level": self.level_id,
            "params": dict(self.params),
            "trajectory": {key: [_finite_or_none(v) for v in values]
                           for key, values in self.trajectory.items()},
            "outcome": outcome,
        }


def _finite_or_none(value):
    value = float(value)
    return value if np.isfinite(value) else None


@dataclass(frozen=True)
class CurveParams:
    eta: float
    mu: float
    x0: float
    optimizer: str
    max_steps: int

    def as_dict(self) -> dict[str, Any]:
        return {"eta": self.eta, "mu": self.mu, "x0": self.x0, "optimizer": self.optimizer,
                "max_steps": self.max_steps}


def level_params(level, eta=None, mu=None, x0=None, optimizer=None, max_steps=None) -> CurveParams:
    """The level's defaults, with any given value in their place."""
    return CurveParams(
        eta=float(level.eta.default if eta is None else eta),
        mu=float(level.mu.default if mu is None else mu),
        x0=float(level.x0.default if x0 is None else x0),
        optimizer=level.optimizer if optimizer is None else optimizer,
        max_steps=int(level.max_steps if max_steps is None else max_steps),
    )


def level_curve(level) -> Curve:
    return compile_curve(level.expr)


def level_rules(level) -> Rules:
    return rules_for(level.x_range)


@lru_cache(maxsize=256)
def curve_span(source: str, lo: float, hi: float) -> tuple[float, float]:
    """Lowest and highest loss of the curve over [lo, hi], by dense sampling."""
    values = compile_curve(source).f(np.linspace(lo, hi, GLOBAL_MIN_SAMPLES))
    values = values[np.isfinite(values)]
    return float(values.min()), float(values.max())


def goal_met(level, goal, status, steps, x, loss, eta, mu):
    """Whether one goal holds, elementwise over arrays of outcomes."""
    status, steps, x, loss = map(np.asarray, (status, steps, x, loss))
    converged = status == CONVERGED
    with np.errstate(invalid="ignore"):
        if goal.kind == "converge":
            return converged
        if goal.kind == "reach_global_min":
            f_min, f_max = curve_span(level.expr, *level.x_range)
            return converged & (loss <= f_min + GLOBAL_MIN_LOSS_FRACTION * (f_max - f_min))
        if goal.kind == "end_in":
            lo, hi = level.regions[goal.region]
            return converged & (x >= lo) & (x <= hi)
        if goal.kind == "loss_below":
            return np.isfinite(loss) & (loss < goal.value)
        if goal.kind == "within_steps":
            return converged & (steps <= goal.value)
        if goal.kind == "never_diverge":
            return status != DIVERGED
        if goal.kind == "eta_at_least":
            return np.broadcast_to(np.asarray(eta) >= goal.value, status.shape)
    raise ValueError(f"goal kind {goal.kind!r} does not apply to a curve level")


def goals_met(level, status, steps, x, loss, eta, mu) -> np.ndarray:
    met = np.ones(np.shape(status), dtype=bool)
    for goal in level.goals:
        met &= goal_met(level, goal, status, steps, x, loss, eta, mu)
    return met


def stars_for(steps: int, par: int | None, cleared: bool) -> int:
    """3 at or under par, 2 within twice par, 1 for clearing at all."""
    if not cleared:
        return 0
    if par is None or steps <= par:
        return 3
    return 2 if steps <= 2 * par else 1


def nice_values(lo: float, hi: float) -> np.ndarray:
    """Every number with two significant digits in [lo, hi] (the η slider's stops)."""
    if lo <= 0:
        raise ValueError("nice_values needs lo > 0")
    values = []
    for exponent in range(int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi))) + 1):
        mantissas = np.arange(10, 100) / 10.0
        values.extend(np.round(mantissas * 10.0**exponent, 12))
    values = np.array(sorted(set(values)))
    return values[(values >= lo * (1 - 1e-12)) & (values <= hi * (1 + 1e-12))]


PAR_MU_STEP = 0.05
PAR_X0_POINTS = 11


def par_grid(level) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (x0, eta, mu) points par is searched over: every free control of the level."""
    etas = [level.eta.default] if level.eta.locked else nice_values(level.eta.min, level.eta.max)
    if level.mu.locked:
        mus = [level.mu.default]
    else:
        mus = np.unique(np.round(np.append(np.arange(level.mu.min, level.mu.max, PAR_MU_STEP),
                                           [level.mu.default, level.mu.max]), 6))
    x0s = [level.x0.default] if level.x0.locked else \
        np.unique(np.append(np.linspace(level.x0.min, level.x0.max, PAR_X0_POINTS), level.x0.default))
    grid = np.meshgrid(np.asarray(x0s, float), np.asarray(etas, float), np.asarray(mus, float),
                       indexing="ij")
    return tuple(axis.ravel() for axis in grid)


Runner = Callable[..., BatchResult]


def par_steps(level, runner: Runner = run_batch) -> int | None:
    """Fewest steps that clear the level anywhere in its allowed controls (None if none do)."""
    return _par_steps_cached(_ByContent(level), runner)


class _ByContent:
    """Hashes a level by what decides its par, so the search runs once per level content."""

    def __init__(self, level):
        self.level = level
        self.key = (
            level.expr, tuple(level.x_range), level.eta, level.mu, level.x0,
            tuple(level.optimizers), level.max_steps,
            tuple((goal.kind, goal.value, goal.region) for goal in level.goals),
            tuple(sorted((name, tuple(span)) for name, span in level.regions.items())),
        )

    def __hash__(self):
        return hash(self.key)

    def __eq__(self, other):
        return isinstance(other, _ByContent) and self.key == other.key


@lru_cache(maxsize=64)
def _par_steps_cached(by_content: _ByContent, runner: Runner) -> int | None:
    level = by_content.level
    x0, eta, mu = par_grid(level)
    best = None
    for optimizer in level.optimizers:
        result = runner(level_curve(level), optimizer, x0, eta, mu, level.max_steps, level_rules(level))
        cleared = goals_met(level, result.status, result.steps, result.x, result.loss, eta, mu)
        if cleared.any():
            fewest = int(result.steps[cleared].min())
            best = fewest if best is None else min(best, fewest)
    return best


def play_level(level, eta=None, mu=None, x0=None, optimizer=None, max_steps=None,
               par: int | None | bool = True) -> RunResult:
    """Play a curve level headless with the given controls (defaults from the level)."""
    params = level_params(level, eta, mu, x0, optimizer, max_steps)
    ball = Ball(level_curve(level), params.optimizer, params.x0, params.eta, params.mu,
                params.max_steps, level_rules(level)).run()
    return judge_ball(level, params, ball, par_steps(level) if par is True else (par or None))


def judge_ball(level, params: CurveParams, ball: Ball, par: int | None) -> RunResult:
    """Turn a finished ball into the level's outcome: goals, cleared, stars."""
    results = tuple(
        GoalResult(goal.text, bool(goal_met(level, goal, STATUS_CODES[ball.status], ball.steps,
                                             ball.x, ball.loss, params.eta, params.mu)))
        for goal in level.goals
    )
    cleared = all(goal.met for goal in results)
    outcome = Outcome(status=ball.status, steps=ball.steps, x=ball.x, loss=ball.loss,
                      cleared=cleared, stars=stars_for(ball.steps, par, cleared), par=par,
                      goals=results)
    return RunResult(level.id, params.as_dict(), {"x": ball.xs, "loss": ball.losses}, outcome)
