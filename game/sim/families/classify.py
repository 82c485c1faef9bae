"""The classifier family ("kind": "classify"): a network learns to sort points into classes; the
player sets η and μ (and, where the level lets them, the hidden layer's width and activation).

Its levels add "classify": {"data": {...}, "hidden", "activation", ...} (see SECTION below).
Training runs in game/sim/classify.py: one step per `batch` of points, the history is kept per
epoch. The trajectory has "loss" and "accuracy" per epoch (starting before the first update),
and "held_out_accuracy" where the level keeps points back; the outcome adds "accuracy",
"weights" and the network's sizes.

Converged ("learned") = the accuracy the level's accuracy goal asks for is reached (on the
held-out points where there are some); a level without one runs out its epochs (max_steps):
that is the point of `separate-line`, where no straight line can do it and the goal is to say why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np

from game.i18n import N_, _, ngettext
from game.i18n import number as shown
from game.sim.classify import (Classifier, ClassifierBatch, ClassifierRules, Points, make_points, split)
from game.sim.families.base import (ACTIVATION, EPOCHS, Family, Option, goal_value, grid_par, not_met, number,
                                    option_choice, par_grids)
from game.sim.goals import Finals
from game.sim.nets import ACTIVATIONS, NetShape
from game.sim.outcome import STATUS_CODES, RunResult

DATA_SETS = ("ring", "corners", "digits")
PAR_ETA_EVERY = 8  # par's grid: every 8th stop of the η slider (2 significant digits: ~11 a decade)
PAR_MU_EVERY = 20  # and μ in steps of 0.2 (the slider's 0.01 stops, every 20th)
MAX_WIDTH = 16  # hidden neurons: each one is drawn as its own picture
HIDDEN_ACTIVATIONS = ("tanh", "relu", "sigmoid")
# the results' first line, by (digits?, judged on held-out points?); {epochs}: "12 epochs"
READ_SENTENCES = {
    (False, False): N_("After {epochs} it read {percent} of the points right."),
    (False, True): N_("After {epochs} it read {percent} of the points it never trained on right."),
    (True, False): N_("After {epochs} it read {percent} of the digits right."),
    (True, True): N_("After {epochs} it read {percent} of the digits it never trained on right."),
}

SECTION = {
    "type": "object",
    "required": ["data"],
    "additionalProperties": False,
    "properties": {
        "data": {
            "type": "object",
            "required": ["set"],
            "additionalProperties": False,
            "properties": {
                "set": {"enum": list(DATA_SETS)},
                "points": {"type": "integer", "minimum": 20, "maximum": 2000,
                           "description": "how many points to generate (ring, corners)"},
                "seed": {"type": "integer", "minimum": 0},
                "held_out": {"type": "number", "minimum": 0, "maximum": 0.5,
                             "description": "the fraction of points kept back to test on"},
            },
        },
        "hidden": {"type": "integer", "minimum": 0, "maximum": MAX_WIDTH,
                   "description": "hidden neurons (0: no hidden layer, the output is a line)"},
        "activation": {"enum": list(HIDDEN_ACTIVATIONS)},
        "choose": {"type": "boolean", "description": "the player picks the width and the activation"},
        "batch": {"type": "integer", "minimum": 1, "description": "points per step (default: all)"},
        "init_seed": {"type": "integer", "minimum": 0},
        "weight_limit": {"type": "number", "exclusiveMinimum": 0},
        "question": {
            "type": "object",
            "required": ["text", "choices", "right"],
            "additionalProperties": False,
            "properties": {
                "text": {"$ref": "#/$defs/text"},
                "choices": {"type": "array", "minItems": 2, "maxItems": 4, "items": {"$ref": "#/$defs/text"}},
                "right": {"type": "integer", "minimum": 0},
                "explain": {"$ref": "#/$defs/text"},
            },
        },
    },
}


@dataclass(frozen=True)
class Question:
    text: str
    choices: tuple[str, ...]
    right: int
    explain: str = ""


@dataclass(frozen=True)
class ClassifySpec:
    data: str
    points: int = 300
    seed: int = 0
    held_out: float = 0.0
    hidden: int = 0
    activation: str = "tanh"
    choose: bool = False
    batch: int | None = None
    init_seed: int = 0
    weight_limit: float = 1e4
    question: Question | None = None

    def shape(self, hidden: int | None = None, activation: str | None = None) -> NetShape:
        n_in, n_out = (64, 10) if self.data == "digits" else (2, 2)
        width = self.hidden if hidden is None else int(hidden)
        sizes = (n_in, width, n_out) if width > 0 else (n_in, n_out)
        return NetShape(sizes, hidden=activation or self.activation)

    def points_and_held_out(self) -> tuple[Points, Points | None]:
        return _data(self.data, self.points, self.seed, self.held_out)


@lru_cache(maxsize=8)
def _data(name: str, n: int, seed: int, held_out: float) -> tuple[Points, Points | None]:
    if name == "digits":
        from game.sim.datasets import load_digits  # the shipped file, read once

        points = load_digits()
    else:
        points = make_points(name, n, seed)
    if held_out <= 0:
        return points, None
    return split(points, held_out, seed)


@dataclass(frozen=True)
class ClassifyParams:
    eta: float
    mu: float
    optimizer: str
    max_steps: int
    hidden: int
    activation: str
    answers: tuple[int, ...] = ()  # the answers to the level's question, in order (choice indices)

    def as_dict(self) -> dict[str, Any]:
        out = {"eta": self.eta, "mu": self.mu, "optimizer": self.optimizer, "max_steps": self.max_steps,
               "hidden": self.hidden, "activation": self.activation}
        if self.answers:
            out["answer"] = answer_text(self.answers)
        return out


LETTERS = "ABCD"  # the choices' letters, as on their buttons (and their keys)
ANSWER = Option("answer", "LETTER", N_("your answer to the level's question (separate-line), by the letter of "
                                      "its choice: A, B, ...; several, comma-separated (A,B), are tries in order"),
                {"type": "string", "maxLength": 16})
HIDDEN = Option("hidden", "N", N_("hidden neurons where the level lets you build the network (separate-hidden): "
                                  "1 to {most}"), {"type": "integer", "minimum": 0, "maximum": MAX_WIDTH},
                {"most": MAX_WIDTH})


def answer_text(answers) -> str:
    """(0, 1) -> 'A,B': the answers as `--answer` takes them."""
    return ",".join(LETTERS[i] for i in answers)


def parse_answers(level, text: str) -> tuple[int, ...]:
    """'B' -> (1,), 'a, b' -> (0, 1): the player's tries at the level's question, checked against
    its choices; ValueError in one line otherwise."""
    question = level.spec.question
    if question is None:
        raise ValueError(_("level '{level}' asks no question; leave out --answer").format(level=level.id))
    letters = LETTERS[:len(question.choices)]
    expected = _("expected {letters} or {last}, or several comma-separated (A,B)").format(
        letters=", ".join(letters[:-1]), last=letters[-1])
    parts = [part.strip().upper() for part in str(text).split(",")]
    if not 1 <= len(parts) <= len(letters) or any(len(part) != 1 or part not in letters for part in parts):
        raise ValueError(_("--answer {text!r} is not a choice of level '{level}'; {expected}").format(
            text=text, level=level.id, expected=expected))
    answers = tuple(letters.index(part) for part in parts)
    if question.right in answers[:-1]:
        raise ValueError(_("--answer {text!r}: the right answer ends the question, so it can only come last").format(
            text=text))
    return answers


def parse_width(level, value) -> int:
    """'4' or 4 -> 4: the hidden layer's width, 1..MAX_WIDTH where the level lets the player
    build (choose), else only the level's own; ValueError in one line otherwise."""
    spec = level.spec
    width = None
    if isinstance(value, str) and value.strip().isdigit():
        width = int(value.strip())
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        width = int(value)
    if width is not None and width == spec.hidden:
        return width  # the level's own width: nothing to refuse
    if not spec.choose:
        raise ValueError(_("level '{level}' fixes the hidden layer at {width} neurons; leave out --hidden").format(
            level=level.id, width=spec.hidden))
    if width is None:
        raise ValueError(_("--hidden {value!r} is not a whole number; expected 1 to {most} neurons").format(
            value=value, most=MAX_WIDTH))
    if not 1 <= width <= MAX_WIDTH:
        raise ValueError(_("--hidden {width} is outside what level '{level}' allows; expected 1 to {most} neurons").format(
            width=width, level=level.id, most=MAX_WIDTH))
    return width


