"""Every goal type a level can set, each with one meaning for every level family.

A goal reads the final values of runs (arrays, one entry per run) in a `Finals`: the status
code and the step it was decided at, the final loss, the controls eta and mu, and what only
some families have: the ball's final x, the network's P(target), the loss that counts as the
lowest valley. A family lists the goal types it can judge (game/sim/families/); a level that
sets any other one is refused when it loads.

    converge            the run came to rest (converged)
    reach_global_min    came to rest within GLOBAL_MIN_LOSS_FRACTION of the lowest loss
    end_in              came to rest with x inside a named region
    loss_below          not diverged, final loss finite and at or below the value
    within_steps        converged at a step <= the value
    never_diverge       the run did not diverge
    eta_at_least        the learning rate was at least the value
    p_target_at_least   not diverged and P(target) at or above the value
    accuracy_at_least   not diverged and the classifier's accuracy at or above the value (a
                        fraction; on its held-out points where the level keeps some back)
    answer_right        the player's last answer to the level's question is the right one
    settled_loss_below  not diverged and the loss the run settled at (its mean over the last
                        steps, a family's window) at or below the value
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from game.i18n import N_
from game.sim.outcome import CONVERGED, DIVERGED


@dataclass(frozen=True)
class Finals:
    """Final values of a batch of runs, each an array (or a scalar for one run)."""

    status: Any
    steps: Any
    loss: Any
    eta: Any
    mu: Any = 0.0
    x: Any = None  # a ball's final position
    p_target: Any = None  # a word-predicting network's P(right word)
    lowest_loss: float | None = None  # a loss at or below this is "the lowest valley"
    accuracy: Any = None  # a classifier's fraction of points read right
    answer_right: Any = None  # a question's answer: True, False, or None (not answered)
    regions: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    settled_loss: Any = None  # the mean loss over a run's last steps (noisy, minibatch training)


@dataclass(frozen=True)
class GoalType:
    name: str
    keys: tuple[str, ...]  # the keys a goal of this type takes besides "type" and "text"
    value_schema: Mapping[str, Any]  # JSON Schema bounds on its "value" (when it takes one)
    template: str  # what the player reads (a msgid): {value}, {lo}/{hi} numbers, {region} a name
    met: Callable[[Any, Finals], np.ndarray]  # (goal, finals) -> bool array


def _number(value) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def _needs(finals: Finals, name: str, goal_name: str):
    value = getattr(finals, name)
    if value is None:
        raise ValueError(f"goal {goal_name} needs the run's {name}, which this level family does not have")
    return np.asarray(value)


def _converged(finals: Finals) -> np.ndarray:
    return np.asarray(finals.status) == CONVERGED


def _not_diverged(finals: Finals) -> np.ndarray:
    return np.asarray(finals.status) != DIVERGED


def _reach_global_min(goal, finals: Finals) -> np.ndarray:
    if finals.lowest_loss is None:
        raise ValueError("goal reach_global_min needs a lowest loss, which this level family does not have")
    return _converged(finals) & (np.asarray(finals.loss) <= finals.lowest_loss)


def _end_in(goal, finals: Finals) -> np.ndarray:
    lo, hi = finals.regions[goal.region]
    x = _needs(finals, "x", "end_in")
    return _converged(finals) & (x >= lo) & (x <= hi)


def _loss_below(goal, finals: Finals) -> np.ndarray:
    loss = np.asarray(finals.loss)
    return _not_diverged(finals) & np.isfinite(loss) & (loss <= goal.value)


def _p_target_at_least(goal, finals: Finals) -> np.ndarray:
    return _not_diverged(finals) & (_needs(finals, "p_target", "p_target_at_least") >= goal.value)


def _accuracy_at_least(goal, finals: Finals) -> np.ndarray:
    return _not_diverged(finals) & (_needs(finals, "accuracy", "accuracy_at_least") >= goal.value)


def _answer_right(goal, finals: Finals) -> np.ndarray:
    return np.broadcast_to(np.asarray(finals.answer_right, dtype=object) == True,  # noqa: E712 (None is not met)
                           np.shape(finals.status))


def _settled_loss_below(goal, finals: Finals) -> np.ndarray:
    loss = _needs(finals, "settled_loss", "settled_loss_below")
    return _not_diverged(finals) & np.isfinite(loss) & (loss <= goal.value)


def _eta_at_least(goal, finals: Finals) -> np.ndarray:
    return np.broadcast_to(np.asarray(finals.eta) >= goal.value, np.shape(finals.status))


GOAL_TYPES: dict[str, GoalType] = {goal.name: goal for goal in (
    GoalType("converge", (), {}, N_("Come to rest"), lambda g, f: _converged(f)),
    GoalType("reach_global_min", (), {}, N_("Come to rest in the lowest valley"), _reach_global_min),
    GoalType("end_in", ("region",), {}, N_("End in the {region} region (x from {lo} to {hi})"), _end_in),
    GoalType("loss_below", ("value",), {"exclusiveMinimum": 0}, N_("Finish with loss below {value}"),
             _loss_below),
    GoalType("within_steps", ("steps",), {}, N_("Come to rest within {value} steps"),
             lambda g, f: _converged(f) & (np.asarray(f.steps) <= g.value)),
    GoalType("never_diverge", (), {}, N_("Never fly off the curve"), lambda g, f: _not_diverged(f)),
    GoalType("eta_at_least", ("value",), {"exclusiveMinimum": 0}, N_("Use a learning rate of at least {value}"),
             _eta_at_least),
    GoalType("p_target_at_least", ("value",), {"exclusiveMinimum": 0, "maximum": 1},
             N_("Make the right answer's probability at least {value}"), _p_target_at_least),
    GoalType("accuracy_at_least", ("value",), {"exclusiveMinimum": 0, "maximum": 1},
             N_("Sort a fraction {value} of the points right"), _accuracy_at_least),
    GoalType("answer_right", (), {}, N_("Answer the question right"), _answer_right),
    GoalType("settled_loss_below", ("value",), {"exclusiveMinimum": 0},
             N_("Let the loss settle below {value}"), _settled_loss_below),
)}


def goal_args(kind: str, value, region, regions: Mapping) -> dict[str, Any]:
    """The numbers (and region name) a goal's template is filled with."""
    if kind == "end_in":
        lo, hi = regions.get(region, (float("nan"), float("nan")))
        return {"region": region, "lo": lo, "hi": hi}
    if kind == "within_steps":
        return {"value": value}
    return {"value": value or 0} if "{value}" in GOAL_TYPES[kind].template else {}


def goal_text(kind: str, value, region, regions: Mapping) -> str:
    """The sentence a player reads for a goal that brings no text of its own (English)."""
    args = goal_args(kind, value, region, regions)
    return GOAL_TYPES[kind].template.format(**{k: _number(v) if isinstance(v, float | int) and not isinstance(v, bool)
                                               else v for k, v in args.items()})


def goal_met(goal, finals: Finals) -> np.ndarray:
    """Whether one goal holds, elementwise over the runs."""
    kind = GOAL_TYPES.get(goal.kind)
    if kind is None:
        raise ValueError(f"unknown goal type {goal.kind!r}; expected one of {', '.join(GOAL_TYPES)}")
    with np.errstate(invalid="ignore"):
        return np.asarray(kind.met(goal, finals))


def goals_met(goals, finals: Finals) -> np.ndarray:
    """Whether every goal holds, elementwise over the runs."""
    met = np.ones(np.shape(finals.status), dtype=bool)
    for goal in goals:
        met &= goal_met(goal, finals)
    return met
