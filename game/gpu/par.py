"""Par for stars with the GPU doing the search: game.sim.run.par_steps with a GPU runner."""

from __future__ import annotations

from game.gpu.balls import gpu_run_batch
from game.gpu.device import Gpu
from game.sim.run import Runner, par_steps


def gpu_runner(gpu: Gpu) -> Runner:
    """A `runner` for game.sim.run.par_steps that runs the balls on `gpu` (float32)."""

    def run(curve, optimizer, x0, eta, mu, max_steps, rules):
        return gpu_run_batch(gpu, curve, optimizer, x0, eta, mu, max_steps, rules)

    return run


def gpu_par_steps(level, gpu: Gpu | None = None) -> int | None:
    """Fewest steps that clear the level over its allowed controls, searched on the GPU.
    With no `gpu`, a standalone context is made for the call (raises GpuUnavailable)."""
    if gpu is not None:
        return par_steps(level, gpu_runner(gpu))
    with Gpu.standalone() as own:
        return par_steps(level, gpu_runner(own))
