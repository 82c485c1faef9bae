"""Which engine runs the balls and trains the networks: the GPU kernels where a GL 4.3 context
exists, else NumPy. Both offer the same calls, so the command line and the game need not care
which they got.

A level's live run is made by `backend.start(level, params)`: NumPy plays the family's own
run; the GPU backend hands a family whose `batch_type` has a kernel twin (_twins) that twin,
bound to its context, to train the run with, and plays every other family as NumPy does."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial

import numpy as np

from game.gpu.context import GpuUnavailable
from game.sim.fate import FateMap, fate_map
from game.sim.families import family_of
from game.sim.run import BatchResult, run_batch

BACKENDS = ("auto", "gpu", "numpy")
ROWS_PER_CHUNK = 16


def _twins() -> dict[type, Callable]:
    """The GPU twins of the reference's batch classes: a twin takes the class's arguments after
    a leading Gpu and gives the same readings, in float32."""
    from game.gpu.classify_kernel import GpuClassifierBatch
    from game.sim.classify import ClassifierBatch

    return {ClassifierBatch: GpuClassifierBatch}


def _say(line: str) -> None:
    print(f"downhill: {line}", file=sys.stderr)

Progress = Callable[[int, int], None]


class NumpyBackend:
    """The reference, in float64 (the numbers a student reads) unless told float32."""

    name = "numpy"

    def __init__(self, dtype=np.float64):
        self.dtype = dtype

    def run_batch(self, curve, optimizer, x0, eta, mu, max_steps, rules) -> BatchResult:
        return run_batch(curve, optimizer, x0, eta, mu, max_steps, rules, self.dtype)

    def fate_map(self, curve, optimizer, axes, xs, ys, fixed, max_steps, rules,
                 progress: Progress | None = None) -> FateMap:
        ys = np.asarray(ys, dtype=np.float64).reshape(-1)
        parts = []
        if progress:
            progress(0, ys.size)
        for start in range(0, ys.size, ROWS_PER_CHUNK):
            parts.append(fate_map(curve, optimizer, axes, xs, ys[start:start + ROWS_PER_CHUNK],
                                  fixed, max_steps, rules, self.dtype))
            if progress:
                progress(min(start + ROWS_PER_CHUNK, ys.size), ys.size)
        if not parts:
            return fate_map(curve, optimizer, axes, xs, ys, fixed, max_steps, rules, self.dtype)
        first = parts[0]
        return FateMap(*(np.concatenate([getattr(p, key) for p in parts]) for key in
                         ("status", "steps", "final_x", "final_loss")),
                       first.x_name, first.y_name, first.x_values, ys.astype(self.dtype))

    def par_steps(self, level) -> int | None:
        return family_of(level).par_steps(level)

    def start(self, level, params):
        """The level's live run, trained by the NumPy reference."""
        return family_of(level).start(level, params)

    def release(self) -> None:
        pass


class GpuBackend:
    """The compute kernels, in float32."""

    name = "gpu"

    def __init__(self, gpu, log: Callable[[str], None] = _say):
        self.gpu = gpu
        self.log = log
        self.refused: set[str] = set()  # why a kernel could not train a run (each said once)

    def run_batch(self, curve, optimizer, x0, eta, mu, max_steps, rules) -> BatchResult:
        from game.gpu.balls import gpu_run_batch

        return gpu_run_batch(self.gpu, curve, optimizer, x0, eta, mu, max_steps, rules)

    def fate_map(self, curve, optimizer, axes, xs, ys, fixed, max_steps, rules,
                 progress: Progress | None = None) -> FateMap:
        from game.gpu.fate import gpu_fate_map

        return gpu_fate_map(self.gpu, curve, optimizer, axes, xs, ys, fixed, max_steps, rules,
                            progress=progress)

    def par_steps(self, level) -> int | None:
        from game.gpu.par import gpu_par_steps

        return gpu_par_steps(level, self.gpu)

    def start(self, level, params):
        """The level's live run, trained by the kernel twin of its family's batch where there is
        one; else, or where the kernel refuses this network (said in one line, once), by NumPy."""
        from game.gpu.shaders import ShaderError

        family = family_of(level)
        twin = _twins().get(family.batch_type)
        if twin is None:
            return family.start(level, params)
        try:
            return family.start(level, params, batches=partial(twin, self.gpu))
        except (ValueError, ShaderError, GpuUnavailable) as error:
            reason = f"level {level.id!r}: the GPU kernel cannot train this network ({error}); training with NumPy"
            if reason not in self.refused:
                self.refused.add(reason)
                self.log(" ".join(reason.split()))
            return family.start(level, params)

    def release(self) -> None:
        self.gpu.release()


def window_backend(ctx):
    """The GPU kernels on a window's context, or NumPy with a one-line `.reason` where that
    context has no compute shaders. Never raises for lack of GL."""
    from game.gpu.device import Gpu

    try:
        return GpuBackend(Gpu(ctx))
    except GpuUnavailable as error:
        backend = NumpyBackend()
        backend.reason = str(error)
        _say(f"no GPU compute ({' '.join(str(error).split())}); the game trains and maps with NumPy")
        return backend


def choose_backend(name: str = "auto", ctx=None, log: Callable[[str], None] | None = None):
    """(backend, reason). "gpu" raises GpuUnavailable when there is no GL 4.3 context;
    "auto" falls back to NumPy then, and says why in one line through `log`."""
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; expected one of {', '.join(BACKENDS)}")
    if name == "numpy":
        reason = "NumPy backend, as asked"
        backend = NumpyBackend()
    else:
        from game.gpu.device import Gpu

        try:
            gpu = Gpu(ctx) if ctx is not None else Gpu.standalone()
        except GpuUnavailable as error:
            if name == "gpu":
                raise
            reason = f"no GPU compute ({error}); using NumPy"
            backend = NumpyBackend()
        else:
            reason = f"GPU backend on {gpu.name}"
            backend = GpuBackend(gpu)
    if log:
        log(reason)
    return backend, reason
