"""The slider's maths: log scale, snapping to significant digits, keyboard steps."""

from __future__ import annotations

import pygame
import pytest

from game.ui.events import Key, Pointer
from game.ui.focus import FocusGroup
from game.ui.button import Button
from game.ui.slider import Slider, snap_significant


@pytest.mark.parametrize("value, digits, expected", [
    (0.4999, 2, 0.5), (0.123, 2, 0.12), (1.234, 3, 1.23), (0.0, 2, 0.0), (-0.0456, 2, -0.046), (150.0, 2, 150.0),
])
def test_snap_significant(value, digits, expected):
    assert snap_significant(value, digits) == expected


def test_log_position_round_trips_and_half_is_the_geometric_middle():
    s = Slider("eta", 0.1, 0.01, 1.0, log=True)
    assert s.position(0.1) == pytest.approx(0.5)
    for t in (0.0, 0.3, 0.77, 1.0):
        assert s.position(s.value_at(t)) == pytest.approx(t)


def test_keyboard_steps_always_move_to_a_new_snapped_value():
    s = Slider("eta", 0.01, 0.01, 1.5, log=True)
    values = [s.value]
    while s.value < 1.5:
        s.on_key(Key(pygame.K_RIGHT))
        values.append(s.value)
        assert len(values) < 100
    assert all(b > a for a, b in zip(values, values[1:]))
    assert all(v == snap_significant(v, 2) or v == 1.5 for v in values)


def test_fine_steps_reach_one_half_exactly():
    s = Slider("eta", 0.47, 0.01, 1.5, log=True)
    for _ in range(50):
        if s.value >= 0.5:
            break
        s.on_key(Key(pygame.K_RIGHT, pygame.KMOD_SHIFT))
    assert s.value == 0.5


def test_locked_slider_ignores_input_and_keeps_its_reason():
    s = Slider("mu", 0.0, 0.0, 0.99, enabled=False, reason="fixed by this level")
    s.place(0, 0, 200, 60)
    s.on_pointer(Pointer("down", 150, 45))
    s.on_key(Key(pygame.K_RIGHT))
    assert s.value == 0.0 and not s.enabled and s.reason == "fixed by this level"


def test_drag_sets_the_value_and_shift_drag_is_finer():
    changes = []
    s = Slider("mu", 0.0, 0.0, 1.0, on_change=changes.append)
    s.place(0, 0, 260, 60)
    left, right, y = s.track()
    assert s.on_pointer(Pointer("down", left, y))
    s.on_pointer(Pointer("move", (left + right) / 2, y))
    assert s.value == pytest.approx(0.5, abs=0.01)
    coarse = s.value
    s.on_pointer(Pointer("move", (left + right) / 2 + 50, y, fine=True))
    assert 0 < s.value - coarse < 0.05
    s.on_pointer(Pointer("up", 0, 0))
    assert changes and not s.dragging


def test_focus_group_tabs_and_activates():
    pressed = []
    a, b = Button("A", lambda: pressed.append("a")), Button("B", lambda: pressed.append("b"))
    group = FocusGroup([a, b])
    group.handle(Key(pygame.K_TAB))
    assert group.focused is b and group.ring_visible
    group.handle(Key(pygame.K_RETURN))
    group.handle(Key(pygame.K_TAB, pygame.KMOD_SHIFT))
    group.handle(Key(pygame.K_SPACE))
    assert pressed == ["b", "a"]
