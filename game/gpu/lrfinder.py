"""The LR range test on the GPU: every eta of the grid is one copy of the network, all trained in
one dispatch per K steps by shaders/compute/nets.glsl. The twin of
game.sim.lrfinder.range_test(..., dtype=np.float32)."""

from __future__ import annotations

import numpy as np

from game.gpu.nets_kernel import K_STEPS, gpu_train_batch
from game.sim.lrfinder import DEFAULT_TRIAL_STEPS, FinderResult, finish, trial_rules


def gpu_range_test(gpu, task, optimizer: str, etas, steps: int = DEFAULT_TRIAL_STEPS, mu: float = 0.0,
                   k_steps: int = K_STEPS) -> FinderResult:
    etas = np.asarray(etas, dtype=float)
    result = gpu_train_batch(gpu, task, optimizer, etas, mu, steps, trial_rules(task), k_steps=k_steps)
    return finish(task, etas, result.status, result.loss, steps)
