"""The network family ("kind": "network"): a tiny network trains; the player sets η and μ.

Its levels add "network": {"preset", ...config} (game/sim/nets_presets.py checks the config
and builds the task). Training runs in game/sim/nets_train.py (NetBatch, NetTrainer); its
trajectory has "loss" per step (starting before the first update) and, for the
word-predicting levels, "p_target" (P of the right word, loss = -log p_target); the outcome
adds "weights", the network's parameter count.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from game.i18n import N_, _, ngettext
from game.i18n import number as shown
from game.sim.families.base import (ACTIVATION, EPOCHS, Family, Option, Unit, frozen, goal_value, grid_par, not_met,
                                    number, option_choice, par_grids, par_is, par_line, swings)
from game.sim.goals import Finals
from game.sim.nets import ACTIVATIONS
from game.sim.nets_presets import PRESETS, NetTask, build_task, validate_network_config
from game.sim.nets_train import NetBatch, NetRules, NetTrainer
from game.sim.outcome import STATUS_CODES, RunResult

DEFAULT_TARGET_LOSS = 1e-3  # "learned" for a level without a loss or probability goal
# presets whose runs count epochs (seed 000: the four phases of Calculus make one epoch; its one
# example makes each update a whole pass over the data); the others count steps
EPOCH_PRESETS = ("calculus",)


@dataclass(frozen=True)
class NetworkSpec:
    preset: str
    config: Mapping[str, Any]  # the rest of the "network" object, read-only (lists as tuples)


@dataclass(frozen=True)
class NetParams:
    eta: float
    mu: float
    optimizer: str
    max_steps: int
    activation: str | None = None  # the neuron's activation, where the player switches it
    input: float | None = None  # the neuron's input x, where the player sets it

    def as_dict(self) -> dict[str, Any]:
        out = {"eta": self.eta, "mu": self.mu, "optimizer": self.optimizer, "max_steps": self.max_steps}
        if self.activation is not None:
            out["activation"] = self.activation
        if self.input is not None:
            out["input"] = self.input
        return out


# the neuron's own picks (seed 002's Interactive 1): its activation and its input, which the
# scene's A button and input slider set and a class server replays (Family.options)
INPUT_RANGE = (-2.0, 2.0)  # the input slider's range
INPUT = Option("input", "X", N_("the neuron's input x where the level lets you set it (neuron): {lo} to {hi}"),
               {"type": "number", "minimum": INPUT_RANGE[0], "maximum": INPUT_RANGE[1]},
               {"lo": f"{INPUT_RANGE[0]:g}", "hi": f"{INPUT_RANGE[1]:g}"})


def picks(level) -> bool:
    """Whether the player picks the level's activation and input (a one-input neuron)."""
    return level.network.preset == "neuron" and len(level.network.config.get("inputs", (0.5,))) == 1


def own_activation(level) -> str | None:
    return str(level.network.config.get("activation", "sigmoid")) if picks(level) else None


def own_input(level) -> float | None:
    return float(level.network.config.get("inputs", (0.5,))[0]) if picks(level) else None


def picked_task(level, params) -> NetTask:
    """The level's network with the player's activation and input in place."""
    task = level_task(level)
    if not picks(level) or (params.activation in (None, own_activation(level))
                            and params.input in (None, own_input(level))):
        return task
    config = {k: v for k, v in _thaw(_freeze(level.network.config)).items() if k != "preset"}
    if params.activation is not None:
        config["activation"] = params.activation
    if params.input is not None:
        config["inputs"] = [params.input]
    return _task_cached(level.network.preset, _freeze(config))


def level_task(level) -> NetTask:
    return _task_cached(level.network.preset, _freeze(level.network.config))


def _freeze(value):
    if isinstance(value, dict) or hasattr(value, "items"):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("__list__", tuple(_freeze(v) for v in value))
    return value


def _thaw(value):
    if isinstance(value, tuple) and value[:1] == ("__list__",):
        return [_thaw(v) for v in value[1]]
    if isinstance(value, tuple):
        return {k: _thaw(v) for k, v in value}
    return value


@lru_cache(maxsize=32)
def _task_cached(preset: str, frozen_config) -> NetTask:
    config = {k: v for k, v in _thaw(frozen_config).items() if k != "preset"} if frozen_config else {}
    return build_task(preset, config)


