"""The storage buffers the training kernels keep their copies' state in between dispatches, and
one dispatch of such a kernel. The ball, network and classifier kernels (balls.py,
nets_kernel.py, classify_kernel.py) each own a dict of binding -> buffer; the optimizer's state
sits at the same bindings in all three: 1 the velocities, 2 the second moments, 7 Adam's bias
table (shaders/include/optimizers.glsl)."""

from __future__ import annotations

import math

import moderngl
import numpy as np

from game.gpu.context import release
from game.gpu.programs import adam_bias_table, needs_bias_table

VELOCITIES, SECOND_MOMENTS, ADAM_BIAS = 1, 2, 7


def per_copy(values, n: int, what: str) -> np.ndarray:
    """`values` as float32, one for every copy or one for all (a kernel reads entry 0 then)."""
    array = np.ascontiguousarray(np.asarray(values, dtype=np.float32).reshape(-1))
    if array.size not in (1, n):
        raise ValueError(f"{what} has {array.size} values; expected 1 or {n}")
    return array


def optimizer_state(ctx: moderngl.Context, values: int, optimizer: str) -> dict[int, moderngl.Buffer]:
    """The optimizer's buffers for `values` numbers being trained (at least one), zeroed, and
    Adam's bias table where the optimizer divides by it."""
    zeros = np.zeros(max(values, 1), dtype=np.float32).tobytes()
    buffers = {VELOCITIES: ctx.buffer(zeros), SECOND_MOMENTS: ctx.buffer(zeros)}
    if needs_bias_table(optimizer):
        buffers[ADAM_BIAS] = ctx.buffer(adam_bias_table().tobytes())
    return buffers


def dispatch(program: moderngl.ComputeShader, buffers: dict[int, moderngl.Buffer], uniforms: dict,
             invocations: int, local_size: int) -> None:
    """Run `program` once over `invocations` (in groups of `local_size`) with every buffer at
    its binding and the uniforms it has (the compiler drops those a variant does not use)."""
    for name, value in uniforms.items():
        if name in program:
            program[name].value = value
    for binding, buffer in buffers.items():
        buffer.bind_to_storage_buffer(binding)
    program.run(math.ceil(invocations / local_size))


def read(buffer: moderngl.Buffer, dtype, count: int | None = None) -> np.ndarray:
    """The buffer's first `count` values (all: None) as a NumPy array of their own."""
    if count is None:
        return np.frombuffer(buffer.read(), dtype=dtype).copy()
    if count <= 0:
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(buffer.read(size=count * np.dtype(dtype).itemsize), dtype=dtype).copy()


def release_all(buffers: dict[int, moderngl.Buffer]) -> None:
    """Free the buffers (only dropped in the game window's context: its gc() frees them)."""
    for buffer in buffers.values():
        release(buffer)
    buffers.clear()
