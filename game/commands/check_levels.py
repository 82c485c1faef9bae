"""`downhill check-levels [PATH ...]`: validate level files, one compiler-style line per problem."""

from __future__ import annotations

from pathlib import Path

from game.errors import CliError
from game.i18n import _, ngettext
from game.levels import LevelError, load_levels
from game.resources import data_dir


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check-levels", help=_("validate level files (default: the built-in ones)"),
        description=_("Validate level files. Each problem is printed as "
                      "FILE:LINE:COL: $.json.path: what is wrong; what is expected. "
                      "Exit status 1 if there is any problem, 0 when all are clean."))
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help=_("level files or folders of them (default: the built-in levels)"))
    parser.set_defaults(func=run)


def run(args) -> int:
    paths = [Path(p) for p in args.paths] or [data_dir("levels")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise CliError(_("no such file or folder '{path}'; expected level files or folders of them").format(path=missing[0]))
    try:
        found = load_levels(paths)
    except LevelError as error:
        raise CliError(str(error)) from None
    for problem in found.problems:
        print(problem)
    if found.files == 0:
        print(_("no level files (*.json) in {paths}").format(paths=", ".join(map(str, paths))))
        return 1
    ok = ngettext("{count} level OK", "{count} levels OK", len(found.levels)).format(count=len(found.levels))
    if found.problems:
        bad = len({p.path for p in found.problems})
        count = len(found.problems)
        problems = ngettext("{count} problem", "{count} problems", count).format(count=count)
        files = ngettext("in {count} file", "in {count} files", bad).format(count=bad)
        print(f"{ok}; {problems} {files}")
        return 1
    print(ok)
    return 0
