"""Fate maps on the GPU: the twin of game.sim.fate.fate_map. One invocation per cell runs the ball
to its outcome; rows go in chunks so a long map can report progress between dispatches."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from game.gpu.context import finish_off_screen, release
from game.gpu.programs import adam_bias_table, curve_defines, needs_bias_table, optimizer_defines, rule_uniforms
from game.sim.fate import FateMap, axis_names

LOCAL_SIZE = 64
CELLS_PER_DISPATCH = 65_536
AXES_CODES = {"eta-mu": 0, "x0-eta": 1}

Progress = Callable[[int, int], None]  # (rows done, rows in all)


def gpu_fate_map(gpu, curve, optimizer: str, axes: str, xs, ys, fixed: float, max_steps: int,
                 rules, progress: Progress | None = None, local_size: int = LOCAL_SIZE,
                 cells_per_dispatch: int = CELLS_PER_DISPATCH) -> FateMap:
    """Every cell to its outcome, like game.sim.fate.fate_map(..., dtype=np.float32)."""
    x_name, y_name = axis_names(axes)
    xs = np.ascontiguousarray(np.asarray(xs, dtype=np.float32).reshape(-1))
    ys = np.ascontiguousarray(np.asarray(ys, dtype=np.float32).reshape(-1))
    nx, ny = xs.size, ys.size
    defines = ({"LOCAL_SIZE": local_size, "AXES": AXES_CODES[axes]}
               | curve_defines(curve, rules) | optimizer_defines(optimizer))
    program = gpu.library.compute("compute/fate.glsl", defines)
    ctx = gpu.ctx
    cells = max(nx * ny, 1)
    buffers = {
        0: ctx.buffer(xs.tobytes() if nx else b"\0" * 4),
        1: ctx.buffer(ys.tobytes() if ny else b"\0" * 4),
        2: ctx.buffer(reserve=4 * cells),
        3: ctx.buffer(reserve=4 * cells),
        4: ctx.buffer(reserve=4 * cells),
        5: ctx.buffer(reserve=4 * cells),
    }
    if needs_bias_table(optimizer):
        buffers[7] = ctx.buffer(adam_bias_table().tobytes())
    try:
        uniforms = {
            "nx": nx, "fixed_value": float(fixed), "max_steps": int(max_steps),
        } | rule_uniforms(rules)
        for name, value in uniforms.items():
            if name in program:
                program[name].value = value
        for binding, buffer in buffers.items():
            buffer.bind_to_storage_buffer(binding)
        rows_per_dispatch = max(1, cells_per_dispatch // max(nx, 1))
        if progress:
            progress(0, ny)
        for row_start in range(0, ny if nx else 0, rows_per_dispatch):
            rows = min(rows_per_dispatch, ny - row_start)
            program["row_start"].value = row_start
            program["rows"].value = rows
            program.run(math.ceil(rows * nx / local_size))
            if progress:
                finish_off_screen(ctx)  # in the game's window: without copying the screen
                progress(row_start + rows, ny)

        def read(binding, dtype):
            return np.frombuffer(buffers[binding].read(), dtype=dtype)[: nx * ny].reshape(ny, nx).copy()

        return FateMap(
            status=read(2, np.int32).astype(np.int8), steps=read(3, np.int32),
            final_x=read(4, np.float32), final_loss=read(5, np.float32),
            x_name=x_name, y_name=y_name, x_values=xs, y_values=ys,
        )
    finally:
        for buffer in buffers.values():
            release(buffer)
