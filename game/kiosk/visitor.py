"""A visitor's progress: the game's Store, kept in memory only. Each visitor gets a fresh one;
nothing a visitor does reaches a disk, and the machine's real save is never opened."""

from __future__ import annotations

from pathlib import Path

from game.store import Store

NOWHERE = Path("/nonexistent/downhill-kiosk-visitor/progress.json")  # never written


class VisitorStore(Store):
    """Store with `save()` a no-op. `on_record(level_id, progress)` hears every finished run
    (the kiosk's statistics count cleared levels from it)."""

    def __init__(self, *, unlock_all: bool = True, volume: float = 0.6, muted: bool = False,
                 on_record=None, look: dict | None = None) -> None:
        """`look`: the kiosk's text size, contrast, palette, motion and sound settings (Settings
        names), every visitor's to start with."""
        super().__init__(NOWHERE, {"format": 1, "settings": {"unlock_all": unlock_all, "volume": volume,
                                                             "muted": muted, **(look or {})}})
        self.on_record = on_record
        self.saves = 0  # how many times the game asked to save (tests: it asked, nothing was written)

    def save(self) -> str | None:
        self.saves += 1
        self._unsaved = False
        return None

    def record(self, level_id: str, stars: int, steps: int, cleared: bool | None = None):
        progress = super().record(level_id, stars, steps, cleared)
        if self.on_record is not None:
            self.on_record(level_id, stars, steps, bool(stars > 0 if cleared is None else cleared))
        return progress
