"""`downhill kiosk`: the game for museums and fairs, under a watchdog.

    downhill kiosk [--config FILE.toml]     supervisor + the game in a child process
    downhill kiosk --print-config           the defaults, as a TOML file to edit
    downhill kiosk --check-config FILE      read the file, print its problems, exit
    downhill kiosk stats [--csv]            the anonymous visit counts
    downhill kiosk --no-watchdog            the game in this process (what the child runs)
"""

from __future__ import annotations

import os
import signal
import sys

from game.i18n import _


def register(subparsers) -> None:
    parser = subparsers.add_parser("kiosk", help=_("kiosk mode: attract loop, idle reset, lockdown, watchdog, stats"),
                                   description=_("The game for museums and fairs, under a watchdog: attract "
                                                 "loop, idle reset, lockdown and anonymous visit counts."))
    parser.add_argument("what", nargs="?", choices=["stats"], help=_("stats: print the visit counts"))
    parser.add_argument("--config", metavar="FILE.toml", help=_("kiosk settings (see --print-config)"))
    parser.add_argument("--print-config", action="store_true", help=_("print the default settings and exit"))
    parser.add_argument("--check-config", action="store_true", help=_("check --config, print its problems, exit"))
    parser.add_argument("--csv", action="store_true", help=_("with `stats`: CSV instead of a table"))
    parser.add_argument("--no-watchdog", action="store_true", help=_("run the game in this process, no supervisor"))
    parser.add_argument("--windowed", action="store_true", help=_("a window instead of fullscreen (for trying it)"))
    parser.add_argument("--size", default="1920x1080", help=_("window size WxH when windowed (default 1920x1080)"))
    parser.set_defaults(func=run)


def read_config(path):
    """The config, or one line per problem on stderr and exit status 2."""
    from game.kiosk.config import ConfigError, load_config
    from game.levels import load_levels

    try:
        known = [level.id for level in load_levels().levels]
        return load_config(path, known_levels=known), None
    except ConfigError as error:
        for line in error.lines:
            print(f"downhill kiosk: {line}", file=sys.stderr)
        return None, 2


def run(args) -> int:
    from game.errors import CliError

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # stdout is for the config, the table, the CSV
    if args.print_config:
        from game.kiosk.config import DEFAULT_TOML
        sys.stdout.write(DEFAULT_TOML)
        return 0
    config, status = read_config(args.config)
    if config is None:
        return status
    if args.check_config:
        print(_("{file}: ok").format(file=config.source))
        return 0
    if args.what == "stats":
        from game.kiosk.stats import print_stats
        return print_stats(config.stats_file(), as_csv=args.csv)
    from game.window import parse_size

    try:
        size = parse_size(args.size)
    except ValueError as error:
        raise CliError(str(error)) from None
    if args.no_watchdog:
        return play(config, size, fullscreen=not args.windowed)
    from game.kiosk.supervisor import Supervisor, game_command

    command = game_command(args.config, size, args.windowed)
    return Supervisor(command, config).run()


def play(config, size, fullscreen: bool) -> int:
    from game.kiosk.app import build_kiosk_app
    from game.kiosk.heartbeat import Heartbeat
    from game.kiosk.stats import Stats
    from game.window import WindowError

    stats = Stats.open(config.stats_file())
    if stats.notice:
        print(stats.notice, file=sys.stderr)
    try:
        app = build_kiosk_app(config, size, fullscreen=fullscreen, stats=stats,
                              heartbeat=Heartbeat.from_environment(os.environ))
    except WindowError as error:
        print(f"downhill kiosk: {error}", file=sys.stderr)
        return 1
    # SDL turns SIGTERM into a window-close event, which the kiosk ignores: take the signal back,
    # so `systemctl stop` (through the supervisor) ends the game at once and the visit is counted.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: app.stop())
    app.background_par = True  # a visitor never sees the screen freeze for a par search
    try:
        app.run()
    finally:
        app.close()
    return 0
