"""The game window: a pygame-ce OpenGL window and the moderngl context that draws into it.

On a desktop the context is found with moderngl's usual detection (GLX/WGL/CGL); under SDL's
offscreen driver (tests, screenshots, the fuzzer) the window's EGL context is shared with
`backend="egl", share=True`. The window owns the context: `gc_mode="context_gc"`, and
`collect()` once per frame releases what went out of use.
"""

from __future__ import annotations

import os

import moderngl
import numpy as np
import pygame

from game.i18n import _

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (640, 360)
FLAGS = pygame.OPENGL | pygame.DOUBLEBUF | pygame.RESIZABLE


def clear_benign_error(ctx: moderngl.Context) -> None:
    """moderngl names GL_COLOR_ATTACHMENT0 when it reads from or copies to the window's own
    framebuffer (object 0), which has none: GL flags INVALID_OPERATION/ENUM and still does the
    read or copy from the back buffer. Take that flag off so real errors stay visible."""
    ctx.error  # reading it resets it


class WindowError(Exception):
    """No window or no OpenGL 4.3 context could be made: one line saying why."""


def parse_size(text: str) -> tuple[int, int]:
    """'1280x720' -> (1280, 720); a clear ValueError for anything else."""
    parts = str(text).lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(_("size must look like 1280x720, got {text!r}").format(text=text))
    w, h = int(parts[0]), int(parts[1])
    if not (MIN_SIZE[0] <= w <= 7680 and MIN_SIZE[1] <= h <= 4320):
        raise ValueError(_("size {size} is outside {smallest} .. {largest}").format(
            size=f"{w}x{h}", smallest=f"{MIN_SIZE[0]}x{MIN_SIZE[1]}", largest="7680x4320"))
    return w, h


class Window:
    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, fullscreen: bool = False,
                 title: str = "Downhill") -> None:
        pygame.display.init()
        pygame.display.gl_set_attribute(pygame.GL_CONTEXT_MAJOR_VERSION, 4)
        pygame.display.gl_set_attribute(pygame.GL_CONTEXT_MINOR_VERSION, 3)
        pygame.display.gl_set_attribute(pygame.GL_CONTEXT_PROFILE_MASK, pygame.GL_CONTEXT_PROFILE_CORE)
        pygame.display.gl_set_attribute(pygame.GL_MULTISAMPLEBUFFERS, 0)
        pygame.display.set_caption(title)
        self.windowed_size = tuple(size)
        self.fullscreen = False
        try:
            pygame.display.set_mode(self.windowed_size, FLAGS)
        except pygame.error as error:
            raise WindowError(f"cannot open an OpenGL 4.3 window: {error}") from None
        self.ctx = self._make_context()
        self.ctx.gc_mode = "context_gc"
        self.size = pygame.display.get_window_size()
        self._sync_viewport()
        if fullscreen:
            self.set_fullscreen(True)

    @staticmethod
    def _make_context() -> moderngl.Context:
        offscreen = os.environ.get("SDL_VIDEODRIVER", "") == "offscreen" or pygame.display.get_driver() == "offscreen"
        try:
            if offscreen:
                return moderngl.create_context(backend="egl", share=True, require=430)
            return moderngl.create_context(require=430)
        except Exception as error:
            raise WindowError(f"no OpenGL 4.3 context for the window: {error}") from None

    def _sync_viewport(self) -> None:
        self.ctx.screen.viewport = (0, 0, *self.size)

    @property
    def screen(self) -> moderngl.Framebuffer:
        return self.ctx.screen

    def resized(self, size: tuple[int, int]) -> bool:
        """React to a resize event; True when the size really changed."""
        size = (max(1, int(size[0])), max(1, int(size[1])))
        if size == tuple(self.size):
            return False
        self.size = size
        if not self.fullscreen:
            self.windowed_size = size
        self._sync_viewport()
        return True

    def resize(self, size: tuple[int, int]) -> None:
        """Ask for a new window size (tests and the settings use this)."""
        pygame.display.set_mode(size, FLAGS)
        self.resized(pygame.display.get_window_size())

    def set_fullscreen(self, on: bool) -> None:
        if on == self.fullscreen:
            return
        self.fullscreen = on
        if on:
            desktop = pygame.display.get_desktop_sizes()[0] if pygame.display.get_desktop_sizes() else self.windowed_size
            pygame.display.set_mode(desktop, FLAGS | pygame.FULLSCREEN)
        else:
            pygame.display.set_mode(self.windowed_size, FLAGS)
        self.size = pygame.display.get_window_size()
        self._sync_viewport()

    def toggle_fullscreen(self) -> None:
        self.set_fullscreen(not self.fullscreen)

    def present(self) -> None:
        pygame.display.flip()
        self.ctx.gc()

    def read_pixels(self) -> np.ndarray:
        """The screen as an (h, w, 3) uint8 array, row 0 at the top."""
        w, h = self.size
        data = self.ctx.screen.read(viewport=(0, 0, w, h), components=3)
        clear_benign_error(self.ctx)
        return np.frombuffer(data, dtype=np.uint8).reshape(h, w, 3)[::-1]

    def save_png(self, path) -> None:
        pixels = np.ascontiguousarray(self.read_pixels())
        surface = pygame.image.frombuffer(pixels.tobytes(), (self.size[0], self.size[1]), "RGB")
        pygame.image.save(surface, str(path))

    def close(self) -> None:
        pygame.display.quit()
