"""OpenGL contexts for the compute kernels: a standalone EGL one (tests, the command line) or the
game window's own. Compute shaders need OpenGL 4.3; where there is none, GpuUnavailable carries a
one-line reason and the caller falls back to NumPy."""

from __future__ import annotations

import os
import weakref

REQUIRED_VERSION = 430
SOFTWARE_THREADS_PER_CPU = 2  # llvmpipe's drawing threads per CPU (software_raster_threads)
SOFTWARE_THREADS_MAX = 16     # llvmpipe's own limit (LP_MAX_THREADS)


class GpuUnavailable(RuntimeError):
    """No OpenGL 4.3 context with compute shaders could be had; str() is a one-line reason."""


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


def check_compute(ctx) -> None:
    """Raise GpuUnavailable unless `ctx` can run compute shaders (OpenGL 4.3 or later)."""
    version = getattr(ctx, "version_code", 0)
    if version < REQUIRED_VERSION:
        renderer = ctx.info.get("GL_RENDERER", "this driver") if hasattr(ctx, "info") else "this driver"
        raise GpuUnavailable(
            f"{renderer} offers OpenGL {version // 100}.{version % 100 // 10}; "
            "compute shaders need 4.3 (macOS stops at 4.1)"
        )


def software_raster_threads() -> None:
    """Ask Mesa's software rasteriser (llvmpipe) for two drawing threads per CPU instead of its
    one, unless LP_NUM_THREADS is set already (a user's own choice wins). It reads the variable
    once, as the first context is made, so this runs before any; no other driver reads it.

    Why: a frame's drawing is handed to those threads while the game's own thread waits. With
    one thread per CPU, on the two-CPU virtual machine this project is measured on, a big draw
    kept one CPU busy at a time: the 585-pixel decision-region picture at 1920x1080 took 4.5 ms
    with two threads and 2.6 ms with four. With more threads than CPUs, one is ready wherever
    a CPU comes free (`downhill bench frames` shows it in every network and classifier scene)."""
    threads = min(SOFTWARE_THREADS_MAX, SOFTWARE_THREADS_PER_CPU * (os.cpu_count() or 1))
    os.environ.setdefault("LP_NUM_THREADS", str(threads))


def standalone_context():
    """A headless OpenGL 4.3+ context (EGL first, then the platform default)."""
    software_raster_threads()
    try:
        import moderngl
    except ImportError as error:
        raise GpuUnavailable(f"moderngl is not installed ({_one_line(error)})") from None
    reasons = []
    for kwargs in ({"backend": "egl"}, {}):
        try:
            ctx = moderngl.create_standalone_context(require=REQUIRED_VERSION, **kwargs)
        except Exception as error:  # every driver failure reads differently; keep its words
            reasons.append(f"{kwargs.get('backend', 'default')}: {_one_line(error)}")
            continue
        check_compute(ctx)
        return ctx
    raise GpuUnavailable("no OpenGL 4.3 context: " + "; ".join(reasons))


def release(obj) -> None:
    """Free a GL object now -- unless its context collects garbage itself (the game window's
    gc_mode="context_gc"): there an object released by hand makes moderngl's ctx.gc() fail
    later, so it is only dropped, and ctx.gc() frees it at the end of the frame."""
    if getattr(getattr(obj, "ctx", None), "gc_mode", None) == "context_gc":
        return
    obj.release()


_FINISH_TARGETS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # context -> its 1x1 framebuffer


def finish_off_screen(ctx) -> None:
    """Wait until everything issued on `ctx` is done, with a 1x1 framebuffer of its own bound
    meanwhile (made once per context), then bind back the one bound before. Mesa's glFinish with
    a single-buffered window surface bound (the offscreen driver's pbuffer) also copies that
    surface to its front: 8 MB at 1920x1080, about 0.8 ms on this project's machine, which
    nothing here asks for."""
    target = _FINISH_TARGETS.get(ctx)
    if target is None:
        target = _FINISH_TARGETS[ctx] = ctx.framebuffer(color_attachments=[ctx.texture((1, 1), 4)])
    bound = ctx.fbo
    target.use()
    ctx.finish()
    bound.use()


def describe(ctx) -> str:
    """One line naming the renderer and GL version, for logs and benchmark output."""
    info = ctx.info
    return f"{info.get('GL_RENDERER', '?')} (OpenGL {info.get('GL_VERSION', '?')})"
