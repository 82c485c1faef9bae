"""`downhill screenshot LEVEL ... --out FILE.png`: the play scene after N steps, with no
screen (SDL's offscreen driver). `--scene` picks another view of the same moment: results,
the four phases, the shortcut overlay, settings, the title, the level select, a network's first
weight picked and moved by hand (wiggle), or any extra view a level registers (map, swarm)."""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from game.i18n import _
from game.sim.optim import OPTIMIZERS

SCENES = ("play", "phase1", "phase2", "phase3", "phase4", "results", "help", "settings", "title", "levels",
          "quit", "ending", "wiggle")


def register(subparsers) -> None:
    parser = subparsers.add_parser("screenshot", help=_("save a PNG of a level's play scene (no screen needed)"),
                                   description=_("Save a PNG of a level's play scene after some steps, or of "
                                                 "another view of the same moment, with no screen."))
    parser.add_argument("level", help=_("level id, e.g. parabola"))
    parser.add_argument("--eta", type=float, help=_("learning rate η"))
    parser.add_argument("--mu", type=float, help=_("momentum μ"))
    parser.add_argument("--x0", type=float, help=_("starting point x₀"))
    parser.add_argument("--optimizer", help=_("{names} (where the level allows)").format(names=", ".join(OPTIMIZERS)))
    parser.add_argument("--steps", type=int, default=0, help=_("steps to take before the picture (default 0)"))
    parser.add_argument("--size", default="1280x720", help=_("image size WxH (default 1280x720)"))
    parser.add_argument("--scene", default="play", metavar="SCENE",
                        help=_("which view to capture: {scenes}, or a level's extra view such as map or swarm "
                               "(default play)").format(scenes=", ".join(SCENES)))
    parser.add_argument("--levels", metavar="DIR", help=_("read the levels from DIR (default: the built-in ones)"))
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help=_("a setting for this picture, e.g. text_scale=1.5, high_contrast=on, colour_safe=on "
                               "(repeatable; the player's saves are not touched)"))
    parser.add_argument("--out", required=True, help=_("PNG file to write"))
    parser.set_defaults(func=run)


def run(args) -> int:
    from game.errors import CliError
    from game.window import parse_size

    try:
        size = parse_size(args.size)
    except ValueError as error:
        raise CliError(str(error)) from None
    if args.steps < 0:
        raise CliError(_("--steps must be 0 or more, got {value}").format(value=args.steps))
    for name in ("eta", "mu", "x0"):
        value = getattr(args, name)
        if value is not None and not math.isfinite(value):
            raise CliError(_("--{name} must be a finite number, got {value}").format(name=name, value=value))
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise CliError(_("--out must name a .png file, got {text!r}").format(text=args.out))
    if not out.parent.exists():
        raise CliError(_("folder {folder!r} does not exist").format(folder=str(out.parent)))
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    with tempfile.TemporaryDirectory(prefix="downhill-shot-") as save_dir:
        capture(args, size, out, save_dir)
    print(out)
    return 0


def capture(args, size, out: Path, save_dir: str) -> None:
    from game.app import build_app
    from game.errors import CliError

    app = build_app(size, store_dir=save_dir, level_dir=args.levels,
                    start="title" if args.scene in ("title", "levels", "quit") else None)
    try:
        apply_settings(app, getattr(args, "set", []), CliError)
        if args.scene == "title":
            pass
        elif args.scene == "quit":
            app.stack.top.back()
        elif args.scene == "ending":
            from game.scenes.ending import EndingScene

            for level in app.ordered_levels():  # a made-up finished game: two stars on each level
                app.store.record(level.id, 2, 10, True)
            app.stack.push(EndingScene(app))
        elif args.scene == "levels":
            app.stack.top.play()
        else:
            stage(app, args, CliError)
        app.frame(0.0)
        app.draw()
        app.window.save_png(out)
    finally:
        app.close()


def apply_settings(app, pairs, CliError) -> None:
    """`--set NAME=VALUE` pairs into this picture's (temporary) store, applied like Settings does."""
    from game.store import StoreError

    words = {"on": True, "true": True, "yes": True, "off": False, "false": False, "no": False}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep:
            raise CliError(_("--set {pair!r}: expected NAME=VALUE, e.g. text_scale=1.5").format(pair=pair))
        value = words.get(text.lower(), text)
        if isinstance(value, str) and name != "language":
            try:
                value = float(text)
            except ValueError:
                pass
        try:
            app.store.update_settings(**{name.strip(): value})
        except StoreError as error:
            raise CliError(f"--set {pair!r}: {error}") from None
    if pairs:
        from game import i18n

        i18n.use(i18n.choose(app.store.settings.language))
        app.apply_look()


def stage(app, args, CliError) -> None:
    level = next((lv for lv in app.levels.levels if lv.id == args.level), None)
    if level is None:
        known = ", ".join(lv.id for lv in app.levels.levels)
        raise CliError(_("no level {level!r}; levels: {known}").format(level=args.level, known=known))
    if not app.registry.can_play(level):
        raise CliError(_("level {level!r} ({kind}) has no scene to show it yet").format(level=level.id, kind=level.kind))
    scene = app.open_level(level)
    if hasattr(scene, "set_params"):
        if args.optimizer is not None and args.optimizer not in level.optimizers:
            raise CliError(_("level {level!r} allows optimizers {names}, not {text!r}").format(
                level=level.id, names=", ".join(level.optimizers), text=args.optimizer))
        scene.set_params(eta=args.eta, mu=args.mu, x0=args.x0, optimizer=args.optimizer)
    advance = getattr(scene, "advance_steps", None)
    if advance is not None:
        advance(args.steps)
    if args.scene.startswith("phase") and hasattr(scene, "show_phase"):
        scene.show_phase(int(args.scene[-1]) - 1)
    elif args.scene == "results" and getattr(scene, "result", None) is not None:
        app.show_results(scene)
    elif args.scene == "results":
        raise CliError(_("the run has not finished after --steps; give more steps for --scene results"))
    elif args.scene == "wiggle":  # the first weight picked to wiggle (seed 001 sec. 3)
        if not getattr(scene, "wiggle_lines", list)():
            raise CliError(_("level {level!r} has no weights to wiggle; the network levels with lines have").format(level=level.id))
        scene.cycle_weight()
        scene.set_weight(float(scene.trainer.params[scene.picked]) + 1.0)  # as if dragged up a little
    elif args.scene == "help":
        app.show_help()
    elif args.scene == "settings":
        app.show_settings()
    elif args.scene != "play":
        open_extra_view(app, scene, level, args.scene, CliError)


VIEW_SECONDS = 1.0  # an extra view runs this long before the picture (the swarm rolls)


def open_extra_view(app, scene, level, name: str, CliError) -> None:
    views = {view.name: view for view in app.registry.views_for(level)}
    if name not in views:
        known = ", ".join([*SCENES, *views])
        raise CliError(_("no scene {name!r} for level {level!r}; expected one of {known}").format(
            name=name, level=level.id, known=known))
    scene.open_view(views[name])
    for _frame in range(int(VIEW_SECONDS * 60)):
        app.frame(1 / 60)
