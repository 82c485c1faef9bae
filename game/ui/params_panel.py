"""The "build your network" panel (seed 002): layers of neurons, their weights + biases counted
by the same function as `downhill params`, and the memory they take in float32.

Keys while focused: ←/→ pick a layer, ↑/↓ add or remove neurons (Shift: ×10), Insert/+ adds a
hidden layer after the picked one, Delete/− removes the picked hidden layer. Pointer: click a
layer to pick it, wheel to resize it.
"""

from __future__ import annotations

import pygame

from game.i18n import N_, _, ngettext, number
from game.render import theme
from game.sim.nets import layer_param_counts
from game.ui.events import Key, Pointer
from game.ui.widget import Widget

MAX_LAYERS = 8
MAX_NEURONS = 4096
DRAWN_NEURONS = 12  # a wider layer is drawn as 12 dots and "…"
FLOAT32_BYTES = 4


def human_bytes(count: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= size:
            return f"{number(count / size, '.1f')} {unit}"
    return ngettext("{count} byte", "{count} bytes", count).format(count=count)


class ParamsPanel(Widget):
    """`fixed_layers`: the layer count stays as given (a level that trains exactly one hidden
    layer); `max_neurons`: the widest a layer may be; the input and output sizes stay fixed then."""

    def __init__(self, sizes=(3, 5, 1), fixed_layers: bool = False, max_neurons: int = MAX_NEURONS) -> None:
        super().__init__(N_("build your network"))
        self.sizes = [int(n) for n in sizes]
        self.picked = 1 if len(self.sizes) > 2 else 0
        self.fixed_layers = fixed_layers
        self.max_neurons = max_neurons

    # --- the model -----------------------------------------------------------------------

    @property
    def counts(self) -> list[int]:
        return layer_param_counts(self.sizes)

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def memory(self) -> int:
        return self.total * FLOAT32_BYTES

    def resize(self, delta: int) -> None:
        i = self.picked
        if self.fixed_layers and i in (0, len(self.sizes) - 1):
            return  # the data decide the inputs and the classes the outputs
        self.sizes[i] = max(1, min(self.max_neurons, self.sizes[i] + delta))

    def add_layer(self) -> None:
        if len(self.sizes) >= MAX_LAYERS or self.fixed_layers:
            return
        at = min(max(self.picked + 1, 1), len(self.sizes) - 1)
        self.sizes.insert(at, self.sizes[at - 1] if at - 1 > 0 else 4)
        self.picked = at

    def remove_layer(self) -> None:
        if len(self.sizes) <= 2 or self.picked in (0, len(self.sizes) - 1) or self.fixed_layers:
            return  # the input and output layers stay
        del self.sizes[self.picked]
        self.picked = min(self.picked, len(self.sizes) - 2)

    def pick(self, index: int) -> None:
        self.picked = max(0, min(len(self.sizes) - 1, index))

    # --- input ---------------------------------------------------------------------------

    def on_key(self, event: Key) -> bool:
        step = 10 if event.shift else 1
        actions = {pygame.K_LEFT: lambda: self.pick(self.picked - 1), pygame.K_RIGHT: lambda: self.pick(self.picked + 1),
                   pygame.K_UP: lambda: self.resize(step), pygame.K_DOWN: lambda: self.resize(-step),
                   pygame.K_INSERT: self.add_layer, pygame.K_PLUS: self.add_layer, pygame.K_KP_PLUS: self.add_layer,
                   pygame.K_EQUALS: self.add_layer, pygame.K_DELETE: self.remove_layer,
                   pygame.K_MINUS: self.remove_layer, pygame.K_KP_MINUS: self.remove_layer}
        action = actions.get(event.key)
        if action is None:
            return False
        action()
        return True

    def _layer_at(self, x: float) -> int:
        rx, _ry, rw, _rh = self.rect
        n = len(self.sizes)
        return max(0, min(n - 1, int((x - rx) / (rw / n))))

    def on_pointer(self, event: Pointer) -> bool:
        if not self.contains(event.x, event.y, event.touch):
            return False
        if event.kind == "down":
            self.pick(self._layer_at(event.x))
            return True
        if event.kind == "wheel":
            self.pick(self._layer_at(event.x))
            self.resize(int(event.dy) or 0)
            return True
        return False

    # --- drawing -------------------------------------------------------------------------

    def draw(self, painter, ui_scale: float, focused: bool) -> None:
        s = ui_scale
        x, y, w, h = self.rect
        n = len(self.sizes)
        col_w = w / n
        # from the bottom up, each row as high as its text at the player's text size (at text
        # size 1.0 where they were laid out): the summary, the weights between layers, the sizes
        summary_top = y + h - 4 * s - painter.text_height(24 * s, "bold")
        count_y = min(y + h - 54 * s, summary_top - 4 * s - painter.text_height(14 * s, "mono"))
        number_y = min(y + h - 86 * s, count_y - 4 * s - painter.text_height(22 * s, "mono"))
        top, bottom = y + 40 * s, number_y - 24 * s
        centres = []
        for i, size in enumerate(self.sizes):
            cx = x + col_w * (i + 0.5)
            shown = min(size, DRAWN_NEURONS)
            gap = (bottom - top) / max(shown, 1)
            centres.append([(cx, top + gap * (k + 0.5)) for k in range(shown)])
        for i in range(n - 1):
            for ax, ay in centres[i]:
                for bx, by in centres[i + 1]:
                    painter.line(ax, ay, bx, by, 1.0 * s, theme.GRID)
        for i, size in enumerate(self.sizes):
            picked = i == self.picked
            color = theme.FOCUS if picked else (theme.INK_DIM if i in (0, n - 1) else theme.BLUE)
            for cx, cy in centres[i]:
                painter.circle(cx, cy, 7 * s, theme.NODE_DIM)
                painter.circle(cx, cy, 7 * s, color, stroke=2 * s)
            cx = centres[i][0][0]
            if size > DRAWN_NEURONS:
                painter.text("…", cx, bottom + 2 * s, 18 * s, color, anchor="topcenter", face="bold")
            role = _("input") if i == 0 else (_("output") if i == n - 1 else _("hidden {index}").format(index=i))
            painter.text(role, cx, y + 12 * s, painter.fit(role, 14 * s, col_w - 16 * s, "bold", smallest=14 * s), color,
                         anchor="topcenter", face="bold")
            painter.text(number(size, ",d"), cx, number_y, 22 * s, theme.INK, anchor="topcenter", face="mono")
            if picked:
                painter.rect(x + col_w * i + 6 * s, y + 4 * s, col_w - 12 * s, count_y - y - 4 * s,
                             theme.with_alpha(theme.FOCUS, 0.7), radius=10 * s, stroke=(2 if focused else 1) * s)
        for i, count in enumerate(self.counts):  # centred between two layers: each as wide as a column
            mid = x + col_w * (i + 1)
            text = f"{self.sizes[i]}×{self.sizes[i + 1]}+{self.sizes[i + 1]} = {number(count, ',d')}"
            size = painter.fit(text, 14 * s, col_w - 8 * s, "mono", smallest=14 * s)
            painter.text(text, mid, count_y, size, theme.INK_DIM, anchor="topcenter", face="mono")
        summary = ngettext("{count} parameter  ·  {memory} in float32", "{count} parameters  ·  {memory} in float32",
                           self.total).format(count=number(self.total, ",d"), memory=human_bytes(self.memory))
        painter.text(summary, x + w / 2, y + h - 4 * s, painter.fit(summary, 24 * s, w, "bold", smallest=14 * s),
                     theme.YELLOW, anchor="bottomcenter", face="bold")
