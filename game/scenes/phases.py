"""One step slowed into the four phases of a training step (seed 000): forward, loss,
gradient, update. The phase clock only says which phase is lit and how far along it is; the
ball itself moves only when the update phase ends."""

from __future__ import annotations

from dataclasses import dataclass

from game.render.level_view import PHASES
PHASE_SECONDS = 0.9  # at speed x1


@dataclass
class PhaseClock:
    index: int | None = None   # None: not inside a step
    elapsed: float = 0.0

    @property
    def active(self) -> bool:
        return self.index is not None

    @property
    def name(self) -> str | None:
        return None if self.index is None else PHASES[self.index]

    @property
    def fraction(self) -> float:
        return min(1.0, self.elapsed / PHASE_SECONDS)

    def start(self) -> None:
        self.index, self.elapsed = 0, 0.0

    def stop(self) -> None:
        self.index, self.elapsed = None, 0.0

    def skip(self) -> bool:
        """Jump to the next phase at once; True when the update phase just finished."""
        if self.index is None:
            return False
        self.elapsed = PHASE_SECONDS
        return self.advance(0.0)

    def advance(self, seconds: float) -> bool:
        """Move the clock on; True when the update phase has just finished (time to step)."""
        if self.index is None:
            return False
        self.elapsed += max(0.0, seconds)
        if self.elapsed < PHASE_SECONDS:
            return False
        self.elapsed = 0.0
        if self.index == len(PHASES) - 1:
            self.index = None
            return True
        self.index += 1
        return False
