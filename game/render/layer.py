"""A cached picture: an offscreen framebuffer drawn once (backdrop, curve, panels, labels) and
copied to the screen each frame, so the per-frame work is only what moves."""

from __future__ import annotations

import moderngl

from game.render import theme
from game.window import clear_benign_error


class Layer:
    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.size: tuple[int, int] | None = None
        self.texture: moderngl.Texture | None = None
        self.fbo: moderngl.Framebuffer | None = None
        self.key: object = None
        self.look: tuple = ()  # theme.LOOK it was drawn with: a new look (settings) redraws it

    def needs(self, size: tuple[int, int], key: object) -> bool:
        """True when the layer must be redrawn for this size and content key."""
        return self.size != tuple(size) or self.key != key or self.fbo is None or self.look != theme.LOOK

    def begin(self, size: tuple[int, int], key: object) -> moderngl.Framebuffer:
        size = (max(1, int(size[0])), max(1, int(size[1])))
        if self.size != size or self.fbo is None:
            self.release()
            self.texture = self.ctx.texture(size, 4)
            self.fbo = self.ctx.framebuffer(color_attachments=[self.texture])
            self.size = size
        self.key = key
        self.look = theme.LOOK
        self.fbo.use()
        self.fbo.viewport = (0, 0, *size)
        self.ctx.clear(0.0, 0.0, 0.0, 1.0)
        return self.fbo

    def capture(self, source: moderngl.Framebuffer, size: tuple[int, int], key: object) -> None:
        """Keep a copy of what `source` shows now (the screen, usually)."""
        size = (max(1, int(size[0])), max(1, int(size[1])))
        if self.size != size or self.fbo is None:
            self.release()
            self.texture = self.ctx.texture(size, 4)
            self.fbo = self.ctx.framebuffer(color_attachments=[self.texture])
            self.size = size
        self.key = key
        self.look = theme.LOOK
        self.ctx.copy_framebuffer(self.fbo, source)
        if source is self.ctx.screen:
            clear_benign_error(self.ctx)

    def blit(self, target: moderngl.Framebuffer) -> None:
        """Copy the layer onto the target (which must be the same size)."""
        if self.fbo is not None:
            self.ctx.copy_framebuffer(target, self.fbo)
            if target is self.ctx.screen:
                clear_benign_error(self.ctx)

    def release(self) -> None:
        # Dropped, not .release()d: the context's gc() frees them (gc_mode="context_gc").
        self.fbo = None
        self.texture = None
        self.size = None
