"""Measurements behind `downhill bench` and benchmarks/: one module per suite, each with
`run(quick: bool) -> list[Measurement]`. Figures are reported, never asserted in tests."""

from __future__ import annotations

import time
from dataclasses import dataclass

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
