"""The learning-rate lab ("kind": "lab"): seed 002's learning-rate section, Interactive 2 and the
vanishing gradient, one level per "mode" of its "lab" section:

  three      three copies of one network trained side by side, eta too small, just right, too
             large (the player moves each); every copy must reach the goals
  finder     the LR range test (game/sim/lrfinder.py) draws loss against eta; the player picks
             an eta from it and trains with it
  schedules  eta follows a schedule (game/sim/schedules.py) the player picks; with minibatches
             the goal is the loss the network settles at (its mean over the last
             `settle_window` steps): a constant eta keeps jittering, a decaying one settles
  forward    the player sets the input (params.x0) of a small network; training brings its
             output to the target; the forward pass is reported neuron by neuron
  vanishing  a deep narrow chain; the player switches the hidden activation; the gradient
             reaching each layer is recorded every step

The network is "lab": {"network": {"preset": "fit" | "forward" | "chain", ...}} (the presets of
game/sim/lab_presets.py). Runs are NetBatch copies (game/sim/nets_train.py): one, or three.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np

from game.sim.deepnets import forward_trace, layer_grad_norms
from game.i18n import N_, _, ngettext
from game.i18n import number as shown
from game.sim.families.base import (ACTIVATION, Family, Option, eta_values, first_clear, frozen, goal_value,
                                    not_met, number, option_choice, par_horizon, par_line, steps_text)
from game.sim.goals import Finals, goals_met
from game.sim.lab_presets import LAB_PRESETS, chain_task, validate_lab_config, with_input
from game.sim.lrfinder import eta_grid, range_test
from game.sim.nets import ACTIVATIONS
from game.sim.nets_presets import build_task
from game.sim.nets_train import NetBatch, NetRules
from game.sim.outcome import CONVERGED, DIVERGED, MAX_STEPS, RUNNING, STATUS_CODES, STATUS_NAMES, RunResult
from game.sim.schedules import SCHEDULES, make_schedule

MODES = ("three", "finder", "schedules", "forward", "vanishing")
SCHEDULE_KEYS = ("step_size", "gamma", "floor", "warmup", "start_factor")
DEFAULT_TARGET_LOSS = 1e-3
DEFAULT_SETTLE_WINDOW = 30
COPY_NAMES = (N_("too small"), N_("just right"), N_("too large"))  # msgids: the scene translates them

# each schedule's name as the player reads it (msgids; the data keeps the short names)
SCHEDULE_NAMES = {"constant": N_("constant"), "step": N_("step decay"), "cosine": N_("cosine"),
                  "warmup": N_("warm-up + cosine")}
SCHEDULE = Option("schedule", "NAME", N_("learning-rate schedule where the level allows one: {names}"),
                  {"enum": list(SCHEDULES)}, {"names": ", ".join(SCHEDULES)})
ETAS = Option("etas", "A,B,C", N_("each copy's learning rate where a level trains several (lr-three)"),
              {"type": "array", "minItems": 1, "maxItems": 8,
               "items": {"type": "number", "minimum": -1e6, "maximum": 1e6}})

_NUMBER = {"type": "number"}
_POSITIVE = {"type": "number", "exclusiveMinimum": 0}
_COUNT = {"type": "integer", "minimum": 1}

SECTION = {
    "type": "object",
    "required": ["mode", "network"],
    "additionalProperties": False,
    "properties": {
        "mode": {"enum": list(MODES)},
        "network": {"type": "object", "required": ["preset"],
                    "properties": {"preset": {"enum": list(LAB_PRESETS)}}},
        "etas": {"type": "array", "minItems": 3, "maxItems": 3, "items": _POSITIVE,
                 "description": "three: the three copies' starting eta, smallest first"},
        "finder": {"type": "object", "additionalProperties": False,
                   "properties": {"lo": _POSITIVE, "hi": _POSITIVE, "points": {"type": "integer", "minimum": 3,
                                                                               "maximum": 4096},
                                  "trial_steps": _COUNT}},
        "schedule": {"type": "object", "required": ["default", "allowed"], "additionalProperties": False,
                     "properties": {"default": {"enum": list(SCHEDULES)},
                                    "allowed": {"type": "array", "minItems": 1, "uniqueItems": True,
                                                "items": {"enum": list(SCHEDULES)}},
                                    "step_size": _COUNT, "gamma": _POSITIVE, "floor": _NUMBER,
                                    "warmup": _COUNT, "start_factor": _POSITIVE}},
        "settle_window": _COUNT,
        "activations": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": list(ACTIVATIONS)},
                        "description": "vanishing: the activations the player may switch between"},
    },
}


@dataclass(frozen=True)
class LabSpec:
    mode: str
    preset: str
    config: Any  # the network object less "preset", read-only
    etas: tuple[float, ...] = ()
    finder: Any = field(default_factory=dict)
    schedule: Any = field(default_factory=dict)
    settle_window: int = DEFAULT_SETTLE_WINDOW
    activations: tuple[str, ...] = ()

    @property
    def schedules(self) -> tuple[str, ...]:
        return tuple(self.schedule.get("allowed", ("constant",)))

    @property
    def default_schedule(self) -> str:
        return self.schedule.get("default", "constant")

    @property
    def default_activation(self) -> str:
        return self.config.get("activation", "sigmoid")


@dataclass(frozen=True)
class LabParams:
    eta: float
    mu: float
    optimizer: str
    max_steps: int
    etas: tuple[float, ...] = ()  # three: each copy's eta
    schedule: str = "constant"
    activation: str | None = None  # vanishing
    x0: float | None = None  # forward: the input value

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"eta": self.eta, "mu": self.mu, "optimizer": self.optimizer,
                               "max_steps": self.max_steps, "schedule": self.schedule}
        if self.etas:
            out["etas"] = list(self.etas)
        if self.activation is not None:
            out["activation"] = self.activation
        if self.x0 is not None:
            out["x0"] = self.x0
        return out


# ---------------------------------------------------------------------------------------------
# The task a level trains
# ---------------------------------------------------------------------------------------------


def _plain(value):
    if hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _key(value):
    if hasattr(value, "items"):
        return tuple(sorted((k, _key(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_key(v) for v in value)
    return value


@lru_cache(maxsize=32)
def _base_task(preset: str, config_key):
    return build_task(preset, _plain(dict(config_key)))


def lab_task(level, params: LabParams | None = None):
    """The network the level trains, with the player's activation or input in place."""
    spec = level.spec
    task = _base_task(spec.preset, _key(spec.config))
    if params is not None and spec.mode == "vanishing" and params.activation:
        task = chain_task(_plain(spec.config), params.activation)
    if params is not None and spec.mode == "forward" and params.x0 is not None:
        task = with_input(task, params.x0)
    return task


