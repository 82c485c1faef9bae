"""What happened in a run and why, in the player's words (the results screen).

A ball level's outcome says where the ball came to rest; a network level's says how far the
network got: P(target word) for the word-predicting levels (result.extra["p_target"]), the
loss otherwise, or the step at which a weight ran off the scale.
"""

from __future__ import annotations

import math

from game.sim.nets_run import level_task

BIG_MU = 0.9  # momentum this high keeps a run swinging for a long time


def explain(level, result) -> list[str]:
    """Two or three sentences on the finished run `result` (a RunResult) of `level`."""
    if level.kind == "network":
        return _explain_network(level, result)
    return _explain_ball(level, result.params, result.outcome)


def _explain_ball(level, params: dict, outcome) -> list[str]:
    eta = params.get("eta")
    mu = params.get("mu")
    opt = params.get("optimizer", "gd")
    lines: list[str] = []
    if outcome.status == "diverged":
        lines.append(f"Each step overshot the bottom by more than the last, until the ball flew off: "
                     f"η = {eta:g} is too big for how steep this curve gets.")
        lines.append("Try a smaller η: the steps shrink and the bouncing dies down.")
    elif outcome.status == "max_steps":
        lines.append(f"After {_steps(outcome.steps)} the ball was still moving, so it never came to rest.")
        if _swings(opt, mu):
            lines.append(f"With μ = {mu:g} it keeps most of its speed and rocks back and forth for a long time.")
        else:
            lines.append(f"η = {eta:g} makes each step small (or it keeps bouncing across the valley).")
    else:
        where = f"x = {outcome.x:.3f}" if math.isfinite(outcome.x) else "somewhere"
        lines.append(f"The ball came to rest at {where} after {_steps(outcome.steps)}, with loss {outcome.loss:.3g}.")
        if not outcome.cleared:
            kinds = _not_met(level, outcome, lines)
            if kinds & {"reach_global_min", "end_in"}:
                lines.append("It rested in the wrong valley: where it starts and how much speed it "
                             "carries (μ) decide which valley it ends in.")
            elif "within_steps" in kinds:
                lines.append(f"It got there, but too slowly: a bolder η takes bigger steps.{_par_is(outcome)}")
        else:
            lines.extend(_par_line(outcome))
    return lines


def _explain_network(level, result) -> list[str]:
    outcome, params = result.outcome, result.params
    eta = params.get("eta")
    mu = params.get("mu")
    opt = params.get("optimizer", "gd")
    p = result.extra.get("p_target")  # None when the network predicts no word (or p is not finite)
    word = result.extra.get("target", "target")
    lines: list[str] = []
    if outcome.status == "diverged":
        if math.isfinite(outcome.loss):
            limit = level_task(level).weight_limit
            lines.append(f"A weight exploded past ±{limit:g} at step {outcome.steps}: with η = {eta:g} each "
                         f"update overshot and flung the weights further out.")
        else:
            lines.append(f"At step {outcome.steps} the numbers overflowed and stopped being numbers: "
                         f"η = {eta:g} is far too big a step for this network.")
        lines.append("Try a smaller η: the weights settle instead of running off the scale.")
    elif outcome.status == "max_steps":
        p_goal = _goal_value(level, "p_target_at_least")
        loss_goal = _goal_value(level, "loss_below")
        if p is not None:
            short = f", short of the goal of {p_goal:.2f}" if p_goal is not None else ""
            lines.append(f"After {_steps(outcome.steps)} P({word}) was only {p:.2f}{short}.")
        else:
            short = f", above the goal of {loss_goal:g}" if loss_goal is not None else ""
            lines.append(f"After {_steps(outcome.steps)} the loss was still {outcome.loss:.3g}{short}.")
        if _loss_bounced(result.trajectory.get("loss", [])):
            if _swings(opt, mu):
                lines.append(f"The loss went up almost as often as down: with μ = {mu:g} the weights keep most "
                             f"of their speed and swing past the answer again and again.")
            else:
                lines.append(f"The loss went up almost as often as down: η = {eta:g} overshoots back and forth. "
                             f"Try a smaller η.")
        elif eta < level.eta.default:
            lines.append(f"It was learning, but slowly: η = {eta:g} makes each update small. Try a bigger η.")
        else:
            lines.append("It was learning, but slowly: the loss is nearly flat there, so each update "
                         "moves the weights only a little.")
    else:
        if p is not None:
            lines.append(f"P({word}) reached {p:.2f} after {_steps(outcome.steps)} "
                         f"(loss = −log p = {outcome.loss:.3g}).")
        else:
            loss_goal = _goal_value(level, "loss_below")
            under = f", under the goal of {loss_goal:g}" if loss_goal is not None else ""
            lines.append(f"The loss fell to {outcome.loss:.3g} after {_steps(outcome.steps)}{under}.")
        if not outcome.cleared:
            kinds = _not_met(level, outcome, lines)
            if "within_steps" in kinds:
                lines.append(f"It learned, but too slowly: a bolder η (or some μ) takes bigger steps."
                             f"{_par_is(outcome)}")
        else:
            lines.extend(_par_line(outcome))
    return lines


def _goal_value(level, kind: str):
    return next((float(goal.value) for goal in level.goals if goal.kind == kind), None)


def _loss_bounced(losses) -> bool:
    """Whether the loss rose on at least a third of the steps (it overshoots, not crawls)."""
    finite = [loss for loss in losses if math.isfinite(loss)]
    rises = sum(b > a for a, b in zip(finite, finite[1:]))
    return len(finite) > 2 and rises >= (len(finite) - 1) / 3


def _swings(opt: str, mu) -> bool:
    return opt in ("momentum", "nesterov") and mu is not None and mu >= BIG_MU


def _not_met(level, outcome, lines: list[str]) -> set[str]:
    """Add a line naming the goals not met to `lines`; return those goals' kinds."""
    missed = [(goal, result) for goal, result in zip(level.goals, outcome.goals) if not result.met]
    if missed:
        lines.append("Not met: " + "; ".join(result.text for _, result in missed) + ".")
    return {goal.kind for goal, _ in missed}


def _par_line(outcome) -> list[str]:
    if outcome.par is None:
        return []
    if outcome.steps <= outcome.par:
        return [f"That is par ({outcome.par}): as quick as this level allows."]
    return [f"Par is {_steps(outcome.par)}: a better η (or μ) gets there sooner."]


def _par_is(outcome) -> str:
    return f" Par is {outcome.par}." if outcome.par is not None else ""


def _steps(n: int) -> str:
    return f"{n} step{'' if n == 1 else 's'}"
