"""The ball family ("kind": "curve"): a ball rolls down a curve; the player sets η, μ and x₀.

Its levels add "curve": {"expr", "x_range"} and, optionally, named "regions" of x; params
must give "x0". The balls themselves run in game/sim/run.py (Batch, Ball); this module turns
a level into them and their finals into an outcome.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np

from game.i18n import N_, _
from game.i18n import number as shown
from game.sim.expr import Curve, ExprError, compile_curve, parse
from game.sim.families.base import (Family, eta_values, is_interval, is_number, mu_values, not_met, number,
                                    number_text, par_horizon, par_is, par_line, steps_text, swings)
from game.sim.goals import Finals, goals_met as goals_hold
from game.sim.outcome import MAX_STEPS, STATUS_CODES, RunResult
from game.sim.run import Ball, Rules, run_batch, rules_for

GLOBAL_MIN_SAMPLES = 20001
GLOBAL_MIN_LOSS_FRACTION = 1e-3  # within this fraction of the curve's loss span of the lowest point
PAR_X0_POINTS = 11


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


def finals(level, status, steps, x, loss, eta, mu) -> Finals:
    """What the goals read of balls that have finished (arrays or single values)."""
    f_min, f_max = curve_span(level.expr, *level.x_range)
    return Finals(status, steps, loss, eta, mu, x=x, regions=level.regions,
                  lowest_loss=f_min + GLOBAL_MIN_LOSS_FRACTION * (f_max - f_min))


DESCENT_FRACTION = 0.01  # a run must lower the loss by this share of the curve's loss span to clear


def descended(level, x0, loss) -> np.ndarray:
    """Whether the loss fell from the start by at least DESCENT_FRACTION of the curve's span: a
    ball dropped on the minimum has learned nothing and does not clear (elementwise)."""
    f_min, f_max = curve_span(level.expr, *level.x_range)
    with np.errstate(all="ignore"):
        start = level_curve(level).f(np.asarray(x0, dtype=float))
        return np.asarray(start - np.asarray(loss, dtype=float) >= DESCENT_FRACTION * (f_max - f_min))


def bounced(xs) -> bool:
    """Whether the ball crossed back and forth: its moves changed direction at least twice in a
    row (it overshot the bottom, landing on the other side, again and again)."""
    moves = np.diff(np.asarray(xs, dtype=float))
    moves = moves[np.isfinite(moves) & (np.abs(moves) > 1e-12)]
    turns = np.sign(moves[1:]) != np.sign(moves[:-1])
    return bool(turns.size >= 2 and turns[:3].all())


def goals_met(level, status, steps, x, loss, eta, mu, x0=None) -> np.ndarray:
    """Whether every goal of the level holds (and, given the starts, the ball came down),
    elementwise over arrays of outcomes."""
    met = goals_hold(level.goals, finals(level, status, steps, x, loss, eta, mu))
    return met if x0 is None else met & descended(level, x0, loss)


def par_grid(level, optimizer: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (x0, eta, mu) points par is searched over with `optimizer`: every free control."""
    x0 = level.x0
    x0s = [x0.default] if x0.locked else np.unique(np.append(np.linspace(x0.min, x0.max, PAR_X0_POINTS),
                                                           x0.default))
    grid = np.meshgrid(np.asarray(x0s, float), eta_values(level), mu_values(level, optimizer), indexing="ij")
    return tuple(axis.ravel() for axis in grid)