def lab_rules(level, task) -> NetRules:
    """Learned = the loss goal reached (never, for a settled-loss level: it trains its budget out)."""
    if level.spec.mode == "schedules":
        return NetRules(target_loss=-math.inf, weight_limit=task.weight_limit)
    targets = [float(goal.value) for goal in level.goals if goal.kind == "loss_below"]
    return NetRules(target_loss=min(targets) if targets else DEFAULT_TARGET_LOSS, weight_limit=task.weight_limit)


def lab_schedule(level, params: LabParams):
    if params.schedule == "constant":
        return None
    options = {k: v for k, v in level.spec.schedule.items() if k in SCHEDULE_KEYS}
    return make_schedule(params.schedule, params.max_steps, options)


def finder_grid(level) -> tuple[np.ndarray, int]:
    """The level's LR range test: the log-spaced etas it tries and the steps each trains."""
    spec = level.spec.finder
    grid = eta_grid(float(spec.get("lo", 1e-5)), float(spec.get("hi", 10.0)), int(spec.get("points", 61)))
    return grid, int(spec.get("trial_steps", 5))


def finder_of(level, task=None):
    """The level's LR range test (NumPy, float64)."""
    grid, steps = finder_grid(level)
    return range_test(task or lab_task(level), level.optimizer, grid, steps, mu=level.mu.default)


