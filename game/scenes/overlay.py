"""Shared look of the scenes drawn over another one (results, help, settings)."""

from __future__ import annotations

from game.render import theme
from game.render.layout import note_panel
from game.scenes.base import Scene


class OverlayScene(Scene):
    """Drawn over a paused scene. `draw_still` (kept in the app's cached picture, redrawn when
    `still_key()` changes) holds what does not move; `draw` adds the rest each frame."""

    opaque = False

    def still_key(self):
        return (self.size, self.focus.look(), self.focus.ring_visible, self.focus.index)

    def draw_still(self, painter) -> None:
        pass

    def draw(self, painter, alpha: float) -> None:
        pass

    def card_rect(self, w: float, h: float) -> tuple[float, float, float, float]:
        W, H = self.size
        s = self.s
        w, h = min(w * s, W - 20 * s), min(h * s, H - 20 * s)
        return (W - w) / 2, (H - h) / 2, w, h

    def draw_card(self, painter, rect, accent=None) -> None:
        s = self.s
        accent = theme.PANEL_EDGE if accent is None else accent
        x, y, w, h = rect  # the app dims the paused scene beneath
        note_panel(painter, rect, "card")
        painter.rect(x, y, w, h, theme.CARD, radius=20 * s, glow=14 * s)
        painter.rect(x, y, w, h, accent, radius=20 * s, stroke=1.6 * s)
