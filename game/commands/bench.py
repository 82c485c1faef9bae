"""`downhill bench`: run the measurement suites in game/perf and print one line per figure."""

from __future__ import annotations

import importlib
import json

from game.errors import CliError
from game.perf import SUITES


def register(subparsers) -> None:
    parser = subparsers.add_parser("bench", help="measure simulation, GPU, network and frame speed")
    parser.add_argument("suites", nargs="*", metavar="SUITE",
                        help=f"which suites (default: all of {', '.join(SUITES)})")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a fast look")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.set_defaults(func=run)


def run(args) -> int:
    unknown = [suite for suite in args.suites if suite not in SUITES]
    if unknown:
        raise CliError(f"unknown suite {unknown[0]!r}; expected one of {', '.join(SUITES)}")
    measurements = []
    for suite in args.suites or SUITES:
        module = importlib.import_module(f"game.perf.{suite}")
        for measurement in module.run(quick=args.quick):
            measurements.append(measurement)
            if not args.json:
                print(measurement.line(), flush=True)
    if args.json:
        print(json.dumps([m.__dict__ for m in measurements], indent=2))
    return 0
