"""The learning-rate range test ("LR finder"), run as many copies at once.

Every copy starts from the same weights and trains for the same few steps, each with its own eta
from a log-spaced grid; the loss each one reaches, plotted against eta on a log axis, falls as eta
grows, bottoms out, then shoots up where eta is too large. The suggestion is the point of steepest
descent: where the loss falls fastest per decade of eta, the middle of the drop (seed 002: "plot
loss vs LR, pick steepest descent point").

Also here: the brute-force answer the suggestion is tested against, i.e. which eta of a grid
clears a training goal in the fewest steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim.nets_train import CONVERGED, DIVERGED, NetBatch, NetRules

DEFAULT_POINTS = 61
DEFAULT_TRIAL_STEPS = 20


def eta_grid(lo: float, hi: float, points: int = DEFAULT_POINTS) -> np.ndarray:
    if not (0 < lo < hi) or points < 3:
        raise ValueError(f"an eta grid needs 0 < lo < hi and 3 points or more, got {lo}, {hi}, {points}")
    return np.geomspace(lo, hi, int(points))


@dataclass(frozen=True)
class FinderResult:
    etas: np.ndarray
    losses: np.ndarray  # loss after the trial steps; inf where the copy exploded
    start_loss: float
    steps: int
    suggested: int | None  # index into etas of the steepest descent, None if the loss never falls

    @property
    def suggested_eta(self) -> float | None:
        return None if self.suggested is None else float(self.etas[self.suggested])

    def as_dict(self) -> dict:
        return {"etas": [float(e) for e in self.etas],
                "losses": [float(v) if np.isfinite(v) else None for v in self.losses],
                "start_loss": self.start_loss, "trial_steps": self.steps,
                "suggested_eta": self.suggested_eta}


def trial_rules(task) -> NetRules:
    """No copy stops early for learning: every one trains the full trial."""
    return NetRules(target_loss=-np.inf, weight_limit=task.weight_limit)


def finder_losses(result_status: np.ndarray, result_loss: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.where((result_status == DIVERGED) | ~np.isfinite(result_loss), np.inf, result_loss).astype(float)


def steepest(etas: np.ndarray, losses: np.ndarray) -> int | None:
    """Index of the steepest fall of log(loss) per log(eta), looking only left of the lowest
    loss (the part of the curve that is still falling). Central differences; None when nothing
    falls."""
    etas, losses = np.asarray(etas, float), np.asarray(losses, float)
    finite = np.isfinite(losses) & (losses > 0)
    if finite.sum() < 3:
        return None
    lowest = int(np.argmin(np.where(finite, losses, np.inf)))
    if lowest < 1:
        return None
    log_eta, log_loss = np.log(etas), np.log(np.where(finite, losses, 1.0))
    best, best_slope = None, 0.0
    for i in range(1, lowest + 1):
        lo, hi = i - 1, min(i + 1, lowest)
        if not (finite[lo] and finite[hi] and finite[i]) or hi == lo:
            continue
        slope = (log_loss[hi] - log_loss[lo]) / (log_eta[hi] - log_eta[lo])
        if slope < best_slope:
            best, best_slope = i, slope
    return best


def range_test(task, optimizer: str, etas, steps: int = DEFAULT_TRIAL_STEPS, mu: float = 0.0,
               dtype=np.float64) -> FinderResult:
    """The range test on the NumPy reference (game.gpu.lr_kernel has its GPU twin)."""
    etas = np.asarray(etas, dtype=float)
    result = NetBatch(task, optimizer, etas, mu, steps, trial_rules(task), dtype=dtype).run()
    return finish(task, etas, result.status, result.loss, steps)


def finish(task, etas, status, loss, steps: int) -> FinderResult:
    losses = finder_losses(status, loss)
    start = float(task.loss_grad(task.start[None, :])[0][0])
    return FinderResult(np.asarray(etas, float), losses, start, int(steps), steepest(etas, losses))


@dataclass(frozen=True)
class Fastest:
    eta: float | None
    steps: int | None
    cleared: np.ndarray  # per eta of the grid: reached the target loss within the budget
    steps_per_eta: np.ndarray  # when each one got there (budget + 1 where it did not)


def fastest_eta(task, optimizer: str, etas, target_loss: float, budget: int, mu: float = 0.0,
                schedule=None) -> Fastest:
    """Brute force: train every eta of the grid to its outcome and keep the one that reaches
    target_loss in the fewest steps (ties go to the smaller eta)."""
    etas = np.asarray(etas, dtype=float)
    rules = NetRules(target_loss=float(target_loss), weight_limit=task.weight_limit)
    result = NetBatch(task, optimizer, etas, mu, budget, rules, schedule=schedule).run()
    cleared = result.status == CONVERGED
    steps = np.where(cleared, result.steps, budget + 1)
    if not cleared.any():
        return Fastest(None, None, cleared, steps)
    best = int(np.argmin(steps))
    return Fastest(float(etas[best]), int(steps[best]), cleared, steps)
