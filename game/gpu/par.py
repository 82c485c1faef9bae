"""Par for stars with the GPU doing the search: the level family's par with a GPU runner."""

from __future__ import annotations

from game.gpu.balls import gpu_run_batch
from game.gpu.device import Gpu
from game.sim.families import family_of
from game.sim.run import Runner


def gpu_runner(gpu: Gpu) -> Runner:
    """A runner like game.sim.run.run_batch that runs the balls on `gpu` (float32)."""

    def run(curve, optimizer, x0, eta, mu, max_steps, rules):
        return gpu_run_batch(gpu, curve, optimizer, x0, eta, mu, max_steps, rules)

    return run


def gpu_par_steps(level, gpu: Gpu | None = None) -> int | None:
    """Fewest steps that clear the level over its allowed controls, searched on the GPU once per
    level content (then remembered). With no `gpu`, a standalone context is made for the search
    (raises GpuUnavailable)."""
    family = family_of(level)
    if gpu is not None:
        return family.par_steps(level, gpu_runner(gpu), backend="gpu")
    if family.has_par(level, backend="gpu"):
        return family.par_steps(level, backend="gpu")
    with Gpu.standalone() as own:
        return family.par_steps(level, gpu_runner(own), backend="gpu")
