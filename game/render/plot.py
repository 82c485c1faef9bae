"""Plot geometry and the two plots of the play scene: the curve (drawn per pixel by
shaders/render/curve.glsl into the cached layer) and the loss-over-steps line."""

from __future__ import annotations

import math
from dataclasses import dataclass

import moderngl
import numpy as np

from game.i18n import _, number
from game.render import theme
from game.render.shaders import load_program
from game.window import screen_draw

SAMPLES = 801
Y_PAD_BELOW = 0.14
Y_PAD_ABOVE = 0.10


@dataclass(frozen=True)
class Frame:
    """A world box (x_lo..x_hi, y_lo..y_hi) shown in a pixel rect (origin top-left)."""

    rect: tuple[float, float, float, float]
    x_lo: float
    x_hi: float
    y_lo: float
    y_hi: float

    def px(self, x, y):
        rx, ry, rw, rh = self.rect
        return (rx + (np.asarray(x, dtype=float) - self.x_lo) / (self.x_hi - self.x_lo) * rw,
                ry + (self.y_hi - np.asarray(y, dtype=float)) / (self.y_hi - self.y_lo) * rh)

    def world_x(self, px: float) -> float:
        rx, _ry, rw, _rh = self.rect
        return self.x_lo + (px - rx) / rw * (self.x_hi - self.x_lo)

    @property
    def sx(self) -> float:
        return self.rect[2] / (self.x_hi - self.x_lo)

    @property
    def sy(self) -> float:
        return self.rect[3] / (self.y_hi - self.y_lo)


def curve_y_range(f, x_lo: float, x_hi: float) -> tuple[float, float]:
    with np.errstate(all="ignore"):
        ys = f(np.linspace(x_lo, x_hi, SAMPLES))
    ys = ys[np.isfinite(ys)]
    if ys.size == 0:
        return -1.0, 1.0
    lo, hi = float(ys.min()), float(ys.max())
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    span = hi - lo
    return lo - Y_PAD_BELOW * span, hi + Y_PAD_ABOVE * span


def nice_ticks(lo: float, hi: float, count: int = 6) -> list[float]:
    span = hi - lo
    if not (span > 0 and math.isfinite(span)):
        return []
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(lo / step) * step
    ticks = []
    value = first
    while value <= hi + 1e-9 * step and len(ticks) < 50:
        ticks.append(round(value, 10))
        value += step
    return ticks


