"""`downhill lr-find LEVEL`: the learning-rate range test of a lab level from the command line:
one copy of the network per eta of the level's grid, all trained the same few steps; prints
the curve and the steepest-descent suggestion, or writes it as a picture (.png) or JSON."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

from game.errors import CliError
from game.i18n import _
from game.i18n import number as shown
from game.commands.run import load

FORMATS = (".png", ".json")
CHUNK = 16  # copies trained per batch: the progress bar moves once per chunk


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "lr-find", help=_("the learning-rate finder: loss after a short trial for every eta of a range"),
        description=_("Train one copy of a lab level's network per learning rate of a log-spaced "
                      "range, all for the same few steps, and report the loss each reached and the "
                      "point of steepest descent."))
    parser.add_argument("level", metavar="LEVEL", help=_("a lab level id (lr-finder, lr-three, schedules) or level file"))
    parser.add_argument("--out", metavar="FILE", help=_("write the curve: .png or .json"))
    parser.add_argument("--backend", default="numpy", metavar="NAME",
                        help=_("numpy (default, float64) or gpu (the GLSL kernel, float32)"))
    parser.set_defaults(func=run)


class Progress:
    """A one-line bar on stderr, redrawn in place (only on a terminal)."""

    def __init__(self, stream, total: int, width: int = 30):
        self.stream, self.total, self.width = stream, total, width

    def __call__(self, done: int) -> None:
        share = done / self.total if self.total else 1.0
        filled = int(round(share * self.width))
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write("\r" + _("finding") + f" [{bar}] " + _("{done}/{total} etas").format(done=done, total=self.total))
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def finder_setup(level):
    """(task, etas, trial steps) of the level's range test, as its family offers it."""
    from game.sim.families import family_of

    found = family_of(level).range_test_of(level)
    if found is None:
        raise CliError(_("level '{level}' has no network to sweep the learning rate of; "
                         "expected a lab level such as lr-finder, lr-three or schedules").format(level=level.id))
    return found


def sweep(level, backend: str = "numpy", progress=None):
    """The range test, chunk by chunk (copies are independent, so chunks give the same numbers)."""
    from game.sim.lrfinder import finish, trial_rules
    from game.sim.nets_train import train_batch

    task, grid, steps = finder_setup(level)
    rules = trial_rules(task)
    status, loss = np.empty(len(grid), np.int8), np.empty(len(grid))
    gpu = None
    if backend == "gpu":
        from game.gpu.context import GpuUnavailable
        from game.gpu.device import Gpu

        try:
            gpu = Gpu.standalone()
        except GpuUnavailable as error:
            raise CliError(f"--backend gpu: {error}") from None  # the driver's words
    try:
        for start in range(0, len(grid), CHUNK):
            etas = grid[start:start + CHUNK]
            if gpu is not None:
                from game.gpu.nets_kernel import gpu_train_batch

                result = gpu_train_batch(gpu, task, level.optimizer, etas, level.mu.default, steps, rules)
            else:
                result = train_batch(task, level.optimizer, etas, level.mu.default, steps, rules)
            status[start:start + len(etas)] = result.status
            loss[start:start + len(etas)] = result.loss
            if progress is not None:
                progress(start + len(etas))
    finally:
        if gpu is not None:
            gpu.release()
    return finish(task, grid, status, loss, steps)


def run(args) -> int:
    if args.backend not in ("numpy", "gpu"):
        raise CliError(_("unknown backend {name!r}; expected numpy or gpu").format(name=args.backend))
    out = None
    if args.out is not None:
        out = Path(args.out)
        if out.suffix.lower() not in FORMATS:
            raise CliError(_("--out {text!r} has no known ending; expected .png or .json").format(text=args.out))
    level = load(args.level)
    task, grid, steps = finder_setup(level)
    progress = Progress(sys.stderr, len(grid)) if sys.stderr.isatty() else None
    result = sweep(level, args.backend, progress)
    if out is None:
        print(f"lr-find {level.id}: " + _("{count} etas from {lo} to {hi}, {steps} trial steps each ({backend})").format(
            count=len(grid), lo=shown(grid[0]), hi=shown(grid[-1]), steps=steps, backend=args.backend))
        print("eta".rjust(12) + "  " + _("loss").rjust(12))
        for eta, value in zip(result.etas, result.losses):
            print(shown(eta, ".4g").rjust(12) + "  " + (shown(value, ".4g") if np.isfinite(value) else _("exploded")).rjust(12))
        suggested = result.suggested_eta
        print(_("suggested eta = {eta} (steepest descent)").format(eta=shown(suggested, ".4g")) if suggested is not None
              else _("no suggestion: the loss never falls"))
        return 0
    try:
        if out.suffix.lower() == ".json":
            out.write_text(json.dumps({"level": level.id, "backend": args.backend, **result.as_dict()},
                                      allow_nan=False), encoding="utf-8")
        else:
            os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
            import pygame

            from game.render.lr_picture import draw_finder_picture
            from game.render import theme
            from game.store import saved_settings

            theme.apply_settings(saved_settings())  # the player's look: high contrast, colour-safe

            title = _("LR finder: {title}").format(title=level.local_title)
            subtitle = _("{count} copies, {steps} trial steps each, {optimizer}, {backend}").format(
                count=len(grid), steps=steps, optimizer=level.optimizer, backend=args.backend)
            pygame.image.save(draw_finder_picture(result, title, subtitle), str(out))
    except OSError as error:
        raise CliError(_("cannot write {path}: {reason}").format(path=out, reason=error.strerror or error)) from None
    suggested = result.suggested_eta
    print(_("wrote {path}: {count} etas, suggested eta = {eta}").format(
        path=out, count=len(grid), eta=shown(suggested, ".4g") if suggested else _("none")))
    return 0