LOSS_BLOWUP = 20.0  # a loss this many times the starting loss counts as exploded


def start_loss(task: NetTask) -> float:
    loss, _unused, _unused = task.loss_grad(task.start[None, :])
    return float(loss[0])


def level_rules(level, task: NetTask) -> NetRules:
    """Learned = the level's loss or probability goal reached. Exploded = the loss or a weight
    stopped being a number, or the loss rose past LOSS_BLOWUP times where it started; a big
    weight alone is not an explosion (a confident network has big weights)."""
    targets = []
    for goal in level.goals:
        if goal.kind == "p_target_at_least":
            targets.append(-math.log(float(goal.value)))
        elif goal.kind == "loss_below":
            targets.append(float(goal.value))
    return NetRules(target_loss=min(targets) if targets else DEFAULT_TARGET_LOSS,
                    weight_limit=math.inf, loss_limit=LOSS_BLOWUP * max(start_loss(task), 1e-3))


def level_params(level, eta=None, mu=None, optimizer=None, max_steps=None, activation=None,
                 input=None) -> NetParams:
    return NetParams(eta=float(level.eta.default if eta is None else eta),
                     mu=float(level.mu.default if mu is None else mu),
                     optimizer=level.optimizer if optimizer is None else optimizer,
                     max_steps=int(level.max_steps if max_steps is None else max_steps),
                     activation=(activation or own_activation(level)) if picks(level) else None,
                     input=(own_input(level) if input is None else float(input)) if picks(level) else None)


def parse_input(level, value) -> float:
    """'0.5' or 0.5: the neuron's input, within INPUT_RANGE, on a level that lets the player set
    it; ValueError in one line otherwise."""
    if not picks(level):
        raise ValueError(_("level '{level}' has no input to set; leave out --input").format(level=level.id))
    lo, hi = INPUT_RANGE
    try:
        x = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        x = math.nan
    if isinstance(value, bool) or not math.isfinite(x):
        raise ValueError(_("--input {value!r} is not a number; expected {lo} to {hi}").format(
            value=value, lo=shown(lo), hi=shown(hi)))
    if not lo <= x <= hi:
        raise ValueError(_("--input {x} is outside what level '{level}' allows; expected {lo} to {hi}").format(
            x=shown(x), level=level.id, lo=shown(lo), hi=shown(hi)))
    return x


def finals(status, steps, loss, p_target, eta, mu=0.0) -> Finals:
    return Finals(status, steps, loss, eta, mu, p_target=p_target)


