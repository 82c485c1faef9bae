"""A Gpu: one OpenGL context with its compiled programs. Made once and passed in (never global);
every kernel function takes it as its first argument."""

from __future__ import annotations

from game.gpu.context import check_compute, describe, standalone_context
from game.gpu.shaders import ShaderLibrary


class Gpu:
    def __init__(self, ctx, owns_context: bool = False):
        check_compute(ctx)
        self.ctx = ctx
        self.library = ShaderLibrary(ctx)
        self._owns_context = owns_context

    @classmethod
    def standalone(cls) -> Gpu:
        """A headless context of our own (raises GpuUnavailable with the reason)."""
        return cls(standalone_context(), owns_context=True)

    @property
    def name(self) -> str:
        return describe(self.ctx)

    def release(self) -> None:
        self.library.release()
        if self._owns_context:
            self.ctx.release()

    def __enter__(self) -> Gpu:
        return self

    def __exit__(self, *exc) -> None:
        self.release()
