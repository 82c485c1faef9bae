"""Classifier levels trained in the game through the backend: the GPU backend hands the family
its kernel twin, and that run matches the NumPy reference (float64) epoch by epoch to float32
tolerance; without GL 4.3, or where the kernel refuses a network, the game trains with NumPy
and says so in one line. (The play scene training with the kernel in the real window is in
tests/e2e/test_classify_scenes.py: a window made and closed here would leave this session's
standalone context not current for the GPU tests after it.)"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from game.gpu.backend import GpuBackend, NumpyBackend, window_backend
from game.levels import find_level
from game.sim.families import family_of


def start_both(gpu_backend, level_id, **given):
    level = find_level(level_id)
    params = family_of(level).level_params(level, **given)
    return NumpyBackend().start(level, params), gpu_backend.start(level, params)


def assert_same_history(cpu, gpu_run):
    n = len(cpu.train)
    np.testing.assert_allclose(gpu_run.losses, cpu.losses, rtol=1e-4, atol=1e-5)
    # a point right on the boundary may flip between float32 and float64 sums
    np.testing.assert_allclose(gpu_run.accuracies, cpu.accuracies, atol=2.0 / n)
    if cpu.held_out is not None:
        np.testing.assert_allclose(gpu_run.held_out_accuracies, cpu.held_out_accuracies,
                                   atol=2.0 / len(cpu.held_out))


@pytest.mark.gpu
@pytest.mark.parametrize("level_id, epochs, given", [
    ("separate-line", 25, {}),
    ("separate-hidden", 40, {"hidden": 5, "activation": "relu"}),
    ("digits", 6, {}),  # held-out points, 650 weights
])
def test_gpu_backend_trains_a_level_like_numpy_epoch_by_epoch(ctx, level_id, epochs, given):
    from game.gpu.device import Gpu

    backend = GpuBackend(Gpu(ctx))
    cpu, gpu_run = start_both(backend, level_id, **given)
    try:
        assert cpu.engine == "numpy" and gpu_run.engine == "gpu"
        for _ in range(epochs):
            cpu.epoch()
            gpu_run.epoch()
            assert_same_history(cpu, gpu_run)  # every epoch, not only the last
        # two dispatches per optimizer step plus one evaluation per epoch (and one at the start)
        assert gpu_run._batch.updates > 0
        assert gpu_run._batch.dispatches == 2 * gpu_run._batch.updates + gpu_run.t + 1
        assert gpu_run.status == cpu.status and gpu_run.steps == cpu.steps and gpu_run.t == cpu.t
    finally:
        gpu_run.release()


@pytest.mark.gpu
def test_a_refused_network_trains_with_numpy_and_says_so_once(ctx, monkeypatch):
    from game.gpu import classify_kernel
    from game.gpu.device import Gpu

    def refuse(shape):
        raise ValueError("the classifier kernel trains one hidden layer at most")

    monkeypatch.setattr(classify_kernel, "kernel_defines", refuse)
    lines = []
    backend = GpuBackend(Gpu(ctx), log=lines.append)
    level = find_level("separate-line")
    params = family_of(level).level_params(level)
    runs = [backend.start(level, params) for _ in range(2)]
    assert [run.engine for run in runs] == ["numpy", "numpy"]
    assert len(lines) == 1 and "\n" not in lines[0]
    assert "separate-line" in lines[0] and "one hidden layer" in lines[0] and "NumPy" in lines[0]


def test_no_compute_shaders_means_numpy_and_one_line(capsys):
    old = SimpleNamespace(version_code=410, info={"GL_RENDERER": "Apple M1"})
    backend = window_backend(old)
    assert backend.name == "numpy" and "4.3" in backend.reason
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "OpenGL 4.1" in lines[0] and "NumPy" in lines[0]
    level = find_level("separate-line")
    run = backend.start(level, family_of(level).level_params(level))
    assert run.engine == "numpy"
    run.epoch()
    assert run.t == 1
