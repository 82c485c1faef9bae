"""The `downhill` command line: parses, calls, prints. Each subcommand lives in game/commands/."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from game import __version__, i18n
from game.commands import COMMAND_MODULES
from game.errors import CliError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="downhill",
        description="Downhill: a game about how machines learn. With no command, the game opens.",
    )
    parser.add_argument("--version", action="version", version=f"downhill {__version__}")
    parser.add_argument("--lang", metavar="LANG",
                        help=f"language for this run and every command ({', '.join(i18n.LANGUAGES)}); "
                             f"also {i18n.ENV_VAR}; default: the saved setting, then the system locale")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
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
                raise CliError("--lang needs a language: " + ", ".join(i18n.LANGUAGES))
            lang, i = argv[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return lang, rest


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        lang, argv = take_lang(argv)
        if lang is not None:
            # In the environment so that build_app and child processes (kiosk) follow it too.
            os.environ[i18n.ENV_VAR] = i18n.check(lang)
    except (CliError, i18n.UnknownLanguage) as error:
        print(f"downhill: {error}", file=sys.stderr)
        return 2
    i18n.use(i18n.choose())
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
