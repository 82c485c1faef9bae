"""The landscape (seed 001 sec. 5): a 2-D slice of the Paris network's loss, drawn as a lit
contour map, with the network's state as the ball rolling down it while it trains."""

from __future__ import annotations

import math

import numpy as np

from game.render import theme
from game.render.network_view import NetworkView, fit_text
from game.render.play_view import fmt

GRID = 72  # cells per side of the map
BANDS = 14  # contour bands


def landscape_grid(task, n: int = GRID) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a values, b values, loss[b, a]) over the task's span, from the real network."""
    (a_lo, a_hi), (b_lo, b_hi) = task.options["span"]
    a = np.linspace(a_lo, a_hi, n)
    b = np.linspace(b_lo, b_hi, n)
    aa, bb = np.meshgrid(a, b)
    loss, _, _ = task.loss_grad(np.stack([aa.ravel(), bb.ravel()], axis=1))
    return a, b, loss.reshape(n, n)


def band_colors(loss: np.ndarray) -> np.ndarray:
    """RGBA per cell: height in log-loss bands, deep blue valleys to warm peaks, with a light
    from the upper left so slopes read as a surface."""
    with np.errstate(all="ignore"):
        height = np.log10(np.maximum(loss, 1e-6))
    lo, hi = float(np.nanmin(height)), float(np.nanmax(height))
    t = np.clip((height - lo) / max(hi - lo, 1e-9), 0, 1)
    t = np.floor(t * BANDS) / BANDS
    gy, gx = np.gradient(height)
    shade = np.clip(0.75 + 2.5 * (-gx - gy) * (loss.shape[0] / 72), 0.45, 1.15)
    deep = np.array([0.05, 0.12, 0.32])
    mid = np.array([0.20, 0.55, 0.75])
    high = np.array([0.95, 0.62, 0.25])
    rgb = np.where(t[..., None] < 0.5, deep + (mid - deep) * (t[..., None] * 2),
                   mid + (high - mid) * ((t[..., None] - 0.5) * 2))
    rgb = np.clip(rgb * shade[..., None], 0, 1)
    return np.concatenate([rgb, np.ones_like(t)[..., None]], axis=-1)


