"""`downhill map`: a fate map -- the outcome of a run for every cell of a grid of two controls --
written as a picture (.png), raw arrays (.npy) or JSON (.json).

.npy holds one structured array shaped [ny, nx] (row i is y_values[i], column j is x_values[j])
with fields x0, eta, mu (the cell's controls, float64), status (int8 codes: 0 converged,
1 diverged, 2 max_steps), steps (int32), final_x and final_loss (float64). Read it back with
np.load(path).
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

import numpy as np

from game.errors import CliError
from game.i18n import N_, _, ngettext
from game.i18n import number as shown
from game.commands.run import curve_error, load, parse_number, parse_optimizer, parse_steps
from game.sim.optim import OPTIMIZERS

AXES = ("eta-mu", "x0-eta")
MAX_RES = 2048
DEFAULT_RES = 256
DEFAULT_ETA = (0.01, 1.0)
DEFAULT_MU = (0.0, 0.99)
CURVE_HALF_WIDTH = 5.0
CURVE_STEPS = 1000
PROGRESS_CELLS = 128 * 128  # maps at least this large show a progress bar on a terminal
FORMATS = (".png", ".npy", ".json")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "map", help=_("draw a fate map: how every (eta, mu) or (x0, eta) pair ends"),
        description=_("Run the ball from every cell of a grid of two controls and record how it "
                      "ends: converged, diverged or out of steps. Axes eta-mu (eta across, mu up, "
                      "x0 fixed) or x0-eta (x0 across, eta up, mu fixed). A value starting with "
                      "'-' needs '=': --x0=-2, --x0-range=-3:3, --curve=\"-x**2\"."))
    parser.add_argument("level", nargs="?", metavar="LEVEL", help=_("a ball level id or level file"))
    parser.add_argument("--curve", metavar="EXPR", help=_("an ad-hoc curve in x instead of a level"))
    parser.add_argument("--x0", metavar="X", help=_("the fixed start for eta-mu maps"))
    parser.add_argument("--axes", default="eta-mu", metavar="AXES", help=_("eta-mu (default) or x0-eta"))
    parser.add_argument("--eta", metavar="LO:HI", help=_("the eta range (default: the level's)"))
    parser.add_argument("--mu", metavar="LO:HI|M", help=_("the mu range (eta-mu) or the fixed mu (x0-eta)"))
    parser.add_argument("--x0-range", metavar="LO:HI", help=_("the x0 range for x0-eta maps"))
    parser.add_argument("--optimizer", metavar="NAME", help=", ".join(OPTIMIZERS))
    parser.add_argument("--res", metavar="N", help=_("cells along each axis (default {res})").format(res=DEFAULT_RES))
    parser.add_argument("--steps", metavar="N", help=_("step budget of each run (default: the level's)"))
    parser.add_argument("--backend", default="auto", metavar="NAME", help=_("auto (default), gpu or numpy"))
    parser.add_argument("--out", metavar="FILE", help=_("where to write: .png, .npy or .json"))
    parser.set_defaults(func=run)


# ---------------------------------------------------------------------------------------------
# Reading the values
# ---------------------------------------------------------------------------------------------


def parse_range(flag: str, text: str, lowest: float | None = None, below: float | None = None) -> tuple[float, float]:
    parts = text.split(":")
    if len(parts) != 2:
        raise CliError(_("{flag} {text!r} is not LO:HI; expected two numbers like 0.01:1").format(flag=flag, text=text))
    lo, hi = (parse_number(flag, part, N_("two numbers LO:HI")) for part in parts)
    if lo >= hi:
        raise CliError(_("{flag} {text} is empty; expected LO < HI").format(flag=flag, text=text))
    if lowest is not None and lo < lowest:
        raise CliError(_("{flag} {text} starts below {lowest:g}").format(flag=flag, text=text, lowest=lowest))
    if below is not None and hi >= below:
        raise CliError(_("{flag} {text} reaches {below:g}; expected HI < {below:g}").format(flag=flag, text=text, below=below))
    return lo, hi


def parse_res(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise CliError(_("--res {text!r} is not a whole number; expected 2 to {most}").format(text=text, most=MAX_RES)) from None
    if not 2 <= value <= MAX_RES:
        raise CliError(_("--res {text} is out of range; expected 2 to {most}").format(text=text, most=MAX_RES))
    return value


def parse_out(text: str | None) -> Path:
    if not text:
        raise CliError(_("where to? give --out FILE ending in .png, .npy or .json"))
    path = Path(text)
    if path.suffix.lower() not in FORMATS:
        raise CliError(_("--out {text!r} has no known ending; expected .png, .npy or .json").format(text=text))
    if not path.parent.is_dir():
        raise CliError(_("--out {text!r}: folder '{folder}' does not exist").format(text=text, folder=path.parent))
    return path


def level_range(allowed, fallback: tuple[float, float]) -> tuple[float, float]:
    return (allowed.min, allowed.max) if allowed.max > allowed.min else fallback


class MapJob:
    """Everything one map needs, read and checked from the command line."""

    def __init__(self, args):
        if args.axes not in AXES:
            raise CliError(_("--axes {text!r} is not known; expected eta-mu or x0-eta").format(text=args.axes))
        self.axes = args.axes
        self.res = DEFAULT_RES if args.res is None else parse_res(args.res)
        self.out = parse_out(args.out)
        from game.gpu.backend import BACKENDS

        if args.backend not in BACKENDS:
            raise CliError(_("--backend {text!r} is not known; expected auto, gpu or numpy").format(text=args.backend))
        self.backend_name = args.backend
        steps = None if args.steps is None else parse_steps(args.steps)
        optimizer = None if args.optimizer is None else parse_optimizer(args.optimizer)
        x0 = None if args.x0 is None else parse_number("--x0", args.x0, N_("a number"))
        if args.curve is not None:
            if args.level is not None:
                raise CliError(_("give a level or --curve, not both (got level '{level}')").format(level=args.level))
            self._from_curve(args, x0, optimizer, steps)
        else:
            if args.level is None:
                raise CliError(_("which level? give a level id (see `downhill levels`) or --curve EXPR"))
            self._from_level(args, load(args.level), x0, optimizer, steps)
        self._axes_values(args)

    def _from_curve(self, args, x0, optimizer, steps) -> None:
        from game.sim.expr import ExprError, compile_curve

        try:
            self.curve = compile_curve(args.curve)
        except ExprError as error:
            raise CliError(curve_error(args.curve, error)) from None
        self.name = f"y = {args.curve}"
        x0_range = None if args.x0_range is None else parse_range("--x0-range", args.x0_range)
        if self.axes == "eta-mu" and x0 is None:
            raise CliError(_("an eta-mu map of --curve needs --x0, where the ball starts"))
        half = max(CURVE_HALF_WIDTH, 2 * abs(x0 or 0.0))
        self.x_range = x0_range if x0_range else (-half, half)
        if x0_range and x0 is not None and not x0_range[0] <= x0 <= x0_range[1]:
            raise CliError(_("--x0 {x0:g} is outside --x0-range {range}").format(x0=x0, range=args.x0_range))
        self.x0 = x0
        self.x0_span = self.x_range
        self.eta_span, self.mu_span, self.mu_fixed = DEFAULT_ETA, DEFAULT_MU, 0.0
        self.optimizer = optimizer or ("momentum" if self.axes == "eta-mu" else "gd")
        self.max_steps = steps or CURVE_STEPS

    def _from_level(self, args, level, x0, optimizer, steps) -> None:
        from game.sim.families import family_of
        from game.sim.families.ball import level_curve

        family = family_of(level)
        if not family.maps:
            raise CliError(_("level '{level}' {what}; a fate map needs a ball level").format(level=level.id, what=_(family.what)))
        self.curve = level_curve(level)
        self.name = f"{level.local_title} ({level.id}): y = {level.expr}"  # the picture's title, translated
        self.x_range = tuple(level.x_range)
        self.x0 = level.x0.default if x0 is None else x0
        self.x0_span = level_range(level.x0, self.x_range)
        # a level that locks eta gets a map around its value: a fifth of it up to four times it
        self.eta_span = level_range(level.eta, (level.eta.default * 0.2, level.eta.default * 4))
        self.mu_span = level_range(level.mu, DEFAULT_MU)
        self.mu_fixed = level.mu.default
        self.optimizer = optimizer or level.optimizer
        self.max_steps = steps or level.max_steps

    def _axes_values(self, args) -> None:
        if args.eta is not None:
            self.eta_span = parse_range("--eta", args.eta, lowest=0.0)
        if args.mu is not None:
            if ":" in args.mu:
                if self.axes != "eta-mu":
                    raise CliError(_("--mu {text} is a range, but an x0-eta map fixes mu; give one number").format(text=args.mu))
                self.mu_span = parse_range("--mu", args.mu, lowest=0.0, below=1.0)
            else:
                if self.axes == "eta-mu":
                    raise CliError(_("--mu {text} is one number, but mu is an axis here; give LO:HI").format(text=args.mu))
                self.mu_fixed = parse_number("--mu", args.mu, N_("a number in [0, 1)"))
                if not 0 <= self.mu_fixed < 1:
                    raise CliError(_("--mu {text} is outside [0, 1)").format(text=args.mu))
        if args.x0_range is not None:
            if self.axes != "x0-eta":
                raise CliError(_("--x0-range is for x0-eta maps; an eta-mu map starts every ball at --x0"))
            self.x0_span = parse_range("--x0-range", args.x0_range)
        elif args.x0 is not None and self.axes == "x0-eta":
            raise CliError(_("--x0 is for eta-mu maps; an x0-eta map has x0 along its axis (--x0-range)"))
        eta = np.linspace(*self.eta_span, self.res)
        if self.axes == "eta-mu":
            self.xs, self.ys, self.fixed = eta, np.linspace(*self.mu_span, self.res), float(self.x0)
        else:
            self.xs, self.ys, self.fixed = np.linspace(*self.x0_span, self.res), eta, float(self.mu_fixed)

    def describe(self) -> str:
        fixed = f"{'x0' if self.axes == 'eta-mu' else 'mu'} = {shown(self.fixed)}"
        steps = ngettext("at most {count} step", "at most {count} steps", self.max_steps).format(count=shown(self.max_steps, ",d"))
        return f"{self.optimizer}, {fixed}, {steps}"


# ---------------------------------------------------------------------------------------------
# Progress and output
# ---------------------------------------------------------------------------------------------


class ProgressBar:
    """A one-line bar on stderr, redrawn in place."""

    def __init__(self, stream, label: str, width: int = 30):
        self.stream, self.label, self.width = stream, label, width

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(round(share * self.width))
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
                          + _("{percent} rows {done}/{total}").format(percent=shown(share, ".1%").rjust(7), done=done, total=total))
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def finite_or_none(values: np.ndarray) -> list:
    return [[float(v) if math.isfinite(v) else None for v in row] for row in np.asarray(values, float)]


def to_json(fate, job, backend_name: str) -> dict:
    return {
        "axes": {"x": {"name": fate.x_name, "values": [float(v) for v in fate.x_values]},
                 "y": {"name": fate.y_name, "values": [float(v) for v in fate.y_values]}},
        "status": fate.status_names(),
        "steps": np.asarray(fate.steps).astype(int).tolist(),
        "final_x": finite_or_none(fate.final_x),
        "final_loss": finite_or_none(fate.final_loss),
        "fixed": {"name": "x0" if job.axes == "eta-mu" else "mu", "value": job.fixed},
        "curve": job.curve.source, "optimizer": job.optimizer, "max_steps": job.max_steps,
        "backend": backend_name,
    }


def to_structured(fate, job) -> np.ndarray:
    from game.sim.fate import grid_controls

    x0, eta, mu = grid_controls(job.axes, fate.x_values, fate.y_values, job.fixed)
    table = np.empty(np.shape(fate.status), dtype=[
        ("x0", "f8"), ("eta", "f8"), ("mu", "f8"), ("status", "i1"), ("steps", "i4"),
        ("final_x", "f8"), ("final_loss", "f8")])
    for name, values in (("x0", x0), ("eta", eta), ("mu", mu), ("status", fate.status),
                         ("steps", fate.steps), ("final_x", fate.final_x), ("final_loss", fate.final_loss)):
        table[name] = values
    return table


def write(fate, job, backend_name: str) -> None:
    suffix = job.out.suffix.lower()
    try:
        if suffix == ".json":
            job.out.write_text(json.dumps(to_json(fate, job, backend_name), allow_nan=False), encoding="utf-8")
        elif suffix == ".npy":
            with open(job.out, "wb") as handle:
                np.save(handle, to_structured(fate, job))
        else:
            os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep stdout to our one line
            import pygame

            from game.render.heatmap import draw_fate_picture
            from game.render import theme
            from game.store import saved_settings

            theme.apply_settings(saved_settings())  # the player's look: high contrast, colour-safe

            title = _("Fate map: {name}").format(name=job.name)
            subtitle = "  ·  ".join((job.describe(), _("{res}×{res} cells").format(res=job.res), backend_name))
            pygame.image.save(draw_fate_picture(fate, title, subtitle), str(job.out))
    except OSError as error:
        raise CliError(_("cannot write {path}: {reason}").format(path=job.out, reason=error.strerror or error)) from None


def run(args) -> int:
    job = MapJob(args)
    from game.gpu.backend import choose_backend
    from game.gpu.context import GpuUnavailable
    from game.sim.run import rules_for

    try:
        backend, _why = choose_backend(job.backend_name, log=lambda line: print(f"downhill map: {line}", file=sys.stderr))
    except GpuUnavailable as error:
        raise CliError(f"--backend gpu: {error}") from None  # the driver's words
    try:
        progress = None
        if sys.stderr.isatty() and job.res * job.res >= PROGRESS_CELLS:
            progress = ProgressBar(sys.stderr, _("mapping"))
        fate = backend.fate_map(job.curve, job.optimizer, job.axes, job.xs, job.ys, job.fixed,
                                job.max_steps, rules_for(job.x_range), progress=progress)
        write(fate, job, backend.name)
    finally:
        backend.release()
    counts = {name: int(np.count_nonzero(fate.status == code)) for name, code in
              (("converged", 0), ("diverged", 1), ("max_steps", 2))}  # the outcome's status names, as `run` shows them
    print(_("wrote {path}: {res}x{res} cells, {counts}").format(
        path=job.out, res=job.res, counts=", ".join(f"{shown(count, ',d')} {name}" for name, count in counts.items())))
    return 0