# ---------------------------------------------------------------------------------------------
# A run: one copy, or three, with everything the lab draws recorded step by step
# ---------------------------------------------------------------------------------------------


class LabRun:
    """The level's copies training together. Reads as one run: its status is the worst
    copy's (diverged, then max_steps, then converged), decided when the last copy is."""

    def __init__(self, level, params: LabParams):
        self.level, self.params = level, params
        self.task = lab_task(level, params)
        self.rules = lab_rules(level, self.task)
        self.schedule = lab_schedule(level, params)
        etas = list(params.etas) if level.spec.mode == "three" else [params.eta]
        self._batch = NetBatch(self.task, params.optimizer, etas, params.mu, params.max_steps, self.rules,
                               schedule=self.schedule)
        self.losses = [self._batch.loss.copy()]  # per step: every copy's loss
        self.etas_used: list[float] = []  # copy 0's eta of each update made
        self.grad_norms = [self._norms()] if level.spec.mode == "vanishing" else []

    @property
    def copies(self) -> int:
        return len(self._batch.loss)

    @property
    def t(self) -> int:
        return self._batch.t

    @property
    def done(self) -> bool:
        return self._batch.done

    @property
    def status(self) -> str:
        codes = self._batch.status
        if (codes == RUNNING).any():
            return "running"
        for code in (DIVERGED, MAX_STEPS):
            if (codes == code).any():
                return STATUS_NAMES[code]
        return STATUS_NAMES[CONVERGED]

    @property
    def steps(self) -> int:
        return int(self._batch.steps.max())

    @property
    def loss(self) -> float:
        """The worst copy's loss (the one the goals hinge on)."""
        loss = self._batch.loss
        return float(np.inf if not np.isfinite(loss).all() else loss.max())

    @property
    def eta_now(self) -> float:
        return float(self._batch.eta_now[0, 0])

    @property
    def coords(self) -> np.ndarray:
        return self._batch.coords

    def _norms(self) -> list[float]:
        grads = self.task.loss_grad(self._batch.coords[:1])[1]
        return [float(v) for v in layer_grad_norms(self.task.shape, grads)[0]]

    def step(self) -> None:
        if self.done:
            return
        self.etas_used.append(self.eta_now)
        self._batch.advance()
        self.losses.append(self._batch.loss.copy())
        if self.level.spec.mode == "vanishing":
            self.grad_norms.append(self._norms())

    def run(self) -> LabRun:
        while not self.done:
            self.step()
        return self

    def copy_status(self, i: int) -> str:
        return STATUS_NAMES[int(self._batch.status[i])]

    def copy_steps(self, i: int) -> int:
        return int(self._batch.steps[i])

    def settled_loss(self, window: int) -> float:
        """Copy 0's mean loss over the last `window` steps (inf if it exploded)."""
        if int(self._batch.status[0]) == DIVERGED:
            return math.inf
        tail = [float(row[0]) for row in self.losses[-window:]]
        return float(np.mean(tail)) if tail else math.inf


def parse_etas(level, value) -> tuple[float, ...]:
    """'0.01,0.1,1' or [0.01, 0.1, 1]: each copy's η on a level that trains several (three),
    each within the level's η range; ValueError in one line otherwise."""
    count = len(level.spec.etas) if level.spec.mode == "three" else 0
    if not count:
        raise ValueError(_("level '{level}' trains one network; use --eta, not --etas").format(level=level.id))
    parts = value.split(",") if isinstance(value, str) else value if isinstance(value, (list, tuple)) else [value]
    values = []
    for part in parts:
        try:
            number_ = float(part.strip() if isinstance(part, str) else part)
        except (TypeError, ValueError):
            raise ValueError(_("--etas {value!r}: {part!r} is not a number; expected {count} learning rates > 0").format(
                value=value, part=part, count=count)) from None
        if isinstance(part, bool) or not math.isfinite(number_) or number_ <= 0:
            raise ValueError(_("--etas {value!r}: {part!r} is not a learning rate > 0").format(value=value, part=part))
        values.append(number_)
    if len(values) != count:
        raise ValueError(_("--etas {value!r} gives {given} learning rates; expected {count}, comma-separated").format(
            value=value, given=len(values), count=count))
    allowed = level.eta
    for number_ in values:
        if not allowed.allows(number_):
            raise ValueError(_("--etas {value} is outside what level '{level}' allows; expected {lo} to {hi}").format(
                value=shown(number_), level=level.id, lo=shown(allowed.min), hi=shown(allowed.max)))
    return tuple(values)


