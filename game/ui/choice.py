"""An answer button: a sentence (wrapped to fit), its letter, and once picked a mark that says
right or wrong by shape and word as well as colour."""

from __future__ import annotations

from game.i18n import _
from game.render import theme
from game.ui.button import Button

TEXT = 16  # the answer's size (pixels at 720p), shrunk down to MIN_TEXT where the button is low
MIN_TEXT = 14
LEADING = 1.2


class ChoiceButton(Button):
    def __init__(self, label: str, on_press, *, letter: str) -> None:
        super().__init__(label, on_press, hint=letter, accent="VIOLET")
        self.letter = letter
        self.verdict: bool | None = None  # None: not picked; True right; False wrong

    @staticmethod
    def text_width(w: float, s: float) -> float:
        """The answer's width in a button `w` wide (the mark takes the left)."""
        return w - 46 * s

    def rows(self, painter, w: float, s: float, size: float) -> list[str]:
        return painter.wrap([_(self.label)], size, self.text_width(w, s))[0]  # a level text: its msgid

    def height_for(self, painter, w: float, s: float, smallest: bool = False) -> float:
        """How high a button `w` wide must be for its answer at its own size (`smallest`: at
        the smallest it shrinks to), with the player's text size: its rows and a margin."""
        return self._height(painter, w, s, (MIN_TEXT if smallest else TEXT) * s)

    def _height(self, painter, w: float, s: float, size: float) -> float:
        return len(self.rows(painter, w, s, size)) * painter.line_height(size, LEADING) + 10 * s

    def draw(self, painter, ui_scale: float, focused: bool) -> None:
        s = ui_scale
        x, y, w, h = self.rect
        if self.verdict is True:
            accent, mark = theme.BLUE, "✓"
        elif self.verdict is False:
            accent, mark = theme.ORANGE, "✗"
        else:
            accent, mark = self.accent, self.letter
        fill = theme.with_alpha(accent, 0.30 if (self.pressed or self.hovered) else 0.12)
        if not self.enabled:
            fill, accent = theme.CONTROL_OFF, theme.INK_FAINT
        painter.rect(x, y, w, h, fill, radius=10 * s)
        painter.rect(x, y, w, h, theme.with_alpha(accent, 0.7), radius=10 * s, stroke=1.5 * s)
        painter.text(mark, x + 18 * s, y + h / 2, 20 * s, accent, anchor="center", face="bold")
        size = TEXT * s
        while size > MIN_TEXT * s and self._height(painter, w, s, size) > h:
            size = max(MIN_TEXT * s, size - 0.5 * s)
        rows = self.rows(painter, w, s, size)
        line_h = painter.line_height(size, LEADING)
        top = y + h / 2 - len(rows) * line_h / 2
        ink = theme.INK if self.enabled else theme.INK_FAINT
        for i, row in enumerate(rows):
            painter.text(row, x + 36 * s, top + (i + 0.5) * line_h, size, ink, anchor="midleft")
