"""A button: a word (and its shortcut), pressed by click, tap, Enter/Space or the pad's A."""

from __future__ import annotations

from collections.abc import Callable

from game.i18n import _
from game.render import theme
from game.ui.events import Pointer
from game.ui.widget import Widget


class Button(Widget):
    boxed = True  # drawn as a box: the layout check keeps its words inside
    def __init__(self, label: str, on_press: Callable[[], None], *, hint: str = "",
                 enabled: bool = True, reason: str = "", accent: str = "BLUE", big: bool = False,
                 also: tuple[str, ...] = ()) -> None:
        super().__init__(label, enabled=enabled, reason=reason, hint=hint)
        self.labels = (label, *also)  # every label it may show (Play/Pause): a layout makes room for each
        self.on_press = on_press
        self.accent = accent
        self.big = big
        self.pressed = False
        self.lit = False  # a toggled-on look (play while running, phases on)
        self._fitted_key, self._fitted = None, (0.0, [])  # the last fit_label asked and its answer

    @property
    def accent(self) -> tuple:
        """The edge colour: the role's colour in the look as it is now (read at draw time)."""
        return theme.role(self.accent_role)

    @accent.setter
    def accent(self, role: str) -> None:
        theme.role(role)  # a role name ("BLUE"), never a colour copied at construction
        self.accent_role = role

    def activate(self) -> None:
        if self.enabled:
            self.on_press()

    def on_pointer(self, event: Pointer) -> bool:
        inside = self.contains(event.x, event.y, event.touch)
        if event.kind == "down" and inside:
            self.pressed = True
            return True
        if event.kind == "up" and self.pressed:
            self.pressed = False
            if inside:
                self.activate()
            return True
        if event.kind == "move":
            self.hovered = inside
        return False

    def draw(self, painter, ui_scale: float, focused: bool) -> None:
        x, y, w, h = self.rect
        s = ui_scale
        if not self.enabled:
            fill, ink = theme.CONTROL_OFF, theme.INK_FAINT
        elif self.lit:
            fill, ink = theme.with_alpha(self.accent, 0.85), theme.ON_ACCENT
        elif self.pressed or self.hovered:
            fill, ink = theme.with_alpha(self.accent, 0.30), theme.INK
        else:
            fill, ink = theme.CONTROL, theme.INK
        painter.rect(x, y, w, h, fill, radius=10 * s, glow=(6 * s if self.lit else 0))
        painter.rect(x, y, w, h, theme.with_alpha(self.accent, 0.55 if self.enabled else 0.2), radius=10 * s, stroke=1.5 * s)
        size = (24 if self.big else 19) * s
        label, hint, reason = _(self.label), _(self.hint), _(self.reason)  # msgids, shown translated
        size, rows = self._fit_label(painter, label, size, w - 12 * s, h - 4 * s, s)
        room = theme.TEXT_SCALE  # bigger text (Settings) needs a taller button for a second line
        if len(rows) > 1:  # a long label (or a long translation) on two lines, the hint left out
            line_h = painter.line_height(size, 1.05)
            top = y + h * 0.5 - line_h * len(rows) / 2
            for i, row in enumerate(rows):
                painter.text(row, x + w * 0.5, top + (i + 0.5) * line_h, size, ink, anchor="center", face="bold")
        elif not self.enabled and self.reason and h >= 44 * s * room:
            painter.text(label, x + w * 0.5, y + h * 0.42, size, ink, anchor="center", face="bold")
            painter.text(reason, x + w * 0.5, y + h - 3 * s, 14 * s, theme.INK_FAINT, anchor="bottomcenter")
        elif self.hint and self.enabled and h >= 50 * s * room:
            painter.text(label, x + w * 0.5, y + h * 0.45, size, ink, anchor="center", face="bold")
            painter.text(hint, x + w * 0.5, y + h - 2 * s, 14 * s,
                         theme.with_alpha(ink, 0.6), anchor="bottomcenter")
        else:
            painter.text(label, x + w * 0.5, y + h * 0.5, size, ink, anchor="center", face="bold")

    def _fit_label(self, painter, label: str, size: float, width: float, height: float, s: float):
        """fit_label's answer, kept while the label, the box and the text size stay the same."""
        key = (label, size, width, height, s, theme.TEXT_SCALE, painter.size)
        if self._fitted_key != key:
            self._fitted_key, self._fitted = key, fit_label(painter, label, size, width, height, s)
        return self._fitted


def fit_label(painter, label: str, size: float, width: float, height: float, s: float,
              face: str = "bold") -> tuple[float, list[str]]:
    """(size, rows) for a label in a box: one line shrunk down to 14 points asked (as at
    text size 1.0); else two lines where the box is tall enough; else one line shrunk down to
    the readable floor (14 px shown); else two lines at the floor. Never cut, never under 14 px."""
    floor = painter.floor_size(14 * s)
    while size > floor and painter.text_height(size, face) > height:  # a low box: a line as high as it
        size = max(floor, size - 1)
    fitted = painter.fit(label, size, width, face, smallest=14 * s * theme.TEXT_SCALE)
    if painter.fits(label, fitted, width, face):
        return fitted, [label]
    words = len(label.split())
    if words > 1:
        for trial in (fitted, painter.fit(label, fitted, width * 2, face, smallest=14 * s)):
            rows = painter.wrap([label], trial, width, face)[0]
            if len(rows) == 2 and 2 * painter.line_height(trial, 1.05) <= height \
                    and all(painter.fits(row, trial, width, face) for row in rows):
                return trial, rows
    floor = painter.fit(label, fitted, width, face, smallest=14 * s)
    if painter.fits(label, floor, width, face) or words < 2:
        return floor, [label]
    return floor, painter.wrap([label], floor, width, face)[0]