class NetworkFamily(Family):
    kind = "network"
    what = N_("trains a network")  # a msgid, shown through _()
    sections = {
        "network": {
            "type": "object",
            "required": ["preset"],
            "properties": {"preset": {"enum": list(PRESETS)}},
        },
    }
    required = ("network",)
    controls = ("eta", "mu")
    goals = ("converge", "loss_below", "within_steps", "never_diverge", "eta_at_least", "p_target_at_least")
    converged_word = N_("Learned")  # as the network scene's status says
    options = (ACTIVATION, INPUT)

    # --- the level file ------------------------------------------------------------------

    def check(self, data: dict, report) -> None:
        network = data.get("network")
        if not isinstance(network, dict) or network.get("preset") not in PRESETS:
            return
        config = {k: v for k, v in network.items() if k != "preset"}
        for suffix, message in validate_network_config(network["preset"], config):
            report.add(("network", *_suffix_path(suffix)), _wrong_then_expected(message))

    def build(self, data: dict) -> dict[str, Any]:
        network = data["network"]
        return dict(network=NetworkSpec(network["preset"],
                                        frozen({k: v for k, v in network.items() if k != "preset"})))

    # --- a run ---------------------------------------------------------------------------

    def unit_of(self, level) -> Unit:
        return EPOCHS if level.network.preset in EPOCH_PRESETS else self.unit

    def level_params(self, level, **given) -> NetParams:
        return level_params(level, **given)

    def parse_option(self, level, name: str, value):
        if name == ACTIVATION.name:
            offered = tuple(level_task(level).options.get("activations", ACTIVATIONS)) if picks(level) else ()
            return option_choice(level, name, value, offered)
        if name == INPUT.name:
            return parse_input(level, value)
        return super().parse_option(level, name, value)

    def start(self, level, params: NetParams) -> NetTrainer:
        task = picked_task(level, params)
        return NetTrainer(task, params.optimizer, params.eta, params.mu, params.max_steps,
                          level_rules(level, task))

    def judge(self, level, params: NetParams, trainer: NetTrainer, par: int | None) -> RunResult:
        """The RunResult of a trainer that has reached its outcome (the game's live network too)."""
        task = trainer.task
        trajectory: dict[str, list] = {"loss": list(trainer.losses)}
        if trainer.p_targets is not None:
            trajectory["p_target"] = trainer.p_targets
        if task.n_coords == 1:
            trajectory["w"] = [float(c[0]) for c in trainer.coords_history]
        elif task.basis is not None:
            trajectory["a"] = [float(c[0]) for c in trainer.coords_history]
            trajectory["b"] = [float(c[1]) for c in trainer.coords_history]
        p_final = trainer.p_target
        done = finals(STATUS_CODES[trainer.status], trainer.steps, trainer.loss, p_final, params.eta, params.mu)
        x = float(trainer.coords[0]) if task.n_coords == 1 else float("nan")
        outcome = self.outcome(level, trainer, done, par, x=x)
        if outcome.cleared and outcome.steps == 0:  # the goals held before any training: nothing learned
            outcome = replace(outcome, cleared=False, stars=0)
        extra: dict[str, Any] = {"weights": task.n_params}
        if p_final is not None:
            extra["p_target"] = p_final if math.isfinite(p_final) else None
            extra["target"] = task.target_label
        return RunResult(level.id, params.as_dict(), trajectory, outcome, extra)

    # --- par -----------------------------------------------------------------------------

    def search_par_setting(self, level, runner=None) -> tuple[int | None, dict | None]:
        """Every optimizer over the η slider's stops and the μ slider's, trained in lockstep
        until the first run clears."""
        task = level_task(level)
        rules = level_rules(level, task)
        return grid_par(level, par_grids(level), task.x.shape[0],
                        lambda optimizer, etas, mus, horizon: NetBatch(task, optimizer, etas, mus, horizon, rules),
                        lambda b, etas, mus: finals(b.status, b.steps, b.loss, task.p_target(b.loss), etas, mus))

    # --- words ---------------------------------------------------------------------------

    def explain(self, level, result: RunResult) -> list[str]:
        """How far the network got: P(target word) for the word-predicting levels, the loss
        otherwise, or the step at which a weight ran off the scale."""
        outcome, params = result.outcome, result.params
        unit = self.unit_of(level)  # steps, or epochs (Calculus)
        eta, mu, opt = params.get("eta"), params.get("mu"), params.get("optimizer", "gd")
        p = result.extra.get("p_target")  # None when the network predicts no word (or p is not finite)
        word = _(result.extra.get("target", "target"))  # a word (Paris) or a level's answer_label, translated
        lines: list[str] = []
        if outcome.status == "diverged":
            if math.isfinite(outcome.loss):
                lines.append(_("At step {step} the loss had grown to {loss}, over {times} times where it started: "
                               "with η = {eta} each update overshot further than the last.").format(
                    step=outcome.steps, loss=shown(outcome.loss, ".3g"), times=shown(LOSS_BLOWUP), eta=shown(eta, ".3g")))
            else:
                lines.append(_("At step {step} the numbers overflowed and stopped being numbers: η = {eta} is far "
                               "too big a step for this network.").format(step=outcome.steps, eta=shown(eta, ".3g")))
            lines.append(_("Try a smaller η: the loss comes down instead of running off the scale."))
        elif outcome.status == "max_steps":
            p_goal = goal_value(level, "p_target_at_least")
            loss_goal = goal_value(level, "loss_below")
            if p is not None:
                short = _(", short of the goal of {goal}").format(goal=shown(p_goal, ".2f")) if p_goal is not None else ""
                lines.append(_("After {steps} P({word}) was only {p}{short}.").format(
                    steps=unit.count(outcome.steps), word=word, p=shown(p, ".2f"), short=short))
            else:
                short = _(", above the goal of {goal}").format(goal=shown(loss_goal)) if loss_goal is not None else ""
                lines.append(_("After {steps} the loss was still {loss}{short}.").format(
                    steps=unit.count(outcome.steps), loss=shown(outcome.loss, ".3g"), short=short))
            if _loss_bounced(result.trajectory.get("loss", [])):
                if swings(opt, mu) and not level.mu.locked:
                    lines.append(_("The loss went up almost as often as down: with μ = {mu} the weights keep "
                                   "most of their speed and swing past the answer again and again.").format(
                        mu=shown(mu, ".3g")))
                else:
                    lines.append(_("The loss went up almost as often as down: η = {eta} overshoots back and "
                                   "forth. Try a smaller η.").format(eta=shown(eta, ".3g")))
            elif eta < level.eta.max:
                lines.append(_("It was learning, but slowly: η = {eta} makes each update small. Try a bigger η.").format(
                    eta=shown(eta, ".3g")))
            else:
                lines.append(_("It was learning, but slowly: the loss is nearly flat there, so each update "
                               "moves the weights only a little."))
        else:
            if p is not None:
                lines.append(_("P({word}) reached {p} after {steps} (loss = −log p = {loss}).").format(
                    word=word, p=shown(p, ".2f"), steps=unit.count(outcome.steps), loss=shown(outcome.loss, ".3g")))
            else:
                loss_goal = goal_value(level, "loss_below")
                under = _(", under the goal of {goal}").format(goal=shown(loss_goal)) if loss_goal is not None else ""
                lines.append(_("The loss fell to {loss} after {steps}{under}.").format(
                    loss=shown(outcome.loss, ".3g"), steps=unit.count(outcome.steps), under=under))
            if not outcome.cleared and outcome.steps == 0 and all(goal.met for goal in outcome.goals):
                lines.append(_("It met the goals before any training: nothing was learned. Start further from "
                               "the answer (another input or activation), then train."))
            elif not outcome.cleared:
                kinds = not_met(level, outcome, lines)
                if "within_steps" in kinds:
                    if _loss_bounced(result.trajectory.get("loss", [])):
                        advice = _("It learned, but too slowly: η = {eta} overshoots back and forth; a smaller η goes "
                                   "straighter.").format(eta=shown(eta, ".3g"))
                    elif level.mu.locked or len(level.optimizers) == 1:
                        advice = _("It learned, but too slowly: a bolder η takes bigger steps.")
                    else:
                        advice = _("It learned, but too slowly: a bolder η (or some μ) takes bigger steps.")
                    lines.append(advice + par_is(outcome))
            else:
                lines.extend(par_line(outcome, level, unit))
        return lines

    def table(self, level, result: RunResult) -> dict[str, list]:
        trajectory = result.trajectory
        return {name: trajectory[name] for name in ("loss", "p_target", "w", "a", "b") if name in trajectory}

    def final_line(self, result: RunResult) -> str:
        extra = result.extra
        final = "final    " + _("loss = {loss}").format(loss=number(result.outcome.loss))
        if "p_target" in extra:
            final += f", P({_(extra.get('target', 'target'))}) = {number(extra['p_target'])}"
        weights = extra.get("weights")
        if weights is not None:
            final += "  (" + ngettext("{count} weight", "{count} weights", weights).format(count=shown(weights, ",d")) + ")"
        return final


