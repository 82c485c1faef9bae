"""The shortcut overlay (`?`): every key and pad button, in two columns."""

from __future__ import annotations

from game.render import theme
from game.scenes.overlay import OverlayScene

PLAY_KEYS = (
    ("Space", "play / pause (Train)"),
    ("S", "one step"),
    ("T", "one training step (networks)"),
    ("R", "reset to the start"),
    ("P", "show a step's 4 phases (ball)"),
    ("[  ]", "speed ×0.25 … ×8"),
    ("E  U  X", "focus η, μ, x₀"),
    ("← →", "change the focused slider"),
    ("Shift ← →", "fine steps (drag: fine too)"),
    ("O", "next optimizer"),
    ("L", "next lesson page"),
)
VIEW_KEYS = (
    ("M", "map of every run's fate (ball)"),
    ("G", "swarm of 4096 balls (ball)"),
    ("A", "the neuron's activation"),
    ("B", "build your own network"),
    (",  .", "turn the landscape"),
    ("PgUp PgDn", "tilt the landscape"),
    ("N", "next level (results)"),
    ("R", "retry (results)"),
)
GENERAL_KEYS = (
    ("Tab", "move focus (Shift+Tab back)"),
    ("Enter", "press the focused button"),
    ("Esc", "back (title: asks to quit)"),
    ("F11", "fullscreen"),
    ("G", "settings (title)"),
    ("?  F1", "this help"),
)
PAD_KEYS = (
    ("A", "step"),
    ("X / Start", "play / pause"),
    ("Y", "reset"),
    ("B", "back"),
    ("sticks", "η (left), μ (right)"),
    ("D-pad", "move focus"),
)
ROW = 29  # pixels between rows at 720p
KEY_W = 118  # the key column


class HelpScene(OverlayScene):
    name = "help"

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        self.rect = self.card_rect(1240, 680)

    def handle(self, event) -> bool:
        from game.ui.events import Key, Pointer

        if isinstance(event, Key) or (isinstance(event, Pointer) and event.kind == "down"):
            self.app.stack.pop()
            return True
        return False

    def draw_still(self, painter) -> None:
        s = self.s
        self.draw_card(painter, self.rect, theme.with_alpha(theme.YELLOW, 0.5))
        x, y, w, h = self.rect
        painter.text("Shortcuts", x + 36 * s, y + 26 * s, 36 * s, theme.INK, face="bold")
        painter.text("any key closes", x + w - 36 * s, y + 40 * s, 15 * s, theme.INK_FAINT, anchor="topright", face="bold")

        def column(title, rows, cx, cy):
            painter.text(title.upper(), cx, cy, 15 * s, theme.YELLOW, face="bold")
            for i, (key, what) in enumerate(rows):
                ry = cy + 28 * s + i * ROW * s
                kw = painter.text_width(key, 16 * s, "bold") + 16 * s
                painter.rect(cx, ry - 3 * s, kw, 26 * s, (0.15, 0.18, 0.30, 1.0), radius=6 * s)
                painter.text(key, cx + kw / 2, ry + 10 * s, 16 * s, theme.INK, anchor="center", face="bold")
                painter.text(what, cx + KEY_W * s, ry + 10 * s, 16 * s, theme.INK_DIM, anchor="midleft")
            return cy + 28 * s + len(rows) * ROW * s

        col_w = (w - 72 * s) / 3
        top = y + 84 * s
        column("playing", PLAY_KEYS, x + 36 * s, top)
        column("views and results", VIEW_KEYS, x + 36 * s + col_w, top)
        below = column("everywhere", GENERAL_KEYS, x + 36 * s + 2 * col_w, top)
        column("gamepad", PAD_KEYS, x + 36 * s + 2 * col_w, below + 18 * s)
        painter.text("touch: tap buttons, drag sliders, the ball and the landscape", x + 36 * s, y + h - 30 * s, 16 * s,
                     theme.INK_FAINT, face="bold")