class LandscapeView(NetworkView):
    side_title = "where the network is"

    def __init__(self, ctx, scene) -> None:
        super().__init__(ctx, scene)
        self.a_values, self.b_values, self.loss_grid = landscape_grid(scene.task)
        self.colors = band_colors(self.loss_grid)

    def after_layout(self) -> None:
        x, y, w, h = self.main_rect
        s = self.s
        side = min(w - 320 * s, h - 84 * s)
        self.map_rect = (x + 150 * s, y + 48 * s, side, side)

    def to_px(self, a, b):
        mx, my, mw, mh = self.map_rect
        a_lo, a_hi = self.a_values[0], self.a_values[-1]
        b_lo, b_hi = self.b_values[0], self.b_values[-1]
        return mx + (np.asarray(a) - a_lo) / (a_hi - a_lo) * mw, my + mh - (np.asarray(b) - b_lo) / (b_hi - b_lo) * mh

    def draw_static(self, painter) -> None:
        s = self.s
        mx, my, mw, mh = self.map_rect
        n = self.loss_grid.shape[0]
        cw, ch = mw / n, mh / n
        for row in range(n):
            for col in range(n):
                painter.rect(mx + col * cw, my + mh - (row + 1) * ch, cw + 0.6, ch + 0.6, tuple(self.colors[row, col]))
        # contour edges: where the band changes, a thin light line
        with np.errstate(all="ignore"):
            height = np.log10(np.maximum(self.loss_grid, 1e-6))
        lo, hi = float(height.min()), float(height.max())
        band = np.floor(np.clip((height - lo) / max(hi - lo, 1e-9), 0, 0.999) * BANDS)
        edge = (band[:, 1:] != band[:, :-1])
        for row, col in zip(*np.nonzero(edge)):
            x0 = mx + (col + 1) * cw
            painter.line(x0, my + mh - (row + 1) * ch, x0, my + mh - row * ch, 1.0 * s, (1, 1, 1, 0.22))
        edge = (band[1:, :] != band[:-1, :])
        for row, col in zip(*np.nonzero(edge)):
            y0 = my + mh - (row + 1) * ch
            painter.line(mx + col * cw, y0, mx + (col + 1) * cw, y0, 1.0 * s, (1, 1, 1, 0.22))
        painter.rect(mx, my, mw, mh, theme.PANEL_EDGE, radius=2 * s, stroke=1.5 * s)
        painter.text("a: the way training goes →", mx + mw + 8 * s, my + mh - 4 * s, 15 * s, theme.INK_DIM,
                     anchor="bottomleft", face="bold")
        painter.text("b: a side way ↑", mx - 10 * s, my, 15 * s, theme.INK_DIM, anchor="topright", face="bold")
        for value in (self.a_values[0], 0.0, 1.0, self.a_values[-1]):
            px, _ = self.to_px(value, 0.0)
            painter.text(f"{value:g}", float(px), my + mh + 8 * s, 13 * s, theme.INK_FAINT, anchor="topcenter", face="mono")
        ox, oy = self.to_px(0.0, 0.0)
        painter.circle(float(ox), float(oy), 4 * s, (1, 1, 1, 0.6))
        painter.text("the random start's weights", float(ox) + 8 * s, float(oy) + 4 * s, 13 * s, (1, 1, 1, 0.7),
                     anchor="topleft")
        painter.text("dark = low loss (Paris wins)", mx + 8 * s, my + mh - 8 * s, 14 * s, theme.INK,
                     anchor="bottomleft", face="bold")

    def draw_main(self, painter) -> None:
        sc, s = self.scene, self.s
        trainer = sc.trainer
        history = np.asarray(trainer.coords_history, dtype=float)
        mx, my, mw, mh = self.map_rect
        px, py = self.to_px(history[:, 0], history[:, 1])
        px = np.clip(np.nan_to_num(px, nan=mx), mx - 10, mx + mw + 10)
        py = np.clip(np.nan_to_num(py, nan=my), my - 10, my + mh + 10)
        if len(history) > 1:
            painter.polyline(np.stack([px, py], axis=1), 2.5 * s, theme.with_alpha(theme.ORANGE, 0.8))
            for k in range(len(history) - 1):
                painter.circle(float(px[k]), float(py[k]), 3 * s, theme.with_alpha(theme.ORANGE, 0.6))
        coords = trainer.coords
        if sc.phase_name == "update" and sc.before is not None and len(history) > 1:
            t = sc.phase_t
            eased = t * t * (3 - 2 * t)
            coords = history[-2] + (history[-1] - history[-2]) * eased
        bx, by = self.to_px(coords[0], coords[1])
        bx = float(np.clip(np.nan_to_num(bx, nan=mx), mx, mx + mw))
        by = float(np.clip(np.nan_to_num(by, nan=my), my, my + mh))
        if sc.phase_name in ("gradient", "update") and sc.step_grad is not None and not trainer.exploded:
            g = sc.step_grad
            norm = math.hypot(float(g[0]), float(g[1]))
            if norm > 0 and math.isfinite(norm):
                length = min(90 * s, 30 * s + 20 * s * math.log1p(norm))
                dx, dy = -float(g[0]) / norm, float(g[1]) / norm  # downhill, screen y flipped
                painter.arrow(bx, by, bx + dx * length, by + dy * length, 4 * s, theme.CYAN, glow=6 * s)
                painter.text("downhill", bx + dx * length, by + dy * length - 8 * s, 15 * s, theme.CYAN,
                             anchor="bottomcenter", face="bold")
        r = 13 * s
        painter.circle(bx, by, r, theme.ORANGE, glow=12 * s)
        painter.circle(bx - r * 0.3, by - r * 0.35, r * 0.32, (1.0, 0.93, 0.8, 0.85))
        if trainer.exploded:
            self.exploded_banner(painter, self.main_rect, self.explode_detail())

    def draw_side(self, painter, rect) -> None:
        sc, s = self.scene, self.s
        x, y, w, h = rect
        trainer = sc.trainer
        a, b = (float(v) for v in trainer.coords)
        p = trainer.p_target
        lines = [
            (f"ball at  a = {fmt(a)},  b = {fmt(b)}", theme.INK, "mono"),
            (f"weights = start + a·d₁ + b·d₂  ({sc.task.n_params} numbers)", theme.INK_DIM, "regular"),
            (f"loss = {fmt(trainer.loss)}", theme.ORANGE, "mono"),
            (f"P({sc.task.target_label}) = " + ("—" if p is None or not math.isfinite(p) else f"{100 * p:.1f}%"),
             theme.YELLOW, "mono"),
        ]
        for i, (text, color, face) in enumerate(lines):
            size = fit_text(painter, text, 19 * s, w - 32 * s, face)
            painter.text(text, x + 16 * s, y + 40 * s + i * 36 * s, size, color, face=face)
