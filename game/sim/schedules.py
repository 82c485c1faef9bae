"""Learning-rate schedules: eta for each update, as PyTorch's torch.optim.lr_scheduler defines it.

A schedule gives a factor per update t = 0, 1, 2, ... (the number of updates made before this
one); update t uses eta_t = eta * factor(t), where eta is the copy's own base rate. Writing it as
a factor lets many copies, each with its own eta, share one schedule.

  constant  factor 1
  step      StepLR(step_size, gamma):  gamma ** floor(t / step_size)
  cosine    CosineAnnealingLR(T_max = the run's step budget, eta_min = floor * eta):
            floor + (1 - floor) * (1 + cos(pi * t / T_max)) / 2
  warmup    SequentialLR([LinearLR(start_factor, 1.0, total_iters=warmup),
                          CosineAnnealingLR(T_max = budget - warmup, eta_min = floor * eta)],
                         milestones=[warmup]):
            a straight ramp from start_factor up to 1 over the first `warmup` updates, then the
            cosine decay above over the rest of the budget, its clock restarted at the milestone.

PyTorch's CosineAnnealingLR steps by a recursive formula whose values equal this closed form up
to rounding (tests/unit/test_schedules.py holds values taken from torch 2.13.0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SCHEDULES = ("constant", "step", "cosine", "warmup")


@dataclass(frozen=True)
class Schedule:
    kind: str = "constant"
    budget: int = 100  # the run's step budget: T_max of the cosine
    step_size: int = 30  # StepLR
    gamma: float = 0.1  # StepLR
    floor: float = 0.0  # cosine and warmup: eta_min as a fraction of eta
    warmup: int = 10  # warmup: LinearLR's total_iters, the SequentialLR milestone
    start_factor: float = 0.1  # warmup: LinearLR's start_factor

    def __post_init__(self) -> None:
        if self.kind not in SCHEDULES:
            raise ValueError(f"unknown schedule {self.kind!r}; expected one of {', '.join(SCHEDULES)}")
        if self.budget < 1 or self.step_size < 1:
            raise ValueError("a schedule needs a budget and a step size of at least 1")
        if self.kind == "warmup" and not 1 <= self.warmup < self.budget:
            raise ValueError(f"warm-up of {self.warmup} steps does not fit a budget of {self.budget}")

    def factor(self, t: int) -> float:
        """The multiplier of eta for update t (t updates already made)."""
        t = int(t)
        if self.kind == "constant":
            return 1.0
        if self.kind == "step":
            return self.gamma ** (t // self.step_size)
        if self.kind == "cosine":
            return _cosine(t, self.budget, self.floor)
        if t < self.warmup:
            return self.start_factor + (1.0 - self.start_factor) * t / self.warmup
        return _cosine(t - self.warmup, self.budget - self.warmup, self.floor)

    def factors(self, n: int | None = None) -> np.ndarray:
        """factor(t) for t = 0 .. n-1 (the whole budget by default), float64."""
        return np.array([self.factor(t) for t in range(self.budget if n is None else int(n))])

    def etas(self, eta: float, n: int | None = None) -> np.ndarray:
        return float(eta) * self.factors(n)


def _cosine(t: int, t_max: int, floor: float) -> float:
    return floor + (1.0 - floor) * (1.0 + math.cos(math.pi * t / t_max)) / 2.0


def make_schedule(kind: str, budget: int, options=None) -> Schedule:
    """A schedule of `kind` for a run of `budget` steps; options (a level's settings for it)
    may set step_size, gamma, floor, warmup and start_factor."""
    options = dict(options or {})
    known = {"step_size", "gamma", "floor", "warmup", "start_factor"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise ValueError(f"unknown schedule setting {unknown[0]!r}; expected one of {', '.join(sorted(known))}")
    return Schedule(kind=kind, budget=int(budget), **options)