def tick_label(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    places = len(text.partition(".")[2])
    return number(float(text), f".{places}f")  # the same digits, the locale's decimal mark (0,5)


class CurveArt:
    """The curve program for one expression, compiled once per level."""

    def __init__(self, ctx: moderngl.Context, curve) -> None:
        self.ctx = ctx
        self.program = load_program(ctx, "curve", {"CURVE_F": f"({curve.glsl_f()})",
                                                   "CURVE_DF": f"({curve.glsl_df()})"})
        corners = np.array([0, 0, 1, 0, 0, 1, 1, 1], dtype="f4")
        self.buffer = ctx.buffer(corners.tobytes())
        self.vao = ctx.vertex_array(self.program, [(self.buffer, "2f", "in_corner")])

    def draw(self, frame: Frame, target_size: tuple[int, int], ui_scale: float) -> None:
        values = {"u_rect": tuple(float(v) for v in frame.rect),
                  "u_size": tuple(float(v) for v in target_size),
                  "u_world": (frame.x_lo, frame.x_hi, frame.y_lo, frame.y_hi),
                  "u_width": 1.6 * ui_scale, "u_glow": 5.0 * ui_scale,
                  "u_color": tuple(theme.BLUE[:3]), "u_fill": tuple(theme.CURVE_FILL[:3])}
        screen_draw(self.ctx, frame.rect, (self.program.glo, tuple(values.items())), lambda: self._render(values))

    def _render(self, values: dict) -> None:
        for name, value in values.items():
            self.program[name].value = value
        self.ctx.enable(moderngl.BLEND)
        self.ctx.blend_func = moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA
        self.vao.render(moderngl.TRIANGLE_STRIP)

    def release(self) -> None:
        # The window's context runs gc_mode="context_gc": dropping the last reference queues the
        # GPU object for ctx.gc(). Calling .release() here as well makes that gc() fail later.
        self.vao = None
        self.buffer = None
        self.program = None


def draw_grid(painter, frame: Frame, ui_scale: float, x_label: str = "x", y_label: str = "f(x)",
              y_ticks: int = 5) -> None:
    """Grid lines with their tick labels (about `y_ticks` across the height) and the axis names."""
    rx, ry, rw, rh = frame.rect
    s = ui_scale
    for tx in nice_ticks(frame.x_lo, frame.x_hi, 8):
        px = frame.px(tx, 0.0)[0]
        painter.line(px, ry, px, ry + rh, 1.0 * s, theme.AXIS if tx == 0 else theme.GRID)
        painter.text(tick_label(tx), px, ry + rh + 4 * s, 15 * s, theme.INK_FAINT, anchor="topcenter", face="mono")
    for ty in nice_ticks(frame.y_lo, frame.y_hi, y_ticks):
        py = frame.px(0.0, ty)[1]
        painter.line(rx, py, rx + rw, py, 1.0 * s, theme.AXIS if ty == 0 else theme.GRID)
        painter.text(tick_label(ty), rx - 6 * s, py, 15 * s, theme.INK_FAINT, anchor="midright", face="mono")
    painter.text(x_label, rx + rw - 4 * s, ry + rh - 6 * s, 18 * s, theme.INK_DIM, anchor="bottomright")
    painter.text(y_label, rx + 8 * s, ry + 6 * s, 18 * s, theme.INK_DIM)


def short_number(value: float) -> str:
    if abs(value) < 1e-12:
        return "0"
    if abs(value) >= 1e4 or abs(value) < 1e-3:
        return number(value, ".1e")
    return number(value, ".3g")


def loss_axis(finite: np.ndarray) -> tuple[float, float]:
    """The loss axis (lo, hi) for the finite losses seen: their range; a flat run gets room
    around its value, and never goes below 0 when every loss is 0 or more."""
    lo, hi = float(finite.min()), float(finite.max())
    if hi - lo < 1e-12 * max(1.0, abs(hi)):
        pad = max(abs(hi) * 0.1, 1e-3)
        lo, hi = lo - pad, hi + pad
        if float(finite.min()) >= 0:
            lo = max(0.0, lo)
    return lo, hi


def draw_loss_plot(painter, rect, losses: list[float], ui_scale: float, max_steps: int, unit=None) -> None:
    """Loss against step number; the y axis follows the finite losses seen so far. Everything,
    the axis labels included, stays inside `rect`. unit: what the runs count (Family.unit_of: its
    at(n) labels the axis' end, 'step 12' or 'epoch 12'); steps where not given."""
    x, y, w, h = rect
    s = ui_scale
    values = np.asarray(losses, dtype=float)
    finite = values[np.isfinite(values)]
    label_size = 14 * s
    if finite.size:
        lo, hi = loss_axis(finite)
        labels = (short_number(hi), short_number(lo))
        gutter = max(painter.text_width(text, label_size, "mono") for text in labels) + 8 * s
    else:
        gutter = 0.0
    shown = painter.scaled(label_size)  # the labels' size at the player's text size
    half = shown * 0.6  # the labels sit on the ends of the axis, half their height beyond it
    x, w = x + gutter, w - gutter
    y, h = y + half, h - half - shown * 1.2  # room for "step n" below
    painter.line(x, y + h, x + w, y + h, 1.0 * s, theme.AXIS)
    painter.line(x, y, x, y + h, 1.0 * s, theme.AXIS)
    n = len(values)
    end = _("step {step}").format(step=n - 1) if unit is None else unit.at(n - 1)
    painter.text(end, x + w, y + h + 3 * s, label_size, theme.INK_FAINT,
                 anchor="topright", face="mono")
    if finite.size == 0:
        return
    steps_shown = max(10, n - 1)
    xs = x + np.arange(n) / steps_shown * w
    ys = y + h - (np.clip(values, lo, hi) - lo) / (hi - lo) * h
    ys = np.where(np.isfinite(values), ys, y)
    points = np.stack([xs, ys], axis=1)
    painter.polyline(points, 2.5 * s, theme.ORANGE, glow=3 * s)
    painter.circle(xs[-1], ys[-1], 4.5 * s, theme.ORANGE, glow=4 * s)
    painter.text(labels[0], x - 6 * s, y, label_size, theme.INK_FAINT, anchor="midright", face="mono")
    painter.text(labels[1], x - 6 * s, y + h, label_size, theme.INK_FAINT, anchor="midright", face="mono")
