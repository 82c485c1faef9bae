"""A cached picture: an offscreen framebuffer drawn once (backdrop, curve, panels, labels) and
copied to the screen each frame, so the per-frame work is only what moves. Where the window
keeps its pixels between frames (game.window.ScreenPixels), only the tiles drawn over since the
picture was last shown are copied back."""

from __future__ import annotations

from collections.abc import Callable

import moderngl
import numpy as np

from game.render import theme
from game.render.shaders import load_program
from game.window import clear_benign_error, screen_pixels


class PatchCopier:
    """Copies rectangles of a layer onto the screen in one instanced draw (restore.glsl); one
    per context, kept on the window's ScreenPixels."""

    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.program = load_program(ctx, "restore")
        self.buffer = ctx.buffer(reserve=4096 * 16, dynamic=True)
        self.vao = ctx.vertex_array(self.program, [(self.buffer, "4f/i", "in_rect")])
        self.program["u_layer"].value = 0

    @staticmethod
    def of(ctx: moderngl.Context, pixels) -> PatchCopier:
        copier = getattr(pixels, "copier", None)
        if copier is None:
            copier = pixels.copier = PatchCopier(ctx)
        return copier

    def copy(self, texture: moderngl.Texture, rects: np.ndarray) -> None:
        data = np.ascontiguousarray(rects, dtype="f4").tobytes()
        if len(data) > self.buffer.size:
            self.buffer.orphan(len(data))
        self.buffer.write(data)
        ctx = self.ctx
        ctx.disable(moderngl.BLEND)
        texture.use(0)
        self.program["u_size"].value = tuple(float(v) for v in ctx.screen.viewport[2:])
        self.vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=len(rects))
        ctx.enable(moderngl.BLEND)


class Layer:
    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.size: tuple[int, int] | None = None
        self.texture: moderngl.Texture | None = None
        self.fbo: moderngl.Framebuffer | None = None
        self.key: object = None
        self.look: tuple = ()  # theme.LOOK it was drawn with: a new look (settings) redraws it
        self.version = 0  # changes whenever its pixels do (what the screen shows is checked against it)

    def needs(self, size: tuple[int, int], key: object) -> bool:
        """True when the layer must be redrawn for this size and content key."""
        return self.size != tuple(size) or self.key != key or self.fbo is None or self.look != theme.LOOK

    def _renew(self, size: tuple[int, int], key: object) -> tuple[int, int]:
        """Ready to take new pixels for `key` at `size` (a texture of that size, made if need be);
        the size, at least 1 x 1."""
        size = (max(1, int(size[0])), max(1, int(size[1])))
        if self.size != size or self.fbo is None:
            self.release()
            self.texture = self.ctx.texture(size, 4)
            self.fbo = self.ctx.framebuffer(color_attachments=[self.texture])
            self.size = size
        self.key = key
        self.look = theme.LOOK
        self.version += 1
        return size

    def begin(self, size: tuple[int, int], key: object) -> moderngl.Framebuffer:
        size = self._renew(size, key)
        self.fbo.use()
        self.fbo.viewport = (0, 0, *size)
        self.ctx.clear(0.0, 0.0, 0.0, 1.0)
        return self.fbo

    def show(self, size: tuple[int, int], key: object, draw: Callable[[], None]) -> None:
        """Onto the screen: the picture `draw()` paints (into the layer, bound) for `key`, painted
        again only when the key, the size or the look changed; what is drawn onto the screen
        after it, until the frame settles, goes over it (`blit`)."""
        if self.needs(size, key):
            self.begin(size, key)
            draw()
            self.ctx.screen.use()
        self.blit(self.ctx.screen)

    def capture(self, source: moderngl.Framebuffer, size: tuple[int, int], key: object) -> None:
        """Keep a copy of what `source` shows now (the screen, usually)."""
        self._renew(size, key)
        pixels = screen_pixels(self.ctx)
        if pixels is not None and source is self.ctx.screen:
            pixels.settle()  # what was recorded over the screen, drawn first
        self.ctx.copy_framebuffer(self.fbo, source)
        if source is self.ctx.screen:
            clear_benign_error(self.ctx)
            if pixels is not None:
                pixels.shown(self, self.version)  # the screen holds this very picture now

    def blit(self, target: moderngl.Framebuffer) -> None:
        """Copy the layer onto the target (which must be the same size). Onto the window's
        screen, the copy and what is drawn over the layer until the frame settles are recorded
        and drawn then, only where they differ from the last frame (ScreenPixels.record)."""
        if self.fbo is None:
            return
        pixels = screen_pixels(self.ctx) if target is self.ctx.screen else None
        if pixels is None:
            self.ctx.copy_framebuffer(target, self.fbo)
            return
        copier = PatchCopier.of(self.ctx, pixels)
        fbo, texture = self.fbo, self.texture
        pixels.record(self.ctx, self, self.version, lambda: self._copy_whole(fbo),
                      lambda rects: copier.copy(texture, rects))

    def _copy_whole(self, fbo: moderngl.Framebuffer) -> None:
        self.ctx.copy_framebuffer(self.ctx.screen, fbo)
        clear_benign_error(self.ctx)

    def release(self) -> None:
        # Dropped, not .release()d: the context's gc() frees them (gc_mode="context_gc").
        self.fbo = None
        self.texture = None
        self.size = None
        self.version += 1
