"""A small question over the scene beneath (Quit Downhill?): yes or no, by key, pad or pointer.
The texts are msgids (N_), shown translated.
Enter (the focused button, Quit at first) or Y says yes; Esc, N or the pad's B say no."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.i18n import N_, _
from game.render import theme
from game.scenes.overlay import OverlayScene
from game.ui.button import Button
from game.ui.events import PAD_A, PAD_B, Key, Pad


class ConfirmScene(OverlayScene):
    name = "confirm"

    def __init__(self, app, question: str, detail: str, yes_label: str, on_yes: Callable[[], None],
                 no_label: str = N_("Stay")) -> None:
        super().__init__(app)
        self.question = question
        self.detail = detail
        self.on_yes = on_yes
        self.yes_button = Button(yes_label, self.yes, hint=N_("Enter"), accent="ORANGE", big=True)
        self.no_button = Button(no_label, self.back, hint="Esc", accent="INK_DIM", big=True)
        self.focus.set_widgets([self.no_button, self.yes_button])
        self.focus.focus(self.yes_button)  # Esc then Enter quits; a second Esc stays
        self.focus.ring_visible = True

    def yes(self) -> None:
        self.app.stack.pop()
        self.on_yes()

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        s = self.s
        painter = self.app.painter
        detail_h = painter.block_height([_(self.detail)], 18 * ui_scale, 512 * ui_scale, 1.25)
        # as tall as its words need: the question, the detail (wrapped), the buttons
        self.rect = self.card_rect(560, max(260, 84 + detail_h / ui_scale + 20 + 62 + 28))
        x, y, w, h = self.rect
        bw, bh = 200 * s, 62 * s
        gap = 24 * s
        left = x + (w - 2 * bw - gap) / 2
        self.no_button.place(left, y + h - bh - 28 * s, bw, bh)
        self.yes_button.place(left + bw + gap, y + h - bh - 28 * s, bw, bh)

    def handle(self, event) -> bool:
        if isinstance(event, Key):
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.focus.focused.activate()
                return True
            if event.key == pygame.K_y:
                self.yes()
                return True
            if event.key == pygame.K_n:
                self.back()
                return True
        if isinstance(event, Pad) and event.kind == "button":
            if event.index == PAD_A:
                self.focus.focused.activate()
                return True
            if event.index == PAD_B:
                self.back()
                return True
        return self.focus.handle(event)

    def draw_still(self, painter) -> None:
        s = self.s
        self.draw_card(painter, self.rect, theme.with_alpha(theme.ORANGE, 0.6))
        x, y, w, h = self.rect
        question = _(self.question)
        size = painter.fit(question, 34 * s, w - 40 * s, "bold", smallest=14 * s)
        painter.text(question, x + w / 2, y + 30 * s, size, theme.INK, anchor="topcenter", face="bold")
        rows = painter.wrap([_(self.detail)], 18 * s, w - 48 * s)[0]
        painter.text_rows(rows, x + w / 2, y + 84 * s, 18 * s, theme.INK_DIM, leading=1.25, anchor="topcenter")
        self.focus.draw(painter, s)
