"""Keyboard, pad and pointer routing for a scene's widgets, and the visible focus ring.

Tab / Shift+Tab (or the pad's D-pad) move the focus; Enter, Space or A activate; arrows go to
the focused widget. A pointer goes to the widget it lands on, and a widget that takes a
"down" keeps the pointer until "up" (dragging). The ring shows after keyboard or pad use and
hides after mouse use, like a browser's :focus-visible.
"""

from __future__ import annotations

import pygame

from game.render import theme
from game.render.layout import note_panel
from game.ui.events import PAD_A, Key, Pad, Pointer, UiEvent
from game.ui.widget import Widget


class FocusGroup:
    def __init__(self, widgets: list[Widget] | None = None) -> None:
        self.widgets: list[Widget] = list(widgets or [])
        self.index = 0
        self.captured: Widget | None = None
        self.ring_visible = False

    def set_widgets(self, widgets: list[Widget]) -> None:
        focused = self.focused
        self.widgets = list(widgets)
        self.index = self.widgets.index(focused) if focused in self.widgets else 0
        if self.captured not in self.widgets:
            self.captured = None

    @property
    def focused(self) -> Widget | None:
        if not self.widgets:
            return None
        return self.widgets[self.index % len(self.widgets)]

    def focus(self, widget: Widget) -> None:
        if widget in self.widgets:
            self.index = self.widgets.index(widget)

    def move(self, direction: int) -> None:
        """The next widget that can take focus: focusable and enabled (a locked slider or a
        locked level is skipped; its reason still shows where it is drawn)."""
        if not self.widgets:
            return
        n = len(self.widgets)
        for k in range(1, n + 1):
            candidate = (self.index + direction * k) % n
            widget = self.widgets[candidate]
            if widget.focusable and widget.enabled:
                self.index = candidate
                return

    def handle(self, event: UiEvent) -> bool:
        if isinstance(event, Pointer):
            return self._pointer(event)
        if isinstance(event, Key):
            return self._key(event)
        if isinstance(event, Pad):
            return self._pad(event)
        return False

    def _pointer(self, event: Pointer) -> bool:
        if event.kind == "down":
            self.ring_visible = False
        if self.captured is not None:
            widget = self.captured
            used = widget.on_pointer(event)
            if event.kind == "up":
                self.captured = None
            return used
        for widget in self.widgets:
            if event.kind == "move":
                widget.on_pointer(event)
                continue
            if widget.contains(event.x, event.y, event.touch) and widget.on_pointer(event):
                if event.kind == "down":
                    self.captured = widget
                    if widget.focusable:
                        self.focus(widget)
                return True
        return False

    def _key(self, event: Key) -> bool:
        if event.key == pygame.K_TAB:
            self.ring_visible = True
            self.move(-1 if event.shift else 1)
            return True
        widget = self.focused
        if widget is None:
            return False
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.ring_visible:
            widget.activate()
            return True
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN,
                         pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME, pygame.K_END):
            self.ring_visible = True
            return widget.on_key(event)
        return False

    def _pad(self, event: Pad) -> bool:
        if event.kind == "hat":
            hx, hy = event.hat
            if hx or hy:
                self.ring_visible = True
                self.move(1 if (hx > 0 or hy < 0) else -1)
            return True
        if event.kind == "button" and event.index == PAD_A and self.ring_visible and self.focused:
            self.focused.activate()
            return True
        return False

    def update(self, dt: float) -> None:
        for widget in self.widgets:
            widget.update(dt)

    def draw(self, painter, ui_scale: float) -> None:
        self.draw_widgets(painter, ui_scale)
        self.draw_ring(painter, ui_scale)

    def draw_widgets(self, painter, ui_scale: float) -> None:
        focused = self.focused if self.ring_visible else None
        for widget in self.widgets:
            if getattr(widget, "boxed", False):  # a visible box: its texts belong inside it
                note_panel(painter, widget.rect, type(widget).__name__)
            widget.draw(painter, ui_scale, widget is focused)

    def look(self) -> tuple:
        """Everything that changes how the widgets look: a cache key for a still picture."""
        return tuple((w.label, w.enabled, w.hovered, getattr(w, "pressed", False), getattr(w, "lit", False),
                      getattr(w, "value", None)) for w in self.widgets)

    def draw_ring(self, painter, ui_scale: float) -> None:
        focused = self.focused if self.ring_visible else None
        if focused is not None:
            x, y, w, h = focused.rect
            pad = 4 * ui_scale
            painter.rect(x - pad, y - pad, w + 2 * pad, h + 2 * pad, theme.FOCUS,
                         radius=12 * ui_scale, stroke=3 * ui_scale, glow=5 * ui_scale)
