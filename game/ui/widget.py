"""What every control shares: a rectangle, a label, enabled or disabled with a reason."""

from __future__ import annotations

from game.ui.events import Key, Pointer

TOUCH_SLOP = 14.0  # extra pixels around a target for fingers


class Widget:
    focusable = True

    def __init__(self, label: str, *, enabled: bool = True, reason: str = "", hint: str = "") -> None:
        self.label = label
        self.enabled = enabled
        self.reason = reason        # why it is disabled, shown to the player
        self.hint = hint            # its keyboard shortcut, shown beside it
        self.rect = (0.0, 0.0, 0.0, 0.0)
        self.hovered = False

    def place(self, x: float, y: float, w: float, h: float) -> None:
        self.rect = (float(x), float(y), float(w), float(h))

    def contains(self, x: float, y: float, touch: bool = False) -> bool:
        rx, ry, rw, rh = self.rect
        slop = TOUCH_SLOP if touch else 0.0
        return rx - slop <= x <= rx + rw + slop and ry - slop <= y <= ry + rh + slop

    # Each returns True when it used the event. A pointer "down" that returns True captures the
    # pointer until the matching "up".
    def on_pointer(self, event: Pointer) -> bool:
        return False

    def on_key(self, event: Key) -> bool:
        return False

    def activate(self) -> None:
        """Enter, Space or the pad's A on a focused widget."""

    def update(self, dt: float) -> None:
        """Continuous input (a held stick) between frames."""

    def draw(self, painter, ui_scale: float, focused: bool) -> None:
        raise NotImplementedError
