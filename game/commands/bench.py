"""`downhill bench`: run the measurement suites in game/perf and print one line per figure."""

from __future__ import annotations

import importlib
import json

from game.errors import CliError
from game.i18n import _
from game.perf import SUITES


def register(subparsers) -> None:
    parser = subparsers.add_parser("bench", help=_("measure simulation, GPU, network and frame speed"),
                                   description=_("Measure simulation, GPU, network and frame speed: one line "
                                                 "per figure (timings are never pass/fail)."))
    parser.add_argument("suites", nargs="*", metavar="SUITE",
                        help=_("which suites (default: all of {suites})").format(suites=", ".join(SUITES)))
    parser.add_argument("--quick", action="store_true", help=_("smaller sizes, for a fast look"))
    parser.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
    parser.add_argument("--scene", action="append", default=[], metavar="NAME",
                        help=_("frames suite: only this scene (repeatable; default: every scene)"))
    parser.add_argument("--size", action="append", default=[], metavar="WxH",
                        help=_("frames suite: only this window size (repeatable; default: 1280x720 and 1920x1080)"))
    parser.add_argument("--passes", type=int, default=1, metavar="N",
                        help=_("frames suite: stage each scene N times and add the p99 of each frame's fastest "
                               "pass, the cost without the machine's own ups and downs (default: 1)"))
    parser.set_defaults(func=run)


def run(args) -> int:
    unknown = [suite for suite in args.suites if suite not in SUITES]
    if unknown:
        raise CliError(_("unknown suite {name!r}; expected one of {suites}").format(name=unknown[0], suites=", ".join(SUITES)))
    options = _frames_options(args)
    if options and args.suites != ["frames"]:
        raise CliError(_("--scene, --size and --passes apply to the frames suite alone: {command}").format(
            command="downhill bench frames --scene NAME"))
    measurements = []
    for suite in args.suites or SUITES:
        module = importlib.import_module(f"game.perf.{suite}")
        for measurement in module.run(quick=args.quick, **options):
            measurements.append(measurement)
            if not args.json:
                print(measurement.line(), flush=True)
    if args.json:
        print(json.dumps([m.__dict__ for m in measurements], indent=2))
    return 0


def _frames_options(args) -> dict:
    """--scene, --size and --passes, checked, as keyword arguments for game.perf.frames.run."""
    options = {}
    if args.passes != 1:
        if args.passes < 1:
            raise CliError(_("--passes {count}: stage each scene at least once").format(count=args.passes))
        options["passes"] = args.passes
    if args.scene:
        from game.perf.frames import STAGES

        unknown = [name for name in args.scene if name not in STAGES]
        if unknown:
            raise CliError(_("--scene {name!r}: expected one of {scenes}").format(name=unknown[0], scenes=", ".join(STAGES)))
        options["scenes"] = args.scene
    if args.size:
        from game.window import parse_size

        try:
            options["sizes"] = [parse_size(text) for text in args.size]
        except ValueError as error:
            raise CliError(f"--size: {error}") from None
    return options
