"""Fixtures for the drawing tests that build whole Painters (test_marks, test_shape_quads)."""

from __future__ import annotations

import pytest

from gpu_picture import H, W


@pytest.fixture(scope="module")
def own_gl(gl_ctx):
    """A context of the test module's own: in the shared session context, after the GPU tests
    before it (not alone), building a whole Painter left GL_INVALID_OPERATION, as the lab
    kernels saw programs refused there (test_lr_kernel's own context). Made current for each
    test, released in itself, and the session's made current again."""
    import moderngl

    context = moderngl.create_standalone_context(backend="egl", require=430)
    yield context
    context.mglo.__enter__()
    context.release()
    gl_ctx.mglo.__enter__()


@pytest.fixture
def own_ctx(own_gl):
    """The module's own context, current, with GL errors checked around the test."""
    own_gl.mglo.__enter__()
    assert own_gl.error == "GL_NO_ERROR"
    yield own_gl
    assert own_gl.error == "GL_NO_ERROR"


@pytest.fixture
def own_target(own_ctx):
    """A small picture (gpu_picture's W x H) to draw into."""
    return own_ctx.framebuffer(color_attachments=[own_ctx.texture((W, H), 4)])
