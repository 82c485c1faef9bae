"""The "build your network" card over a network level: add and remove layers and neurons and
see the parameter count and its float32 memory (game/ui/params_panel.py)."""

from __future__ import annotations

import pygame

from game.i18n import N_, _
from game.render import theme
from game.render.level_view import fit_text
from game.scenes.overlay import OverlayScene
from game.ui.button import Button
from game.ui.events import Key
from game.ui.params_panel import ParamsPanel


class BuildScene(OverlayScene):
    name = "build-network"

    def __init__(self, app, sizes=(3, 5, 1), one_hidden_layer: bool = False, max_width: int | None = None,
                 on_done=None) -> None:
        """`one_hidden_layer` with `max_width`: the card of a level that trains the network it
        builds (only the hidden width changes); `on_done(sizes)` gets the build on leaving."""
        super().__init__(app)
        self.on_done = on_done
        self.panel = ParamsPanel(sizes, fixed_layers=one_hidden_layer,
                                 **({"max_neurons": max_width} if max_width else {}))
        self.buttons = [
            Button(N_("− neuron"), lambda: self.panel.resize(-1), hint="↓", accent="BLUE"),
            Button(N_("+ neuron"), lambda: self.panel.resize(1), hint="↑", accent="BLUE"),
            Button(N_("+ layer"), self.panel.add_layer, hint="+", accent="VIOLET", enabled=not one_hidden_layer),
            Button(N_("− layer"), self.panel.remove_layer, hint="−", accent="VIOLET", enabled=not one_hidden_layer),
            Button("MNIST", lambda: self.preset((784, 256, 128, 10)), hint="M", accent="INK_DIM",
                   enabled=not one_hidden_layer),
            Button(N_("Train it") if on_done else N_("Done"), self.back, hint="Esc", accent="INK_DIM"),
        ]
        self.focus.set_widgets([self.panel, *self.buttons])
        self.focus.focus(self.panel)
        self.focus.ring_visible = True

    def preset(self, sizes) -> None:
        if self.panel.fixed_layers:
            return
        self.panel.sizes = list(sizes)
        self.panel.picked = 1

    def back(self) -> None:
        super().back()
        if self.on_done is not None:
            self.on_done(tuple(self.panel.sizes))

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        s = self.s
        self.rect = self.card_rect(980, 600)
        x, y, w, h = self.rect
        self.panel.place(x + 30 * s, y + 70 * s, w - 60 * s, h - 170 * s)
        bw = (w - 60 * s - 5 * 12 * s) / 6
        for i, button in enumerate(self.buttons):
            button.place(x + 30 * s + i * (bw + 12 * s), y + h - 84 * s, bw, 58 * s)

    def handle(self, event) -> bool:
        if isinstance(event, Key) and event.key == pygame.K_m:
            self.buttons[4].activate()
            return True
        if isinstance(event, Key) and self.panel.on_key(event):
            return True
        return self.focus.handle(event)

    def still_key(self):
        return (super().still_key(), self.rect)

    def draw_still(self, painter) -> None:
        self.draw_card(painter, self.rect, theme.with_alpha(theme.BLUE, 0.6))  # kept in the app's picture under the overlay

    def draw(self, painter, alpha: float) -> None:
        s = self.s
        x, y, w, h = self.rect
        title = _("Build your network")
        title_w = painter.text(title, x + 30 * s, y + 22 * s, 32 * s, theme.INK, face="bold")
        note = (_("this level trains one hidden layer: pick its width") if self.panel.fixed_layers
                else _("each layer: inputs × outputs weights + one bias per output"))
        size = fit_text(painter, note, 15 * s, w - 84 * s - title_w, smallest=14 * s)  # beside the title
        painter.text(note, x + w - 30 * s, y + 34 * s, size, theme.INK_FAINT, anchor="topright")
        self.focus.draw(painter, s)
