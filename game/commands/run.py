"""`downhill run`: play a level (or an ad-hoc curve) headless and print what happened."""

from __future__ import annotations

import json
import math
from pathlib import Path

from game.i18n import N_, _
from game.errors import CliError
from game.levels import Level, LevelError, ParamRange, custom_curve_level, find_level, load_level
from game.sim.families import all_families, family_of
from game.sim.families.base import number
from game.sim.optim import OPTIMIZERS

MAX_STEPS = 1_000_000
CUSTOM_DEFAULTS = {"eta": 0.1, "mu": 0.0, "optimizer": "gd", "steps": 1000}
CUSTOM_HALF_WIDTH = 5.0  # an ad-hoc curve is shown on [-5, 5], or wider to take in x0
HEAD_ROWS = 10
TAIL_ROWS = 5
CONTROL_WORDS = {"eta": N_("learning rate"), "mu": N_("momentum"), "x0": N_("ball start")}  # msgids


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "run", help=_("play a level headless and print the trajectory and outcome"),
        description=_("Play a level headless: a table of the ball's steps, then the outcome. "
                      "With --curve, run an ad-hoc curve instead of a level. A value starting with "
                      "'-' other than a plain number needs '=': --curve=\"-x**2\", --x-range=-5:5."))
    parser.add_argument("level", nargs="?", metavar="LEVEL",
                        help=_("a level id (see `downhill levels`) or a level file (.json)"))
    parser.add_argument("--eta", metavar="E", help=_("learning rate, > 0"))
    parser.add_argument("--mu", metavar="M", help=_("momentum, in [0, 1)"))
    parser.add_argument("--x0", metavar="X", help=_("where the ball starts"))
    parser.add_argument("--optimizer", metavar="NAME", help=", ".join(OPTIMIZERS))
    parser.add_argument("--steps", metavar="N", help=_("at most this many steps (1 to {most})").format(most=MAX_STEPS))
    parser.add_argument("--curve", metavar="EXPR", help=_('an ad-hoc curve in x, e.g. "x**4/4 - x**2"'))
    parser.add_argument("--x-range", metavar="LO:HI", help=_("the ad-hoc curve's range (default -5:5)"))
    for option in family_options():  # what some families' levels offer (an answer, a width, a schedule ...)
        parser.add_argument(f"--{option.name}", metavar=option.metavar, help=option.shown_help(), dest=f"option_{option.name}")
    parser.add_argument("--json", action="store_true", help=_("print the run as one JSON object"))
    parser.set_defaults(func=run)


def family_options() -> list:
    """Every family's Options, each name once, in the order the families list them."""
    found = {}
    for member in all_families().values():
        for option in member.options:
            found.setdefault(option.name, option)
    return list(found.values())


# ---------------------------------------------------------------------------------------------
# Reading the values on the command line
# ---------------------------------------------------------------------------------------------


