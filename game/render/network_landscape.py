"""The landscape (seed 001 sec. 5): a 2-D slice of the Paris network's loss drawn as a lit 3-D
surface (height = loss), with the network's state as the ball rolling on it while it trains and
its trail on the surface. Drag the surface (or press , and . / PageUp PageDown) to orbit (the
network scene turns the camera); the flat contour map is kept small in the corner."""

from __future__ import annotations

import math

import numpy as np

from game.i18n import N_, _, number
from game.render import theme
from game.render.network_view import NetworkView, fit_text, line_height
from game.render.play_view import fmt
from game.render.surface3d import SurfaceArt, project

GRID = 161  # loss samples per side of the slice (the surface is smooth between them)
TRAIL_SUBSTEPS = 10  # points per step along the trail, so it follows the ground between steps


def landscape_grid(task, n: int = GRID) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a values, b values, loss[b, a]) over the task's span, from the real network."""
    (a_lo, a_hi), (b_lo, b_hi) = task.options["span"]
    a = np.linspace(a_lo, a_hi, n)
    b = np.linspace(b_lo, b_hi, n)
    aa, bb = np.meshgrid(a, b)
    loss = task.loss_grad(np.stack([aa.ravel(), bb.ravel()], axis=1))[0]
    return a, b, loss.reshape(n, n)


LEGEND_SHARE = 0.3  # the most of the panel's width the key may take before it wraps