def level_rules(level) -> ClassifierRules:
    target = goal_value(level, "accuracy_at_least")
    return ClassifierRules(target_accuracy=2.0 if target is None else target,
                           weight_limit=level.spec.weight_limit)


class ClassifyRun(Classifier):
    """The live run of a classify level: a Classifier, the level's held-out points, and the
    player's answer to the level's question (None until they give one). `batches`: what trains
    it (None: the NumPy reference; see Family.batch_type)."""

    def __init__(self, level, params: ClassifyParams, batches=None):
        spec = level.spec
        train, held_out = spec.points_and_held_out()
        super().__init__(spec.shape(params.hidden, params.activation), train, params.optimizer, params.eta,
                         params.mu, params.max_steps, level_rules(level), seed=spec.init_seed,
                         batch=spec.batch, held_out=held_out, batches=batches)
        self.question = spec.question
        self.answers: list[int] = list(params.answers)  # the player's answers to the question, in order

    @property
    def answer_right(self) -> bool | None:
        if self.question is None or not self.answers:
            return None
        return self.answers[-1] == self.question.right


class ClassifyFamily(Family):
    kind = "classify"
    what = N_("trains a classifier")  # a msgid, shown through _()
    sections = {"classify": SECTION}
    required = ("classify",)
    controls = ("eta", "mu")
    goals = ("converge", "within_steps", "never_diverge", "loss_below", "accuracy_at_least", "answer_right")
    converged_word = N_("Learned")
    batch_type = ClassifierBatch
    unit = EPOCHS  # a run counts epochs: passes over the training points
    options = (ANSWER, HIDDEN, ACTIVATION)

    def check(self, data: dict, report) -> None:
        section = data.get("classify")
        if not isinstance(section, dict):
            return
        question = section.get("question")
        if isinstance(question, dict) and isinstance(question.get("choices"), list) \
                and isinstance(question.get("right"), int) and question["right"] >= len(question["choices"]):
            report.add(("classify", "question", "right"),
                       f"got {question['right']}; expected the index of one of the {len(question['choices'])} choices")
        dataset = section.get("data", {})
        if isinstance(dataset, dict) and dataset.get("set") == "digits" and "points" in dataset:
            report.add(("classify", "data", "points"), "got a point count; expected none for digits (1,797 images)")
        goals = data.get("goals") if isinstance(data.get("goals"), list) else []
        if any(isinstance(g, dict) and g.get("type") == "answer_right" for g in goals) and question is None:
            report.add(("goals",), "got an answer_right goal; expected a classify.question to answer")

    def build(self, data: dict) -> dict[str, Any]:
        section = data["classify"]
        dataset = section["data"]
        question = section.get("question")
        return {"spec": ClassifySpec(
            data=dataset["set"], points=int(dataset.get("points", 300)), seed=int(dataset.get("seed", 0)),
            held_out=float(dataset.get("held_out", 0.0)), hidden=int(section.get("hidden", 0)),
            activation=section.get("activation", "tanh"), choose=bool(section.get("choose", False)),
            batch=section.get("batch"), init_seed=int(section.get("init_seed", 0)),
            weight_limit=float(section.get("weight_limit", 1e4)),
            question=None if question is None else Question(question["text"], tuple(question["choices"]),
                                                            int(question["right"]), question.get("explain", "")))}

    # --- a run ---------------------------------------------------------------------------

    def parse_option(self, level, name: str, value):
        spec = level.spec
        if name == ANSWER.name:
            if not isinstance(value, str):
                raise ValueError(_("--answer {value!r} is not text; expected letters like A or A,B").format(value=value))
            return parse_answers(level, value)
        if name == HIDDEN.name:
            return parse_width(level, value)
        if name == ACTIVATION.name:
            return option_choice(level, name, value, HIDDEN_ACTIVATIONS if spec.choose else (), spec.activation)
        return super().parse_option(level, name, value)

    def level_params(self, level, eta=None, mu=None, optimizer=None, max_steps=None, hidden=None,
                     activation=None, answer=None, **_ignored) -> ClassifyParams:
        """answer: the tries at the level's question, as parse_option gives them (or their text)."""
        spec = level.spec
        width = spec.hidden if hidden is None else max(0 if not spec.choose else 1, min(MAX_WIDTH, int(hidden)))
        act = activation if activation in HIDDEN_ACTIVATIONS else spec.activation
        return ClassifyParams(eta=float(level.eta.default if eta is None else eta),
                              mu=float(level.mu.default if mu is None else mu),
                              optimizer=level.optimizer if optimizer is None else optimizer,
                              max_steps=int(level.max_steps if max_steps is None else max_steps),
                              hidden=width, activation=act,
                              answers=tuple(parse_answers(level, answer) if isinstance(answer, str) else answer or ()))

    def start(self, level, params: ClassifyParams, batches=None) -> ClassifyRun:
        return ClassifyRun(level, params, batches)

    def judge(self, level, params: ClassifyParams, run: ClassifyRun, par: int | None) -> RunResult:
        params = replace(params, answers=tuple(run.answers))  # the tries the player made, in the scene too
        trajectory: dict[str, list] = {"loss": list(run.losses), "accuracy": list(run.accuracies)}
        if run.held_out is not None:
            trajectory["held_out_accuracy"] = list(run.held_out_accuracies)
        finals = Finals(STATUS_CODES[run.status], run.steps, run.loss, params.eta, params.mu,
                        accuracy=run.judged_accuracy, answer_right=run.answer_right)
        outcome = self.outcome(level, run, finals, par, x=float("nan"))
        if level.spec.question is not None and outcome.cleared:
            # a question: three stars for the first answer, one fewer for each wrong one before it
            outcome = replace(outcome, stars=max(1, 4 - len(run.answers)))
        extra = {"accuracy": _finite(run.judged_accuracy), "weights": run.shape.n_params,
                 "sizes": list(run.shape.sizes)}
        if run.held_out is not None:
            extra["training_accuracy"] = _finite(run.accuracy)
        return RunResult(level.id, params.as_dict(), trajectory, outcome, extra)

    # --- par -----------------------------------------------------------------------------

    def search_par_setting(self, level, runner=None) -> tuple[int | None, dict | None]:
        """Fewest epochs to the accuracy goal over the level's η, μ and optimizers, at the level's
        own width and activation, trained in lockstep until the first run clears. A classifier
        epoch is costly (every point through every copy), so the grid is coarser than the
        sliders: every PAR_ETA_EVERY-th η stop and every PAR_MU_EVERY-th μ stop."""
        if goal_value(level, "accuracy_at_least") is None or level.spec.question is not None:
            return None, None
        spec = level.spec
        train, held_out = spec.points_and_held_out()
        shape = spec.shape()
        from game.sim.nets import init_params

        start = init_params(shape, np.random.default_rng(spec.init_seed))
        rules = level_rules(level)
        return grid_par(level, par_grids(level, PAR_ETA_EVERY, PAR_MU_EVERY), len(train.x),
                        lambda optimizer, etas, mus, horizon: ClassifierBatch(
                            shape, train, optimizer, etas, mus, horizon, rules, start=start, batch=spec.batch,
                            held_out=held_out),
                        lambda b, etas, mus: Finals(b.status, b.steps, b.loss, etas, mus, accuracy=b.judged_accuracy))

    def par_inputs(self, level) -> tuple:
        if level.spec.data == "digits":
            from game.sim.datasets import digits_path

            return (digits_path(),)
        return ()

    # --- words ---------------------------------------------------------------------------

    def explain(self, level, result: RunResult) -> list[str]:
        outcome, params = result.outcome, result.params
        unit = self.unit_of(level)
        accuracy = result.extra.get("accuracy")
        lines: list[str] = []
        if outcome.status == "diverged":
            lines.append(_("At epoch {epoch} the weights ran off the scale: η = {eta} is too big a step. "
                           "Try a smaller η.").format(epoch=outcome.steps, eta=shown(params["eta"], "g")))
            return lines
        read = "-" if accuracy is None else shown(accuracy, ".0%")
        held_out = "training_accuracy" in result.extra
        sentence = READ_SENTENCES[(level.spec.data == "digits", held_out)]
        lines.append(_(sentence).format(epochs=unit.count(outcome.steps), percent=read))
        question = level.spec.question
        if question is not None:
            if outcome.cleared:
                lines.append(_(question.explain) if question.explain else _("Right."))
            else:
                lines.append(_("The accuracy stalled. Say why: answer the question on the right."))
        elif not outcome.cleared:
            missed = not_met(level, outcome, lines)
            width = params.get("hidden", 0)
            if "accuracy_at_least" in missed and width and width < 3 and level.spec.data != "digits":
                lines.append(ngettext("{n} hidden neuron draws too few lines to fence in the centre: try 3 or more.",
                                      "{n} hidden neurons draw too few lines to fence in the centre: try 3 or more.",
                                      width).format(n=width))
        elif outcome.par is not None:
            if outcome.steps <= outcome.par:
                lines.append(_("That is par ({epochs}): as quick as this level allows.").format(
                    epochs=unit.count(outcome.par)))
            else:
                lines.append(_("Par is {epochs}: a better η (or another optimizer) gets there sooner.").format(
                    epochs=unit.count(outcome.par)))
        return lines

    def report_lines(self, level, result: RunResult) -> list[str]:
        """The level's question and its choices (level texts, in the player's language), and
        the answers given: what a player needs to answer it with --answer."""
        question = level.spec.question
        if question is None:
            return []
        asked, answer = _("question"), _("answer")
        width = max(9, len(asked) + 1, len(answer) + 1)  # the label column, as wide as the language needs
        lines = [asked.ljust(width) + _(question.text)]
        lines += [" " * width + f"{LETTERS[i]}  {_(choice)}" for i, choice in enumerate(question.choices)]
        answers = result.params.get("answer")
        if not answers:
            letters = LETTERS[:len(question.choices)]
            lines.append(answer.ljust(width) + _("none yet: give one with --answer {letters} or {last}").format(
                letters=", ".join(letters[:-1]), last=letters[-1]))
        else:
            right = answers.split(",")[-1] == LETTERS[question.right]
            lines.append(answer.ljust(width) + f"{answers} (" + (_("correct") if right else _("not right")) + ")")
        return lines

    def table(self, level, result: RunResult) -> dict[str, list]:
        names = ("loss", "accuracy", "held_out_accuracy")
        return {name: result.trajectory[name] for name in names if name in result.trajectory}

    def final_line(self, result: RunResult) -> str:
        extra = result.extra
        weights = extra.get("weights") or 0
        return ("final    " + _("loss = {loss}, accuracy = {accuracy}").format(
                    loss=number(result.outcome.loss), accuracy=number(extra.get("accuracy")))
                + "  (" + ngettext("{count} weight, sizes {sizes}", "{count} weights, sizes {sizes}", weights).format(
                    count=shown(weights, ",d"), sizes="-".join(map(str, extra.get("sizes", [])))) + ")")


def _finite(value) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


FAMILY = ClassifyFamily()

__all__ = ["ClassifyFamily", "ClassifySpec", "ClassifyParams", "ClassifyRun", "Question", "FAMILY",
           "level_rules", "DATA_SETS", "HIDDEN_ACTIVATIONS", "MAX_WIDTH", "ACTIVATIONS"]
