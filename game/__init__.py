"""Downhill: a game about how machines learn."""

__version__ = "0.1.0"
