"""Copies of a classifier training on the GPU: the twin of game.sim.classify.ClassifierBatch
(float32), one epoch per advance(). Each optimizer step is two dispatches of
shaders/compute/classify.glsl: PASS 0 over the (copy, point) pairs of the slice, PASS 1 over the
(copy, parameter) pairs. After each epoch a PASS 0 over every point gives each point's loss and
whether it was read right; the means are the epoch's loss and accuracy, and the outcome is judged
here by the reference's own rules. Held-out points (where a level keeps some back) are read by the
reference's forward pass from the kernel's weights after each epoch: reading them is not training.

The game trains with it through its backend (game/gpu/backend.py, _twins): a classifier
level's run is made with `batches=` this class bound to the window's Gpu."""

from __future__ import annotations

import numpy as np

from game.gpu import storage
from game.gpu.programs import optimizer_defines
from game.sim.classify import ClassifierRules, Points, accuracy_of, probabilities
from game.sim.nets import ACTIVATIONS, NetShape, init_params, is_exploded
from game.sim.optim import check_optimizer
from game.sim.outcome import CONVERGED, DIVERGED, Outcomes

LOCAL_SIZE = 64


def kernel_defines(shape: NetShape) -> dict[str, object]:
    if shape.n_layers not in (1, 2) or not shape.bias or shape.loss != "cross_entropy":
        raise ValueError(f"the classifier kernel trains inputs -> [one hidden layer] -> softmax with biases; "
                         f"got layers {shape.sizes}")
    hidden = shape.sizes[1] if shape.n_layers == 2 else 0
    return {"N_IN": shape.sizes[0], "N_HID": hidden, "N_OUT": shape.sizes[-1],
            "HIDDEN_ACT": ACTIVATIONS.index(shape.hidden)}


