"""What happened in a run and why, in the player's words (the results screen)."""

from __future__ import annotations

import math


def explain(level, params: dict, outcome) -> list[str]:
    eta = params.get("eta")
    mu = params.get("mu")
    opt = params.get("optimizer", "gd")
    lines: list[str] = []
    if outcome.status == "diverged":
        lines.append(f"Each step overshot the bottom by more than the last, until the ball flew off: "
                     f"η = {eta:g} is too big for how steep this curve gets.")
        lines.append("Try a smaller η: the steps shrink and the bouncing dies down.")
    elif outcome.status == "max_steps":
        lines.append(f"After {outcome.steps} steps the ball was still moving, so it never came to rest.")
        if opt in ("momentum", "nesterov") and mu is not None and mu >= 0.9:
            lines.append(f"With μ = {mu:g} it keeps most of its speed and rocks back and forth for a long time.")
        else:
            lines.append(f"η = {eta:g} makes each step small (or it keeps bouncing across the valley).")
    else:
        where = f"x = {outcome.x:.3f}" if math.isfinite(outcome.x) else "somewhere"
        lines.append(f"The ball came to rest at {where} after {outcome.steps} step{'' if outcome.steps == 1 else 's'}, "
                     f"with loss {outcome.loss:.3g}.")
        if not outcome.cleared:
            missed = [(goal, result) for goal, result in zip(level.goals, outcome.goals) if not result.met]
            if missed:
                lines.append("Not met: " + "; ".join(result.text for _, result in missed) + ".")
            kinds = {goal.kind for goal, _ in missed}
            if kinds & {"reach_global_min", "end_in"}:
                lines.append("It rested in the wrong valley: where it starts and how much speed it "
                             "carries (μ) decide which valley it ends in.")
            elif "within_steps" in kinds:
                par = f" Par is {outcome.par}." if outcome.par is not None else ""
                lines.append(f"It got there, but too slowly: a bolder η takes bigger steps.{par}")
        elif outcome.par is not None:
            if outcome.steps <= outcome.par:
                lines.append(f"That is par ({outcome.par}): as quick as this level allows.")
            else:
                lines.append(f"Par is {outcome.par} steps: a better η (or μ) gets there sooner.")
    return lines
