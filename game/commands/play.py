"""`downhill play` (the default): open the game window."""

from __future__ import annotations


def register(subparsers) -> None:
    parser = subparsers.add_parser("play", help="open the game (the default command)")
    parser.add_argument("--fullscreen", action="store_true", help="start in fullscreen")
    parser.add_argument("--size", default="1280x720", help="window size WxH (default 1280x720)")
    parser.add_argument("--unlock-all", action="store_true",
                        help="open every level (for teachers; saved, and switched off again in Settings)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from game.app import launch

    return launch(args)
