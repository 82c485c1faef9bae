"""What every level family's runs share: status codes, the bookkeeping of a batch that runs
to outcomes, a batch of one read as a single run, a run's outcome and result, and stars.

A run's `status` is one of converged, diverged, max_steps (running until decided); each family
says what converged and diverged mean for it (game/sim/families/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

STATUS_CODES = {"running": -1, "converged": 0, "diverged": 1, "max_steps": 2}
STATUS_NAMES = {code: name for name, code in STATUS_CODES.items()}
RUNNING, CONVERGED, DIVERGED, MAX_STEPS = (STATUS_CODES[name] for name in STATUS_CODES)


class Outcomes:
    """Bookkeeping shared by every batch that runs to outcomes (balls, networks, ...): each
    member's status, the step it was decided at, and the loop that runs the batch out. Subclasses set `t`, `max_steps`, `status`, `steps` and define `advance`."""

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


class OneOfBatch:
    """A batch of one, read as a single run: its step count, outcome, loss and whether it is over.
    Subclasses keep the batch in `self._batch` (a ball Batch, a NetBatch, ...)."""

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

    @property
    def loss(self) -> float:
        return float(self._batch.loss[0])


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
    if isinstance(value, (list, tuple)):  # a row per step (several copies, several layers)
        return [_finite_or_none(v) for v in value]
    value = float(value)
    return value if np.isfinite(value) else None


SECOND_STAR_SLACK = 8  # the second star allows par + this many steps when that is more than 2 x par


def second_star_steps(par: int) -> int:
    """The most steps that still earn two stars: twice par, and never fewer than par + 8 (so a
    par of 1 or 2 leaves a second star a player can reach without the exact best setting)."""
    return max(2 * par, par + SECOND_STAR_SLACK)


def stars_for(steps: int, par: int | None, cleared: bool) -> int:
    """3 at or under par, 2 within second_star_steps(par), 1 for clearing at all."""
    if not cleared:
        return 0
    if par is None or steps <= par:
        return 3
    return 2 if steps <= second_star_steps(par) else 1
