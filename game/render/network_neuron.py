"""The neuron (seed 002): inputs times weights, plus the bias, through an activation.

Live: 0.50 × 0.80 + 0.20 = 0.60 -> sigmoid 0.6457. The activation curve is drawn with the
neuron's point on it; A switches sigmoid / tanh / ReLU / linear (a new neuron, same start);
B opens "build your network", where the same parameter counter as `downhill params` runs.
"""

from __future__ import annotations

import math

import numpy as np

from game.i18n import N_, _
from game.render import theme
from game.render.network_view import NetworkView, fit_text, line_height, gradient_arrow, weight_color, weight_width
from game.render.level_view import sum_of
from game.render.play_view import fmt, signed
from game.sim.nets import activate


class NeuronView(NetworkView):
    side_title = N_("inside the neuron")
    side_rows = (40, 32, 17, 4)

    def after_layout(self) -> None:
        x, y, w, h = self.main_rect
        s = self.s
        n = self.scene.task.shape.sizes[0]
        top, bottom = y + 90 * s, y + h * 0.62
        gap = (bottom - top) / (n + 1)
        self.inputs = [(x + 90 * s, top + gap * (i + 0.5)) for i in range(n)]
        self.bias_pos = (x + 90 * s, top + gap * (n + 0.5))
        self.sum_pos = (x + w * 0.36, (top + bottom) / 2)
        self.plot_rect = (x + w * 0.52, y + 70 * s, w * 0.44, h * 0.52)
        self.out_pos = (x + w * 0.74, y + h * 0.84)

    def weight_lines(self):
        """Each input's line (its weight) and the bias's line into the sum."""
        lines = [(i, point, self.sum_pos, _("input {index}").format(index=i + 1) + " → Σ")
                 for i, point in enumerate(self.inputs)]
        return [*lines, (len(self.inputs), self.bias_pos, self.sum_pos, _("bias b") + " → Σ")]

    def _numbers(self):
        sc = self.scene
        task = sc.task
        params = sc.shown_params()
        n = task.shape.sizes[0]
        xs = task.x[0]
        ws = params[:n]
        b = float(params[n])
        with np.errstate(all="ignore"):
            z = float(np.dot(xs, ws) + b)
        a = float(activate(task.shape.output, np.array([z]))[0])
        y = float(task.target[0, 0])
        return xs, ws, b, z, a, y

    def static_key(self):
        return (self.scene.task.shape.output,)  # the activation, whose curve is in the still picture

    def _plot_mapping(self, act: str):
        """(z, a) -> pixels in plot_rect, for z in -4..4 and a in the activation's range."""
        px, py, pw, ph = self.plot_rect
        lo, hi = (-1.2, 1.2) if act in ("tanh", "linear") else (-0.2, 1.2)
        if act in ("relu", "linear"):
            lo, hi = (-1.2, 4.2) if act == "relu" else (-4.2, 4.2)

        def to_px(zv, av):
            return (px + (zv + 4) / 8 * pw, py + ph - (np.clip(av, lo, hi) - lo) / (hi - lo) * ph)
        return to_px

    def draw_static(self, painter) -> None:
        """The activation's curve in its inset, with its axes and names: it changes only with the
        activation, so in the cached picture."""
        s, act = self.s, self.scene.task.shape.output
        px, py, pw, ph = self.plot_rect
        painter.rect(px, py, pw, ph, theme.INSET, radius=10 * s)
        zs = np.linspace(-4, 4, 121)
        to_px = self._plot_mapping(act)
        ax0, ay0 = to_px(np.array([-4.0, 4.0]), np.array([0.0, 0.0]))
        painter.line(ax0[0], ay0[0], ax0[1], ay0[1], 1 * s, theme.AXIS)
        zx, _unused = to_px(np.array([0.0]), np.array([0.0]))
        painter.line(zx[0], py, zx[0], py + ph, 1 * s, theme.AXIS)
        cx, cy = to_px(zs, activate(act, zs))
        painter.polyline(np.stack([cx, cy], axis=1), 3 * s, theme.VIOLET, glow=4 * s)
        painter.text(f"{act}(z)", px + 10 * s, py + 8 * s, 18 * s, theme.VIOLET, face="bold")
        painter.text("z", px + pw - 8 * s, py + ph - 6 * s, 15 * s, theme.INK_FAINT, anchor="bottomright")

    def draw_main(self, painter) -> None:
        sc, s = self.scene, self.s
        xs, ws, b, z, a, y = self._numbers()
        phase, t = sc.phase_name, sc.phase_t
        act = sc.task.shape.output
        sx, sy = self.sum_pos
        r = 34 * s
        for i, (px, py) in enumerate(self.inputs):
            w = float(ws[i])
            painter.line(px, py, sx, sy, weight_width(w, s), weight_color(w, 0.6))
            mx, my = (px + sx) / 2, (py + sy) / 2
            label = f"w = {fmt(w, 2)}"  # on the line, between the input's circle and the sum's
            room = (sx - px) - 28 * s - r - 8 * s
            painter.text(label, mx, my - 12 * s, fit_text(painter, label, 17 * s, room, "mono", smallest=14 * s),
                         theme.INK, anchor="bottomcenter", face="mono")
            painter.circle(px, py, 28 * s, theme.NODE)
            painter.circle(px, py, 28 * s, theme.with_alpha(theme.INK, 0.7), stroke=2 * s)
            value = fmt(float(xs[i]), 2)  # inside its circle at any text size
            painter.text(value, px, py, fit_text(painter, value, 17 * s, 46 * s, "mono", smallest=14 * s), theme.INK,
                         anchor="center", face="mono")
            painter.text(_("input {index}").format(index=i + 1), px, py - 34 * s, 14 * s, theme.INK_FAINT, anchor="bottomcenter", face="bold")
            if phase in ("gradient", "update") and sc.step_grad is not None:
                gradient_arrow(painter, mx + 30 * s, my, -float(sc.step_grad[i]), s, 1.0)
        bx, by = self.bias_pos
        painter.line(bx, by, sx, sy, weight_width(b, s), weight_color(b, 0.6))
        painter.rect(bx - 30 * s, by - 20 * s, 60 * s, 40 * s, theme.NODE, radius=8 * s)
        painter.text(f"b = {fmt(b, 2)}", bx, by + 30 * s, 17 * s, theme.INK, anchor="topcenter", face="mono")
        painter.text("+1", bx, by, 16 * s, theme.INK, anchor="center", face="mono")
        if phase in ("gradient", "update") and sc.step_grad is not None:
            gradient_arrow(painter, (bx + sx) / 2 + 30 * s, (by + sy) / 2, -float(sc.step_grad[-1]), s, 1.0)
        if phase == "forward":
            for px, py in [*self.inputs, self.bias_pos]:
                painter.circle(px + (sx - px) * t, py + (sy - py) * t, 4 * s, theme.INK, glow=6 * s)
        painter.circle(sx, sy, r, theme.NODE_DIM, glow=10 * s)
        painter.circle(sx, sy, r, theme.with_alpha(theme.VIOLET, 0.9), stroke=2.5 * s)
        painter.text("Σ", sx, sy - 8 * s, 26 * s, theme.INK, anchor="center", face="bold")
        painter.text(fmt(z, 2), sx, sy + 16 * s, fit_text(painter, fmt(z, 2), 15 * s, 1.2 * r, "mono", smallest=14 * s),
                     theme.INK_DIM, anchor="center", face="mono")
        # the neuron's point on its activation curve (the curve itself is in the still picture)
        px, py, pw, ph = self.plot_rect
        to_px = self._plot_mapping(act)
        if math.isfinite(z) and math.isfinite(a):
            qx, qy = to_px(np.array([max(-4.0, min(4.0, z))]), np.array([a]))
            painter.line(float(qx[0]), py + ph, float(qx[0]), float(qy[0]), 1.5 * s, theme.with_alpha(theme.INK, 0.4))
            painter.circle(float(qx[0]), float(qy[0]), 8 * s, theme.YELLOW, glow=8 * s)
            # the point's (z, a) in the plot's bottom right corner, above the z axis' name: every
            # activation here rises, so its curve is high on the right and never under the words
            label = f"({fmt(z, 2)}, {fmt(a, 4)})"
            size = painter.fit(label, 16 * s, pw - 8 * s, "mono", smallest=14 * s)
            lw, lh = painter.text_width(label, size, "mono"), painter.text_height(size, "mono")
            lx = px + pw - 8 * s - lw
            ly = py + ph - 6 * s - painter.text_height(15 * s) - 2 * s - lh
            painter.rect(lx - 4 * s, ly, lw + 8 * s, lh, theme.with_alpha(theme.INSET, 0.85), radius=4 * s)
            painter.text(label, lx, ly, size, theme.YELLOW, anchor="topleft", face="mono")
        # from the sum into the activation and out
        painter.arrow(sx + r + 6 * s, sy, px - 8 * s, py + ph / 2, 3 * s, theme.with_alpha(theme.VIOLET, 0.6), head=12 * s)
        ox, oy = self.out_pos
        painter.arrow(ox, py + ph + 6 * s, ox, oy - 34 * s, 3 * s, theme.with_alpha(theme.VIOLET, 0.6), head=12 * s)
        flash = sc.loss_flash
        box_w = 340 * s
        painter.rect(ox - box_w / 2, oy - 30 * s, box_w, 60 * s, theme.NODE_DIM, radius=12 * s,
                     glow=12 * s * flash)
        painter.rect(ox - box_w / 2, oy - 30 * s, box_w, 60 * s, theme.with_alpha(theme.YELLOW, 0.8), radius=12 * s,
                     stroke=2 * s)
        text = _("output {value}   target {target}").format(value=fmt(a, 4), target=fmt(y, 2))
        painter.text(text, ox, oy, fit_text(painter, text, 19 * s, box_w - 20 * s, "mono"), theme.INK, anchor="center",
                     face="mono")
        if sc.trainer.exploded:
            self.exploded_banner(painter, self.main_rect, self.explode_detail())

    def draw_side(self, painter, rect) -> None:
        sc, s = self.scene, self.s
        x, y, w, h = rect
        xs, ws, b, z, a, target = self._numbers()
        act = sc.task.shape.output
        terms = sum_of([f"{fmt(float(xi), 2)} × {signed(float(wi), 2)}" for xi, wi in zip(xs, ws)])
        lines = [(_("1  Weighted sum"), f"{terms} = {fmt(z - b, 2)}", theme.INK),
                 (_("2  Add the bias"), f"{sum_of([fmt(z - b, 2), fmt(b, 2)])} = {fmt(z, 2)}", theme.INK),
                 (_("3  Activation ({name})").format(name=act), f"{act}({fmt(z, 2)}) = {fmt(a, 4)}", theme.VIOLET),
                 ("   " + _("Loss (squared miss)"), f"({fmt(a, 4)} − {fmt(target, 2)})² = {fmt((a - target) ** 2, 4)}",
                  theme.ORANGE)]
        for i, (title, value, color) in enumerate(lines):  # one row each: the step's name, then its numbers
            ty = self.side_row(i) + max(10 * s, line_height(painter, 17 * s) / 2)  # the row's middle
            title = title.strip()
            title_size = 14 * s
            if painter.text_width(title, 14 * s, "bold") + painter.text_width(value, 17 * s, "mono") > w - 44 * s:
                title_size = fit_text(painter, title, 14 * s, (w - 44 * s) * 0.42, "bold", smallest=14 * s)
            title_w = painter.text_width(title, title_size, "bold")
            painter.text(title, x + 16 * s, ty, title_size, theme.INK_FAINT, anchor="midleft", face="bold")
            size = fit_text(painter, value, 17 * s, w - 44 * s - title_w, "mono", smallest=14 * s)
            painter.text(value, x + w - 16 * s, ty, size, color, anchor="midright", face="mono")
