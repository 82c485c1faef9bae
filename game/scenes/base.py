"""A scene: one screen of the game (arcade's View). Scenes sit on a stack; only the top one
gets input and updates; drawing starts at the topmost opaque scene, so an overlay (help,
settings, a map view) draws over the scene beneath it.

Hooks: enter/exit (pushed/popped), resume (back on top), layout (size changed), handle
(one UI event), update (one fixed tick), draw (the frame, with the interpolation fraction),
problems (non-finite state, for the fuzzer).
"""

from __future__ import annotations

from game.ui.events import UiEvent
from game.ui.focus import FocusGroup


class Scene:
    opaque = True
    name = "scene"

    def __init__(self, app) -> None:
        self.app = app
        self.focus = FocusGroup()
        self.size = (1, 1)
        self.s = 1.0  # ui scale: 1.0 at 720 pixels high

    def enter(self) -> None:
        pass

    def exit(self) -> None:
        pass

    def resume(self) -> None:
        pass

    def layout(self, size: tuple[int, int], ui_scale: float) -> None:
        self.size = size
        self.s = ui_scale

    def handle(self, event: UiEvent) -> bool:
        return self.focus.handle(event)

    def back(self) -> None:
        """Escape, the pad's B: leave this scene."""
        self.app.stack.pop()

    def update(self, dt: float) -> None:
        self.focus.update(dt)

    def draw(self, painter, alpha: float) -> None:
        raise NotImplementedError

    def animating(self) -> bool:
        """Whether something on screen moves without input. When the top scene says no, the
        app waits for input instead of redrawing the same frame (see App.run). A scene that
        does not know says yes."""
        return True

    def problems(self) -> list[str]:
        return []
