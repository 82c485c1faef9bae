"""Many balls on one curve, on the GPU: the twin of game.sim.run.run_batch, and a live swarm that
advances K updates per dispatch for the game's swarm view."""

from __future__ import annotations

import numpy as np

from game.gpu import storage
from game.gpu.programs import curve_defines, optimizer_defines, rule_uniforms
from game.sim.outcome import RUNNING
from game.sim.run import BatchResult

LOCAL_SIZE = 128
K_STEPS = 256  # updates per dispatch: each dispatch re-reads state and re-evaluates the slope once


class GpuBalls:
    """N balls' state in storage buffers; `advance(k)` runs up to k updates of every ball."""

    def __init__(self, gpu, curve, optimizer: str, x0, eta, mu, max_steps: int, rules,
                 local_size: int = LOCAL_SIZE):
        x0 = np.ascontiguousarray(np.asarray(x0, dtype=np.float32).reshape(-1))
        self.n = x0.size
        self.gpu = gpu
        self.max_steps = int(max_steps)
        self.rules = rules
        self.local_size = local_size
        ctx = gpu.ctx
        defines = {"LOCAL_SIZE": local_size} | curve_defines(curve, rules) | optimizer_defines(optimizer)
        self.program = gpu.library.compute("compute/balls.glsl", defines)
        slots = max(self.n, 1)
        zeros = np.zeros(slots, dtype=np.float32).tobytes()
        self.buffers = {
            0: ctx.buffer(x0.tobytes() if self.n else zeros),
            3: ctx.buffer(np.zeros(slots, dtype=np.int32).tobytes()),
            4: ctx.buffer(np.full(slots, RUNNING, dtype=np.int32).tobytes()),
            5: ctx.buffer(storage.per_copy(eta, self.n, "eta").tobytes()),
            6: ctx.buffer(storage.per_copy(mu, self.n, "mu").tobytes()),
            8: ctx.buffer(zeros),
        } | storage.optimizer_state(ctx, self.n, optimizer)
        self.eta_count = self.buffers[5].size // 4
        self.mu_count = self.buffers[6].size // 4
        self.dispatched_steps = 0

    def advance(self, k: int = K_STEPS) -> None:
        """Up to k more updates of every running ball (all of them reach an outcome by max_steps)."""
        if self.n == 0 or k <= 0:
            return
        uniforms = {"n": self.n, "k_steps": int(k), "eta_count": self.eta_count, "mu_count": self.mu_count,
                    "max_steps": self.max_steps} | rule_uniforms(self.rules)
        storage.dispatch(self.program, self.buffers, uniforms, self.n, self.local_size)
        self.dispatched_steps += int(k)

    @property
    def finished(self) -> bool:
        return self.n == 0 or self.dispatched_steps >= self.max_steps

    def positions(self) -> np.ndarray:
        return storage.read(self.buffers[0], np.float32, self.n)

    def read(self) -> dict[str, np.ndarray]:
        def get(binding, dtype):
            return storage.read(self.buffers[binding], dtype, self.n)

        return {
            "x": get(0, np.float32), "v": get(storage.VELOCITIES, np.float32),
            "s": get(storage.SECOND_MOMENTS, np.float32), "steps": get(3, np.int32),
            "status": get(4, np.int32).astype(np.int8), "loss": get(8, np.float32),
        }

    def release(self) -> None:
        storage.release_all(self.buffers)


def _broadcast(x0, eta, mu):
    """x0 takes the broadcast shape; eta and mu stay single values where they are scalars."""
    arrays = [np.asarray(a, dtype=np.float32) for a in (x0, eta, mu)]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    x0 = np.broadcast_to(arrays[0], shape)
    eta, mu = (a if a.size == 1 else np.broadcast_to(a, shape) for a in arrays[1:])
    return x0, eta, mu


def gpu_run_batch(gpu, curve, optimizer: str, x0, eta, mu, max_steps: int, rules,
                  k_steps: int = K_STEPS, local_size: int = LOCAL_SIZE) -> BatchResult:
    """Run every ball to its outcome, like game.sim.run.run_batch(..., dtype=np.float32).
    x0, eta and mu broadcast together as there."""
    x0, eta, mu = _broadcast(x0, eta, mu)
    balls = GpuBalls(gpu, curve, optimizer, x0, eta, mu, max_steps, rules, local_size)
    try:
        while not balls.finished:
            balls.advance(min(k_steps, balls.max_steps - balls.dispatched_steps))
        if balls.n and balls.max_steps == 0:
            balls.advance(1)  # the t = 0 check alone
        state = balls.read()
        shape = np.shape(x0)
        return BatchResult(state["status"].reshape(shape), state["steps"].reshape(shape),
                           state["x"].reshape(shape), state["loss"].reshape(shape))
    finally:
        balls.release()
