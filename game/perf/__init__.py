"""Measurements behind `downhill bench` and benchmarks/: one module per suite, each with
`run(quick: bool) -> list[Measurement]`. Figures are reported, never asserted in tests."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

SUITES = ("sim", "gpu", "nets", "frames", "classify", "class", "kiosk", "lr")


@dataclass(frozen=True)
class Measurement:
    suite: str
    name: str
    value: float
    unit: str
    detail: str = ""

    def line(self) -> str:
        detail = f"  ({self.detail})" if self.detail else ""
        return f"{self.suite:7s} {self.name:46s} {self.value:14.4g} {self.unit}{detail}"


def best_time(fn, repeats: int = 3) -> float:
    """Best wall time of `repeats` calls of fn(), in seconds (the least disturbed run)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _fixed_work() -> None:
    total = 0
    for i in range(200_000):  # the interpreter, as a frame's Python is
        total += i * i % 7
    a = np.random.default_rng(0).random((300, 300))
    for _ in range(20):  # and NumPy's arithmetic
        a = np.tanh(a @ a.T * 1e-3)


def machine_speed() -> float:
    """Milliseconds a fixed piece of Python and NumPy work takes now (best of 7): how fast this
    machine runs at the moment, so that runs measured at different times can be told apart (a
    shared virtual machine's speed moves from one minute to the next). Lower is faster."""
    return best_time(_fixed_work, repeats=7) * 1000.0
