"""Re-simulate a student's run with the NumPy reference (float64): the one place the class
server calls the simulation, the same path as `downhill run LEVEL --json`.

Nothing a client claims is trusted: `verify(level_id, params)` checks the parameters against the
level (its family's controls, ranges, locked values, allowed optimizers) and returns the server's
own outcome from `family_of(level).play(...)`, the same call `downhill run --json` makes. Every
other key of a run's params is a family Option (separate-line's answer, separate-hidden's width and
activation, the lab's schedule and etas ...: schema.json lists them), read by the level's family
with parse_option, as `downhill run --NAME` reads it. Runs in a worker (thread or process), so
everything here is plain data in, plain data out.

Words: the worker is told the student's language (`verify(..., language="de")`) and words a
refusal inside `i18n.using(language)`, with the same `_()` and `number()` the families' own
option refusals use, so every line of a RunRefused is the student's (a plain str: it pickles
across a process pool). A claim that differs is stored as plain data (`claim_problem`, a msgid and
its values as JSON) and worded for each reader by `reason_said`, since a teacher and a student
may read the same run in different languages.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import numpy as np

from game import i18n
from game.i18n import N_, _, number
from game.levels import Level, load_levels

CLAIM_LOSS_RTOL = 1e-9  # the game runs the same float64 code; allow only rounding in transit
TRAJECTORY_POINTS = 400  # at most this many positions kept for the projector
CONTROLS = ("eta", "mu", "x0")  # what a run message may set, as the schema says
NOT_OPTIONS = (*CONTROLS, "optimizer")  # every other params key is a family Option (schema.json)
CLAIM_DIFFERS = N_("claimed {key} {claimed} but the server's run gives {actual}")
CLAIM_KEYS = {"status": N_("status"), "steps": N_("steps"), "loss": N_("final loss"),
              "cleared": N_("cleared"), "stars": N_("stars")}  # what a claim may hold (schema.json)
STATUS_WORDS = {"converged": N_("converged"), "diverged": N_("diverged"), "max_steps": N_("out of steps")}
CLAIM_DIGITS = (4, 12)  # a loss is shown with the fewest significant digits in this range that tell the two apart


class RunRefused(ValueError):
    """Parameters the level does not allow: str() is the one line the student gets, worded in
    the language the worker was told (see verify)."""


@lru_cache(maxsize=1)
def levels() -> dict[str, Level]:
    return {level.id: level for level in load_levels().levels}


def level_summary(level: Level) -> dict:
    return {"id": level.id, "title": level.title, "kind": level.kind,
            "chapter": level.chapter.title, "max_steps": level.max_steps}


def _checked(level: Level, name: str, value, allowed) -> float | None:
    if value is None:
        return None
    value = float(value)
    if not math.isfinite(value):
        raise RunRefused(_("{name} {value} is not a finite number").format(name=name, value=value))
    if allowed.locked:
        if value != allowed.default:
            raise RunRefused(_("level '{level}' fixes {name} at {fixed}; got {value}").format(
                level=level.id, name=name, fixed=number(allowed.default), value=number(value)))
        return value
    if not allowed.allows(value):
        raise RunRefused(_("{name} {value} is outside what level '{level}' allows ({lo} to {hi})").format(
            name=name, value=number(value), level=level.id, lo=number(allowed.min), hi=number(allowed.max)))
    return value


def checked_params(level_id: str, params: dict) -> tuple[Level, dict]:
    """The level and the controls to play it with, each checked against the level (its family
    says which controls exist); raises RunRefused in one line, in the active language."""
    from game.sim.families import family_of

    level = levels().get(level_id)
    if level is None:
        raise RunRefused(_("unknown level '{level}'").format(level=level_id))
    family = family_of(level)
    optimizer = params.get("optimizer", level.optimizer)
    if optimizer not in level.optimizers:
        raise RunRefused(_("level '{level}' allows only {names}; got {optimizer}").format(
            level=level.id, names=", ".join(level.optimizers), optimizer=optimizer))
    checked: dict = {"optimizer": optimizer}
    for name in CONTROLS:
        value = params.get(name)
        if name not in family.controls:
            if value is not None:
                raise RunRefused(_("level '{level}' {what} and has no {name}").format(
                    level=level.id, what=_(family.what), name=name))
            continue
        value = _checked(level, name, value, getattr(level, name))
        if value is not None:
            checked[name] = value
    for name, value in params.items():  # the family's Options: an answer, a width, a schedule ...
        if name in NOT_OPTIONS or value is None:
            continue
        try:  # the same reading as `downhill run --NAME`; a family without that option refuses it
            checked[name] = family.parse_option(level, name, value)
        except ValueError as error:
            raise RunRefused(str(error)) from None
    return level, checked


def verify(level_id: str, params: dict, language: str = i18n.SOURCE_LANGUAGE) -> dict:
    """Re-simulate; return {"params", "outcome", "trajectory"} as plain JSON-able data.
    Raises RunRefused for parameters the level does not allow, worded in `language` (the
    student's: the family's option refusals too)."""
    from game.sim.families import family_of

    with i18n.using(language):
        level, given = checked_params(level_id, params)
    result = family_of(level).play(level, **given)
    o = result.outcome
    loss = float(o.loss)
    used = dict(result.params)
    used.pop("max_steps", None)
    trajectory = result.trajectory.get("x") or result.trajectory.get("loss") or []
    return {
        "params": {key: (float(v) if isinstance(v, (float, np.floating)) else v) for key, v in used.items()},
        "outcome": {"status": o.status, "steps": int(o.steps), "loss": loss if math.isfinite(loss) else None,
                    "cleared": bool(o.cleared), "stars": int(o.stars)},
        "trajectory": thin(trajectory),
    }


def thin(values, points: int = TRAJECTORY_POINTS) -> list:
    """At most `points` values (first and last kept), non-finite ones as None."""
    values = [float(v) for v in values]
    if len(values) > points:
        index = np.linspace(0, len(values) - 1, points).round().astype(int)
        values = [values[i] for i in index]
    return [v if math.isfinite(v) else None for v in values]


def claim_problem(claim: dict | None, outcome: dict) -> str | None:
    """None when the claim agrees with the server's outcome; else where not, as the run's stored
    reason: JSON of a msgid and its values (no language's sentence), worded by `reason_said`."""
    for key, claimed in (claim or {}).items():
        actual = outcome.get(key)
        if key == "loss":
            if claimed is None or actual is None:
                same = claimed is None and actual is None
            else:
                same = math.isclose(float(claimed), float(actual), rel_tol=CLAIM_LOSS_RTOL, abs_tol=1e-12)
        else:
            same = claimed == actual
        if not same:
            return json.dumps({"msgid": CLAIM_DIFFERS, "key": key, "claimed": claimed, "actual": actual})
    return None


def reason_said(reason: str, language: str) -> str:
    """A run's stored reason in the reader's language: a claim_problem worded (the measure and
    the status named in words, numbers the locale's way); any other text (a run recorded before
    reasons were stored this way) as it is."""
    try:
        problem = json.loads(reason) if reason.startswith("{") else None
    except ValueError:
        problem = None
    if not isinstance(problem, dict) or problem.get("msgid") != CLAIM_DIFFERS:
        return reason
    claimed, actual = problem.get("claimed"), problem.get("actual")
    digits = _digits_apart(claimed, actual)
    with i18n.using(language):
        key = problem.get("key")
        return _(CLAIM_DIFFERS).format(key=_(CLAIM_KEYS.get(key, str(key))), claimed=_claim_value(claimed, digits),
                                       actual=_claim_value(actual, digits))


def _digits_apart(a, b) -> int:
    """The fewest significant digits (4 to 12) at which two numbers read differently."""
    low, high = CLAIM_DIGITS
    if not all(isinstance(v, float) for v in (a, b)):
        return low
    return next((d for d in range(low, high) if format(a, f".{d}g") != format(b, f".{d}g")), high)


def _claim_value(value, digits: int) -> str:
    if value is None:
        return "–"  # no final loss: the run left the finite numbers
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return number(value, f".{digits}g")
    if isinstance(value, str):
        return _(STATUS_WORDS.get(value, value))
    return str(value)


def curve_samples(level_id: str, points: int = 241) -> dict:
    """What the projector draws: the curve (x, loss) for a ball level, or nothing to sample for
    a network level (its runs are drawn as loss over steps)."""
    level = levels().get(level_id)
    if level is None:
        raise RunRefused(_("unknown level '{level}'").format(level=level_id))
    out = level_summary(level)
    if level.expr is not None and level.x_range is not None:
        from game.sim.expr import compile_curve

        lo, hi = level.x_range
        xs = np.linspace(lo, hi, points)
        ys = compile_curve(level.expr).f(xs)
        out.update(x=[float(v) for v in xs], y=[float(v) if math.isfinite(v) else None for v in ys],
                   x0=level.x0.default, x0_locked=level.x0.locked)
    return out


def warm() -> int:
    """Load the levels in a fresh worker; returns how many."""
    return len(levels())
