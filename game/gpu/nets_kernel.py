"""Many copies of a small network training at once on the GPU: the twin of
game.sim.nets_train.train_batch(..., dtype=np.float32), for networks with one hidden layer
(the Paris network, the backprop network, the learning-rate lab's curve fit). Powers the Paris
fate map (P(Paris) after N steps over eta x mu) and the lab's LR range test (one eta per copy,
a learning-rate schedule and minibatches shared by all)."""

from __future__ import annotations

import numpy as np

from game.gpu import storage
from game.gpu.programs import optimizer_defines
from game.sim.nets import ACTIVATIONS
from game.sim.nets_presets import NetTask
from game.sim.nets_train import RUNNING, NetBatchResult, NetRules

LOCAL_SIZE = 64
K_STEPS = 50
LOSS_CODES = {"cross_entropy": 0, "mse": 1}


def kernel_defines(task: NetTask) -> dict[str, object]:
    """The #defines that shape shaders/compute/nets.glsl for this task's network."""
    shape = task.shape
    if shape.n_layers != 2 or not shape.bias or task.basis is not None:
        raise ValueError(f"the network kernel trains inputs -> one hidden layer -> outputs with biases; "
                         f"preset '{task.preset}' has layers {shape.sizes}")
    return {"N_IN": shape.sizes[0], "N_HID": shape.sizes[1], "N_OUT": shape.sizes[2],
            "N_EX": task.x.shape[0], "HIDDEN_ACT": ACTIVATIONS.index(shape.hidden),
            "OUTPUT_ACT": ACTIVATIONS.index(shape.output), "LOSS": LOSS_CODES[shape.loss],
            "BATCH": 0 if task.batches is None else int(task.batches.shape[1])}


class GpuNets:
    """N copies' weights and optimizer state in storage buffers; `advance(k)` runs k updates."""

    def __init__(self, gpu, task: NetTask, optimizer: str, eta, mu, max_steps: int, rules: NetRules,
                 start: np.ndarray | None = None, copies: int | None = None, local_size: int = LOCAL_SIZE,
                 schedule=None):
        eta = np.asarray(eta, dtype=np.float32).reshape(-1)
        mu = np.asarray(mu, dtype=np.float32).reshape(-1)
        start = task.start[None, :] if start is None else np.atleast_2d(start)
        self.n = int(copies or max(eta.size, mu.size, start.shape[0]))
        self.n_params = task.n_params
        start = np.ascontiguousarray(np.broadcast_to(start.astype(np.float32), (self.n, self.n_params)))
        self.gpu, self.task, self.rules = gpu, task, rules
        self.max_steps = int(max_steps)
        self.local_size = local_size
        defines = ({"LOCAL_SIZE": local_size, "SCHEDULED": int(schedule is not None)}
                   | kernel_defines(task) | optimizer_defines(optimizer))
        self.program = gpu.library.compute("compute/nets.glsl", defines)
        ctx = gpu.ctx
        target = np.asarray(task.target, dtype=np.float32).reshape(-1)
        data = np.concatenate([task.x.astype(np.float32).reshape(-1), target])
        self.buffers = {
            0: ctx.buffer(start.tobytes()),
            3: ctx.buffer(np.zeros(self.n, dtype=np.int32).tobytes()),
            4: ctx.buffer(np.full(self.n, RUNNING, dtype=np.int32).tobytes()),
            5: ctx.buffer(storage.per_copy(eta, self.n, "eta").tobytes()),
            6: ctx.buffer(storage.per_copy(mu, self.n, "mu").tobytes()),
            8: ctx.buffer(np.zeros(self.n, dtype=np.float32).tobytes()),
            9: ctx.buffer(data.tobytes()),
        } | storage.optimizer_state(ctx, self.n * self.n_params, optimizer)
        self.extra_uniforms = {}
        if schedule is not None:
            # the same float32 rounding as NetBatch's factor table
            factors = np.ascontiguousarray(schedule.factors(max(self.max_steps, 1)).astype(np.float32))
            self.buffers[10] = ctx.buffer(factors.tobytes())
            self.extra_uniforms["factor_count"] = int(factors.size)
        if task.batches is not None:
            self.buffers[11] = ctx.buffer(np.ascontiguousarray(task.batches, dtype=np.int32).tobytes())
            self.extra_uniforms["batch_rows"] = int(task.batches.shape[0])
        self.eta_count = self.buffers[5].size // 4
        self.mu_count = self.buffers[6].size // 4
        self.dispatched_steps = 0

    def advance(self, k: int = K_STEPS) -> None:
        if k <= 0:
            return
        values = {"n": self.n, "k_steps": int(k), "eta_count": self.eta_count, "mu_count": self.mu_count,
                  "max_steps": self.max_steps, "target_loss": self.rules.target_loss,
                  "weight_limit": self.rules.weight_limit,
                  "loss_limit": getattr(self.rules, "loss_limit", float("inf"))} | self.extra_uniforms
        storage.dispatch(self.program, self.buffers, values, self.n, self.local_size)
        self.dispatched_steps += int(k)

    def run(self, k_steps: int = K_STEPS) -> None:
        """Dispatch until every copy is decided (by max_steps updates at the latest)."""
        while self.dispatched_steps < self.max_steps:
            self.advance(min(k_steps, self.max_steps - self.dispatched_steps))
        if self.max_steps == 0 and self.dispatched_steps == 0:
            self.advance(1)  # the t = 0 check alone

    def result(self) -> NetBatchResult:
        def get(binding, dtype):
            return storage.read(self.buffers[binding], dtype)

        loss = get(8, np.float32)
        return NetBatchResult(get(4, np.int32).astype(np.int8), get(3, np.int32), loss,
                              self.task.p_target(loss), get(0, np.float32).reshape(self.n, self.n_params))

    def release(self) -> None:
        storage.release_all(self.buffers)


def gpu_train_batch(gpu, task: NetTask, optimizer: str, eta, mu, max_steps: int, rules: NetRules,
                    start: np.ndarray | None = None, k_steps: int = K_STEPS, schedule=None) -> NetBatchResult:
    """Like game.sim.nets_train.train_batch(..., dtype=np.float32), on the GPU."""
    nets = GpuNets(gpu, task, optimizer, eta, mu, max_steps, rules, start, schedule=schedule)
    try:
        nets.run(k_steps)
        return nets.result()
    finally:
        nets.release()


def gpu_p_target_map(gpu, task: NetTask, optimizer: str, etas, mus, steps: int,
                     k_steps: int = K_STEPS):
    """The GPU twin of game.sim.nets_fate.p_target_map (float32)."""
    from game.sim.nets_fate import fate_grid, fate_rules, make_map

    eta_grid, mu_grid = fate_grid(etas, mus)
    result = gpu_train_batch(gpu, task, optimizer, eta_grid, mu_grid, steps, fate_rules(task), k_steps=k_steps)
    return make_map(result, etas, mus)
