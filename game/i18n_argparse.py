"""argparse's own words (usage:, options, its error lines) through the translation seam.

argparse looks its words up with the module-level `_` and `ngettext` it imported from gettext
(the global "messages" domain, which reads .mo files named by the environment): nothing the game
ships. `install()` points those two names at game.i18n, so `downhill --lang de run --help` says
"Aufruf:" and "Optionen" like the rest of the page. Its msgids are listed below with N_ so that
extraction puts them in our catalogs; tests/unit/test_cli_lang.py checks the list against the
running Python's argparse (a new message there fails the test until it is added here or to
NOT_SHOWN). The %-placeholders stay as argparse fills them in (%(prog)s, %s); the catalog test
checks each translation keeps them.
"""

from __future__ import annotations

from game.i18n import N_, _, ngettext

# TRANSLATORS: argparse's words on `downhill ... --help` and on a mistyped command line.
SHOWN = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)
PLURALS = (("expected %s argument", "expected %s arguments"),)


def _plural_msgids() -> None:  # never called: extraction reads the ngettext() below
    ngettext("expected %s argument", "expected %s arguments", 1)


# argparse's words for the programmer who builds a parser wrongly: never seen by a player.
NOT_SHOWN = {
    ".__call__() not defined", "conflicting subparser: %s", "conflicting subparser alias: %s",
    'argument "-" with mode %r', "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r", "invalid conflict_resolution value: %r",
    "conflicting option string: %s", "mutually exclusive arguments must be optional",
    "cannot have multiple subparser arguments", "%r is not callable",
}


def install() -> None:
    """Make argparse say its words in the active language (read each time it says them)."""
    import argparse

    argparse._ = _
    argparse.ngettext = ngettext
