"""The `downhill` command line: parses, calls, prints. Each subcommand lives in game/commands/."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from game import __version__, i18n, i18n_argparse
from game.commands import COMMAND_MODULES
from game.errors import CliError
from game.i18n import _


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, its help in the active language (build it after i18n.use())."""
    i18n_argparse.install()  # argparse's own words (usage:, options, its errors) through _()
    parser = argparse.ArgumentParser(
        prog="downhill",
        description=_("Downhill: a game about how machines learn. With no command, the game opens."),
    )
    parser.add_argument("--version", action="version", version=f"downhill {__version__}",
                        help=_("show the program's version and exit"))
    parser.add_argument("--lang", metavar="LANG",
                        help=_("language for this run and every command ({languages}); also {variable}; "
                               "default: the saved setting, then the system locale").format(
                                   languages=", ".join(i18n.LANGUAGES), variable=i18n.ENV_VAR))
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def _names_a_command(parser: argparse.ArgumentParser, argv: list[str]) -> bool:
    if any(arg in ("-h", "--help", "--version") for arg in argv[:1]):
        return True
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return bool(argv) and argv[0] in commands.choices


def take_lang(argv: list[str]) -> tuple[str | None, list[str]]:
    """Pull `--lang X` / `--lang=X` out of argv wherever it stands (before a bare `--`), so it
    works with any subcommand: `downhill levels --lang de` and `downhill --lang de levels`."""
    rest, lang, i = [], None, 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg == "--lang":
            if i + 1 >= len(argv):
                raise CliError(_("--lang needs a language: {languages}").format(languages=", ".join(i18n.LANGUAGES)))
            lang, i = argv[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return lang, rest


def main(argv: list[str] | None = None) -> int:
    from game.store import saved_settings

    argv = list(sys.argv[1:] if argv is None else argv)
    saved = saved_settings().language
    i18n.use(i18n.choose(saved))  # DOWNHILL_LANG, the saved setting, the system locale: for a bad --lang
    try:
        lang, argv = take_lang(argv)
        if lang is not None:
            # In the environment so that build_app and child processes (kiosk) follow it too.
            os.environ[i18n.ENV_VAR] = i18n.check(lang)
    except (CliError, i18n.UnknownLanguage) as error:
        print(f"downhill: {error}", file=sys.stderr)
        return 2
    if lang is not None:
        i18n.use(i18n.choose(saved))  # --lang first (it is in DOWNHILL_LANG now)
    parser = build_parser()  # after the language is known: its help and errors are translated
    if not _names_a_command(parser, argv):
        argv = ["play", *argv]  # `downhill --fullscreen` opens the game, like `downhill play ...`
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as error:
        print(f"downhill {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`downhill levels | head`): not an error of ours. Point stdout at
        # /dev/null so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
