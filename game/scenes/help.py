"""The shortcut overlay (`?`): every key and pad button, in two columns."""

from __future__ import annotations

from game.render import theme
from game.scenes.overlay import OverlayScene

PLAY_KEYS = (
    ("Space", "play / pause"),
    ("S", "one step (next phase in 4-phase mode)"),
    ("R", "reset to the start"),
    ("P", "slow a step into its 4 phases"),
    ("[  ]", "speed ×0.25 … ×8"),
    ("E  U  X", "focus η, μ, x₀"),
    ("← →", "change the focused slider"),
    ("Shift + ← →", "fine steps (drag: fine too)"),
    ("O", "next optimizer"),
    ("L", "next lesson page"),
)
GENERAL_KEYS = (
    ("Tab", "move focus (Shift+Tab back)"),
    ("Enter", "press the focused button"),
    ("Esc", "back"),
    ("F11", "fullscreen"),
    ("G", "settings (title)"),
    ("?", "this help"),
)
PAD_KEYS = (
    ("A", "step"),
    ("X / Start", "play / pause"),
    ("Y", "reset"),
    ("B", "back"),
    ("left stick", "η"),
    ("right stick", "μ"),
    ("D-pad", "move focus"),
)


class HelpScene(OverlayScene):
    name = "help"

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        self.rect = self.card_rect(1040, 620)

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
                ry = cy + 30 * s + i * 31 * s
                kw = painter.text_width(key, 18 * s, "bold") + 18 * s
                painter.rect(cx, ry - 3 * s, kw, 28 * s, (0.15, 0.18, 0.30, 1.0), radius=6 * s)
                painter.text(key, cx + kw / 2, ry + 11 * s, 18 * s, theme.INK, anchor="center", face="bold")
                painter.text(what, cx + 150 * s, ry + 11 * s, 18 * s, theme.INK_DIM, anchor="midleft")

        column("playing", PLAY_KEYS, x + 36 * s, y + 92 * s)
        column("everywhere", GENERAL_KEYS, x + w / 2 + 20 * s, y + 92 * s)
        column("gamepad", PAD_KEYS, x + w / 2 + 20 * s, y + 92 * s + 232 * s)
        painter.text("touch: tap buttons, drag sliders and the ball", x + 36 * s, y + h - 30 * s, 16 * s,
                     theme.INK_FAINT, face="bold")
