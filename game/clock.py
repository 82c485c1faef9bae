"""A fixed-step clock (arcade's Clock idea): real time goes in as `dt`, whole simulation steps
come out, and the leftover fraction is what the renderer interpolates with.

The clock never reads the time itself; whoever owns the loop passes dt in, so tests drive it
with made-up frame times and get exactly the same steps.
"""

from __future__ import annotations

import math

STEP_SECONDS = 1.0 / 60.0  # one simulation tick
MAX_FRAME_SECONDS = 0.25   # a frame longer than this (a stall, a dragged window) is cut short


class FixedClock:
    """Accumulates frame time and hands out fixed simulation ticks."""

    def __init__(self, step: float = STEP_SECONDS, max_frame: float = MAX_FRAME_SECONDS) -> None:
        if not (step > 0 and math.isfinite(step)):
            raise ValueError(f"clock step must be a positive number of seconds, got {step!r}")
        self.step = float(step)
        self.max_frame = float(max_frame)
        self.accumulator = 0.0
        self.ticks = 0
        self.time = 0.0

    def advance(self, dt: float) -> int:
        """Add dt seconds of real time; return how many fixed ticks to run now."""
        if not math.isfinite(dt) or dt < 0:
            dt = 0.0
        self.accumulator += min(dt, self.max_frame)
        ticks = int(self.accumulator / self.step + 1e-9)  # 0.25 / 0.01 is 24.999... in floats
        self.accumulator = max(0.0, self.accumulator - ticks * self.step)
        self.ticks += ticks
        self.time = self.ticks * self.step
        return ticks

    @property
    def alpha(self) -> float:
        """How far (0..1) real time is between the last tick and the next: for interpolation."""
        return min(1.0, self.accumulator / self.step)


class StepPacer:
    """Turns ticks into simulation steps at a chosen speed: at speed 1, `base_rate` steps per
    second; speed 0.25 to 8 scales that. Fractions carry over, so speed x0.25 still steps."""

    def __init__(self, base_rate: float = 8.0) -> None:
        self.base_rate = float(base_rate)
        self.carry = 0.0

    def steps_for(self, seconds: float, speed: float) -> int:
        self.carry += max(0.0, seconds) * self.base_rate * max(0.0, speed)
        whole = int(self.carry)
        self.carry -= whole
        return whole

    def phase(self) -> float:
        """Fraction (0..1) of the way to the next step: the renderer eases the ball with it."""
        return self.carry
