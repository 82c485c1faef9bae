"""The `downhill` command line: parses, calls, prints. Each subcommand lives in game/commands/."""

from __future__ import annotations

import argparse
import importlib
import sys

from game import __version__
from game.commands import COMMAND_MODULES


class CliError(Exception):
    """A bad value on the command line: printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="downhill",
        description="Downhill: a game about how machines learn. With no command, the game opens.",
    )
    parser.add_argument("--version", action="version", version=f"downhill {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def _names_a_command(parser: argparse.ArgumentParser, argv: list[str]) -> bool:
    if any(arg in ("-h", "--help", "--version") for arg in argv[:1]):
        return True
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return bool(argv) and argv[0] in commands.choices


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
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
