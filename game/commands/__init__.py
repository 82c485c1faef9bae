"""Subcommands of `downhill`. Each module here has `register(subparsers)`, which adds its
parser and sets `func` to a callable taking the parsed args and returning an exit code.

Add a command by writing a module and naming it in COMMAND_MODULES.
"""

COMMAND_MODULES = (
    "game.commands.play",
    "game.commands.bench",
    "game.commands.screenshot",
    "game.commands.fuzz",
    "game.commands.levels",
    "game.commands.check_levels",
    "game.commands.run",
    "game.commands.map",
    "game.commands.params",
    "game.commands.classroom",
    "game.commands.kiosk",
    "game.commands.lr_find",
)
