"""The level-family protocol: what every family (ball, network, ...) gives the rest of the game.

A family is one object (a subclass of Family) in its own module of game/sim/families/, named
`FAMILY` there; the package finds it (see game/sim/families/__init__.py). It says

    kind, sections ...     which levels are its own ("kind" in the level file), the JSON keys
                           its levels add and their JSON Schema, the goal types it can judge
    check(data, report)    the rules about its own keys that a schema cannot say
    build(data)            the Level fields its keys become (for a new family: {"spec": ...})
    level_params(level,..) the level's default controls with any given value in their place
    start(level, params)   a live run (a OneOfBatch: step(), run(), done, status, steps); a
                           family with a `batch_type` also takes `batches=`, a twin of that
                           class with its call shape (the GPU kernel) to train the run with
    judge(level, params, run, par)   a finished run -> RunResult (goals, cleared, stars)
    search_par(level, runner)        fewest steps that clear the level, or None
    search_par_setting(level, runner)   the same with the controls of a run that clears in par
                                     (a dict for play(level, **setting)), or None beside it
    explain(level, result) sentences on what happened and why
    table(level, result), final_line(result)   what `downhill run` prints

and gets from this base: play (start, run out, judge), par_steps (remembered per level content and
backend in memory, and the NumPy reference's on disk between runs: game/sim/par_cache.py, keyed
by the level's content, par_inputs(level) and the code of game/sim), the η and μ values par
searches over, and the phrases the explanations share.

Par's search is bounded, whatever a level file says (max_steps may be 1,000,000): one search of
one optimizer looks at most `par_horizon(level, members, examples)` steps ahead, which is the
level's max_steps, PAR_MAX_STEPS, or PAR_BUDGET evaluations (members x examples x steps: one
evaluation is one example through one copy's network, or one ball's gradient), whichever is
fewest. A run still going at a horizon cut short of max_steps has not cleared; a level that
nothing clears within the horizon has no par (None), as a level nothing clears at all.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np

from game.i18n import N_, _, ngettext
from game.i18n import number as shown
from game.sim import par_cache
from game.sim.goals import Finals, goal_met, goals_met
from game.sim.nets import ACTIVATIONS
from game.sim.optim import uses_mu
from game.sim.outcome import MAX_STEPS, RUNNING, STATUS_CODES, GoalResult, Outcome, RunResult, stars_for

PAR_MU_STEP = 0.01  # the μ slider's own stops: par is what a player can really reach
PAR_CACHE_SIZE = 256
BIG_MU = 0.9  # momentum this high keeps a run swinging for a long time
# par's search budget (see the module's docstring): the shipped levels' searches fit well inside
# (the largest, a classifier level, spends about 3e8 evaluations)
PAR_MAX_STEPS = 20_000  # steps one search looks ahead at most
PAR_BUDGET = 1_000_000_000  # evaluations (members x examples x steps) one search spends at most


@dataclass(frozen=True)
class Option:
    """A choice some levels offer beyond η, μ and x0 (Family.options): a `downhill run --NAME`
    flag (listed in its --help), a key of a class run's params that the server re-simulates
    with (game/classroom/schema.json lists every option's `schema`; a test holds them equal),
    and a keyword of level_params / play. One reading everywhere: the family's
    parse_option(level, name, value) takes the flag's text or the value a run's params hold
    (RunResult.params, what the game sends its class) and refuses a bad one, or one the level
    does not offer, in one line (ValueError). A level's own fixed value always passes."""

    name: str  # the flag without its dashes, the params key and the play keyword
    metavar: str
    help: str  # a msgid (N_), shown through shown_help(); {fields} filled from help_fields
    schema: Mapping[str, Any] = field(default_factory=dict, compare=False)  # its value in a run message
    help_fields: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def shown_help(self) -> str:
        """The --help line in the active language."""
        return _(self.help).format(**self.help_fields)


# the hidden activation: one flag and one params key for every family with a switch (classify's
# separate-hidden, the lab's vanishing chain); each family says which names its levels offer
ACTIVATION = Option("activation", "NAME", N_("the hidden activation where the level has a switch "
                                             "(separate-hidden, vanishing): {names}"),
                    {"enum": list(ACTIVATIONS)}, {"names": ", ".join(ACTIVATIONS)})


def option_choice(level, name: str, value, offered: tuple[str, ...], fixed: str | None = None) -> str:
    """A named choice (an activation, a schedule) as parse_option reads it: one of `offered`,
    or, where the level offers none, its own `fixed` value; ValueError in one line otherwise."""
    text = value.strip().lower() if isinstance(value, str) else None
    if offered and text in offered:
        return text
    if not offered and fixed is not None and text == fixed:
        return text  # the level's own fixed value: nothing to refuse
    if not offered:
        if fixed is not None:
            raise ValueError(_("level '{level}' has no {name} to choose (it fixes {fixed}); leave out --{name}").format(
                level=level.id, name=name, fixed=fixed))
        raise ValueError(_("level '{level}' has no {name} to choose; leave out --{name}").format(level=level.id, name=name))
    raise ValueError(_("--{name} {value!r} is not one level '{level}' offers; expected one of {names}").format(
        name=name, value=value, level=level.id, names=", ".join(offered)))


class Unit:
    """What a family's runs count (Family.unit): one optimizer step here, an epoch (one pass
    over the data) for a classifier. Every place that shows a count says it through this: the
    results, the goal panel, the HUD, the level list, `downhill run` and the explanations.
    Each form is its own literal msgid so the catalogs carry every plural."""

    name = "step"  # `downhill run`'s table header and plain lines (English, like that table)
    out_of = N_("Out of steps")  # the status word of a run that spent its budget (max_steps)
    chart = N_("loss over steps")  # the title of a loss chart over runs of this unit

    def count(self, n: int) -> str:
        """'1 step', '12 steps' in the active language."""
        return ngettext("{count} step", "{count} steps", n).format(count=n)

    def label(self, n: int) -> str:
        """The word under a count that stands alone (the results card)."""
        return ngettext("step taken", "steps taken", n)

    def par(self, n: int) -> str:
        return ngettext("par {steps} step", "par {steps} steps", n).format(steps=n)

    def best(self, n: int) -> str:
        return ngettext("best {count} step", "best {count} steps", n).format(count=n)

    def counter(self, n: int, total: int) -> str:
        """The HUD's 'step 3 / 40'."""
        return _("step {step} / {total}").format(step=n, total=total)

    def at(self, n: int) -> str:
        """A chart's axis end: 'step 12'."""
        return _("step {step}").format(step=n)

    def plain(self, n: int) -> str:
        """'1 step', '12 steps' in English (`downhill run`'s report)."""
        return f"{n} {self.name}{'' if n == 1 else 's'}"


class Epochs(Unit):
    name = "epoch"
    out_of = N_("Out of epochs")
    chart = N_("loss over epochs")

    def count(self, n: int) -> str:
        return ngettext("{count} epoch", "{count} epochs", n).format(count=n)

    def label(self, n: int) -> str:
        return ngettext("epoch trained", "epochs trained", n)

    def par(self, n: int) -> str:
        return ngettext("par {steps} epoch", "par {steps} epochs", n).format(steps=n)

    def best(self, n: int) -> str:
        return ngettext("best {count} epoch", "best {count} epochs", n).format(count=n)

    def counter(self, n: int, total: int) -> str:
        return _("epoch {n} / {total}").format(n=n, total=total)

    def at(self, n: int) -> str:
        return _("epoch {n}").format(n=n)


STEPS, EPOCHS = Unit(), Epochs()


class Family:
    kind: str = ""
    what: str = ""  # what its levels do, for one-line refusals: "trains a network"
    sections: Mapping[str, dict] = {}  # top-level keys its levels add -> their JSON Schema
    required: tuple[str, ...] = ()  # those of its sections every level of it must have
    controls: tuple[str, ...] = ("eta", "mu")  # the level's params the player sets
    required_params: tuple[str, ...] = ()  # params every level of it must give (eta always)
    goals: tuple[str, ...] = ()  # the goal types it can judge (game/sim/goals.py)
    converged_word: str | None = None  # the results screen's word for a converged run, if not "Settled"
    maps: bool = False  # whether fate maps (downhill map, the map view) apply to its levels
    unit: Unit = STEPS  # what its runs count: each count shown goes through it (unit_of)
    options: tuple[Option, ...] = ()  # text choices its levels may offer (see Option)
    # the batch class (game/sim) its live runs train with, where a backend may put a twin with the
    # same call shape in its place (game/gpu/backend.py _twins); start() then takes batches=
    batch_type: type | None = None

    # --- the level file ------------------------------------------------------------------

    def check(self, data: dict, report) -> None:
        """Add problems about this family's keys to `report` (report.add(path, message),
        report.add_in_string(path, index, message)); `data` has passed the schema."""

    def build(self, data: dict) -> dict[str, Any]:
        """The Level fields this family's keys become; only called on a level with no problems."""
        return {}

    # --- a run ---------------------------------------------------------------------------

    def level_params(self, level, **given):
        raise NotImplementedError

    def start(self, level, params):
        raise NotImplementedError

    def judge(self, level, params, run, par: int | None) -> RunResult:
        raise NotImplementedError

    def play(self, level, par: int | None | bool = True, **given) -> RunResult:
        """Play the level headless with the given controls (defaults from the level) and judge it.
        par: True searches it, an int is used as it is, False or None plays without one."""
        params = self.level_params(level, **given)
        run = self.start(level, params).run()
        return self.judge(level, params, run, self.par_steps(level) if par is True else (par or None))

    def goal_results(self, level, finals: Finals) -> tuple[GoalResult, ...]:
        return tuple(GoalResult(goal.text, bool(goal_met(goal, finals))) for goal in level.goals)

    def outcome(self, level, run, finals: Finals, par: int | None, x: float) -> Outcome:
        """The Outcome of a finished single run whose finals are `finals`."""
        goals = self.goal_results(level, finals)
        cleared = all(goal.met for goal in goals)
        return Outcome(status=run.status, steps=run.steps, x=x, loss=float(finals.loss),
                       cleared=cleared, stars=stars_for(run.steps, par, cleared), par=par, goals=goals)

    # --- par -----------------------------------------------------------------------------

    def search_par(self, level, runner=None) -> int | None:
        """A family overrides this or search_par_setting (each defaults to the other)."""
        return self.search_par_setting(level, runner)[0]

    def search_par_setting(self, level, runner=None) -> tuple[int | None, dict | None]:
        return self.search_par(level, runner), None

    def par_backend(self, backend: str) -> str:
        """Whose par a search on `backend` gives: a family whose search takes no runner searches
        with NumPy whatever is asked."""
        return "numpy"

    def _par_key(self, level, backend: str) -> tuple:
        return (self.kind, content_key(level), self.par_backend(backend))

    def has_par(self, level, backend: str = "numpy") -> bool:
        """Whether the level's par on `backend` is already known, in memory or on disk (no
        search needed: par_steps answers at once)."""
        key = self._par_key(level, backend)
        if key in _PAR_CACHE:
            return True
        disk = self._par_file(level, key[2])
        found = par_cache.MISSING if disk is None else par_cache.load(*disk)
        if found is par_cache.MISSING:
            return False
        self._remember(key, found)
        return True

    def par_steps(self, level, runner=None, backend: str = "numpy") -> int | None:
        """Fewest steps that clear the level anywhere in its allowed controls (None if none do):
        searched once per level content and backend (`runner` runs the batches there), then
        remembered."""
        return self._par_found(level, runner, backend)[0]

    def par_setting(self, level, runner=None, backend: str = "numpy") -> dict | None:
        """The controls of a run that clears the level in par steps (play(level, **setting)
        earns three stars), or None where there is no par or the family does not say."""
        return self._par_found(level, runner, backend)[1]

    def _par_found(self, level, runner, backend: str) -> tuple[int | None, dict | None]:
        key = self._par_key(level, backend)
        with _PAR_LOCK:  # a scene may search par on a thread of its own (game/scenes/level_play.py)
            found = _PAR_CACHE.get(key, par_cache.MISSING)
            if found is not par_cache.MISSING:
                _PAR_CACHE.move_to_end(key)
                return found if isinstance(found, tuple) else (found, None)
        searched_on = key[2]
        if searched_on != "numpy" and runner is None:
            raise ValueError(f"the par of level {level.id!r} on {searched_on} is not known yet; "
                             "expected a runner for that backend")
        disk = self._par_file(level, searched_on)  # the NumPy reference's par, kept between runs
        found = par_cache.MISSING if disk is None else par_cache.load(*disk)
        if found is par_cache.MISSING:
            found = self.search_par_setting(level, runner if searched_on != "numpy" else None)
            if disk is not None:
                par_cache.save(*disk, found)
        self._remember(key, found)
        return found

    @staticmethod
    def _remember(key, found) -> None:
        with _PAR_LOCK:
            _PAR_CACHE[key] = found
            _PAR_CACHE.move_to_end(key)
            if len(_PAR_CACHE) > PAR_CACHE_SIZE:
                _PAR_CACHE.popitem(last=False)

    def par_inputs(self, level) -> tuple:
        """Files besides the level's own that its par search reads (a data set): their bytes
        are part of the key par is kept on disk under."""
        return ()

    def _par_file(self, level, backend: str) -> tuple | None:
        """(path, key) of the level's par on disk, or None where it is not kept there (the GPU's
        par, which depends on the driver)."""
        if backend != "numpy":
            return None
        budget = (PAR_MAX_STEPS, PAR_BUDGET, PAR_MU_STEP)  # read now: a test may change them
        key = par_cache.level_key(self.kind, backend, content_key(level), budget, self.par_inputs(level))
        return None if key is None else (par_cache.path_for(level.id, backend), key)

    # --- words ---------------------------------------------------------------------------

    def explain(self, level, result: RunResult) -> list[str]:
        return []

    def parse_option(self, level, name: str, value) -> Any:
        """The value of option `name` for `level`, for level_params, from the player's text (a
        `downhill run` flag) or the value a run's params hold (a class run message); ValueError
        (one line, naming the level and what it expected) for a value it cannot take or a level
        that does not offer it. A family with options overrides this (see Option)."""
        raise ValueError(_("level '{level}' {what} and has no {name} to give; leave out --{name}").format(
            level=level.id, what=_(self.what), name=name))

    def option_names(self) -> tuple[str, ...]:
        return tuple(option.name for option in self.options)

    def range_test_of(self, level):
        """The learning-rate range test the level's network offers (`downhill lr-find`): (task,
        the etas to try, steps each trains), or None where it offers none (the default)."""
        return None

    def unit_of(self, level) -> Unit:
        """What a run of this level counts (steps, epochs): the word every screen uses for it."""
        return self.unit

    def table(self, level, result: RunResult) -> dict[str, list]:
        """The columns of `downhill run`'s step table (name -> one value per step)."""
        return {"loss": list(result.trajectory["loss"])}

    def final_line(self, result: RunResult) -> str:
        return "final    " + _("loss = {loss}").format(loss=number(result.outcome.loss))

    def report_lines(self, level, result: RunResult) -> list[str]:
        """Lines `downhill run` adds under the goals (a question to answer and its choices, ...)."""
        return []


# ---------------------------------------------------------------------------------------------
# Par: remembered per level content and backend
# ---------------------------------------------------------------------------------------------

_PAR_CACHE: OrderedDict = OrderedDict()
_PAR_LOCK = threading.Lock()  # guards _PAR_CACHE's order (never held during a search)

# what a level's par does not depend on
_NOT_CONTENT = ("id", "chapter", "order", "title", "lesson", "source")


def content_key(level) -> str:
    """The level's content that decides its par, as one string (goal texts left out)."""
    parts = []
    for name in level.__dataclass_fields__:
        if name in _NOT_CONTENT:
            continue
        value = getattr(level, name)
        if name == "goals":
            value = tuple((goal.kind, goal.value, goal.region) for goal in value)
        parts.append((name, _plain(value)))
    return repr(parts)


def frozen(value: Any) -> Any:
    """A JSON value made read-only: objects as MappingProxyType, arrays as tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    return value


def _plain(value):
    if isinstance(value, Mapping):
        return tuple(sorted((k, _plain(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


def par_horizon(level, members: int, examples: int = 1) -> int:
    """How many steps a par search of `members` runs (each seeing `examples` per step) may look
    ahead: the level's max_steps, cut to PAR_MAX_STEPS and to PAR_BUDGET evaluations."""
    by_budget = PAR_BUDGET // max(1, int(members) * max(1, int(examples)))
    return int(max(1, min(int(level.max_steps), PAR_MAX_STEPS, by_budget)))


def first_clearing_step(batch, goals, finals_of, cut_at: int | None = None, found: list | None = None) -> int | None:
    """Run out a batch whose members are decided in step order (an Outcomes) until one of them
    clears `goals` (finals_of(batch) gives what the goals read): that step, the fewest this
    batch can clear in, or None if none does. cut_at: where the batch's max_steps is a search
    horizon short of the level's own (par_horizon), a member still going there has not cleared.
    found: a list that gets the index of a member that cleared."""
    first = first_clear([(batch, finals_of)], goals, cut_at)
    if first is None:
        return None
    if found is not None:
        found.append(first[2])
    return first[0]


def first_clear(runs, goals, cut_at: int | None = None) -> tuple[int, int, int] | None:
    """first_clearing_step over several batches at once, [(batch, finals_of), ...] (one per
    optimizer, say), advanced in lockstep so that the search stops at the fewest steps any of
    them clears in, never running one out past it: (step, which batch, which member) or None."""
    while True:
        live = False
        for k, (batch, finals_of) in enumerate(runs):
            decided = batch.status != RUNNING
            if cut_at is not None:
                decided &= ~((batch.status == MAX_STEPS) & (batch.steps >= cut_at))
            cleared = decided & (batch.steps == batch.t) & goals_met(goals, finals_of(batch))
            if cleared.any():
                return batch.t, k, int(np.flatnonzero(cleared)[0])
            live = live or not batch.done
        if not live:
            return None
        for batch, _finals_of in runs:
            if not batch.done:
                batch.advance()


def par_grids(level, eta_every: int = 1, mu_every: int = 1) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per optimizer the level allows, the (η, μ) pairs par tries, flattened: every
    `eta_every`-th η stop by every `mu_every`-th μ stop (a coarser grid for costly families)."""
    return {optimizer: tuple(axis.ravel() for axis in np.meshgrid(eta_values(level)[::eta_every],
                                                                  mu_values(level, optimizer)[::mu_every]))
            for optimizer in level.optimizers}


def grid_par(level, grids, examples: int, make_batch, finals_of) -> tuple[int | None, dict | None]:
    """Par over `grids` (par_grids): one batch per optimizer, make_batch(optimizer, etas, mus,
    horizon), all trained in lockstep until the first member clears the level's goals
    (finals_of(batch, etas, mus) gives what they read). (steps, the setting that did it:
    optimizer, eta, mu), or (None, None) where none does within the horizon."""
    horizon = par_horizon(level, sum(etas.size for etas, _mus in grids.values()), examples)
    runs = [(make_batch(optimizer, etas, mus, horizon), lambda b, e=etas, m=mus: finals_of(b, e, m))
            for optimizer, (etas, mus) in grids.items()]
    first = first_clear(runs, level.goals, horizon if horizon < level.max_steps else None)
    if first is None:
        return None, None
    steps, k, i = first
    optimizer = list(grids)[k]
    etas, mus = grids[optimizer]
    return steps, {"optimizer": optimizer, "eta": float(etas[i]), "mu": float(mus[i])}


def fewer(best: int | None, found: int | None) -> int | None:
    """The smaller of two step counts where None is none found."""
    return found if best is None else best if found is None else min(best, found)


# ---------------------------------------------------------------------------------------------
# The controls par searches over
# ---------------------------------------------------------------------------------------------


def nice_values(lo: float, hi: float) -> np.ndarray:
    """Every number with two significant digits in [lo, hi] (the η slider's stops)."""
    if lo <= 0:
        raise ValueError("nice_values needs lo > 0")
    values = []
    for exponent in range(int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi))) + 1):
        mantissas = np.arange(10, 100) / 10.0
        values.extend(np.round(mantissas * 10.0**exponent, 12))
    values = np.array(sorted(set(values)))
    return values[(values >= lo * (1 - 1e-12)) & (values <= hi * (1 + 1e-12))]