class BallFamily(Family):
    kind = "curve"
    what = N_("rolls a ball on a curve")  # a msgid, shown through _()
    sections = {
        "curve": {
            "type": "object",
            "required": ["expr", "x_range"],
            "additionalProperties": False,
            "properties": {
                "expr": {"type": "string", "minLength": 1, "description": "a curve expression in x"},
                "x_range": {"$ref": "#/$defs/interval"},
            },
        },
        "regions": {
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/id"},
            "additionalProperties": {"$ref": "#/$defs/interval"},
        },
    }
    required = ("curve",)
    controls = ("eta", "mu", "x0")
    required_params = ("x0",)
    goals = ("converge", "reach_global_min", "end_in", "loss_below", "within_steps", "never_diverge",
             "eta_at_least")
    maps = True

    # --- the level file ------------------------------------------------------------------

    def check(self, data: dict, report) -> None:
        params = data.get("params") if isinstance(data.get("params"), dict) else {}
        curve = data.get("curve")
        if not isinstance(curve, dict):
            return
        source = curve.get("expr")
        if isinstance(source, str) and source:
            try:
                parse(source)
            except ExprError as error:
                index = min(max(error.column - 1, 0), len(source))
                message = f"in the expression at column {error.column}: {error.message}"
                if "; expected" not in error.message:
                    message += "; expected a curve in x like \"x**2 - 2*x\""
                report.add_in_string(("curve", "expr"), index, message)
        x_range = curve.get("x_range")
        if not is_interval(x_range):
            return
        lo, hi = x_range
        if lo >= hi:
            report.add(("curve", "x_range"), f"[{number_text(lo)}, {number_text(hi)}] is empty; expected [lo, hi] with lo < hi")
            return
        x0 = params.get("x0")
        if isinstance(x0, dict):
            for key in ("default", "min", "max"):
                value = x0.get(key)
                if is_number(value) and not lo <= value <= hi:
                    report.add(("params", "x0", key), f"x0 {key} {number_text(value)} is off the curve; "
                               f"expected a value inside x_range [{number_text(lo)}, {number_text(hi)}]")
        regions = data.get("regions")
        for name, interval in (regions.items() if isinstance(regions, dict) else ()):
            if is_interval(interval) and interval[0] >= interval[1]:
                report.add(("regions", name), f"[{number_text(interval[0])}, {number_text(interval[1])}] is empty; "
                           "expected [lo, hi] with lo < hi")

    def build(self, data: dict) -> dict[str, Any]:
        lo, hi = data["curve"]["x_range"]
        regions = {name: (float(a), float(b)) for name, (a, b) in data.get("regions", {}).items()}
        return dict(expr=data["curve"]["expr"], x_range=(float(lo), float(hi)),
                    regions=MappingProxyType(regions))

    # --- a run ---------------------------------------------------------------------------

    def level_params(self, level, **given) -> CurveParams:
        return level_params(level, **given)

    def start(self, level, params: CurveParams) -> Ball:
        return Ball(level_curve(level), params.optimizer, params.x0, params.eta, params.mu,
                    params.max_steps, level_rules(level))

    def judge(self, level, params: CurveParams, ball: Ball, par: int | None) -> RunResult:
        """Turn a finished ball into the level's outcome: goals, cleared, stars."""
        done = finals(level, STATUS_CODES[ball.status], ball.steps, ball.x, ball.loss, params.eta, params.mu)
        outcome = self.outcome(level, ball, done, par, x=ball.x)
        if outcome.cleared and not bool(descended(level, params.x0, ball.loss)):
            outcome = replace(outcome, cleared=False, stars=0)  # it started at the bottom: no descent
        return RunResult(level.id, params.as_dict(), {"x": ball.xs, "loss": ball.losses}, outcome)

    # --- par -----------------------------------------------------------------------------

    def par_backend(self, backend: str) -> str:
        return backend  # the runner (a GPU kernel, say) runs the balls

    def search_par_setting(self, level, runner=None) -> tuple[int | None, dict | None]:
        runner = runner or run_batch
        best, setting = None, None
        for optimizer in level.optimizers:
            x0, eta, mu = par_grid(level, optimizer)
            horizon = par_horizon(level, x0.size)
            result = runner(level_curve(level), optimizer, x0, eta, mu, horizon, level_rules(level))
            cleared = goals_met(level, result.status, result.steps, result.x, result.loss, eta, mu, x0=x0)
            if horizon < level.max_steps:  # a ball still rolling at the search's horizon has not cleared
                cleared &= np.asarray(result.status) != MAX_STEPS
            if cleared.any():
                k = int(np.flatnonzero(cleared)[np.argmin(np.asarray(result.steps)[cleared])])
                if best is None or int(result.steps[k]) < best:
                    best = int(result.steps[k])
                    setting = {"optimizer": optimizer, "x0": float(x0[k]), "eta": float(eta[k]), "mu": float(mu[k])}
        return best, setting

    # --- words ---------------------------------------------------------------------------

    def explain(self, level, result: RunResult) -> list[str]:
        outcome, params = result.outcome, result.params
        eta, mu, opt = params.get("eta"), params.get("mu"), params.get("optimizer", "gd")
        lines: list[str] = []
        if outcome.status == "diverged":
            lines.append(_("Each step overshot the bottom by more than the last, until the ball flew off: "
                           "η = {eta} is too big for how steep this curve gets.").format(eta=shown(eta, ".3g")))
            lines.append(_("Try a smaller η: the steps shrink and the bouncing dies down."))
        elif outcome.status == "max_steps":
            lines.append(_("After {steps} the ball was still moving, so it never came to rest.").format(
                steps=steps_text(outcome.steps)))
            if swings(opt, mu) and not level.mu.locked:
                lines.append(_("With μ = {mu} it keeps most of its speed and rocks back and forth for a long "
                               "time.").format(mu=shown(mu, ".3g")))
            elif bounced(result.trajectory.get("x", [])):
                lines.append(_("It kept bouncing across the valley: η = {eta} jumps past the bottom. Try a smaller "
                               "η.").format(eta=shown(eta, ".3g")))
            else:
                lines.append(_("η = {eta} makes each step small. Try a bigger η.").format(eta=shown(eta, ".3g")))
        else:
            where = f"x = {shown(outcome.x, '.3f')}" if math.isfinite(outcome.x) else _("somewhere")
            lines.append(_("The ball came to rest at {where} after {steps}, with loss {loss}.").format(
                where=where, steps=steps_text(outcome.steps), loss=shown(outcome.loss, ".3g")))
            start = result.trajectory["x"][0] if result.trajectory.get("x") else None
            if not outcome.cleared and all(goal.met for goal in outcome.goals) and start is not None:
                lines.append(_("It started at x = {start}, already at the bottom: dropping the ball on the "
                               "minimum is not a descent. Start it further up a slope (drag x₀).").format(
                    start=shown(start, ".3g")))
            elif not outcome.cleared:
                kinds = not_met(level, outcome, lines)
                if kinds & {"reach_global_min", "end_in"}:
                    start_free, speed_free = not level.x0.locked, not level.mu.locked
                    if start_free and speed_free:
                        why = _("It rested in the wrong valley: where it starts (x₀) and how much speed it carries "
                                "(μ) decide which valley it ends in.")
                    elif start_free:
                        why = _("It rested in the wrong valley: where it starts (x₀) decides which valley it ends in.")
                    elif speed_free:
                        why = _("It rested in the wrong valley: how much speed it carries (μ) decides which valley "
                                "it ends in.")
                    else:
                        why = _("It rested in the wrong valley: the step size decides which valley it ends in.")
                    lines.append(why)
                elif "within_steps" in kinds:
                    if bounced(result.trajectory.get("x", [])):
                        lines.append(_("It got there, but zig-zagging: η = {eta} jumps past the bottom each step. "
                                       "A smaller η lands closer to it.").format(eta=shown(eta, ".3g")) + par_is(outcome))
                    else:
                        lines.append(_("It got there, but too slowly: a bolder η takes bigger steps.") + par_is(outcome))
            else:
                lines.extend(par_line(outcome, level))
        return lines

    def table(self, level, result: RunResult) -> dict[str, list]:
        xs = result.trajectory["x"]
        slope = level_curve(level).df
        return {"x": xs, "loss": result.trajectory["loss"], "gradient": [float(slope(float(x))) for x in xs]}

    def final_line(self, result: RunResult) -> str:
        return "final    " + _("x = {x}, loss = {loss}").format(x=number(result.outcome.x), loss=number(result.outcome.loss))


FAMILY = BallFamily()
