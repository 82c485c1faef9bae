"""An answer button: a sentence (wrapped to fit), its letter, and once picked a mark that says
right or wrong by shape and word as well as colour."""

from __future__ import annotations

from game.i18n import _
from game.render import theme
from game.ui.button import Button

MIN_TEXT = 14


class ChoiceButton(Button):
    def __init__(self, label: str, on_press, *, letter: str) -> None:
        super().__init__(label, on_press, hint=letter, accent="VIOLET")
        self.letter = letter
        self.verdict: bool | None = None  # None: not picked; True right; False wrong

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
        width = w - 46 * s
        size = 16 * s
        label = _(self.label)  # a level text: its msgid
        while size > MIN_TEXT * s and painter.block_height([label], size, width, 1.2) > h - 8 * s:
            size -= 0.5 * s
        height = painter.block_height([label], size, width, 1.2)
        ink = theme.INK if self.enabled else theme.INK_FAINT
        painter.text_block([label], x + 36 * s, y + (h - height) / 2, size, ink, width, leading=1.2)