def eta_values(level) -> np.ndarray:
    """The learning rates par tries: the slider's stops, or the level's fixed one."""
    return np.asarray([level.eta.default] if level.eta.locked else nice_values(level.eta.min, level.eta.max),
                      float)


def mu_values(level, optimizer: str) -> np.ndarray:
    """The momenta par tries with `optimizer`: steps of PAR_MU_STEP, or the default alone
    where the level fixes μ or the optimizer has no use for it."""
    mu = level.mu
    if mu.locked or not uses_mu(optimizer):
        return np.asarray([mu.default], float)
    return np.asarray(np.unique(np.round(np.append(np.arange(mu.min, mu.max, PAR_MU_STEP),
                                                   [mu.default, mu.max]), 6)), float)


# ---------------------------------------------------------------------------------------------
# Words the explanations share
# ---------------------------------------------------------------------------------------------


def number(value) -> str:
    """A number in `downhill run`'s report: six significant digits, written the locale's way
    (0,05 in German; English unchanged). --json never goes through here."""
    if value is None:
        return "-"
    value = float(value)
    return shown(value, ".6g") if math.isfinite(value) else str(value)


def number_text(value: float) -> str:
    """A number from a level file as its author wrote it: 2 stays 2, 0.50 reads 0.5."""
    return str(value) if isinstance(value, int) else f"{value:g}"


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_interval(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(map(is_number, value))



def steps_words(n: int) -> str:
    """'1 step', '12 steps' (English: for sentences that are not translated yet)."""
    return f"{n} step{'' if n == 1 else 's'}"


def steps_text(n: int) -> str:
    """'1 step', '12 steps' in the active language, for translated sentences."""
    return STEPS.count(n)


def goal_value(level, kind: str):
    return next((float(goal.value) for goal in level.goals if goal.kind == kind), None)


def swings(optimizer: str, mu) -> bool:
    """Whether the run keeps most of its speed from step to step (a big μ on a μ optimizer)."""
    return uses_mu(optimizer) and mu is not None and mu >= BIG_MU


def not_met(level, outcome, lines: list[str]) -> set[str]:
    """Add a line naming the goals not met to `lines`; return those goals' kinds."""
    missed = [(goal, result) for goal, result in zip(level.goals, outcome.goals) if not result.met]
    if missed:
        lines.append(_("Not met: {goals}.").format(goals=_("; ").join(_(result.text) for _goal, result in missed)))
    return {goal.kind for goal, _result in missed}


def par_line(outcome, level, unit: Unit = STEPS) -> list[str]:
    """unit: what the level's runs count (Family.unit_of), so par reads '12 epochs' where it should.
    The advice names only what the player can change: μ where the level leaves it free."""
    if outcome.par is None:
        return []
    if outcome.steps <= outcome.par:
        return [_("That is par ({par}): as quick as this level allows.").format(par=outcome.par)]
    if level.mu.locked:
        return [_("Par is {steps}: a better η gets there sooner.").format(steps=unit.count(outcome.par))]
    return [_("Par is {steps}: a better η (or μ) gets there sooner.").format(steps=unit.count(outcome.par))]


def par_is(outcome) -> str:
    return " " + _("Par is {par}.").format(par=outcome.par) if outcome.par is not None else ""


__all__ = ["Family", "Finals", "goals_met", "content_key", "nice_values", "eta_values", "mu_values",
           "number", "steps_words", "steps_text", "STATUS_CODES", "Unit", "STEPS", "EPOCHS", "Option",
           "ACTIVATION", "option_choice"]
