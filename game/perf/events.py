"""Random events of every kind the game reads (mouse, touch, keys, pads), posted into pygame's
queue: what `downhill fuzz` and the kiosk soak drive the game with."""

from __future__ import annotations

import numpy as np

RESIZE_EVERY = 240  # frames, on average: a window resize now and then


class EventSource:
    """Random events of every kind the game reads, posted into pygame's queue."""

    def __init__(self, rng: np.random.Generator, app, kiosk: bool = False) -> None:
        import pygame

        self.pg = pygame
        self.rng = rng
        self.app = app
        self.keys = [pygame.K_TAB, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN, pygame.K_SPACE,
                     pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_s, pygame.K_r, pygame.K_p, pygame.K_e, pygame.K_u,
                     pygame.K_x, pygame.K_o, pygame.K_l, pygame.K_g, pygame.K_n, pygame.K_m, pygame.K_w,
                     pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET, pygame.K_PAGEUP, pygame.K_PAGEDOWN,
                     pygame.K_HOME, pygame.K_END, pygame.K_SLASH, pygame.K_F1, pygame.K_BACKSPACE, pygame.K_a]
        self.finger_down = False
        self.pads = 0
        self.kiosk = kiosk
        if kiosk:  # the ways out a visitor might try
            self.keys += [pygame.K_F11, pygame.K_F4, pygame.K_q, pygame.K_w, pygame.K_0, pygame.K_5, pygame.K_k]

    def start_calm(self) -> None:
        pg = self.pg
        pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=(1, 1), button=1, touch=False))  # hides the focus ring
        pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=(1, 1), button=1, touch=False))
        for key in (pg.K_RETURN, pg.K_RETURN, pg.K_r) + (pg.K_RIGHTBRACKET,) * 5 + (pg.K_SPACE,):
            pg.event.post(pg.event.Event(pg.KEYDOWN, key=key, mod=0, unicode="", scancode=0))

    def post(self, count: int) -> int:
        pg, rng = self.pg, self.rng
        w, h = self.app.size
        posted = 0
        for _ in range(count):
            kind = rng.random()
            try:
                if kind < 0.35:
                    self._mouse(w, h)
                elif kind < 0.50:
                    self._finger()
                elif kind < 0.80:
                    self._key()
                elif kind < 0.97:
                    self._pad()
                elif self.kiosk and kind < 0.985:
                    pg.event.post(pg.event.Event(pg.QUIT if rng.random() < 0.5 else pg.WINDOWCLOSE, window=None))
                else:
                    pg.event.post(pg.event.Event(pg.MOUSEWHEEL, x=0, y=int(rng.choice([-1, 1])),
                                                 precise_x=0.0, precise_y=float(rng.choice([-1.0, 1.0])),
                                                 flipped=False, touch=False, which=0))
                posted += 1
            except pg.error:
                break  # the queue is full: the frame will drain it
        if rng.random() < 1.0 / RESIZE_EVERY:
            size = (int(rng.integers(640, 1600)), int(rng.integers(360, 1000)))
            self.app.window.resize(size)
            self.app.relayout()
        return posted

    def _mouse(self, w, h) -> None:
        pg, rng = self.pg, self.rng
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = rng.random()
        if r < 0.3:
            pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=(x, y), button=int(rng.choice([1, 1, 1, 3])), touch=False))
        elif r < 0.6:
            pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=(x, y), button=1, touch=False))
        else:
            held = int(rng.random() < 0.5)
            pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=(x, y), rel=(0, 0), buttons=(held, 0, 0), touch=False))

    def _finger(self) -> None:
        pg, rng = self.pg, self.rng
        x, y = float(rng.random()), float(rng.random())
        if not self.finger_down:
            kind = pg.FINGERDOWN
            self.finger_down = True
        elif rng.random() < 0.3:
            kind = pg.FINGERUP
            self.finger_down = False
        else:
            kind = pg.FINGERMOTION
        pg.event.post(pg.event.Event(kind, touch_id=1, finger_id=0, x=x, y=y, dx=0.0, dy=0.0, pressure=1.0))

    def _key(self) -> None:
        pg, rng = self.pg, self.rng
        key = int(rng.choice(self.keys))
        mod = pg.KMOD_SHIFT if rng.random() < 0.2 else 0
        if self.kiosk and rng.random() < 0.15:
            mod = int(rng.choice([pg.KMOD_ALT, pg.KMOD_CTRL, pg.KMOD_CTRL | pg.KMOD_ALT, pg.KMOD_GUI]))
        text = "?" if key == pg.K_SLASH and mod else ""
        pg.event.post(pg.event.Event(pg.KEYDOWN, key=key, mod=mod, unicode=text, scancode=0))

    def _pad(self) -> None:
        pg, rng = self.pg, self.rng
        r = rng.random()
        if r < 0.05:
            pg.event.post(pg.event.Event(pg.JOYDEVICEADDED, device_index=self.pads, guid=""))
            self.pads += 1
        elif r < 0.10:
            pg.event.post(pg.event.Event(pg.JOYDEVICEREMOVED, instance_id=int(rng.integers(0, max(1, self.pads)))))
        elif r < 0.55:
            pg.event.post(pg.event.Event(pg.JOYAXISMOTION, joy=0, instance_id=0, axis=int(rng.integers(0, 6)),
                                         value=float(rng.uniform(-1, 1))))
        elif r < 0.85:
            pg.event.post(pg.event.Event(pg.JOYBUTTONDOWN, joy=0, instance_id=0, button=int(rng.integers(0, 12))))
        else:
            hat = (int(rng.integers(-1, 2)), int(rng.integers(-1, 2)))
            pg.event.post(pg.event.Event(pg.JOYHATMOTION, joy=0, instance_id=0, hat=0, value=hat))
