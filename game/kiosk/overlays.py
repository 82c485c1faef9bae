"""The kiosk's two cards over the game: "Are you still there?" and the staff PIN pad.

Both are touch-first: every target is at least 64 px high at 720p (96 px at 1080p), well over
the 48 px the kiosk promises. Neither is a text field: the PIN pad is ten digit buttons.
"""

from __future__ import annotations

import math

import pygame

from game.i18n import _
from game.render import theme
from game.scenes.overlay import OverlayScene
from game.ui.button import Button
from game.ui.events import PAD_A, PAD_B, Key, Pad, Pointer

PIN_TRIES = 3  # wrong PINs before the pad closes itself


class KioskOverlay(OverlayScene):
    """Marks the kiosk's own cards: the kiosk passes them every event, Escape included."""

    kiosk_own = True


class CountdownScene(KioskOverlay):
    """Shown after `idle_seconds` without input. Any touch, key or pad button keeps the visitor
    (the app saw the input and pops this card); at zero the app forgets the visitor."""

    name = "countdown"
    frame_rate = 10  # one number changes once a second

    def __init__(self, app) -> None:
        super().__init__(app)
        self.stay = Button(_("I'm still here"), self.keep, accent="ORANGE", big=True)
        self.focus.set_widgets([self.stay])

    def keep(self) -> None:
        self.app.keep_visitor()

    def remaining(self) -> int:
        return max(0, math.ceil(self.app.countdown_left() - 1e-9))

    def handle(self, event) -> bool:
        if isinstance(event, Pointer) and event.kind not in ("down", "up"):
            return True
        if isinstance(event, (Pointer, Key)) or (isinstance(event, Pad) and event.kind in ("button", "hat")):
            self.keep()
        return True

    def back(self) -> None:
        self.keep()

    def still_key(self):
        return (self.size, self.remaining())

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        s = self.s
        self.rect = self.card_rect(720, 440)
        x, y, w, h = self.rect
        self.stay.place(x + w / 2 - 170 * s, y + h - 112 * s, 340 * s, 80 * s)

    def draw_still(self, painter) -> None:
        s = self.s
        self.draw_card(painter, self.rect, theme.with_alpha(theme.ORANGE, 0.6))
        x, y, w, h = self.rect
        cx = x + w / 2
        painter.text(_("Are you still there?"), cx, y + 34 * s, 46 * s, theme.INK, anchor="topcenter", face="bold")
        painter.text(str(self.remaining()), cx, y + 178 * s, 96 * s, theme.ORANGE, anchor="center", face="bold")
        text = _("Touch anywhere to keep playing; otherwise the game starts over for the next visitor.")
        top, room = y + 232 * s, self.stay.rect[1] - 8 * s - (y + 232 * s)  # between the number and the button
        size = painter.fit_block([text], 19 * s, w - 80 * s, room, leading=1.25, smallest=14 * s)
        painter.text_rows(painter.wrap([text], size, w - 80 * s)[0], cx, top, size, theme.INK_DIM, leading=1.25,
                          anchor="topcenter")
        self.stay.draw(painter, s, False)

    def draw(self, painter, alpha: float) -> None:
        pass

    def animating(self) -> bool:
        return True  # the number counts down without input


class PinPadScene(KioskOverlay):
    """Staff only: the configured chord opens it; the right PIN ends the kiosk."""

    name = "pin_pad"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.entered = ""
        self.wrong = 0
        self.message = ""
        self.digits = [Button(str(d), lambda d=d: self.press(str(d)), accent="BLUE", big=True) for d in range(10)]
        self.delete = Button("⌫", self.rub_out, accent="INK_DIM", big=True)
        self.ok = Button(_("OK"), self.submit, accent="ORANGE", big=True)
        self.cancel = Button(_("Cancel"), self.close, accent="INK_DIM", big=True)
        order = [*self.digits[1:], self.delete, self.digits[0], self.ok, self.cancel]
        self.focus.set_widgets(order)
        self.pin_length = len(app.config.pin)

    def press(self, digit: str) -> None:
        if len(self.entered) < 8:
            self.entered += digit
            self.message = ""

    def rub_out(self) -> None:
        self.entered = self.entered[:-1]

    def submit(self) -> None:
        if self.app.check_pin(self.entered):
            self.app.staff_leave()
            return
        self.wrong += 1
        self.entered = ""
        if self.wrong >= PIN_TRIES:
            self.close()
            return
        self.message = _("Wrong PIN")

    def close(self) -> None:
        if self.app.stack.top is self:
            self.app.stack.pop()

    def back(self) -> None:
        self.close()

    def handle(self, event) -> bool:
        if isinstance(event, Key):
            if event.text and event.text.isdigit() and event.text.isascii():
                self.press(event.text)
            elif pygame.K_0 <= event.key <= pygame.K_9:
                self.press(chr(event.key))
            elif pygame.K_KP0 <= event.key <= pygame.K_KP9:
                self.press(str(event.key - pygame.K_KP0))
            elif event.key == pygame.K_BACKSPACE:
                self.rub_out()
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.submit()
            elif event.key == pygame.K_ESCAPE:
                self.close()
            else:
                self.focus.handle(event)
            return True
        if isinstance(event, Pad) and event.kind == "button" and event.index == PAD_B:
            self.close()
            return True
        if isinstance(event, Pad) and event.kind == "button" and event.index == PAD_A and self.focus.focused:
            self.focus.focused.activate()
            return True
        self.focus.handle(event)
        return True

    def still_key(self):
        return (self.size, self.focus.look(), self.focus.ring_visible, self.focus.index, self.entered, self.message)

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        s = self.s
        self.rect = self.card_rect(560, 600)
        x, y, w, h = self.rect
        bw, bh, gap = 120 * s, 76 * s, 14 * s
        left = x + (w - 3 * bw - 2 * gap) / 2
        top = y + 150 * s
        grid = [*self.digits[1:], self.delete, self.digits[0], self.ok]
        for i, button in enumerate(grid):
            r, c = divmod(i, 3)
            button.place(left + c * (bw + gap), top + r * (bh + gap), bw, bh)
        self.cancel.place(x + w / 2 - 130 * s, top + 4 * (bh + gap) + 6 * s, 260 * s, 64 * s)

    def draw_still(self, painter) -> None:
        s = self.s
        self.draw_card(painter, self.rect, theme.with_alpha(theme.VIOLET, 0.6))
        x, y, w, h = self.rect
        cx = x + w / 2
        painter.text(_("Staff: enter the PIN"), cx, y + 26 * s, 32 * s, theme.INK, anchor="topcenter", face="bold")
        shown = max(self.pin_length, len(self.entered))
        for k in range(shown):
            filled = k < len(self.entered)
            px = cx + (k - (shown - 1) / 2) * 34 * s
            painter.circle(px, y + 100 * s, 10 * s, theme.INK if filled else theme.with_alpha(theme.INK_FAINT, 0.8),
                           stroke=0 if filled else 2 * s)
        if self.message:
            painter.text(self.message, cx, y + 128 * s, 17 * s, theme.ORANGE, anchor="center", face="bold")
        self.focus.draw(painter, s)

    def draw(self, painter, alpha: float) -> None:
        pass

    def animating(self) -> bool:
        return False
