"""Backend choice: the GPU where a GL 4.3 context exists, else NumPy with one line saying why;
never a crash for lack of GL."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from game.gpu import backend as backend_module
from game.gpu.backend import NumpyBackend, choose_backend
from game.gpu.context import GpuUnavailable, check_compute
from game.gpu.device import Gpu
from game.sim.expr import compile_curve
from game.sim.run import rules_for


def no_gl(*_args, **_kwargs):
    raise GpuUnavailable("no OpenGL 4.3 context: egl: cannot open display")


def test_numpy_when_asked():
    backend, reason = choose_backend("numpy")
    assert backend.name == "numpy" and "NumPy" in reason


def test_auto_falls_back_to_numpy_with_one_line(monkeypatch):
    monkeypatch.setattr(Gpu, "standalone", classmethod(no_gl))
    lines = []
    backend, reason = choose_backend("auto", log=lines.append)
    assert backend.name == "numpy"
    assert lines == [reason] and "\n" not in reason and "cannot open display" in reason


def test_gpu_when_asked_and_absent_raises_the_reason(monkeypatch):
    monkeypatch.setattr(Gpu, "standalone", classmethod(no_gl))
    with pytest.raises(GpuUnavailable, match="cannot open display"):
        choose_backend("gpu")


def test_unknown_backend():
    with pytest.raises(ValueError, match="auto, gpu, numpy"):
        choose_backend("cuda")


def test_old_gl_is_refused_with_its_version():
    old = SimpleNamespace(version_code=410, info={"GL_RENDERER": "Apple M1"})
    with pytest.raises(GpuUnavailable, match=r"Apple M1 offers OpenGL 4.1; compute shaders need 4.3"):
        check_compute(old)


@pytest.mark.gpu
def test_both_backends_answer_the_same_calls(gl_ctx):
    gpu_backend, reason = choose_backend("auto", ctx=gl_ctx)
    assert gpu_backend.name == "gpu" and "GPU" in reason
    numpy_backend = NumpyBackend(np.float32)
    curve = compile_curve("x**2")
    rules = rules_for((-3, 3))
    xs, ys = np.linspace(0.05, 1.2, 20), np.linspace(0.0, 0.9, 21)
    ours = gpu_backend.fate_map(curve, "momentum", "eta-mu", xs, ys, 2.0, 300, rules)
    theirs = numpy_backend.fate_map(curve, "momentum", "eta-mu", xs, ys, 2.0, 300, rules)
    np.testing.assert_array_equal(ours.status, theirs.status)
    np.testing.assert_array_equal(ours.steps, theirs.steps)
    assert theirs.y_values.shape == (21,) and theirs.status.shape == (21, 20)
    batch = gpu_backend.run_batch(curve, "adam", [1.0, 2.0], 0.1, 0.0, 200, rules)
    np.testing.assert_array_equal(batch.status, numpy_backend.run_batch(curve, "adam", [1.0, 2.0], 0.1, 0.0, 200, rules).status)
    gpu_backend.gpu.library.release()


@pytest.mark.gpu
def test_gpu_par_equals_numpy_par_on_every_ball_level(gl_ctx):
    from game.gpu.par import gpu_par_steps
    from game.levels import load_levels
    from game.sim.families import family_of

    gpu = Gpu(gl_ctx)
    for level in load_levels().levels:
        if level.kind == "curve":
            assert gpu_par_steps(level, gpu) == family_of(level).par_steps(level), level.id
    gpu.library.release()


def test_numpy_backend_reports_progress_by_rows():
    seen = []
    NumpyBackend().fate_map(compile_curve("x**2"), "gd", "x0-eta", np.linspace(-2, 2, 5),
                            np.linspace(0.1, 0.5, 40), 0.0, 50, rules_for((-3, 3)),
                            progress=lambda done, total: seen.append(done))
    assert seen[0] == 0 and seen[-1] == 40 and seen == sorted(seen)


def test_backend_module_keeps_no_state():
    assert not [name for name, value in vars(backend_module).items()
                if isinstance(value, (list, dict, set)) and not name.startswith("__")]


@pytest.mark.gpu
def test_gpu_par_is_searched_once_per_level_content_and_backend(gl_ctx, monkeypatch, tmp_path):
    """Opening a level again (a fresh backend on a fresh Gpu, as the game makes) finds its par in
    the cache: the search runs once per level content and backend."""
    monkeypatch.setenv("DOWNHILL_CACHE_DIR", str(tmp_path))  # nothing kept on disk from earlier runs
    from collections import OrderedDict

    from game.gpu.backend import GpuBackend
    from game.levels import find_level
    from game.sim.families import base, family

    monkeypatch.setattr(base, "_PAR_CACHE", OrderedDict())
    balls = family("curve")
    searches = []
    search = type(balls).search_par_setting
    monkeypatch.setattr(type(balls), "search_par_setting",
                        lambda self, level, runner=None: searches.append(runner is not None) or search(self, level, runner))
    level = find_level("double-well")
    first = GpuBackend(Gpu(gl_ctx)).par_steps(level)
    again = GpuBackend(Gpu(gl_ctx)).par_steps(level)
    assert first == again and searches == [True]  # searched once, on the GPU
    assert NumpyBackend().par_steps(level) == NumpyBackend().par_steps(level)
    assert searches == [True, False]  # NumPy's par is its own entry, also searched once