# ---------------------------------------------------------------------------------------------
# The family
# ---------------------------------------------------------------------------------------------


class LabFamily(Family):
    kind = "lab"
    what = N_("runs a learning-rate lab")  # a msgid, shown through _()
    sections = {"lab": SECTION}
    required = ("lab",)
    controls = ("eta", "mu", "x0")
    goals = ("converge", "loss_below", "within_steps", "never_diverge", "eta_at_least", "settled_loss_below")
    converged_word = N_("Learned")
    options = (SCHEDULE, ACTIVATION, ETAS)

    # --- the level file ------------------------------------------------------------------

    def check(self, data: dict, report) -> None:
        lab = data.get("lab")
        if not isinstance(lab, dict):
            return
        network = lab.get("network")
        mode = lab.get("mode")
        if isinstance(network, dict) and network.get("preset") in LAB_PRESETS:
            config = {k: v for k, v in network.items() if k != "preset"}
            for suffix, message in validate_lab_config(network["preset"], config):
                report.add(("lab", "network", suffix.lstrip(".")), message)
        wanted = {"three": "etas", "finder": "finder", "schedules": "schedule", "vanishing": "activations"}
        if mode in wanted and wanted[mode] not in lab:
            report.add(("lab",), f"got no '{wanted[mode]}'; expected one for mode '{mode}'")
        if mode == "vanishing" and isinstance(network, dict) and network.get("preset") != "chain":
            report.add(("lab", "network", "preset"), f"got {network.get('preset')!r}; expected 'chain' for mode 'vanishing'")
        if mode == "forward" and "x0" not in data.get("params", {}):
            report.add(("params",), "got no 'x0'; expected the input value's range for mode 'forward'")
        schedule = lab.get("schedule")
        if isinstance(schedule, dict) and schedule.get("default") not in schedule.get("allowed", []):
            report.add(("lab", "schedule", "default"), f"got {schedule.get('default')!r}; expected one of 'allowed'")
        etas = lab.get("etas")
        eta = data.get("params", {}).get("eta", {})
        if isinstance(etas, list) and isinstance(eta, dict) and all(isinstance(v, (int, float)) for v in etas):
            lo, hi = eta.get("min"), eta.get("max")
            for i, value in enumerate(etas):
                if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and not lo <= value <= hi:
                    report.add(("lab", "etas", i), f"got {value:g}; expected an eta from {lo:g} to {hi:g}")
        finder = lab.get("finder")
        if isinstance(finder, dict) and finder.get("lo", 1e-5) >= finder.get("hi", 10.0):
            report.add(("lab", "finder"), "got lo >= hi; expected lo < hi")

    def build(self, data: dict) -> dict[str, Any]:
        lab = data["lab"]
        network = lab["network"]
        spec = LabSpec(mode=lab["mode"], preset=network["preset"],
                       config=frozen({k: v for k, v in network.items() if k != "preset"}),
                       etas=tuple(float(v) for v in lab.get("etas", ())),
                       finder=frozen(lab.get("finder", {})), schedule=frozen(lab.get("schedule", {})),
                       settle_window=int(lab.get("settle_window", DEFAULT_SETTLE_WINDOW)),
                       activations=tuple(lab.get("activations", ())))
        return {"spec": spec}

    # --- a run ---------------------------------------------------------------------------

    def range_test_of(self, level):
        """(task, etas, trial steps): the fitting network's LR range test (every lab level that
        fits data has one, whatever its mode)."""
        if level.spec.preset != "fit":
            return None
        return (lab_task(level), *finder_grid(level))

    def schedules_of(self, level) -> tuple[str, ...]:
        """The schedules `--schedule` may pick on this level (none: it has no schedule)."""
        return level.spec.schedules if level.spec.mode == "schedules" else ()

    def activations_of(self, level) -> tuple[str, ...]:
        return level.spec.activations if level.spec.mode == "vanishing" else ()

    def parse_option(self, level, name: str, value):
        if name == SCHEDULE.name:
            fixed = None if level.spec.mode == "schedules" else "constant"
            return option_choice(level, name, value, self.schedules_of(level), fixed)
        if name == ACTIVATION.name:
            return option_choice(level, name, value, self.activations_of(level))
        if name == ETAS.name:
            return parse_etas(level, value)
        return super().parse_option(level, name, value)

    def level_params(self, level, eta=None, mu=None, optimizer=None, max_steps=None, x0=None,
                     etas=None, schedule=None, activation=None) -> LabParams:
        spec = level.spec
        if schedule is not None:  # refused as parse_option refuses it (the level's own constant passes)
            schedule = self.parse_option(level, SCHEDULE.name, schedule)
        if activation is not None:
            activation = self.parse_option(level, ACTIVATION.name, activation)
        three = tuple(float(v) for v in (etas if etas is not None else spec.etas)) if spec.mode == "three" else ()
        return LabParams(
            eta=float(level.eta.default if eta is None else eta) if spec.mode != "three" else three[1],
            mu=float(level.mu.default if mu is None else mu),
            optimizer=level.optimizer if optimizer is None else optimizer,
            max_steps=int(level.max_steps if max_steps is None else max_steps),
            etas=three,
            schedule=schedule or (spec.default_schedule if spec.mode == "schedules" else "constant"),
            activation=(activation or spec.default_activation) if spec.mode == "vanishing" else None,
            x0=float(level.x0.default if x0 is None else x0) if spec.mode == "forward" and level.x0 else None)

    def start(self, level, params: LabParams) -> LabRun:
        return LabRun(level, params)

    def finals_of(self, level, params: LabParams, run: LabRun) -> Finals:
        settled = run.settled_loss(level.spec.settle_window) if level.spec.mode == "schedules" else None
        return Finals(STATUS_CODES[run.status], run.steps, run.loss, params.eta, params.mu, settled_loss=settled)

    def judge(self, level, params: LabParams, run: LabRun, par: int | None) -> RunResult:
        mode = level.spec.mode
        finals = self.finals_of(level, params, run)
        outcome = self.outcome(level, run, finals, par, x=float("nan"))
        trajectory: dict[str, list] = {"loss": [float(row.max()) if np.isfinite(row).all() else math.inf
                                                for row in run.losses]}
        extra: dict[str, Any] = {"weights": run.task.n_params, "mode": mode}
        if mode == "three":
            trajectory["losses"] = [[float(v) for v in row] for row in run.losses]
            extra["copies"] = [{"name": COPY_NAMES[i], "eta": params.etas[i], "status": run.copy_status(i),
                                "steps": run.copy_steps(i), "loss": _finite(run.losses[-1][i])}
                               for i in range(run.copies)]
        elif mode == "finder":
            finder = finder_of(level, run.task)
            extra.update({"eta_grid": [float(e) for e in finder.etas],
                          "grid_losses": [_finite(v) for v in finder.losses],
                          "trial_steps": finder.steps, "suggested_eta": finder.suggested_eta})
        elif mode == "schedules":
            trajectory["eta"] = run.etas_used + [run.eta_now]
            extra["settled_loss"] = _finite(finals.settled_loss)
            extra["settle_window"] = level.spec.settle_window
        elif mode == "vanishing":
            trajectory["grad_norms"] = run.grad_norms
            extra["layers"] = run.task.shape.n_layers
        elif mode == "forward":
            trace = forward_trace(run.task.shape, run.task.params_of(run.coords)[0], run.task.x[0])
            extra["input"] = float(run.task.x[0, 0])
            extra["target"] = float(run.task.target[0, 0])
            extra["forward"] = [[{"weighted_sum": n.weighted_sum, "bias": n.bias, "z": n.z,
                                  "activation": n.activation, "output": n.output} for n in layer]
                                for layer in trace]
            extra["output"] = trace[-1][0].output
        return RunResult(level.id, params.as_dict(), trajectory, outcome, extra)

    # --- par -----------------------------------------------------------------------------

    def search_par_setting(self, level, runner=None) -> tuple[int | None, dict | None]:
        """Fewest steps that clear the level over its slider's etas, every optimizer, and every
        activation (the chain) or schedule (the schedules level) it allows, in lockstep until
        the first run clears. A settled-loss level trains its whole budget, so its par is
        max_steps where some setting clears it at all."""
        spec = level.spec
        if spec.mode == "schedules":
            return self._schedules_par(level)
        etas = eta_values(level)
        choices = spec.activations if spec.mode == "vanishing" else (None,)
        settings = [{"optimizer": optimizer} | ({"activation": activation} if activation else {})
                    for optimizer in level.optimizers for activation in choices]
        tasks = [lab_task(level, self.level_params(level, **setting)) for setting in settings]
        horizon = par_horizon(level, etas.size * len(tasks), tasks[0].x.shape[0])
        runs = [NetBatch(task, setting["optimizer"], etas, level.mu.default, horizon, lab_rules(level, task))
                for task, setting in zip(tasks, settings)]
        first = first_clear([(batch, lambda b: Finals(b.status, b.steps, b.loss, etas, level.mu.default))
                             for batch in runs], level.goals, horizon if horizon < level.max_steps else None)
        if first is None:
            return None, None
        steps, k, i = first
        eta = float(etas[i])
        return steps, settings[k] | ({"etas": (eta, eta, eta)} if spec.mode == "three" else {"eta": eta})

    def _schedules_par(self, level) -> tuple[int | None, dict | None]:
        """Every schedule x every eta trained out; the goals read the settled loss (the mean of
        the last settle_window losses), as a played run's do."""
        etas = eta_values(level)
        schedules = self.schedules_of(level)
        if par_horizon(level, etas.size * len(schedules) * len(level.optimizers)) < level.max_steps:
            return None, None  # its budget is too long to train out: no par
        window = level.spec.settle_window
        # par is max_steps wherever any setting clears: one witness is enough, and the level's
        # own default (the schedule it says cannot do it) is tried last
        schedules = sorted(schedules, key=lambda name: name == level.spec.default_schedule)
        for optimizer in level.optimizers:
            for schedule in schedules:
                params = self.level_params(level, optimizer=optimizer, schedule=schedule)
                task = lab_task(level, params)
                batch = NetBatch(task, optimizer, etas, level.mu.default, level.max_steps, lab_rules(level, task),
                                 schedule=lab_schedule(level, params))
                tail = [batch.loss.copy()]
                while not batch.done:
                    batch.advance()
                    tail = (tail + [batch.loss.copy()])[-window:]
                settled = np.where(batch.status == DIVERGED, np.inf, np.mean(tail, axis=0))
                met = goals_met(level.goals, Finals(batch.status, batch.steps, batch.loss, etas, level.mu.default,
                                                    settled_loss=settled))
                if met.any():
                    i = int(np.flatnonzero(met)[0])
                    return int(batch.steps[i]), {"optimizer": optimizer, "schedule": schedule, "eta": float(etas[i])}
        return None, None

    # --- words ---------------------------------------------------------------------------

    def explain(self, level, result: RunResult) -> list[str]:
        outcome, params, extra = result.outcome, result.params, result.extra
        mode = level.spec.mode
        lines: list[str] = []
        if mode == "three":
            for copy in extra.get("copies", []):
                if copy["status"] == "diverged":
                    lines.append(_("η = {eta} exploded at step {step}: divide it by 10.").format(
                        eta=shown(copy["eta"]), step=copy["steps"]))
                elif copy["status"] == "max_steps":
                    lines.append(_("η = {eta} barely moved the loss in {steps}: multiply it by 3 to 10.").format(
                        eta=shown(copy["eta"]), steps=steps_text(copy["steps"])))
            if not lines:
                lines.append(_("All three learned, the slowest in {steps}: all in the just-right band.").format(
                    steps=steps_text(outcome.steps)))
        elif mode == "schedules":
            settled = extra.get("settled_loss")
            goal = goal_value(level, "settled_loss_below")
            schedule = _(SCHEDULE_NAMES.get(params.get("schedule"), str(params.get("schedule"))))
            if goal is not None:
                lines.append(_("With a {schedule} η the loss settled at {loss} (goal: below {goal}).").format(
                    schedule=schedule, loss=shown(settled, ".6g") if settled is not None else "-", goal=shown(goal)))
            else:
                lines.append(_("With a {schedule} η the loss settled at {loss}.").format(
                    schedule=schedule, loss=shown(settled, ".6g") if settled is not None else "-"))
            if not outcome.cleared and params.get("schedule") == "constant":
                lines.append(_("Each step sees only a few points, so each update is a noisy guess; a constant η "
                               "keeps jittering by as much. Let η shrink as training goes on."))
        else:
            if outcome.status == "diverged":
                lines.append(_("At step {step} the weights exploded: η = {eta} is too large. Divide it by 10.").format(
                    step=outcome.steps, eta=shown(params.get("eta"))))
            elif outcome.status == "max_steps":
                lines.append(_("After {steps} the loss was still {loss}.").format(
                    steps=steps_text(outcome.steps), loss=shown(outcome.loss, ".3g")))
                if mode == "vanishing" and params.get("activation") == "sigmoid":
                    lines.append(_("Sigmoid's slope is at most {slope}, so the gradient shrinks layer by layer on its "
                                   "way back: the first layers barely learn. Try ReLU.").format(slope=shown(0.25)))
                else:
                    lines.append(_("It was learning, but slowly: multiply η by 3 to 10."))
            else:
                lines.append(_("The loss fell to {loss} after {steps}.").format(
                    loss=shown(outcome.loss, ".3g"), steps=steps_text(outcome.steps)))
            if mode == "finder" and extra.get("suggested_eta") is not None:
                lines.append(_("The finder's steepest point was η = {eta}.").format(eta=shown(extra["suggested_eta"], ".3g")))
        if outcome.cleared:
            lines.extend(par_line(outcome, level))
        else:
            not_met(level, outcome, lines)
        return lines

    def table(self, level, result: RunResult) -> dict[str, list]:
        trajectory = result.trajectory
        columns = {"loss": trajectory["loss"]}
        if "eta" in trajectory:
            columns["eta"] = trajectory["eta"]
        if "losses" in trajectory:
            for i in range(len(trajectory["losses"][0])):
                columns[f"loss{i + 1}"] = [row[i] for row in trajectory["losses"]]
        if "grad_norms" in trajectory:
            columns["grad first"] = [row[0] for row in trajectory["grad_norms"]]
            columns["grad last"] = [row[-1] for row in trajectory["grad_norms"]]
        return columns

    def final_line(self, result: RunResult) -> str:
        extra = result.extra
        final = "final    " + _("loss = {loss}").format(loss=number(result.outcome.loss))
        if extra.get("settled_loss") is not None:
            final += ", " + _("settled loss = {loss}").format(loss=number(extra["settled_loss"]))
        if extra.get("suggested_eta") is not None:
            final += ", " + _("finder suggests η = {eta}").format(eta=number(extra["suggested_eta"]))
        if "output" in extra:
            final += ", " + _("output = {output} for input {input}").format(
                output=number(extra["output"]), input=number(extra["input"]))
        weights = extra.get("weights") or 0
        return final + "  (" + ngettext("{count} weight", "{count} weights", weights).format(count=shown(weights, ",d")) + ")"


def _finite(value):
    value = float(value)
    return value if math.isfinite(value) else None


FAMILY = LabFamily()
