"""Errors every layer may raise and the command line turns into one line."""


class CliError(Exception):
    """A bad value on the command line: printed as one line, exit code 2."""
