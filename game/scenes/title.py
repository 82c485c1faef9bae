"""The title: the name, a ball rolling down a glowing curve, Play / Settings / Quit, and the
one-line notice when a corrupt save was set aside."""

from __future__ import annotations

import math

import numpy as np
import pygame

from game import i18n
from game.i18n import N_, _, ngettext
from game.render import theme
from game.render.backdrop import Backdrop
from game.render.layer import Layer
from game.scenes.base import Scene
from game.ui.button import Button
from game.ui.events import PAD_A, PAD_START, Key, Pad

ROLL_SECONDS = 6.0
LOOK_AHEAD = 0.25  # seconds: the app may sleep about this long when nothing moves
STILL_DX = 0.002   # a move smaller than this (half a pixel at 1280 wide) is no move


def title_curve(x):
    return 0.25 * x**4 - x**2 + 0.35 * x


class TitleScene(Scene):
    name = "title"
    frame_rate = 20  # the ball moves in whole steps, about 7 a second: no need for more frames

    def __init__(self, app) -> None:
        super().__init__(app)
        self.backdrop = Backdrop(app.ctx)
        self.layer = Layer(app.ctx)
        self.time = 0.0
        self.play_button = Button(N_("Play"), self.play, hint=N_("Enter"), accent="ORANGE", big=True)
        self.settings_button = Button(N_("Settings"), app.show_settings, hint="G", accent="BLUE", big=True)
        self.quit_button = Button(N_("Quit"), app.quit, hint="Esc", accent="INK_DIM", big=True)
        self.class_button = Button(N_("Join a class"), app.open_class, hint="C", accent="VIOLET")
        self.focus.set_widgets([self.play_button, self.settings_button, self.quit_button, self.class_button])

    def play(self) -> None:
        from game.scenes.level_select import LevelSelectScene
        self.app.stack.push(LevelSelectScene(self.app))

    def back(self) -> None:
        """Esc (or the pad's B) on the title asks before it quits; the Quit button quits."""
        from game.scenes.confirm import ConfirmScene

        if not isinstance(self.app.stack.top, ConfirmScene):
            self.app.stack.push(ConfirmScene(self.app, N_("Quit Downhill?"), N_("Your stars are saved either way."),
                                             N_("Quit"), self.app.quit))

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        W, H = size
        s = self.s
        bw, bh = 260 * s, 66 * s
        for i, button in enumerate((self.play_button, self.settings_button, self.quit_button)):
            button.place(W / 2 - bw / 2, H * 0.56 + i * (bh + 16 * s), bw, bh)
        self.class_button.place(W - 24 * s - 200 * s, H - 24 * s - 56 * s, 200 * s, 56 * s)

    def handle(self, event) -> bool:
        if isinstance(event, Key):
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not self.focus.ring_visible:
                self.play()
                return True
            if event.key == pygame.K_c:
                self.app.open_class()
                return True
            if event.key == pygame.K_g:
                self.app.show_settings()
                return True
        if isinstance(event, Pad) and event.kind == "button" and event.index in (PAD_A, PAD_START) \
                and not self.focus.ring_visible:
            self.play()
            return True
        return self.focus.handle(event)

    def update(self, dt: float) -> None:
        super().update(dt)
        if not self.app.store.settings.reduced_motion:
            self.time = (self.time + dt) % ROLL_SECONDS

    def animating(self) -> bool:
        """The ball rolls for a moment at the start of each cycle, then rests: moving when it
        will be somewhere else a little later."""
        if self.app.store.settings.reduced_motion:
            return False
        later = (self.time + LOOK_AHEAD) % ROLL_SECONDS
        return abs(self.ball_x(later) - self.ball_x()) > STILL_DX

    def ball_x(self, time: float | None = None) -> float:
        """The ball: gradient descent on the title curve, replayed on a loop."""
        steps = int((self.time if time is None else time) / ROLL_SECONDS * 40)
        x = -2.1
        for _step in range(steps):
            x -= 0.08 * (x**3 - 2 * x + 0.35)
        return x

    def _curve_points(self):
        W, H = self.size
        xs = np.linspace(-2.3, 2.3, 160)
        ys = title_curve(xs)
        px = W * 0.08 + (xs + 2.3) / 4.6 * W * 0.84
        py = H * 0.44 - (ys + 1.3) / 3.2 * H * 0.2
        return xs, px, py

    def _draw_static(self, painter) -> None:
        W, H = self.size
        s = self.s
        self.backdrop.draw(self.size)
        painter.begin(self.size)
        px, py = self._curve_points()[1:]
        painter.polyline(np.stack([px, py], axis=1), 3.0 * s, theme.BLUE, glow=9 * s)
        painter.text("Downhill", W / 2, H * 0.10, 104 * s, theme.INK, anchor="topcenter", face="bold")
        painter.text(_("a game about how machines learn"), W / 2, H * 0.10 + 120 * s, 26 * s, theme.INK_DIM,
                     anchor="topcenter")
        painter.text(_("?  shortcuts     F11  fullscreen"), W / 2, H - 24 * s, 16 * s, theme.INK_FAINT,
                     anchor="bottomcenter", face="bold")
        painter.flush()

    def draw(self, painter, alpha: float) -> None:
        key = ("title", i18n.language())
        self.layer.show(self.size, key, lambda: self._draw_static(painter))
        painter.begin(self.size)
        s = self.s
        W, H = self.size
        x = self.ball_x()
        y = title_curve(x)
        bx = W * 0.08 + (x + 2.3) / 4.6 * W * 0.84
        by = H * 0.44 - (y + 1.3) / 3.2 * H * 0.2
        painter.circle(bx, by - 12 * s, 13 * s, theme.ORANGE, glow=14 * s)
        notice = self.app.store.notice
        if notice:
            painter.rect(W / 2 - 460 * s, H * 0.50 - 46 * s, 920 * s, 38 * s, theme.with_alpha(theme.ORANGE, 0.14),
                         radius=10 * s)
            text = f"⚠  {notice}"
            size = 18 * s
            while painter.text_width(text, size) > 900 * s and size > 10:
                size -= 1
            painter.text(text, W / 2, H * 0.50 - 27 * s, size, theme.ORANGE, anchor="center")
        problems = len(self.app.levels.problems)
        if problems:
            painter.text(ngettext("{count} level file could not be read: see the level list",
                                  "{count} level files could not be read: see the level list",
                                  problems).format(count=problems),
                         W / 2, H - 48 * s, 15 * s, theme.INK_FAINT, anchor="bottomcenter")
        self.focus.draw(painter, s)
        painter.flush()

    def exit(self) -> None:
        self.layer.release()
        self.backdrop.release()

    def problems(self) -> list[str]:
        return [] if math.isfinite(self.time) else [f"title time is {self.time}"]
