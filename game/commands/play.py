"""`downhill play` (the default): open the game window."""

from __future__ import annotations

from game.i18n import _


def register(subparsers) -> None:
    parser = subparsers.add_parser("play", help=_("open the game (the default command)"),
                                   description=_("Open the game window (what `downhill` does with no command)."))
    parser.add_argument("--fullscreen", action="store_true", help=_("start in fullscreen"))
    parser.add_argument("--size", default="1280x720", help=_("window size WxH (default 1280x720)"))
    parser.add_argument("--unlock-all", action="store_true",
                        help=_("open every level (for teachers; saved, and switched off again in Settings)"))
    parser.set_defaults(func=run)


def run(args) -> int:
    from game.app import launch

    return launch(args)
