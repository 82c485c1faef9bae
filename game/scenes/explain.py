"""What happened in a run and why, in the player's words (the results screen): each level
family explains its own runs (game/sim/families/)."""

from __future__ import annotations

from game.sim.families import family_of


def explain(level, result) -> list[str]:
    """Two or three sentences on the finished run `result` (a RunResult) of `level`."""
    return family_of(level).explain(level, result)
