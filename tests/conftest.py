"""Shared fixtures: one standalone EGL context per test session (moderngl's own test style),
and a headless SDL environment for the end-to-end tests."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


@pytest.fixture(scope="session")
def gl_ctx():
    """A standalone OpenGL 4.3+ context, or a clean skip saying why there is none."""
    moderngl = pytest.importorskip("moderngl")
    try:
        ctx = moderngl.create_standalone_context(backend="egl", require=430)
    except Exception as error:  # no EGL, no GL 4.3: the GPU tests skip, never fail
        pytest.skip(f"no OpenGL 4.3 context with compute shaders here: {error}")
    yield ctx
    ctx.release()


@pytest.fixture
def ctx(gl_ctx):
    """The session context, current and with GL errors checked around each test. It is made
    current first: a test module with a context of its own (the lab kernels' `gpu` fixture, the
    lr-find command) leaves none current when it releases it, and GL calls without a current
    context fail with GL_INVALID_OPERATION."""
    gl_ctx.mglo.__enter__()
    assert gl_ctx.error == "GL_NO_ERROR"
    yield gl_ctx
    assert gl_ctx.error == "GL_NO_ERROR"


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch, tmp_path_factory):
    """Every test starts in English whatever the machine's locale, and a test that switches
    language (or runs `downhill --lang ...`, which sets DOWNHILL_LANG) leaves no trace."""
    from game import i18n

    from game.userdata import ENV_VAR as DATA_DIR

    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setenv("LANGUAGE", "en")
    if not os.environ.get(DATA_DIR):  # `downhill ...` in-process reads the saved language: not the machine's
        monkeypatch.setenv(DATA_DIR, str(tmp_path_factory.mktemp("userdata")))
    with i18n.using("en"):
        yield
    from game.render import theme

    theme.apply()  # the default look again, whatever a test's settings applied


# Par found by a search is kept on disk between runs (game/sim/par_cache.py). The tests keep
# theirs beside the checkout, never in the player's own cache folder; a repeated run reads it.
os.environ.setdefault("DOWNHILL_CACHE_DIR", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                         ".cache", "tests"))
