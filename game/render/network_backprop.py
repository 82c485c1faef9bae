"""Backprop (seed 004): input -> hidden ReLU -> Cat / Dog / Bird, and the forward/backward table.

The network is drawn small at the top; below it, seed 004's table for the hidden neuron under
the pointer (or the first one that fired): each row is one local step, forward value on the
left, the blame flowing back on the right. A ReLU that is off shows a closed gate and its
backward column reads 0: the error stops there. The blame row sums Cat, Dog and Bird.
"""

from __future__ import annotations

import math

import numpy as np

from game.i18n import N_, _, number
from game.render import theme
from game.render.network_view import (NetworkView, fit_lines, fit_text, gradient_arrow, line_height, two_layer_lines,
                                      weight_color, weight_width)
from game.render.level_view import sum_of
from game.render.play_view import fmt
from game.sim.nets import forward


class BackpropView(NetworkView):
    side_title = N_("the chain rule, multiplied out")
    _held_state = None  # (task, the shown weights' bytes, _work_out's answer)

    def after_layout(self) -> None:
        x, y, w, h = self.main_rect
        s = self.s
        n_in, n_hid, n_out = self.scene.task.shape.sizes
        # the hint over the table takes the height a bigger text size adds from the network above it
        painter = self.scene.app.painter
        extra = line_height(painter, 14 * s, 1.15) - 14 * s * 1.15
        top, bottom = y + 50 * s, y + h * 0.46 - extra
        def column(cx, count):
            gap = (bottom - top) / count
            return [(cx, top + gap * (k + 0.5)) for k in range(count)]
        self.nodes = {"in": column(x + w * 0.14, n_in), "hid": column(x + w * 0.45, n_hid),
                      "out": column(x + w * 0.76, n_out)}
        self.radius = min(20 * s, (bottom - top) / (2.3 * max(n_in, n_hid, n_out)))
        self.table_rect = (x + 14 * s, y + h * 0.48, w - 28 * s, h * 0.52 - 14 * s)

    def weight_lines(self):
        return two_layer_lines(self.nodes, self.scene.task)

    def _split(self, params):
        n_in, n_hid, n_out = self.scene.task.shape.sizes
        w1 = params[: n_in * n_hid].reshape(n_in, n_hid)
        b1 = params[n_in * n_hid: n_in * n_hid + n_hid]
        k = n_in * n_hid + n_hid
        w2 = params[k: k + n_hid * n_out].reshape(n_hid, n_out)
        b2 = params[k + n_hid * n_out:]
        return w1, b1, w2, b2

    def _state(self):
        """The shown weights and the forward pass through them: worked out once while they stay
        the same (draw_main and draw_side both read it every frame)."""
        task, params = self.scene.task, self.scene.shown_params()
        held = self._held_state
        if held is None or held[0] is not task or held[1] != params.tobytes():
            self._held_state = held = (task, params.tobytes(), self._work_out(task, params))
        return held[2]

    def _work_out(self, task, params):
        fwd = forward(task.shape, params[None, :], task.x)
        x = task.x[0]
        z = fwd.zs[0][0, 0]
        h = fwd.inputs[1][0, 0]
        out = fwd.out[0, 0]
        target = task.target[0]
        delta = 2.0 * (out - target)
        return params, x, z, h, out, target, delta

    def _chosen(self, z) -> int:
        mx, my = self.scene.mouse
        for j, (nx, ny) in enumerate(self.nodes["hid"]):
            if j < len(z) and math.hypot(mx - nx, my - ny) <= self.radius + 6 * self.s:
                return j
        fired = [j for j in range(len(z)) if z[j] > 0]
        return fired[0] if fired else 0

    def draw_main(self, painter) -> None:
        sc, s = self.scene, self.s
        task = sc.task
        params, x, z, h, out, target, delta = self._state()
        w1, b1, w2, b2 = self._split(params)
        j_pick = self._chosen(z)
        phase = sc.phase_name
        r = self.radius
        backward = phase in ("gradient", "update")
        # the numbers in the nodes at one size that fits the circles; the input names left of theirs
        values = [fmt(float(v), 2) for v in (*x, *h, *out)]
        inner = fit_lines(painter, values, 14 * s, 2 * r - 4 * s, face="mono", smallest=14 * s)
        in_x = self.nodes["in"][0][0]
        names = fit_lines(painter, list(task.input_labels), 16 * s, in_x - r - 8 * s - (self.main_rect[0] + 8 * s),
                          face="bold", smallest=14 * s)
        for i, (ax, ay) in enumerate(self.nodes["in"]):
            for j, (bx, by) in enumerate(self.nodes["hid"]):
                w = float(w1[i, j])
                painter.line(ax, ay, bx, by, weight_width(w, s), weight_color(w, 0.55))
                if backward and sc.step_grad is not None:
                    g = float(sc.step_grad[i * len(h) + j])
                    gradient_arrow(painter, ax + (bx - ax) * 0.6, ay + (by - ay) * 0.6, -g, s, min(1.0, abs(g) * 4))
        k0 = w1.size + len(b1)
        for j, (ax, ay) in enumerate(self.nodes["hid"]):
            for o, (bx, by) in enumerate(self.nodes["out"]):
                w = float(w2[j, o])
                painter.line(ax, ay, bx, by, weight_width(w, s), weight_color(w, 0.55))
                if backward and sc.step_grad is not None:
                    g = float(sc.step_grad[k0 + j * len(out) + o])
                    gradient_arrow(painter, ax + (bx - ax) * 0.6, ay + (by - ay) * 0.6, -g, s, min(1.0, abs(g) * 4))
        for i, (nx, ny) in enumerate(self.nodes["in"]):
            painter.circle(nx, ny, r, theme.NODE)
            painter.circle(nx, ny, r, theme.with_alpha(theme.INK, 0.7), stroke=2 * s)
            painter.text(fmt(float(x[i]), 2), nx, ny, inner, theme.INK, anchor="center", face="mono")
            painter.text(task.input_labels[i], nx - r - 8 * s, ny, names, theme.INK_DIM, anchor="midright", face="bold")
        for j, (nx, ny) in enumerate(self.nodes["hid"]):
            on = z[j] > 0
            painter.circle(nx, ny, r, theme.NODE_DIM if on else theme.CONTROL_OFF, glow=8 * s if on else 0)
            ring = theme.FOCUS if j == j_pick else (theme.INK if on else theme.INK_FAINT)
            painter.circle(nx, ny, r, theme.with_alpha(ring, 0.9), stroke=(3 if j == j_pick else 1.5) * s)
            painter.text(fmt(float(h[j]), 2), nx, ny, inner, theme.INK if on else theme.INK_FAINT, anchor="center",
                         face="mono")
            label = f"{task.hidden_labels[j]} {'ON' if on else 'OFF'}"
            painter.text(label, nx + r + 6 * s, ny - r * 0.8, 14 * s, theme.INK_DIM if on else theme.ORANGE,
                         anchor="bottomleft", face="bold")
            if not on:  # the closed gate: a bar across the node where the blame stops
                painter.line(nx - r * 1.3, ny + r * 1.3, nx + r * 1.3, ny - r * 1.3, 3 * s, theme.ORANGE, glow=4 * s)
        for o, (nx, ny) in enumerate(self.nodes["out"]):
            painter.circle(nx, ny, r, theme.NODE_DIM)
            painter.circle(nx, ny, r, theme.with_alpha(theme.YELLOW if target[o] > 0 else theme.INK, 0.8), stroke=2 * s)
            painter.text(fmt(float(out[o]), 2), nx, ny, inner, theme.INK, anchor="center", face="mono")
            label = _("{label}  (target {value})").format(label=_(task.output_labels[o]), value=number(target[o]))
            room = self.main_rect[0] + self.main_rect[2] - 8 * s - (nx + r + 8 * s)
            painter.text(label, nx + r + 8 * s, ny, fit_text(painter, label, 16 * s, room, "bold", smallest=14 * s),
                         theme.YELLOW if target[o] > 0 else theme.INK_DIM, anchor="midleft", face="bold")
        self._table(painter, params, x, z, h, out, target, delta, j_pick)
        if sc.trainer.exploded:
            self.exploded_banner(painter, self.main_rect, self.explode_detail())

    TABLE_ROWS = 6  # the steps of the blame, one a row (_table)

    def _table_rows(self, painter, count: int) -> tuple[float, float]:
        """(heading height, row height) of the blame table in table_rect."""
        s, th = self.s, self.table_rect[3]
        head_h = max(30 * s, 10 * s + line_height(painter, 14 * s, 1.1))
        return head_h, (th - head_h - 4 * s) / count

    def draw_static(self, painter) -> None:
        """The blame table's inset and its row stripes: the same every step (only its numbers
        change), so in the cached picture."""
        s = self.s
        tx, ty, tw, th = self.table_rect
        painter.rect(tx, ty, tw, th, theme.INSET, radius=10 * s)
        head_h, row_h = self._table_rows(painter, self.TABLE_ROWS)
        for i in range(0, self.TABLE_ROWS, 2):
            painter.rect(tx + 4 * s, ty + head_h + i * row_h, tw - 8 * s, row_h, (1, 1, 1, 0.03), radius=4 * s)

    def _table(self, painter, params, x, z, h, out, target, delta, j) -> None:
        sc, s = self.scene, self.s
        task = sc.task
        w1, b1, w2, b2 = self._split(params)
        tx, ty, tw, th = self.table_rect
        on = z[j] > 0
        gate = 1.0 if on else 0.0
        blame = float(np.dot(delta, w2[j]))
        name = task.hidden_labels[j]
        labels = [_(label) for label in task.output_labels]
        paths = sum_of([fmt(float(delta[k] * w2[j, k]), 2) for k in range(len(labels))])
        rows = [
            (_("Loss (MSE)"), f"L = Σ(y' − y)² = {fmt(float(np.sum((out - target) ** 2)), 4)}",
             "δ = 2(y' − y) = [" + ", ".join(fmt(float(d), 2) for d in delta) + "]", _("the source of the blame")),
            (_("Output weights"), "y'[k] = Σ h[j]·w[j,k] + b[k]",
             f"∂L/∂w({name}→{labels[0]}) = δ·h = {fmt(float(delta[0] * h[j]), 3)}", _("a strong h takes more blame")),
            (_("Blame for {name}").format(name=name), _("feeds {outputs}").format(outputs=", ".join(labels)),
             f"Σ δ·w = {paths} = {fmt(blame, 3)}", _("summed over the three paths")),
            (_("Activation (ReLU)"), f"h = max(0, {fmt(float(z[j]), 2)}) = {fmt(float(h[j]), 2)}",
             _("gate = {gate}  →  {value}").format(gate=number(gate), value=fmt(blame * gate, 3)),
             _("fired: pass it on") if on else _("off: the blame stops here")),
            (_("Input weight"), f"z = Σ x·w + b = {fmt(float(z[j]), 2)}",
             f"∂L/∂w(x1→{name}) = {fmt(blame * gate, 3)} × {fmt(float(x[0]), 2)} = {fmt(blame * gate * float(x[0]), 3)}",
             _("a stronger input, more blame")),
            (_("Bias"), f"b = {fmt(float(b1[j]), 2)}", f"∂L/∂b = {fmt(blame * gate, 3)}", _("gets the full blame")),
        ]
        # three columns at a readable size (14 px and up); each row's "why" sits under its step name
        # when the row is tall enough, else it is left out
        heads = (_("step"), _("forward (the guess)"), _("backward (the blame)"))
        faces = ("bold", "mono", "mono")
        cols = (0.0, 0.24, 0.54)

        def needs(size: float) -> list[float]:
            return [max(painter.text_width(row[c], size, faces[c]) for row in rows) + 16 * s for c in range(3)]

        need = needs(15 * s)
        fixed = [c2 - c1 for c1, c2 in zip(cols, (*cols[1:], 1.0))]
        sized = any(n > f * tw for n, f in zip(need, fixed))
        if sized:  # a column's words do not fit its share: each column as wide as its words ask, at
            size, floor = 15 * s, painter.floor_size(14 * s)  # one size that lets the three fit together
            while size > floor and sum(need) > tw - 12 * s:
                size = max(floor, size - 0.5)
                need = needs(size)
            share = [n / sum(need) for n in need]
            cols = (0.0, share[0], share[0] + share[1])
        head_h, row_h = self._table_rows(painter, len(rows))
        widths = [c2 - c1 for c1, c2 in zip(cols, (*cols[1:], 1.0))]
        for c, width, head in zip(cols, widths, heads):
            head = head.upper()
            painter.text(head, tx + 12 * s + c * tw, ty + 10 * s,
                         fit_text(painter, head, 14 * s, width * tw - 16 * s, "bold", smallest=14 * s),
                         theme.INK_FAINT, face="bold")
        sizes = [fit_lines(painter, [row[c] for row in rows], 15 * s, width * tw - 16 * s, face=faces[c],
                           smallest=14 * s) for c, width in enumerate(widths)]  # one size down each column
        if not sized:  # each cell fits by itself
            sizes = None
        for i, (step, fwd_text, back_text, why) in enumerate(rows):
            ry = ty + head_h + i * row_h
            blocked = i == 3 and not on  # the activation row
            texts = (step, fwd_text, back_text)
            colors = (theme.INK, theme.INK_DIM, theme.ORANGE if blocked else theme.YELLOW)
            two_lines = row_h >= 40 * s and row_h >= 2 * line_height(painter, 15 * s, 1.15)
            for k, (c, width, text, color, face) in enumerate(zip(cols, widths, texts, colors, faces)):
                size = sizes[k] if sizes else fit_text(painter, text, 15 * s, width * tw - 16 * s, face, smallest=14 * s)
                cy = ry + (row_h * 0.32 if (two_lines and c == 0) else row_h / 2)
                painter.text(text, tx + 12 * s + c * tw, cy, size, color, anchor="midleft", face=face)
            if two_lines:
                size = fit_text(painter, why, 14 * s, widths[0] * tw - 16 * s, smallest=14 * s)
                painter.text(why, tx + 12 * s, ry + row_h * 0.72, size,
                             theme.ORANGE if blocked else theme.INK_FAINT, anchor="midleft")
        painter.text(_("point at a hidden neuron to see its row"), tx + tw, ty - 6 * s, 14 * s, theme.INK_FAINT,
                     anchor="bottomright")

    def draw_side(self, painter, rect) -> None:
        s = self.s
        x, y, w, h = rect
        params, xin, z, hid, out, target, delta = self._state()
        w1, b1, w2, b2 = self._split(params)
        j = self._chosen(z)
        gate = 1.0 if z[j] > 0 else 0.0
        blame = float(np.dot(delta, w2[j]))
        lines = [
            ("∂L/∂w₁ = δ · w₂ · gate · x", theme.INK, "regular"),
            (f"= {fmt(float(delta[0]), 2)} × {fmt(float(w2[j, 0]), 2)} + … " + _("(all 3 outputs)"), theme.INK_DIM, "mono"),
            (f"= {fmt(blame, 3)} × {number(gate)} × {fmt(float(xin[0]), 2)} = {fmt(blame * gate * float(xin[0]), 4)}",
             theme.YELLOW, "mono"),
            (_("multiply the local steps: the chain rule"), theme.INK_FAINT, "regular"),
        ]
        for i, (text, color, face) in enumerate(lines):
            size = fit_text(painter, text, 18 * s, w - 32 * s, face, smallest=14 * s)
            painter.text(text, x + 16 * s, self.side_row(i), size, color, face=face)
