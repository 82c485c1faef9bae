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
    ("LB  RB", N_("pick a network's weight")),
    ("↑ ↓", N_("D-pad: move the picked weight")),
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
        footer = _("touch: tap buttons; drag sliders, the ball, the landscape and a network's lines")
        footer_size = fit_text(painter, footer, 16 * s, w - 72 * s, face="bold", smallest=14 * s)
        footer_y = y + h - 30 * s
        painter.text(footer, x + 36 * s, footer_y, footer_size, theme.INK_FAINT, face="bold")

        col_w = (w - 72 * s) / 3
        top = y + 84 * s
        bottom = footer_y - painter.text_height(footer_size, "bold") / 2 - 12 * s
        columns = self.columns()
        stacks = [[columns[0]], [columns[1]], [columns[2], columns[3]]]  # the pad's keys under "everywhere"
        size = self.row_size(painter, stacks, col_w, bottom - top)
        for i, stack in enumerate(stacks):
            cy = top
            for title, rows in stack:
                cy = self.draw_column(painter, title, rows, x + 36 * s + i * col_w, cy, col_w, size) + 18 * s

    def key_width(self, painter, rows, size: float) -> float:
        s = self.s
        return max([KEY_W * s * size / (16 * s)] + [painter.text_width(_(k), size, "bold") + 26 * s for k, _w in rows])

    def key_height(self, painter, size: float) -> float:
        return max(26 * self.s, painter.text_height(size, "bold") + 2 * self.s)

    def row_lines(self, painter, rows, col_w: float, size: float) -> list[tuple[str, list[str], float]]:
        """(key, the description's lines, the row's pitch) for each row, key and words at `size`."""
        s = self.s
        room = col_w - self.key_width(painter, rows, size) - 10 * s
        line_h = painter.line_height(size, 1.1)
        cap = self.key_height(painter, size) + 4 * s  # key caps never touch the next row's
        laid = []
        for key, what in rows:
            what = _(what)
            lines = [what] if painter.fits(what, size, room) else painter.wrap([what], size, room)[0]
            pitch = max(ROW * s, cap, (len(lines) - 1) * line_h + max(ROW * s, cap))
            laid.append((_(key), lines, pitch))
        return laid

    def row_size(self, painter, stacks, col_w: float, room: float) -> float:
        """One size for every description on the card (never one row smaller than its
        neighbours): the largest up to 16 px asked at which every column, wrapped, fits `room`."""
        s = self.s
        size, floor = 16 * s, painter.floor_size(14 * s)

        def height(stack, size):
            return sum(28 * s + sum(pitch for _k, _l, pitch in self.row_lines(painter, rows, col_w, size)) + 18 * s
                       for _title, rows in stack) - 18 * s

        while size > floor and any(height(stack, size) > room for stack in stacks):
            size = max(floor, size - 0.5)
        return size

    def draw_column(self, painter, title, rows, cx: float, cy: float, col_w: float, size: float) -> float:
        """A column's title and its rows (key cap, then the description at `size`); returns
        the y under its last row."""
        s = self.s
        painter.text(_(title).upper(), cx, cy, 15 * s, theme.YELLOW, face="bold")
        key_w = self.key_width(painter, rows, size)
        ry = cy + 28 * s
        for key, lines, pitch in self.row_lines(painter, rows, col_w, size):
            kw = painter.text_width(key, size, "bold") + 16 * s
            key_h = self.key_height(painter, size)
            painter.rect(cx, ry + 10 * s - key_h / 2, kw, key_h, theme.CONTROL, radius=6 * s)
            painter.text(key, cx + kw / 2, ry + 10 * s, size, theme.INK, anchor="center", face="bold")
            painter.text_rows(lines, cx + key_w, ry + 10 * s - painter.text_height(size) / 2, size, theme.INK_DIM,
                              leading=1.1)
            ry += pitch
        return ry

    def animating(self) -> bool:
        return False  # a still card over a paused scene
