"""The shortcut overlay (`?`): every key the scenes take and the pad buttons, in three columns."""

from __future__ import annotations

from game.i18n import N_, _
from game.render import theme
from game.render.level_view import fit_text
from game.scenes.overlay import OverlayScene

PLAY_KEYS = (
    (N_("Space"), N_("play / pause (Train)")),
    ("S", N_("one step")),
    ("T", N_("one training step (networks)")),
    ("R", N_("reset to the start")),
    ("P", N_("show a step's 4 phases (ball)")),
    ("[  ]", N_("speed ×0.25 … ×8")),
    ("E  U  X", N_("focus η, μ, x₀")),
    ("← →", N_("change the focused slider")),
    (N_("Shift ← →"), N_("fine steps (drag: fine too)")),
    ("O", N_("next optimizer")),
    ("L", N_("next lesson page")),
)
VIEW_KEYS = (
    ("M", N_("map of every run's fate (ball)")),
    ("G", N_("swarm of 4096 balls (ball)")),
    ("A", N_("the neuron's activation")),
    ("I", N_("the neuron's input")),
    ("F", N_("a forward pass alone (Paris)")),
    ("W", N_("wiggle a weight (it stays; R undoes)")),
    ("← →", N_("move the wiggled weight")),
    ("B", N_("build your own network")),
    (",  .", N_("turn the landscape")),
    ("PgUp PgDn", N_("tilt the landscape")),
    ("N", N_("next level (results)")),
    ("R", N_("retry (results)")),
)
GENERAL_KEYS = (
    ("Tab", N_("move focus (Shift+Tab back)")),
    (N_("Enter"), N_("press the focused button")),
    ("Esc", N_("back (title: asks to quit)")),
    ("F11", N_("fullscreen")),
    ("G", N_("settings (title)")),
    ("?  F1", N_("this help")),
)
PAD_KEYS = (
    ("A", N_("step")),
    (N_("X / Start"), N_("play / pause")),
    ("Y", N_("reset")),
    ("B", N_("back")),
    (N_("sticks"), N_("η (left), μ (right)")),
    (N_("D-pad"), N_("move focus")),
)
# Rows that do nothing in kiosk mode (game.kiosk.app locks Escape and F11 and has no settings
# scene): a kiosk's card leaves them out, so a visitor is never shown a key that does nothing.
KIOSK_INERT = {row for row in GENERAL_KEYS if row[0] in ("Esc", "F11") or row[1] == "settings (title)"}
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

    def columns(self) -> list[tuple[str, tuple]]:
        """(title msgid, rows) for the card: every key the scenes take, less the ones this app
        leaves inert (an app with `kiosk_mode` set: see KIOSK_INERT)."""
        inert = KIOSK_INERT if getattr(self.app, "kiosk_mode", False) else set()
        keep = lambda rows: tuple(row for row in rows if row not in inert)  # noqa: E731
        return [(N_("playing"), keep(PLAY_KEYS)), (N_("views and results"), keep(VIEW_KEYS)),
                (N_("everywhere"), keep(GENERAL_KEYS)), (N_("gamepad"), keep(PAD_KEYS))]

    def draw_still(self, painter) -> None:
        s = self.s
        self.draw_card(painter, self.rect, theme.with_alpha(theme.YELLOW, 0.5))
        x, y, w, h = self.rect
        painter.text(_("Shortcuts"), x + 36 * s, y + 26 * s, 36 * s, theme.INK, face="bold")
        painter.text(_("any key closes"), x + w - 36 * s, y + 40 * s, 15 * s, theme.INK_FAINT, anchor="topright", face="bold")

        col_w = (w - 72 * s) / 3

        def column(title, rows, cx, cy):
            painter.text(_(title).upper(), cx, cy, 15 * s, theme.YELLOW, face="bold")
            key_w = max([KEY_W * s] + [painter.text_width(_(k), 16 * s, "bold") + 26 * s for k, _w in rows])
            ry = cy + 28 * s
            for key, what in rows:
                key, what = _(key), _(what)
                kw = painter.text_width(key, 16 * s, "bold") + 16 * s
                key_h = max(26 * s, painter.text_height(16 * s, "bold") + 2 * s)
                painter.rect(cx, ry + 10 * s - key_h / 2, kw, key_h, theme.CONTROL, radius=6 * s)
                painter.text(key, cx + kw / 2, ry + 10 * s, 16 * s, theme.INK, anchor="center", face="bold")
                room = col_w - key_w - 10 * s
                size = fit_text(painter, what, 16 * s, room, smallest=14 * s)  # long translations
                lines = [what] if painter.fits(what, size, room) else painter.wrap([what], size, room)[0]
                line_h = painter.line_height(size, 1.1)
                painter.text_rows(lines, cx + key_w, ry + 10 * s - painter.text_height(size) / 2, size, theme.INK_DIM,
                                  leading=1.1)
                ry += max(ROW * s, painter.line_height(16 * s, 1.2), (len(lines) - 1) * line_h + ROW * s)
            return ry

        col_w = (w - 72 * s) / 3
        top = y + 84 * s
        (playing, play_rows), (views, view_rows), (everywhere, general_rows), (pad, pad_rows) = self.columns()
        column(playing, play_rows, x + 36 * s, top)
        column(views, view_rows, x + 36 * s + col_w, top)
        below = column(everywhere, general_rows, x + 36 * s + 2 * col_w, top)
        column(pad, pad_rows, x + 36 * s + 2 * col_w, below + 18 * s)
        painter.text(_("touch: tap buttons; drag sliders, the ball, the landscape and a network's lines"), x + 36 * s, y + h - 30 * s, 16 * s,
                     theme.INK_FAINT, face="bold")

    def animating(self) -> bool:
        return False  # a still card over a paused scene
