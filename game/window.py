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

from game.gpu.context import finish_off_screen, software_raster_threads
from game.i18n import _
from game.damage import TILE, Direct, ScreenFrame, patches_of, tile_grid, tiles_touched

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (640, 360)
FLAGS = pygame.OPENGL | pygame.DOUBLEBUF | pygame.RESIZABLE
WHOLE_SHARE = 0.7  # to redraw more than this share of the screen: copy the whole picture back


def clear_benign_error(ctx: moderngl.Context) -> None:
    """moderngl names GL_COLOR_ATTACHMENT0 when it reads from or copies to the window's own
    framebuffer (object 0), which has none: GL flags INVALID_OPERATION/ENUM and still does the
    read or copy from the back buffer. Take that flag off so real errors stay visible."""
    ctx.error  # reading it resets it


class ScreenPixels:
    """What the window's pixels hold between frames: a cached picture (`base`, a Layer and its
    version) with the last frame drawn over it (`previous`, as recorded), except in the tiles
    drawn over at once since (`dirty`).

    llvmpipe pays about 12 ms of CPU to copy a whole 1920x1080 picture onto the screen, whatever
    the copy (blit or textured quad), and as much again to draw panels, buttons and text over
    it: most of a 16.7 ms frame. Where the surface keeps its pixels from one frame to the next
    (the offscreen driver draws into an EGL pbuffer, which is single-buffered: a swap leaves it
    as it is), a frame drawn over the same picture needs drawing only where it differs from the
    last one. So a frame over a cached picture is recorded (`record`: the painter's batches
    and the other draws, in order) and drawn when it is complete (`settle`): the tiles where a
    row or a draw is new or went away (game.damage) get the picture copied back and the
    frame's commands drawn again, clipped to them; the other tiles already hold those pixels.
    Whether a surface keeps them is probed when the window is made
    (Window.probe_keeps_pixels); a double-buffered window whose back buffer is another after a
    swap does not, so there `presented()` forgets everything and each frame copies the whole
    picture and draws every command, as before. A draw onto the screen outside a recorded frame
    reports where (`drawn`, `drawn_boxes`); a draw with no rectangle counts as the whole
    screen."""

    def __init__(self, keeps_pixels: bool) -> None:  # Window.probe_keeps_pixels says
        self.keeps_pixels = keeps_pixels
        self.size: tuple[int, int] = (0, 0)
        self.base: tuple | None = None
        self.dirty = np.zeros((0, 0), dtype=bool)
        self.ctx: moderngl.Context | None = None  # the context a recorded frame is drawn with
        self.recording: ScreenFrame | None = None
        self.previous: ScreenFrame | None = None
        self.patches_copied = 0  # copies back in the last settle (-1: the whole picture; tests read it)
        self.redrawn_share = 1.0  # share of the screen redrawn in the last settle (the bench reads it)
        self.redrawn: np.ndarray | None = None
        self.depth = None  # the damage mask in the depth buffer (game.render.damage_clip.DamageDepth)
        self.depth_survives_present = False  # Window: True under the offscreen driver (a pbuffer, no swap)

    def resized(self, size) -> None:
        self.size = (int(size[0]), int(size[1]))
        self.dirty = np.zeros(tile_grid(self.size), dtype=bool)
        self.forget()

    def forget(self) -> None:
        """What the screen holds is unknown (a new surface, a draw anywhere): its depth too."""
        self.base = None
        self.previous = None
        if self.depth is not None:
            self.depth.forget()

    def presented(self) -> None:
        if not self.keeps_pixels:
            self.forget()
        if not self.depth_survives_present and self.depth is not None:
            # a swap may leave the depth buffer undefined (EGL says so; a tiled GPU discards it):
            # the next frame's clip shuts the whole screen first. The offscreen driver's pbuffer
            # has no swap, and keeps it.
            self.depth.forget()

    def shows(self, picture, version) -> bool:
        """Whether the screen holds `picture` at `version` (with the last recorded frame over
        it) outside the dirty tiles."""
        return self.base is not None and self.base[0] is picture and self.base[1] == version

    def shown(self, picture, version) -> None:
        """The whole screen now holds `picture` at `version`, nothing over it: as if a frame
        that draws nothing had settled over it, so the next frame over that picture redraws
        only where it draws (the frame after an overlay opens, not the whole picture again)."""
        self.base = (picture, version)
        self.previous = ScreenFrame(picture, version, self.size, None, None)
        self.dirty[:] = False

    def drawn(self, rect=None) -> None:
        """Something was drawn onto the screen inside rect (x, y, w, h; top-left origin)."""
        if self.recording is not None:
            self.recording.broken = True  # drawn at once, under what settle draws: all again
        if self.base is None:
            return
        if rect is None:
            self.forget()
            return
        x, y, w, h = rect
        self.drawn_boxes(np.array([x]), np.array([y]), np.array([x + w]), np.array([y + h]))

    def drawn_boxes(self, x0, y0, x1, y1) -> None:
        """Boxes (arrays of corners, top-left origin, in pixels) were drawn onto the screen."""
        if self.base is None or not len(x0):
            return
        if not np.isfinite(np.stack([x0, y0, x1, y1]).astype(np.float64)).all():
            self.forget()  # somewhere unknown: the whole picture is copied next time
            return
        self.dirty |= tiles_touched(self.dirty.shape, x0, y0, x1, y1)

    def patches(self) -> np.ndarray | None:
        """The dirty tiles as rectangles (game.damage.patches_of), or None when copying
        the whole picture is as cheap."""
        if self.dirty.any() and self.dirty.mean() > WHOLE_SHARE:
            return None
        return patches_of(self.dirty, self.size)

    # --- a frame drawn over a cached picture -------------------------------------------------

    def record(self, ctx: moderngl.Context, picture, version, copy_whole, copy_patches) -> None:
        """Draws onto the screen from now until `settle()` go over `picture` at `version`: they
        are recorded (the painter's batches, `screen_draw`) and drawn at settle."""
        self.settle()
        self.ctx = ctx
        self.recording = ScreenFrame(picture, version, self.size, copy_whole, copy_patches)

    def settle(self) -> None:
        """Draw the recorded frame: where the screen holds the same picture with the last frame
        over it, only the tiles that differ (copied back, then the commands clipped to them);
        otherwise the whole picture and every command."""
        frame, self.recording = self.recording, None
        if frame is None:
            return
        ctx = self.ctx
        previous = ctx.fbo
        ctx.screen.use()
        mask = None
        if self.shows(frame.picture, frame.version) and frame.over(self.previous):
            mask = frame.damage(self.previous, self.dirty)
            if mask.mean() > WHOLE_SHARE:
                mask = None
        if mask is None:
            frame.copy_whole()
            frame.replay(None)
            self.patches_copied, self.redrawn_share = -1, 1.0
        else:
            patches = patches_of(mask & ~frame.covered(mask), self.size)
            if len(patches):
                frame.copy_patches(patches)
            if mask.any():
                frame.replay(mask)  # each draw clipped to the mask (game.render.damage_clip)
                ctx.disable(moderngl.DEPTH_TEST)
            self.patches_copied, self.redrawn_share = len(patches), float(mask.mean())
        self.redrawn = mask  # the tiles redrawn (None: all), for the bench and tests
        self.base = (frame.picture, frame.version)
        self.previous = frame
        self.dirty[:] = False
        if previous is not ctx.screen and previous is not None:
            previous.use()


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


