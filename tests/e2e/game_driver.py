"""Drive the real game under SDL's offscreen driver: post pygame events, advance made-up time."""

from __future__ import annotations

import numpy as np
import pygame

FRAME = 1 / 60


def open_app(store_dir, size=(1280, 720), level_dir=None, start="title"):
    import pytest

    from game.app import build_app
    from game.window import WindowError

    try:
        return build_app(size, store_dir=store_dir, level_dir=level_dir, start=start)
    except WindowError as error:
        pytest.skip(f"no OpenGL window here: {error}")


def frames(app, n=1, dt=FRAME):
    for _ in range(n):
        app.frame(dt)


def key(app, k, mod=0, text="", n=1):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=text, scancode=0))
    frames(app, n)


def click(app, x, y):
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(int(x), int(y)), button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(int(x), int(y)), button=1, touch=False))
    frames(app)


def drag(app, start, end, steps=8):
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=tuple(map(int, start)), button=1, touch=False))
    frames(app)
    for t in np.linspace(0, 1, steps)[1:]:
        x = start[0] + (end[0] - start[0]) * t
        y = start[1] + (end[1] - start[1]) * t
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(int(round(x)), int(round(y))), rel=(0, 0),
                                             buttons=(1, 0, 0), touch=False))
        frames(app)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=tuple(map(int, end)), button=1, touch=False))
    frames(app)


def center(rect):
    x, y, w, h = rect
    return x + w / 2, y + h / 2


def pixels(app):
    app.draw()
    return app.window.read_pixels().astype(int)


def near(image, color, tol=40):
    """Mask of pixels within `tol` (per channel) of an RGB colour given as 0..1 floats."""
    target = np.array([round(c * 255) for c in color[:3]])
    return (np.abs(image - target) <= tol).all(axis=2)
