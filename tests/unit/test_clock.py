"""The fixed step does not depend on the frame rate: same total time, same ticks."""

from __future__ import annotations

import pytest

from game.clock import FixedClock, StepPacer


def total_ticks(frame_seconds: float, frames: int) -> int:
    clock = FixedClock(step=1 / 60)
    return sum(clock.advance(frame_seconds) for _ in range(frames))


@pytest.mark.parametrize("fps", [30, 60, 144, 240])
def test_two_seconds_is_120_ticks_at_any_frame_rate(fps):
    ticks = total_ticks(1.0 / fps, 2 * fps)
    assert ticks in (119, 120)  # the last tick can sit just under the boundary in binary floats


def test_uneven_frames_give_the_same_ticks_as_even_ones():
    even = FixedClock(step=0.01)
    uneven = FixedClock(step=0.01)
    a = sum(even.advance(0.005) for _ in range(200))
    b = sum(uneven.advance(dt) for dt in [0.001, 0.009, 0.003, 0.007] * 50)
    assert a == b == 100


def test_a_long_stall_is_capped():
    clock = FixedClock(step=0.01, max_frame=0.25)
    assert clock.advance(10.0) == 25
    assert clock.advance(float("nan")) == 0
    assert clock.advance(-1.0) == 0


def test_alpha_is_the_leftover_fraction():
    clock = FixedClock(step=0.1)
    clock.advance(0.25)
    assert clock.alpha == pytest.approx(0.5)


def test_bad_step_is_refused():
    with pytest.raises(ValueError):
        FixedClock(step=0.0)


def test_pacer_speed_scales_steps_and_keeps_fractions():
    slow, fast = StepPacer(base_rate=8), StepPacer(base_rate=8)
    slow_steps = sum(slow.steps_for(1 / 60, 0.25) for _ in range(600))  # 10 s at x0.25
    fast_steps = sum(fast.steps_for(1 / 60, 8.0) for _ in range(60))    # 1 s at x8
    assert slow_steps in (19, 20)
    assert fast_steps in (63, 64)