def parse_number(flag: str, text: str, expected: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CliError(_("{flag} {text!r} is not a number; expected {expected}").format(
            flag=flag, text=text, expected=_(expected))) from None
    if not math.isfinite(value):
        raise CliError(_("{flag} {text} is not a finite number; expected {expected}").format(
            flag=flag, text=text, expected=_(expected)))
    return value


def parse_eta(text: str) -> float:
    value = parse_number("--eta", text, N_("a number > 0"))
    if value <= 0:
        raise CliError(_("--eta {text} is not > 0; expected a learning rate > 0, like 0.1").format(text=text))
    return value


def parse_mu(text: str) -> float:
    value = parse_number("--mu", text, N_("a number in [0, 1)"))
    if not 0 <= value < 1:
        raise CliError(_("--mu {text} is outside [0, 1); expected a momentum from 0 up to (not including) 1").format(text=text))
    return value


def parse_steps(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise CliError(_("--steps {text!r} is not a whole number; expected a whole number from 1 to {most}").format(
            text=text, most=MAX_STEPS)) from None
    if not 1 <= value <= MAX_STEPS:
        raise CliError(_("--steps {text} is out of range; expected a whole number from 1 to {most}").format(
            text=text, most=MAX_STEPS))
    return value


def parse_optimizer(text: str) -> str:
    if text not in OPTIMIZERS:
        raise CliError(_("unknown optimizer {text!r}; expected one of {names}").format(text=text, names=", ".join(OPTIMIZERS)))
    return text


def parse_x_range(text: str) -> tuple[float, float]:
    parts = text.split(":")
    if len(parts) != 2:
        raise CliError(_("--x-range {text!r} is not LO:HI; expected two numbers like -5:5").format(text=text))
    lo, hi = (parse_number("--x-range", part, N_("two numbers like -5:5")) for part in parts)
    if lo >= hi:
        raise CliError(_("--x-range {text} is empty; expected LO < HI").format(text=text))
    return lo, hi


def within(level: Level, name: str, flag: str, value: float | None, allowed: ParamRange) -> float | None:
    """A value the level lets the player set: refused if locked (unless it is the locked value
    itself) or outside the level's range."""
    if value is None:
        return None
    if allowed.locked and value == allowed.default:
        return value  # the level's own fixed value: nothing to refuse
    if allowed.locked:
        if name == "x0":
            raise CliError(_("level '{level}' starts the ball at x0 = {x0:g} and does not let you move it; "
                             "leave out --x0").format(level=level.id, x0=allowed.default))
        raise CliError(_("level '{level}' fixes {name} at {value:g}; leave out {flag}").format(
            level=level.id, name=name, value=allowed.default, flag=flag))
    if not allowed.allows(value):
        raise CliError(_("{flag} {value:g} is outside what level '{level}' allows; expected {lo:g} to {hi:g}").format(
            flag=flag, value=value, level=level.id, lo=allowed.min, hi=allowed.max))
    return value


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------


def load(level_arg: str) -> Level:
    try:
        if level_arg.endswith(".json"):
            if not Path(level_arg).is_file():
                raise CliError(_("no such level file '{path}'").format(path=level_arg))
            return load_level(level_arg)
        return find_level(level_arg)
    except LevelError as error:
        raise CliError(str(error)) from None


def custom_level(args, eta, mu, x0, optimizer, steps) -> Level:
    from game.sim.expr import ExprError

    if x0 is None:
        raise CliError(_("--curve needs --x0, where the ball starts"))
    if args.x_range is not None:
        x_range = parse_x_range(args.x_range)
        if not x_range[0] <= x0 <= x_range[1]:
            raise CliError(_("--x0 {x0:g} is outside --x-range {range}; expected a start on the curve").format(
                x0=x0, range=args.x_range))
    else:
        half = max(CUSTOM_HALF_WIDTH, 2 * abs(x0))
        x_range = (-half, half)
    try:
        return custom_curve_level(
            args.curve, x0, x_range,
            eta=CUSTOM_DEFAULTS["eta"] if eta is None else eta, mu=0.0 if mu is None else mu,
            optimizer=optimizer or CUSTOM_DEFAULTS["optimizer"],
            max_steps=steps or CUSTOM_DEFAULTS["steps"])
    except ExprError as error:
        raise CliError(curve_error(args.curve, error)) from None


def curve_error(curve: str, error) -> str:
    """A bad --curve expression: what is wrong, and a caret under the column."""
    column = max(1, min(error.column, len(curve) + 1))
    return (_("bad --curve expression: {problem} (column {column})").format(problem=error.message, column=column)
            + f"\n    {curve}\n    {' ' * (column - 1)}^")


def run(args) -> int:
    eta = None if args.eta is None else parse_eta(args.eta)
    mu = None if args.mu is None else parse_mu(args.mu)
    x0 = None if args.x0 is None else parse_number("--x0", args.x0, "a number")
    steps = None if args.steps is None else parse_steps(args.steps)
    optimizer = None if args.optimizer is None else parse_optimizer(args.optimizer)

    if args.curve is not None:
        if args.level is not None:
            raise CliError(_("give a level or --curve, not both (got level '{level}')").format(level=args.level))
        level = custom_level(args, eta, mu, x0, optimizer, steps)
        result = family_of(level).play(level, par=False)
    else:
        if args.level is None:
            raise CliError(_("which level? give a level id (see `downhill levels`) or --curve EXPR --x0 X"))
        if args.x_range is not None:
            raise CliError(_("--x-range is for --curve; a level brings its own range"))
        level = load(args.level)
        result = run_level(level, eta, mu, x0, optimizer, steps, option_choices(args, level))

    if args.json:
        print(json.dumps(result.to_json(), allow_nan=False))
    else:
        print("\n".join(report(level, result)))
    return 0


def option_choices(args, level: Level) -> dict:
    """Each family Option given on the command line (--answer, --hidden, --activation, --schedule,
    --etas ...), read by the level's family: the same reading a class server gives a run's params."""
    family = family_of(level)
    choices = {}
    for option in family_options():
        text = getattr(args, f"option_{option.name}", None)
        if text is None:
            continue
        if option.name not in family.option_names():
            raise CliError(_("level '{level}' {what} and has no {name} to give; leave out --{name}").format(
                level=level.id, what=_(family.what), name=option.name))
        try:
            choices[option.name] = family.parse_option(level, option.name, text)
        except ValueError as error:
            raise CliError(str(error)) from None
    return choices


def run_level(level: Level, eta, mu, x0, optimizer, steps, choices=None):
    family = family_of(level)
    controls = {}
    for name, value in (("eta", eta), ("mu", mu), ("x0", x0)):
        if value is None:
            continue
        if name not in family.controls:
            raise CliError(_("level '{level}' {what} and has no {control}; leave out --{name}").format(
                level=level.id, what=_(family.what), control=_(CONTROL_WORDS[name]), name=name))
        controls[name] = within(level, name, f"--{name}", value, getattr(level, name))
    if optimizer is not None and optimizer not in level.optimizers:
        raise CliError(_("level '{level}' allows only {names}; expected one of those for --optimizer").format(
            level=level.id, names=", ".join(level.optimizers)))
    return family.play(level, optimizer=optimizer, max_steps=steps, **controls, **(choices or {}))


# ---------------------------------------------------------------------------------------------
# The readable report
# ---------------------------------------------------------------------------------------------


def elided(count: int) -> list[int | None]:
    """Row indices to show: all of a short run; the first and last few of a long one (None = ...)."""
    if count <= HEAD_ROWS + TAIL_ROWS + 1:
        return list(range(count))
    return [*range(HEAD_ROWS), None, *range(count - TAIL_ROWS, count)]


def trajectory_table(level: Level, result) -> list[str]:
    columns = family_of(level).table(level, result)
    count = len(next(iter(columns.values())))
    unit = family_of(level).unit_of(level)  # a row per step, or per epoch
    lines = [unit.name.rjust(7) + "".join(name.rjust(15) for name in columns)]
    for row in elided(count):
        if row is None:
            lines.append("...".rjust(7))
        else:
            lines.append(str(row).rjust(7) + "".join(number(values[row]).rjust(15) for values in columns.values()))
    return lines


def report(level: Level, result) -> list[str]:
    params = ", ".join(f"{key} {number(value) if isinstance(value, float) else value}"
                       for key, value in result.params.items())
    lines = [f"{level.id}: {level.local_title}  ({params})", ""]  # texts from the level: translated
    lines += trajectory_table(level, result)
    o = result.outcome
    names = {"status": _("status"), "final": _("final"), "goals": _("goals"), "cleared": _("cleared"), "stars": _("stars")}
    width = max(9, *(len(name) + 2 for name in names.values()))  # the label column, as wide as the language needs
    label = lambda key: names[key].ljust(width) if key else " " * width  # noqa: E731
    unit = family_of(level).unit_of(level)
    steps = unit.count(o.steps)
    lines += ["", label("status") + _("{status} after {steps}").format(status=o.status, steps=steps)]
    final = family_of(level).final_line(result)  # "final    loss = ...": the family's numbers, our label
    lines.append(label("final") + final[len("final"):].lstrip() if final.startswith("final") else final)
    met, not_met = _("[met]"), _("[not met]")
    mark_width = max(len(met), len(not_met))
    for i, goal in enumerate(o.goals):
        lines.append(label("goals" if i == 0 else "") + (met if goal.met else not_met).ljust(mark_width) + f" {_(goal.text)}")
    lines += family_of(level).report_lines(level, result)
    lines.append(label("cleared") + (_("yes") if o.cleared else _("no")))
    stars = _("{stars} of 3").format(stars=o.stars)
    if level.id != "custom":
        par = _("none found") if o.par is None else unit.count(o.par)
        stars += "  " + _("(par {par})").format(par=par)
    lines.append(label("stars") + stars)
    return lines