def screen_draw(ctx, rect, key, draw, opaque: bool = False) -> None:
    """Run `draw()` (a draw into rect, x y w h top-left origin; None: anywhere) now, or, onto a
    screen whose frame is being recorded, when the frame settles (again each frame the
    rectangle is redrawn; `key` names what it shows, None: something new each time; `opaque`:
    it sets every pixel of the rectangle, blending off)."""
    pixels = screen_pixels(ctx)
    if pixels is not None and ctx.fbo is ctx.screen and pixels.recording is not None:
        rect = None if rect is None else tuple(float(v) for v in rect)
        pixels.recording.commands.append(Direct(rect, key, draw, opaque))
        return
    draw()
    drawn(ctx, rect)


def screen_draw_clipped(ctx, boxes, key, draw, opaque: bool = False) -> None:
    """Like screen_draw, for many small things (boxes: x0, y0, x1, y1 arrays, top-left origin)
    drawn by programs that clip themselves (`draw(mask)`, game.render.damage_clip): a
    change costs the tiles of its boxes only (`opaque`: it sets every pixel of each box)."""
    pixels = screen_pixels(ctx)
    boxes = tuple(np.asarray(v, dtype=np.float64) for v in boxes)
    if pixels is not None and ctx.fbo is ctx.screen and pixels.recording is not None:
        pixels.recording.commands.append(Direct(None, key, draw, opaque=opaque, boxes=boxes))
        return
    draw(None)
    if pixels is not None and ctx.fbo is ctx.screen:
        pixels.drawn_boxes(*boxes)


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
        software_raster_threads()  # before the first context: Mesa reads it once
        pygame.display.init()
        pygame.display.gl_set_attribute(pygame.GL_CONTEXT_MAJOR_VERSION, 4)
        pygame.display.gl_set_attribute(pygame.GL_CONTEXT_MINOR_VERSION, 3)
        pygame.display.gl_set_attribute(pygame.GL_CONTEXT_PROFILE_MASK, pygame.GL_CONTEXT_PROFILE_CORE)
        pygame.display.gl_set_attribute(pygame.GL_MULTISAMPLEBUFFERS, 0)
        pygame.display.gl_set_attribute(pygame.GL_DEPTH_SIZE, 16)  # the damage clip (DamageDepth)
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
        self.pixels.depth_survives_present = self._offscreen()
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
        colours are the backdrop's darkest, a level apart: nobody sees them. Without a depth
        buffer a frame cannot be clipped to where it changed (DamageDepth): it is drawn whole."""
        ctx = self.ctx
        self.pixels.settle()
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
        return kept and pygame.display.gl_get_attribute(pygame.GL_DEPTH_SIZE) > 0

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
        self.pixels.settle()
        pygame.display.flip()
        self.pixels.presented()
        self.ctx.gc()

    def finish(self) -> None:
        """Wait until everything issued so far is drawn (the bench's end of a frame), without
        the front-buffer copy a finish with the window bound makes (finish_off_screen)."""
        finish_off_screen(self.ctx)

    def read_pixels(self) -> np.ndarray:
        """The screen as an (h, w, 3) uint8 array, row 0 at the top."""
        self.pixels.settle()
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
