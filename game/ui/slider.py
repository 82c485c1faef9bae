"""A slider for one number: linear (μ, x₀) or logarithmic (η).

Dragged values snap to a few significant digits (two normally, three with Shift held), and
keyboard steps land on round stops, so a player can reach 0.5 exactly either way and the
numbers on screen stay readable. Keyboard: arrows step,
PageUp/PageDown step five times, Home/End jump to the ends, Shift for fine steps. Mouse and
touch drag (Shift drags slowly); a gamepad stick moves it at a rate while held.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame

from game.i18n import _, number
from game.render import theme
from game.ui.events import Key, Pointer
from game.ui.widget import Widget

COARSE_STEPS = 40      # keyboard steps across a linear slider (ten times as many with Shift)
LOG_STOPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)  # per decade, on a log slider
STICK_SPEED = 0.45     # slider widths per second at full tilt
STICK_DEADZONE = 0.2
FINE_DRAG = 0.1        # Shift-drag moves this fraction as fast


def snap_significant(value: float, digits: int) -> float:
    """Round to `digits` significant digits (0.4999 -> 0.5 with 2); 0 stays 0."""
    if value == 0 or not math.isfinite(value):
        return value
    exponent = math.floor(math.log10(abs(value)))
    return round(value, digits - 1 - exponent)


def snap_decimals(value: float, decimals: int) -> float:
    return round(value, decimals)


class Slider(Widget):
    def __init__(self, label: str, value: float, lo: float, hi: float, *,
                 on_change: Callable[[float], None] | None = None, log: bool = False,
                 digits: int = 2, color: str = "BLUE", fmt: str = "{:.3g}", enabled: bool = True,
                 reason: str = "", hint: str = "") -> None:
        super().__init__(label, enabled=enabled and hi > lo, reason=reason if (not enabled or hi <= lo) else "", hint=hint)
        if log and lo <= 0:
            raise ValueError(f"{label}: a log slider needs a positive minimum, got {lo}")
        self.lo, self.hi = float(lo), float(hi)
        self.log = log
        self.digits = digits
        self.color = color
        self.fmt = fmt
        self.on_change = on_change
        self.value = self.clamp(float(value))
        self.dragging = False
        self.drag_origin: tuple[float, float] | None = None
        self.stick = 0.0
        self.stick_carry = 0.0
        self._stops: dict = {}

    @property
    def color(self) -> tuple:
        """The track colour: the role's colour in the look as it is now (read at draw time)."""
        return theme.role(self.color_role)

    @color.setter
    def color(self, role: str) -> None:
        theme.role(role)  # a role name ("CYAN"), never a colour copied at construction
        self.color_role = role

    # --- value <-> position ----------------------------------------------------------------

    def clamp(self, value: float) -> float:
        if not math.isfinite(value):
            return self.lo
        return min(self.hi, max(self.lo, value))

    def position(self, value: float | None = None) -> float:
        v = self.value if value is None else value
        if self.hi <= self.lo:
            return 0.0
        if self.log:
            return (math.log(v) - math.log(self.lo)) / (math.log(self.hi) - math.log(self.lo))
        return (v - self.lo) / (self.hi - self.lo)

    def value_at(self, t: float) -> float:
        t = min(1.0, max(0.0, t))
        if self.log:
            return self.lo * (self.hi / self.lo) ** t
        return self.lo + (self.hi - self.lo) * t

    def snap(self, value: float, fine: bool) -> float:
        digits = self.digits + (1 if fine else 0)
        if self.log:
            snapped = snap_significant(value, digits)
        else:
            span = self.hi - self.lo
            decimals = max(0, digits - 1 - math.floor(math.log10(span))) if span > 0 else 2
            snapped = snap_decimals(value, decimals)
        if abs(value - self.hi) < abs(snapped - value):
            snapped = self.hi
        if abs(value - self.lo) < abs(snapped - value):
            snapped = self.lo
        return self.clamp(snapped)

    def set_value(self, value: float, notify: bool = True) -> None:
        value = self.clamp(value)
        if value != self.value:
            self.value = value
            if notify and self.on_change is not None:
                self.on_change(value)

    def stops(self, fine: bool) -> list[float]:
        """The values keyboard steps land on: round numbers that include 0.5, 0.1, 0.9 ...
        Log sliders: 1 1.2 1.5 2 2.5 3 4 5 6 7 8 9 per decade (fine: every two-digit number);
        linear ones: multiples of a 1-2-5 step near a fortieth of the range (fine: a tenth of it).
        The ends are always stops."""
        key = (fine, self.lo, self.hi)
        cached = self._stops.get(key)
        if cached is not None:
            return cached
        if self.log:
            mantissas = [m / 10 for m in range(10, 100)] if fine else list(LOG_STOPS)
            values = [m * 10.0**k for k in range(math.floor(math.log10(self.lo)), math.ceil(math.log10(self.hi)) + 1)
                      for m in mantissas]
        else:
            raw = (self.hi - self.lo) / (COARSE_STEPS * (10 if fine else 1))
            magnitude = 10 ** math.floor(math.log10(raw))
            step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * 0.999)
            first = math.ceil(self.lo / step)
            values = [k * step for k in range(first, math.floor(self.hi / step) + 1)]
        found = sorted({round(v, 12) for v in values if self.lo <= round(v, 12) <= self.hi} | {self.lo, self.hi})
        self._stops[key] = found
        return found

    def step(self, direction: int, fine: bool = False, times: int = 1) -> None:
        """Move to the next stop up (direction 1) or down (-1), `times` times."""
        if not self.enabled:
            return
        stops = self.stops(fine)
        value = self.value
        for _step in range(times):
            if direction > 0:
                value = next((v for v in stops if v > value + 1e-12), value)
            else:
                value = next((v for v in reversed(stops) if v < value - 1e-12), value)
        self.set_value(value)

    # --- input ---------------------------------------------------------------------------

    def track(self) -> tuple[float, float, float]:
        """(x_left, x_right, y) of the track in pixels."""
        x, y, w, h = self.rect
        pad = h * 0.22
        return x + pad, x + w - pad, y + h * 0.72

    def _t_at(self, px: float) -> float:
        left, right, _y = self.track()
        return (px - left) / max(1.0, right - left)

    def on_pointer(self, event: Pointer) -> bool:
        if not self.enabled:
            return event.kind == "down" and self.contains(event.x, event.y, event.touch)
        if event.kind == "down" and self.contains(event.x, event.y, event.touch):
            self.dragging = True
            self.drag_origin = (event.x, self.position())
            if not event.fine:
                self.set_value(self.snap(self.value_at(self._t_at(event.x)), False))
            return True
        if event.kind == "move" and self.dragging:
            if event.fine and self.drag_origin is not None:
                x0, t0 = self.drag_origin
                t = t0 + (self._t_at(event.x) - self._t_at(x0)) * FINE_DRAG
            else:
                t = self._t_at(event.x)
                self.drag_origin = (event.x, t)
            self.set_value(self.snap(self.value_at(t), event.fine))
            return True
        if event.kind == "up" and self.dragging:
            self.dragging = False
            return True
        if event.kind == "wheel" and self.contains(event.x, event.y):
            self.step(1 if event.dy > 0 else -1, event.fine)
            return True
        return False

    def on_key(self, event: Key) -> bool:
        keys = {pygame.K_LEFT: -1, pygame.K_DOWN: -1, pygame.K_RIGHT: 1, pygame.K_UP: 1,
                pygame.K_PAGEDOWN: -5, pygame.K_PAGEUP: 5}
        if event.key in keys:
            amount = keys[event.key]
            self.step(1 if amount > 0 else -1, event.shift, abs(amount))
            return True
        if event.key == pygame.K_HOME:
            self.set_value(self.lo)
            return True
        if event.key == pygame.K_END:
            self.set_value(self.hi)
            return True
        return False

    def hold_stick(self, value: float) -> None:
        self.stick = 0.0 if abs(value) < STICK_DEADZONE else value

    def update(self, dt: float) -> None:
        if not self.stick or not self.enabled:
            self.stick_carry = 0.0
            return
        self.stick_carry += self.stick * STICK_SPEED * dt * COARSE_STEPS
        whole = int(self.stick_carry)
        if whole:
            self.stick_carry -= whole
            self.step(1 if whole > 0 else -1, False, abs(whole))

    # --- look ----------------------------------------------------------------------------

    def text(self) -> str:
        """The value as a person reads it: a "{:SPEC}" fmt goes through i18n.number (0,05 in
        German), anything else is formatted as given."""
        if self.fmt.startswith("{:") and self.fmt.endswith("}") and self.fmt.count("{") == 1:
            try:
                return number(self.value, self.fmt[2:-1])
            except ValueError:
                pass
        return self.fmt.format(self.value)

    @staticmethod
    def label_sizes(painter, label: str, value: str, room: float, s: float) -> tuple[float, float]:
        """(value size, label size) sharing the slider's top row: the big value gives way first
        (down to the label's own size), then the label (down to 14 px shown), then the value."""
        value_size, size = 27 * s, 19 * s
        label_w = painter.text_width(label, size)
        value_size = painter.fit(value, value_size, room - label_w, "mono", smallest=min(27 * s, 19 * s * theme.TEXT_SCALE))
        size = painter.fit(label, size, room - painter.text_width(value, value_size, "mono"), smallest=14 * s)
        if not painter.fits(label, size, room - painter.text_width(value, value_size, "mono")):
            value_size = painter.fit(value, value_size, room - painter.text_width(label, size), "mono", smallest=14 * s)
        return value_size, size

    def draw(self, painter, ui_scale: float, focused: bool) -> None:
        x, y, w, h = self.rect
        s = ui_scale
        color = self.color if self.enabled else theme.DISABLED
        value = self.text()
        label = _(self.label)
        value_size, size = self.label_sizes(painter, label, value, w - h * 0.44 - 10 * s, s)
        painter.text(value, x + w - h * 0.22, y + 1 * s, value_size, theme.INK if self.enabled else theme.INK_FAINT,
                     anchor="topright", face="mono")
        painter.text(label, x + h * 0.22, y + 4 * s, size, theme.INK_DIM if self.enabled else theme.INK_FAINT)
        left, right, ty = self.track()
        painter.line(left, ty, right, ty, 6 * s, theme.with_alpha(theme.INK_FAINT, 0.35))
        knob_x = left + (right - left) * self.position()
        painter.line(left, ty, knob_x, ty, 6 * s, color, glow=5 * s if self.enabled else 0)
        if self.enabled:
            r = (12 if self.dragging else 10) * s
            painter.circle(knob_x, ty, r, theme.INK, glow=6 * s)
            painter.circle(knob_x, ty, r * 0.55, color)
        else:
            painter.rect(knob_x - 7 * s, ty - 7 * s, 14 * s, 14 * s, theme.DISABLED, radius=3 * s)
            reason = _(self.reason)
            painter.text(reason, x + h * 0.22, ty + 10 * s, painter.fit(reason, 15 * s, w - h * 0.44, smallest=14 * s),
                         theme.INK_FAINT)
        if self.hint and self.enabled:
            hint = _(self.hint)
            painter.text(hint, x + w - h * 0.22, ty + 10 * s, painter.fit(hint, 14 * s, w - h * 0.44, smallest=14 * s),
                         theme.INK_FAINT, anchor="topright")