class GpuClassifierBatch(Outcomes):
    """Same arguments and readings as ClassifierBatch (params, loss, accuracy, judged_accuracy,
    status, steps), after a leading `gpu`; it computes in float32 whatever `dtype` asks."""

    engine = "gpu"

    def __init__(self, gpu, shape: NetShape, train: Points, optimizer: str, eta, mu, max_epochs: int,
                 rules: ClassifierRules = ClassifierRules(), start: np.ndarray | None = None,
                 batch: int | None = None, dtype=np.float32, copies: int | None = None,
                 held_out: Points | None = None, local_size: int = LOCAL_SIZE):
        self.gpu, self.shape, self.rules, self.held_out = gpu, shape, rules, held_out
        self.optimizer = check_optimizer(optimizer)
        self.max_steps = int(max_epochs)
        self.n_points = len(train)
        self.batch = self.n_points if not batch else max(1, min(int(batch), self.n_points))
        self.local_size = local_size
        self._ahead = None  # the next epoch, begun by `prepare` (a generator of its parts)
        self._parts_ahead = 0
        eta = np.asarray(eta, dtype=np.float32).reshape(-1)
        mu = np.asarray(mu, dtype=np.float32).reshape(-1)
        if start is None:
            start = init_params(shape, np.random.default_rng(0))
        start = np.atleast_2d(np.asarray(start, dtype=np.float32))
        self.n = int(copies or max(eta.size, mu.size, start.shape[0]))
        params = np.ascontiguousarray(np.broadcast_to(start, (self.n, shape.n_params)))
        base = {"LOCAL_SIZE": local_size} | kernel_defines(shape) | optimizer_defines(optimizer)
        self.passes = [gpu.library.compute("compute/classify.glsl", base | {"PASS": p}) for p in (0, 1)]
        ctx = gpu.ctx
        hidden = max(1, kernel_defines(shape)["N_HID"])
        slots = self.n * self.n_points
        self.buffers = {
            0: ctx.buffer(params.tobytes()),
            3: ctx.buffer(np.ones(self.n, dtype=np.int32).tobytes()),
            4: ctx.buffer(storage.per_copy(eta, self.n, "eta").tobytes()),
            5: ctx.buffer(storage.per_copy(mu, self.n, "mu").tobytes()),
            8: ctx.buffer(np.ascontiguousarray(train.x, dtype=np.float32).tobytes()),
            9: ctx.buffer(np.ascontiguousarray(train.y, dtype=np.int32).tobytes()),
            10: ctx.buffer(reserve=slots * hidden * 4),
            11: ctx.buffer(reserve=slots * hidden * 4),
            12: ctx.buffer(reserve=slots * shape.sizes[-1] * 4),
            13: ctx.buffer(reserve=slots * 4),
            14: ctx.buffer(reserve=slots * 4),
        } | storage.optimizer_state(ctx, params.size, optimizer)
        self.counts = {"eta_count": self.buffers[4].size // 4, "mu_count": self.buffers[5].size // 4}
        self.updates = 0
        self.dispatches = 0  # compute dispatches made (a test reads it: the kernel really trained)
        self._start_outcomes((self.n,))
        self._evaluate()
        self._judge()

    # -- dispatches ---------------------------------------------------------------------------

    def _dispatch(self, which: int, first: int, count: int, invocations: int) -> None:
        program = self.passes[which]
        values = {"copies": self.n, "first": first, "count": count, "t": self.updates} | self.counts
        self.gpu.ctx.memory_barrier()
        storage.dispatch(program, self.buffers, values, invocations, self.local_size)
        self.dispatches += 1

    def _step(self, first: int, count: int) -> None:
        self._dispatch(0, first, count, self.n * count)
        self._dispatch(1, first, count, self.n * self.shape.n_params)
        self.updates += 1

    def _read(self, binding: int, dtype, count: int) -> np.ndarray:
        return storage.read(self.buffers[binding], dtype, count)

    def _evaluate(self) -> None:
        self._evaluate_dispatch()
        self._evaluate_read()

    def _evaluate_dispatch(self) -> None:
        """Every point's loss and answer under the weights now, into buffers 13 and 14."""
        self._dispatch(0, 0, self.n_points, self.n * self.n_points)
        self.gpu.ctx.memory_barrier()

    def _evaluate_read(self) -> None:
        slots = self.n * self.n_points
        loss = self._read(13, np.float32, slots).reshape(self.n, self.n_points)
        right = self._read(14, np.int32, slots).reshape(self.n, self.n_points)
        with np.errstate(all="ignore"):
            self.loss = loss.mean(axis=1, dtype=np.float32)
        self.accuracy = right.mean(axis=1)
        self._params = self._read(0, np.float32, self.n * self.shape.n_params).reshape(self.n, self.shape.n_params)
        if self.held_out is not None:
            with np.errstate(all="ignore"):
                probs = probabilities(self.shape, self._params, self.held_out.x.astype(np.float32))
            self.held_out_accuracy = accuracy_of(probs, self.held_out.y)

    @property
    def judged_accuracy(self) -> np.ndarray:
        """The accuracy the outcome is judged by: on the held-out points if there are some."""
        return self.accuracy if self.held_out is None else self.held_out_accuracy

    def _judge(self) -> None:
        exploded = is_exploded(self.params, self.loss, self.rules.weight_limit)
        self._decide(self.running & exploded, DIVERGED)
        self._decide(self.running & (self.judged_accuracy >= self.rules.target_accuracy), CONVERGED)
        self._close_budget()
        self.buffers[3].write(self.running.astype(np.int32).tobytes())

    # -- the ClassifierBatch interface ----------------------------------------------------------

    @property
    def params(self) -> np.ndarray:
        """The weights after the last epoch (read back once per epoch, not per call)."""
        return self._params

    def advance(self) -> None:
        """One epoch for every copy still running (finishing the one `prepare` began)."""
        if self.done:
            return
        parts, self._ahead = self._ahead or self._epoch(), None
        for _ in parts:
            pass

    def prepare(self) -> None:
        """One part of the next epoch now (a minibatch, or the evaluation), ahead of time: a
        paced run spreads an epoch's dispatches over the frames before it is due (on a software
        GPU they run on the CPU, in the caller's time). Nothing of it shows (the weights are
        read back at the epoch's end) and the epoch is the same: `advance` takes the rest."""
        if self.done:
            return
        if self._ahead is None:
            self._ahead = self._epoch()
            self._parts_ahead = 0
        if self._parts_ahead < self.parts_ahead:  # never the last part: the epoch's end
            next(self._ahead)
            self._parts_ahead += 1

    @property
    def parts_ahead(self) -> int:
        """The parts of an epoch `prepare` may take: every minibatch and the evaluation."""
        return -(-self.n_points // self.batch) + 1

    def _epoch(self):
        """An epoch in parts: each minibatch, the evaluation over every point, then (at the
        last `next`) the read-back and the judgement."""
        running = self.running.copy()
        loss, accuracy = self.loss, self.accuracy
        held_out = getattr(self, "held_out_accuracy", None)
        for first in range(0, self.n_points, self.batch):
            self._step(first, min(self.batch, self.n_points - first))
            yield
        self._evaluate_dispatch()
        yield
        self.t += 1
        self._evaluate_read()
        self.loss = np.where(running, self.loss, loss)
        self.accuracy = np.where(running, self.accuracy, accuracy)
        if held_out is not None:
            self.held_out_accuracy = np.where(running, self.held_out_accuracy, held_out)
        self._judge()

    def result(self) -> GpuClassifierBatch:
        return self

    def release(self) -> None:
        storage.release_all(self.buffers)


__all__ = ["GpuClassifierBatch", "kernel_defines", "CONVERGED", "DIVERGED"]