def _wrong_then_expected(message: str) -> str:
    """'must be X, got Y' (the network checks' phrasing) -> 'got Y; expected X'."""
    if "; expected" in message:
        return message
    match = re.fullmatch(r"must (?:be|hold) (.+), got (.+)", message)
    if match:
        return f"got {match[2]}; expected {match[1]}"
    if message.startswith(("must be ", "must hold ", "needs ")):
        return f"this value will not do; expected it to {message.removeprefix('must ')}"
    return f"{message}; expected a setting the network preset accepts"


def _suffix_path(suffix: Any) -> tuple:
    """'.layers[0].size' (or a tuple) -> ('layers', 0, 'size')."""
    if isinstance(suffix, (tuple, list)):
        return tuple(suffix)
    parts: list[str | int] = []
    for name, index, quoted in re.findall(r'\.([^.\[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]', str(suffix)):
        parts.append(int(index) if index else (name or quoted))
    return tuple(parts)


def _loss_bounced(losses) -> bool:
    """Whether the loss rose on at least a third of the steps (it overshoots, not crawls)."""
    finite = [loss for loss in losses if math.isfinite(loss)]
    rises = sum(b > a for a, b in zip(finite, finite[1:]))
    return len(finite) > 2 and rises >= (len(finite) - 1) / 3


FAMILY = NetworkFamily()
