"""The many-copies network kernel with the learning-rate lab's additions (a schedule's eta per
step, minibatches, one eta per copy for the range test) against the NumPy reference in float32."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim.lrfinder import eta_grid, range_test
from game.sim.nets_presets import build_task
from game.sim.nets_train import DIVERGED, NetRules, train_batch
from game.sim.schedules import Schedule

pytestmark = pytest.mark.gpu


@pytest.fixture(scope="module")
def gpu(gl_ctx):
    """A context of this module's own: after the GPU tests before these, Mesa's llvmpipe has
    refused to create further programs in the shared session context ("cannot create program")."""
    from game.gpu.device import Gpu

    try:
        gpu = Gpu.standalone()
    except Exception as error:
        pytest.skip(f"no OpenGL 4.3 context with compute shaders here: {error}")
    yield gpu
    gpu.ctx.mglo.__enter__()  # its objects are released in its own context, not the session's
    assert gpu.ctx.error == "GL_NO_ERROR"
    gpu.release()
    gl_ctx.mglo.__enter__()


def _same(gpu_result, cpu_result, atol=1e-5):
    np.testing.assert_array_equal(gpu_result.status, cpu_result.status)
    np.testing.assert_array_equal(gpu_result.steps, cpu_result.steps)
    alive = cpu_result.status != DIVERGED
    np.testing.assert_allclose(gpu_result.loss[alive], cpu_result.loss[alive], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(gpu_result.coords[alive], cpu_result.coords[alive], rtol=1e-4, atol=atol)


@pytest.mark.parametrize("kind", ["constant", "step", "cosine", "warmup"])
@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam"])
def test_scheduled_copies_match_numpy_float32(gpu, kind, optimizer):
    from game.gpu.nets_kernel import gpu_train_batch

    task = build_task("fit", {})
    # Adam's float32 rounding differs a little more (see test_nets_kernel): no learned threshold
    # for it to land on either side of
    rules = NetRules(target_loss=0.05 if optimizer != "adam" else -np.inf, weight_limit=task.weight_limit)
    etas = eta_grid(1e-3, 0.25 if optimizer != "adam" else 0.05, 32)
    schedule = Schedule(kind, 60, step_size=20, gamma=0.3, warmup=10)
    on_gpu = gpu_train_batch(gpu, task, optimizer, etas, 0.5, 60, rules, k_steps=7, schedule=schedule)
    on_cpu = train_batch(task, optimizer, etas, 0.5, 60, rules, dtype=np.float32, schedule=schedule)
    _same(on_gpu, on_cpu, atol=1e-3 if optimizer == "adam" else 1e-5)


def test_minibatches_match_numpy_float32(gpu):
    from game.gpu.nets_kernel import gpu_train_batch

    task = build_task("fit", {"hidden": 4, "points": 16, "batch": 4})
    rules = NetRules(target_loss=-np.inf, weight_limit=task.weight_limit)
    etas = eta_grid(1e-3, 0.3, 24)
    schedule = Schedule("cosine", 40)
    on_gpu = gpu_train_batch(gpu, task, "gd", etas, 0.0, 40, rules, k_steps=9, schedule=schedule)
    on_cpu = train_batch(task, "gd", etas, 0.0, 40, rules, dtype=np.float32, schedule=schedule)
    _same(on_gpu, on_cpu)
    # and the minibatches matter: full-batch training ends elsewhere
    full = train_batch(build_task("fit", {"hidden": 4, "points": 16}), "gd", etas, 0.0, 40, rules,
                       dtype=np.float32, schedule=schedule)
    assert not np.allclose(full.coords, on_cpu.coords)


def test_gpu_range_test_matches_the_reference_and_suggests_the_same_eta(gpu):
    from game.gpu.lrfinder import gpu_range_test

    task = build_task("fit", {"frequency": 1.0})
    etas = eta_grid(1e-5, 10.0, 61)
    on_gpu = gpu_range_test(gpu, task, "gd", etas, steps=20, k_steps=8)
    reference = range_test(task, "gd", etas, steps=20, dtype=np.float32)
    np.testing.assert_array_equal(np.isfinite(on_gpu.losses), np.isfinite(reference.losses))
    finite = np.isfinite(reference.losses)
    np.testing.assert_allclose(on_gpu.losses[finite], reference.losses[finite], rtol=1e-4)
    assert on_gpu.suggested == reference.suggested
    assert not finite.all() and finite[:10].all()  # the top of the range explodes, the bottom does not


def test_lr_find_command_on_the_gpu_suggests_what_numpy_does(tmp_path, capsys):
    import json

    from game.cli import main

    paths = {}
    for backend in ("numpy", "gpu"):
        paths[backend] = tmp_path / f"{backend}.json"
        assert main(["lr-find", "lr-finder", "--backend", backend, "--out", str(paths[backend])]) == 0
    capsys.readouterr()
    cpu, gpu = (json.loads(paths[b].read_text()) for b in ("numpy", "gpu"))
    assert cpu["suggested_eta"] == gpu["suggested_eta"]
    assert [v is None for v in cpu["losses"]] == [v is None for v in gpu["losses"]]
