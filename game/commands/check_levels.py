"""`downhill check-levels [PATH ...]`: validate level files, one compiler-style line per problem."""

from __future__ import annotations

from pathlib import Path

from game.errors import CliError
from game.levels import LevelError, load_levels
from game.resources import data_dir


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check-levels", help="validate level files (default: the built-in ones)",
        description="Validate level files. Each problem is printed as "
                    "FILE:LINE:COL: $.json.path: what is wrong; what is expected. "
                    "Exit status 1 if there is any problem, 0 when all are clean.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="level files or folders of them (default: the built-in levels)")
    parser.set_defaults(func=run)


def run(args) -> int:
    paths = [Path(p) for p in args.paths] or [data_dir("levels")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise CliError(f"no such file or folder '{missing[0]}'; expected level files or folders of them")
    try:
        found = load_levels(paths)
    except LevelError as error:
        raise CliError(str(error)) from None
    for problem in found.problems:
        print(problem)
    if found.files == 0:
        print(f"no level files (*.json) in {', '.join(map(str, paths))}")
        return 1
    ok = f"{len(found.levels)} level{'s' if len(found.levels) != 1 else ''} OK"
    if found.problems:
        bad = len({p.path for p in found.problems})
        count = len(found.problems)
        print(f"{ok}; {count} problem{'s' if count != 1 else ''} in {bad} "
              f"file{'s' if bad != 1 else ''}")
        return 1
    print(ok)
    return 0
