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
TILE = 16          # pixels: what was drawn over a cached picture is remembered in tiles this big
WHOLE_SHARE = 0.7  # drawn over more than this share of the screen: copy the whole picture back


def clear_benign_error(ctx: moderngl.Context) -> None:
    """moderngl names GL_COLOR_ATTACHMENT0 when it reads from or copies to the window's own
    framebuffer (object 0), which has none: GL flags INVALID_OPERATION/ENUM and still does the
    read or copy from the back buffer. Take that flag off so real errors stay visible."""
    ctx.error  # reading it resets it


class ScreenPixels:
    """What the window's pixels hold between frames: a cached picture (`base`, a Layer and its
    version), except in the tiles drawn over since it was shown (`dirty`).

    llvmpipe pays about 12 ms of CPU to copy a whole 1920x1080 picture onto the screen, whatever
    the copy (blit or textured quad): most of a 16.7 ms frame. Where the surface keeps its pixels
    from one frame to the next (the offscreen driver draws into an EGL pbuffer, which is
    single-buffered: a swap leaves it as it is), the picture needs copying back only where
    something was drawn over it; the result is the same pixels. Whether a surface keeps them is
    probed when the window is made (Window.probe_keeps_pixels); a double-buffered window whose
    back buffer is another after a swap does not, so there `presented()` forgets everything and
    each frame copies the whole picture, as before. Every draw onto the screen reports where
    (`drawn`, `drawn_boxes`; the painter does it for its shapes and text); a draw with no
    rectangle counts as the whole screen."""

    def __init__(self, keeps_pixels: bool) -> None:  # Window.probe_keeps_pixels says
        self.keeps_pixels = keeps_pixels
        self.size: tuple[int, int] = (0, 0)
        self.base: tuple | None = None
        self.dirty = np.zeros((0, 0), dtype=bool)
        self.patches_copied = 0  # copies back in the last restore (tests read it)

    def resized(self, size) -> None:
        self.size = (int(size[0]), int(size[1]))
        self.dirty = np.zeros((-(-self.size[1] // TILE), -(-self.size[0] // TILE)), dtype=bool)
        self.base = None

    def forget(self) -> None:
        self.base = None

    def presented(self) -> None:
        if not self.keeps_pixels:
            self.base = None

    def shows(self, picture, version) -> bool:
        """Whether the screen holds `picture` at `version` outside the dirty tiles."""
        return self.base is not None and self.base[0] is picture and self.base[1] == version

    def shown(self, picture, version) -> None:
        """The whole screen now holds `picture` at `version`."""
        self.base = (picture, version)
        self.dirty[:] = False

    def drawn(self, rect=None) -> None:
        """Something was drawn onto the screen inside rect (x, y, w, h; top-left origin)."""
        if self.base is None:
            return
        if rect is None:
            self.base = None
            return
        x, y, w, h = rect
        self.drawn_boxes(np.array([x]), np.array([y]), np.array([x + w]), np.array([y + h]))

    def drawn_boxes(self, x0, y0, x1, y1) -> None:
        """Boxes (arrays of corners, top-left origin, in pixels) were drawn onto the screen."""
        if self.base is None or not len(x0):
            return
        boxes = np.stack([x0, y0, x1, y1]).astype(np.float64)
        if not np.isfinite(boxes).all():
            self.base = None  # somewhere unknown: the whole picture is copied next time
            return
        x0, y0, x1, y1 = boxes
        W, H = self.size
        inside = (x1 >= -1) & (y1 >= -1) & (x0 <= W + 1) & (y0 <= H + 1)
        if not inside.any():
            return
        ny, nx = self.dirty.shape
        # a pixel is touched when its centre is in a box: a pixel's margin each side is plenty
        tx0 = np.clip(np.floor((x0[inside] - 1) / TILE), 0, nx - 1).astype(np.intp)
        tx1 = np.clip(np.floor((x1[inside] + 1) / TILE), 0, nx - 1).astype(np.intp)
        ty0 = np.clip(np.floor((y0[inside] - 1) / TILE), 0, ny - 1).astype(np.intp)
        ty1 = np.clip(np.floor((y1[inside] + 1) / TILE), 0, ny - 1).astype(np.intp)
        if len(tx0) == 1:
            self.dirty[ty0[0]:ty1[0] + 1, tx0[0]:tx1[0] + 1] = True
            return
        marks = np.zeros((ny + 1, nx + 1), dtype=np.int32)
        np.add.at(marks, (ty0, tx0), 1)
        np.add.at(marks, (ty0, tx1 + 1), -1)
        np.add.at(marks, (ty1 + 1, tx0), -1)
        np.add.at(marks, (ty1 + 1, tx1 + 1), 1)
        self.dirty |= marks.cumsum(axis=0).cumsum(axis=1)[:ny, :nx] > 0

    def patches(self) -> np.ndarray | None:
        """The dirty tiles as rectangles, one per run of tiles along a row of tiles (x0, y0, x1,
        y1 in pixels, GL's origin at the bottom left), or None when copying the whole picture
        is as cheap."""
        dirty = self.dirty
        if not dirty.any():
            return np.zeros((0, 4), dtype=np.float32)
        if dirty.mean() > WHOLE_SHARE:
            return None
        edges = np.diff(np.pad(dirty.astype(np.int8), ((0, 0), (1, 1))), axis=1)
        rows, x0 = np.nonzero(edges == 1)  # both row-major: the n-th start pairs with the n-th end
        _rows, x1 = np.nonzero(edges == -1)
        W, H = self.size
        return np.stack([x0 * TILE, np.maximum(H - (rows + 1) * TILE, 0), np.minimum(x1 * TILE, W),
                         H - rows * TILE], axis=1).astype(np.float32)

    def restore(self, ctx: moderngl.Context, source: moderngl.Framebuffer, copy_patches) -> None:
        """Put `source` (the picture in `base`) back onto the screen where it was drawn over:
        `copy_patches(rects)` draws the rectangles from it, or the whole picture is copied."""
        patches = self.patches()
        screen = ctx.screen
        previous = ctx.fbo
        screen.use()
        if patches is None:
            ctx.copy_framebuffer(screen, source)
            clear_benign_error(ctx)
        elif len(patches):
            copy_patches(patches)
        if previous is not screen and previous is not None:
            previous.use()
        self.patches_copied = -1 if patches is None else len(patches)
        self.dirty[:] = False


def screen_pixels(ctx) -> ScreenPixels | None:
    """The window's ScreenPixels (on the context it owns), or None (a standalone context)."""
    pixels = getattr(ctx, "extra", None)
    return pixels if isinstance(pixels, ScreenPixels) else None


def drawn(ctx, rect=None) -> None:
    """Report a draw into rect (x, y, w, h, top-left origin; None: anywhere) when it went onto
    the window's screen (ScreenPixels)."""
    pixels = screen_pixels(ctx)
    if pixels is not None and ctx.fbo is ctx.screen:
        pixels.drawn(rect)


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
        self.pixels = ScreenPixels(keeps_pixels=False)
        self.ctx.extra = self.pixels
        self.size = pygame.display.get_window_size()
        self._sync_viewport()
        self.pixels.keeps_pixels = self.probe_keeps_pixels()
        if fullscreen:
            self.set_fullscreen(True)

    @staticmethod
    def _offscreen() -> bool:
        return os.environ.get("SDL_VIDEODRIVER", "") == "offscreen" or pygame.display.get_driver() == "offscreen"

    @classmethod
    def _make_context(cls) -> moderngl.Context:
        try:
            if cls._offscreen():
                return moderngl.create_context(backend="egl", share=True, require=430)
            return moderngl.create_context(require=430)
        except Exception as error:
            raise WindowError(f"no OpenGL 4.3 context for the window: {error}") from None

    def probe_keeps_pixels(self) -> bool:
        """Whether what is drawn stays on the screen's buffer through a present: clear to one
        colour, present, and read it back, three times with three colours (a flipping pair or
        ring of buffers hands back an older colour). The offscreen driver's pbuffer keeps its
        pixels; a window whose swap copies (Mesa's software swap usually does) may too. The
        colours are the backdrop's darkest, a level apart: nobody sees them."""
        ctx = self.ctx
        w, h = self.size
        spots = ((0, 0), (w - 1, h - 1), (w // 2, h // 2))
        ctx.screen.use()
        kept = True
        for level in (1, 2, 3):
            ctx.clear(0.0, 0.0, level / 255.0, 1.0)
            pygame.display.flip()
            for x, y in spots:
                pixel = ctx.screen.read(viewport=(x, y, 1, 1), components=3)
                kept = kept and tuple(pixel) == (0, 0, level)
        clear_benign_error(ctx)
        self.pixels.forget()
        return kept

    def _sync_viewport(self) -> None:
        self.ctx.screen.viewport = (0, 0, *self.size)
        self.pixels.resized(self.size)

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
        self.pixels.forget()  # a new surface: what it holds is unknown
        self.resized(pygame.display.get_window_size())
        self.pixels.keeps_pixels = self.probe_keeps_pixels()

    def set_fullscreen(self, on: bool) -> None:
        if on == self.fullscreen:
            return
        self.fullscreen = on
        if on:
            desktop = pygame.display.get_desktop_sizes()[0] if pygame.display.get_desktop_sizes() else self.windowed_size
            pygame.display.set_mode(desktop, FLAGS | pygame.FULLSCREEN)
        else:
            pygame.display.set_mode(self.windowed_size, FLAGS)
        self.pixels.forget()
        self.size = pygame.display.get_window_size()
        self._sync_viewport()
        self.pixels.keeps_pixels = self.probe_keeps_pixels()

    def toggle_fullscreen(self) -> None:
        self.set_fullscreen(not self.fullscreen)

    def present(self) -> None:
        pygame.display.flip()
        self.pixels.presented()
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