class LandscapeView(NetworkView):
    side_title = N_("where the network is")
    side_rows = (40, 36, 19, 4)

    def __init__(self, ctx, scene) -> None:
        super().__init__(ctx, scene)
        self.a_values, self.b_values, self.loss_grid = landscape_grid(scene.task)
        self.art = SurfaceArt(ctx, self.loss_grid)
        self.surface_rect = self.map_rect = (0.0, 0.0, 1.0, 1.0)
        self.matrix = None
        self.map_matrix = None

    # --- layout ----------------------------------------------------------------

    def legend(self) -> tuple:
        """The key to the surface's colours: (words, colour) a line."""
        return ((_("height = loss"), theme.INK), (_("deep blue: low loss,"), theme.BLUE),
                (_("Paris wins"), theme.BLUE), (_("orange: high loss"), theme.ORANGE))

    def after_layout(self) -> None:
        x, y, w, h = self.main_rect
        s = self.s
        side = min(150 * s, h * 0.36, w * 0.2)
        self.map_rect = (x + 18 * s, y + h - side - 40 * s, side, side)
        # a strip on the left for the key and the map; the key wraps where it is wider than the
        # map, up to LEGEND_SHARE of the panel, and the surface starts right of the strip
        painter = self.scene.app.painter
        widest = max(painter.text_width(line, 15 * s, "bold") for line, _color in self.legend())
        self.legend_w = max(side, min(widest, w * LEGEND_SHARE))
        # as wide as it must be for its rows to end above the map's caption
        step = max(22 * s, line_height(painter, 15 * s, 1.4))
        room = self.map_rect[1] - 6 * s - painter.text_height(14 * s, "bold") - 4 * s - (y + 48 * s)
        while self.legend_w < widest and step * sum(
                len(painter.wrap([line], 15 * s, self.legend_w, "bold")[0]) for line, _c in self.legend()) > room:
            self.legend_w = min(widest, self.legend_w + 10 * s)
        left = x + 18 * s + self.legend_w + 18 * s
        self.surface_rect = (left, y + 40 * s, x + w - 6 * s - left, h - 70 * s)

    def static_key(self):
        return self.art.camera.key()

    # --- slice coordinates ---------------------------------------------------------------

    def fractions(self, coords: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(a, b) -> (u, v) fractions 0..1 across the slice (clipped to its edge)."""
        coords = np.atleast_2d(np.asarray(coords, dtype=float))
        a_lo, a_hi = self.a_values[0], self.a_values[-1]
        b_lo, b_hi = self.b_values[0], self.b_values[-1]
        with np.errstate(all="ignore"):
            u = (coords[:, 0] - a_lo) / (a_hi - a_lo)
            v = (coords[:, 1] - b_lo) / (b_hi - b_lo)
        return np.clip(np.nan_to_num(u, nan=0.0), 0, 1), np.clip(np.nan_to_num(v, nan=1.0), 0, 1)

    def on_surface(self, coords, lift: float = 0.0) -> np.ndarray:
        u, v = self.fractions(coords)
        return self.art.world(u, v, lift)

    def map_px(self, coords) -> np.ndarray:
        mx, my, mw, mh = self.map_rect
        u, v = self.fractions(coords)
        return np.stack([mx + u * mw, my + (1 - v) * mh], axis=1)

    # --- drawing -------------------------------------------------------------------------

    def draw_static(self, painter) -> None:
        s = self.s
        painter.flush()  # the panels beneath, before the pictures go over them
        self.matrix = self.art.draw_view(self.surface_rect, self.size)
        self.map_matrix = self.art.draw_map(self.map_rect, self.size, 6 * s)
        x, y, w, h = self.main_rect
        mx, my, mw, mh = self.map_rect
        painter.rect(mx, my, mw, mh, theme.PANEL_EDGE, radius=6 * s, stroke=1.5 * s)
        painter.text(_("from above"), mx, my - 6 * s, 14 * s, theme.INK_DIM, anchor="bottomleft", face="bold")
        painter.text("a →", mx + mw, my + mh + 4 * s, 14 * s, theme.INK_DIM, anchor="topright", face="bold")
        painter.text("b ↑", mx + mw + 6 * s, my, 14 * s, theme.INK_DIM, anchor="topleft", face="bold")
        # the slice's edges named where they meet the ground, wherever the camera is
        edges = self.art.world(np.array([0.5, 1.0]), np.array([0.0, 0.5]))
        edges[0, 1] -= 0.2  # just beyond the a edge and the b edge, at the surface's height there
        edges[1, 0] += 0.2
        (ax, ay), (bx, by) = project(self.matrix, edges, self.surface_rect)
        taken = []  # the edges' names, which "random start" keeps clear of
        for px, py, label in ((ax, ay, _("a: the way training goes")), (bx, by, _("b: a side way"))):
            if math.isfinite(px):  # centred on the edge, kept inside the panel
                half = painter.text_width(label, 15 * s, "bold") / 2
                px = min(max(px, x + 8 * s + half), x + w - 8 * s - half)
                painter.text(label, px, py, 15 * s, theme.INK, anchor="center", face="bold")
                h2 = painter.text_height(15 * s, "bold") / 2
                taken.append((px - half, py - h2, px + half, py + h2))
        step = max(22 * s, line_height(painter, 15 * s, 1.4))
        row = 0
        for line, color in self.legend():  # the key, in the strip left of the surface
            for part in painter.wrap([line], 15 * s, self.legend_w, "bold")[0]:
                painter.text(part, x + 18 * s, y + 48 * s + row * step, 15 * s, color, face="bold")
                row += 1
        painter.text(_("drag or  ,  .  to turn"), x + w - 16 * s, y + h - 12 * s, 15 * s, theme.INK_FAINT,
                     anchor="bottomright", face="bold")
        start = self.on_surface(np.zeros((1, 2)), lift=0.01)
        (sx, sy), = project(self.matrix, start, self.surface_rect)
        if math.isfinite(sx):
            painter.circle(sx, sy, 4 * s, (1, 1, 1, 0.75))
            label = _("random start")
            lw, lh = painter.text_width(label, 14 * s, "bold"), painter.text_height(14 * s, "bold")
            places = [(sx + 8 * s, sy + 3 * s), (sx - 8 * s - lw, sy + 3 * s), (sx + 8 * s, sy - 3 * s - lh),
                      (sx - 8 * s - lw, sy - 3 * s - lh)]  # below right of the dot, else beside it elsewhere

            def clear(at) -> bool:
                lx, ly = at
                return x + 8 * s <= lx and lx + lw <= x + w - 8 * s and not any(
                    lx < r[2] and r[0] < lx + lw and ly < r[3] and r[1] < ly + lh for r in taken)

            lx, ly = next((at for at in places if clear(at)), places[0])
            painter.text(label, lx, ly, 14 * s, (1, 1, 1, 0.8), anchor="topleft", face="bold")

    def _trail_coords(self, history: np.ndarray) -> np.ndarray:
        """The steps' coordinates with TRAIL_SUBSTEPS points between each pair."""
        if len(history) < 2:
            return history
        t = np.linspace(0.0, 1.0, TRAIL_SUBSTEPS, endpoint=False)
        pieces = [history[k] + (history[k + 1] - history[k]) * t[:, None] for k in range(len(history) - 1)]
        return np.concatenate([*pieces, history[-1:]], axis=0)

    def draw_main(self, painter) -> None:
        sc, s = self.scene, self.s
        trainer = sc.trainer
        if self.matrix is None:
            return
        with np.errstate(all="ignore"):
            history = np.nan_to_num(np.asarray(trainer.coords_history, dtype=float), nan=0.0, posinf=1e3,
                                    neginf=-1e3)
        coords = history[-1]
        if sc.phase_name == "update" and sc.before is not None and len(history) > 1:
            t = sc.phase_t
            eased = t * t * (3 - 2 * t)
            coords = history[-2] + (history[-1] - history[-2]) * eased
            history = np.concatenate([history[:-1], coords[None]], axis=0)
        rect = self.surface_rect
        trail = project(self.matrix, self.on_surface(self._trail_coords(history), lift=0.015), rect)
        steps = project(self.matrix, self.on_surface(history, lift=0.015), rect)
        if len(trail) > 1:
            painter.polyline(trail, 3.0 * s, theme.with_alpha(theme.ORANGE, 0.9), glow=3 * s)
            for px, py in steps[:-1]:
                if math.isfinite(px):
                    painter.circle(float(px), float(py), 3.2 * s, (1.0, 0.85, 0.6, 0.9))
        (bx, by), = project(self.matrix, self.on_surface(coords[None], lift=0.05), rect)
        if sc.phase_name in ("gradient", "update") and sc.step_grad is not None and not trainer.exploded:
            self._downhill_arrow(painter, coords, bx, by)
        if math.isfinite(bx):
            r = 12 * s
            painter.circle(bx, by, r, theme.ORANGE, glow=12 * s)
            painter.circle(bx - r * 0.3, by - r * 0.35, r * 0.32, (1.0, 0.93, 0.8, 0.85))
        # the same run on the small map
        mini = self.map_px(history)
        if len(mini) > 1:
            painter.polyline(mini, 2.0 * s, theme.with_alpha(theme.ORANGE, 0.9))
        (ox, oy), = self.map_px(np.zeros((1, 2)))
        painter.circle(float(ox), float(oy), 2.5 * s, (1, 1, 1, 0.8))
        painter.circle(float(mini[-1, 0]), float(mini[-1, 1]), 5 * s, theme.ORANGE, glow=4 * s)
        if trainer.exploded:
            self.exploded_banner(painter, self.main_rect, self.explode_detail())

    def _downhill_arrow(self, painter, coords, bx: float, by: float) -> None:
        """The step's direction (minus the gradient), drawn along the ground from the ball."""
        s = self.s
        g = self.scene.step_grad
        norm = math.hypot(float(g[0]), float(g[1]))
        if not (norm > 0 and math.isfinite(norm) and math.isfinite(bx)):
            return
        span = np.array([self.a_values[-1] - self.a_values[0], self.b_values[-1] - self.b_values[0]])
        ahead = coords - np.array([g[0], g[1]]) / norm * span * 0.12
        (tx, ty), = project(self.matrix, self.on_surface(ahead[None], lift=0.05), self.surface_rect)
        if not math.isfinite(tx):
            return
        length = math.hypot(tx - bx, ty - by)
        if length < 8 * s:
            return
        scale = max(1.0, 40 * s / length)
        tx, ty = bx + (tx - bx) * scale, by + (ty - by) * scale
        painter.arrow(bx, by, tx, ty, 4 * s, theme.CYAN, glow=6 * s)
        painter.text(_("downhill"), tx, ty - 8 * s, 15 * s, theme.CYAN, anchor="bottomcenter", face="bold")

    def draw_side(self, painter, rect) -> None:
        sc, s = self.scene, self.s
        x, y, w, h = rect
        trainer = sc.trainer
        a, b = (float(v) for v in trainer.coords)
        p = trainer.p_target
        lines = [
            (_("ball at  a = {a},  b = {b}").format(a=fmt(a), b=fmt(b)), theme.INK, "mono"),
            (_("weights = start + a·d₁ + b·d₂  ({count} numbers)").format(count=sc.task.n_params), theme.INK_DIM,
             "regular"),
            (f"loss = {fmt(trainer.loss)}", theme.ORANGE, "mono"),
            (f"P({sc.task.target_label}) = " + ("—" if p is None or not math.isfinite(p) else number(p, ".1%")),
             theme.YELLOW, "mono"),
        ]
        for i, (text, color, face) in enumerate(lines):
            size = fit_text(painter, text, 19 * s, w - 32 * s, face, smallest=14 * s)
            painter.text(text, x + 16 * s, self.side_row(i), size, color, face=face)

    def release(self) -> None:
        self.art.release()
        super().release()
