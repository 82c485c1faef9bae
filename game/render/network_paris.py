"""The Paris network (seed 001): word nodes -> mixers -> a softmax over capitals.

Lines are weights: thickness = size, orange = positive, blue = negative. Point at a line for its
weight and gradient, at a node for its maths. A Train Step sends dots along the lines, flashes
the loss, puts an up/down arrow on every weight and glides the weights to their new values.
The confidence slider shows the scorecard alone: loss = -log p.

With several sentences (The Capital Of France Is -> Paris, ... Italy ... -> Rome) a strip above
the network lists each with P(its right capital), and the network is drawn for one of them: the
one it gets most wrong right now, the sentence that pulls hardest on the next update. Its words
send 1, the other input words 0 (their lines faded: they carry nothing for this sentence).
"""

from __future__ import annotations

import math

import numpy as np

from game.i18n import N_, _, number
from game.render import theme
from game.render.network_view import (HOVER_PIXELS, NetworkView, draw_weight_lines, fit_lines, fit_text, gradient_arrows,
                                      line_height, nearest_line, tooltip, weight_color)
from game.render.level_view import sum_of
from game.render.play_view import fmt
from game.sim.nets import forward

STRIP_HEIGHT = 30.0  # the sentence strip, in layout units (times s)


def sentence_tags(sentences) -> list[str]:
    """What tells each sentence apart: its words that not every sentence has (France, Italy),
    or all its words where none differ."""
    shared = set(sentences[0][0]).intersection(*(set(words) for words, _answer in sentences[1:]))
    return [" ".join(w for w in words if w not in shared) or " ".join(words) for words, _answer in sentences]


def worst_sentence(p_right: np.ndarray) -> int:
    """The sentence with the lowest P(right answer) (the first where none is a number)."""
    finite = np.where(np.isfinite(p_right), p_right, np.inf)
    return int(np.argmin(finite)) if np.isfinite(finite).any() else 0


SIGNAL_FADE = 0.08  # share of the forward phase over which a layer's numbers appear as the signal arrives
# share of the forward phase before the next-word scores are veiled: not on the phase's first
# frame, which changes the phase strip and veils the mixers already (a tenth of the screen at
# Train's pace; the scores and their bars are as much again, on a frame of their own)
SCORES_VEILED_FROM = 0.12


class ParisView(NetworkView):
    main_title = None
    side_title = N_("the scorecard")
    side_rows = (36, 56, 14, 3)  # P(word), its percentage, the curve (draw_side)

    def __init__(self, ctx, scene) -> None:
        super().__init__(ctx, scene)
        self.nodes: dict[str, list[tuple[float, float]]] = {}
        self._lines_for: tuple = (None, None, [])  # the layout's nodes and the task the lines were made for
        self._line_arrays: tuple = (None, None, None)  # the lines these arrays were made from
        self._spots_for: tuple = (None, None)  # the lines these arrow spots were made for

    # --- geometry ------------------------------------------------------------------------

    def after_layout(self) -> None:
        x, y, w, h = self.main_rect
        s = self.s
        task = self.scene.task
        self.sentences = task.options.get("sentences") or ((tuple(task.input_labels), task.target_label),)
        self.tags = sentence_tags(self.sentences)
        strip = STRIP_HEIGHT * s if len(self.sentences) > 1 else 0.0
        top, bottom = y + 74 * s + strip, y + h - 34 * s
        self.strip_y = y + 68 * s
        columns = {"in": x + 140 * s, "hid": x + w * 0.45, "out": x + w - 250 * s}
        counts = {"in": task.shape.sizes[0], "hid": task.shape.sizes[1], "out": task.shape.sizes[2]}
        self.nodes = {}
        for name, count in counts.items():
            gap = (bottom - top) / count
            self.nodes[name] = [(columns[name], top + gap * (k + 0.5)) for k in range(count)]
        self.radius = min(26 * s, (bottom - top) / (2.6 * counts["out"]))
        self.in_radius = min(self.radius, (bottom - top) / (2.3 * counts["in"]))

    def _layers(self, params: np.ndarray):
        shape = self.scene.task.shape
        n_in, n_hid, n_out = shape.sizes
        w1 = params[: n_in * n_hid].reshape(n_in, n_hid)
        b1 = params[n_in * n_hid: n_in * n_hid + n_hid]
        start = n_in * n_hid + n_hid
        w2 = params[start: start + n_hid * n_out].reshape(n_hid, n_out)
        b2 = params[start + n_hid * n_out:]
        return w1, b1, w2, b2

    def _arrow_spot(self, a, b) -> float:
        """Where along a line its arrow sits: spread by the line's end, so arrows into the same
        column do not pile up."""
        column = self.nodes["hid"] if b in self.nodes["hid"] else self.nodes["out"]
        k = column.index(b)
        return 0.3 + 0.45 * k / max(1, len(column) - 1)

    def _line_ends(self) -> tuple[np.ndarray, np.ndarray]:
        """The weight lines as arrays: each one's index into params, and its ends (n, 4)."""
        lines = self._lines()
        if self._line_arrays[0] is not lines:
            index = np.array([line[0] for line in lines], dtype=int)
            ends = np.array([(*a, *b) for _index, a, b, _label in lines], dtype=np.float64).reshape(-1, 4)
            self._line_arrays = (lines, index, ends)
        return self._line_arrays[1], self._line_arrays[2]

    def _spots(self) -> np.ndarray:
        """Each weight line's `_arrow_spot`, in the order of `_lines()`."""
        lines = self._lines()
        if self._spots_for[0] is not lines:
            self._spots_for = (lines, np.array([self._arrow_spot(a, b) for _index, a, b, _label in lines], dtype=np.float64))
        return self._spots_for[1]

    def _lines(self):
        """(index into params, from point, to point, label) of every weight line (made again
        only when the layout or the task changes)."""
        task = self.scene.task
        if self._lines_for[0] is self.nodes and self._lines_for[1] is task:
            return self._lines_for[2]
        n_in, n_hid, n_out = task.shape.sizes
        lines = []
        for i in range(n_in):
            for j in range(n_hid):
                lines.append((i * n_hid + j, self.nodes["in"][i], self.nodes["hid"][j],
                              f"{task.input_labels[i]} → {task.hidden_labels[j]}"))
        start = n_in * n_hid + n_hid
        for j in range(n_hid):
            for o in range(n_out):
                lines.append((start + j * n_out + o, self.nodes["hid"][j], self.nodes["out"][o],
                              f"{task.hidden_labels[j]} → {task.output_labels[o]}"))
        self._lines_for = (self.nodes, task, lines)
        return lines

    def weight_lines(self):
        return self._lines()

    # --- drawing -------------------------------------------------------------------------

    def draw_static(self, painter) -> None:
        s = self.s
        x, y, w, h = self.main_rect
        legend_y = y + h - 16 * s
        # from the right: ↓ will shrink, ↑ will grow, then the lines' legend in what is left
        grow, shrink = _("will grow"), _("will shrink")
        shrink_x = min(x + w - 150 * s, x + w - 16 * s - painter.text_width(shrink, 14 * s, "bold") - 10 * s)
        grow_x = min(x + w - 250 * s, shrink_x - 18 * s - painter.text_width(grow, 14 * s, "bold") - 10 * s)
        legend = _("line: orange +, blue −, thicker = bigger")
        painter.text(legend, x + 16 * s, legend_y, fit_text(painter, legend, 14 * s, grow_x - 12 * s - (x + 16 * s),
                                                            smallest=14 * s),
                     theme.INK_FAINT, anchor="midleft")
        painter.arrow(grow_x, legend_y + 8 * s, grow_x, legend_y - 8 * s, 3 * s, theme.CYAN, head=8 * s)
        painter.text(grow, grow_x + 10 * s, legend_y, 14 * s, theme.CYAN, anchor="midleft", face="bold")
        painter.arrow(shrink_x, legend_y - 8 * s, shrink_x, legend_y + 8 * s, 3 * s, theme.ORANGE, head=8 * s)
        painter.text(shrink, shrink_x + 10 * s, legend_y, 14 * s, theme.ORANGE, anchor="midleft", face="bold")
        heads = [("in", _("words in").upper()), ("hid", _("mixers").upper()), ("out", _("next word").upper())]
        centres = [self.nodes[name][0][0] for name, _title in heads]
        gap = min(b - a for a, b in zip(centres, centres[1:]))  # one size at which neighbours keep apart
        size = fit_lines(painter, [title for _name, title in heads], 14 * s, gap - 12 * s, face="bold", smallest=14 * s)
        for cx, (_name, title) in zip(centres, heads):
            painter.text(title, cx, y + 46 * s, size, theme.INK_FAINT, anchor="topcenter", face="bold")

    def draw_main(self, painter) -> None:
        sc, s = self.scene, self.s
        task = sc.task
        params = sc.shown_params()
        exploded = sc.trainer.exploded
        fwd = forward(task.shape, params[None, :], task.x)
        targets = np.asarray(task.target, dtype=int).reshape(-1)
        p_right = fwd.out[0][np.arange(len(targets)), targets]
        k = self.shown = worst_sentence(p_right)
        lit = task.x[k]
        hidden = fwd.inputs[1][0, k]
        probs = fwd.out[0, k]
        z_hidden, z_out = fwd.zs[0][0, k], fwd.zs[1][0, k]
        if len(self.sentences) > 1:
            self._draw_strip(painter, p_right, k)
        phase, t = sc.phase_name, sc.phase_t
        alpha = 0.25 if exploded else 1.0
        lines = self._lines()
        index, ends = self._line_ends()
        scale = max(1.0, float(np.nanmax(np.abs(params[np.isfinite(params)]))) * 0.5) if np.isfinite(params).any() else 1.0
        n_hid = len(self.nodes["hid"])
        first_layer = index < len(self.nodes["in"]) * n_hid
        unlit = first_layer & ~np.asarray(lit, dtype=bool)[np.where(first_layer, index // n_hid, 0)]  # from a word not in the sentence
        w = params[index]
        with np.errstate(invalid="ignore"):
            alphas = np.where(np.abs(w) > 0.05, 0.55, 0.3) * alpha * np.where(unlit, 0.3, 1.0)
        # the nodes are opaque discs drawn over the lines: the lines stop under their rims
        draw_weight_lines(painter, ends, w, s, alphas, scale,
                          discs=(np.where(first_layer, self.in_radius, self.radius), self.radius))
        # the signal travelling forward: dots along the lines, first layer then second
        if phase == "forward" and not exploded:
            first = t < 0.5
            f = (t * 2.0) if first else (t - 0.5) * 2.0
            going = (first_layer & ~unlit) if first else ~first_layer
            x0, y0, x1, y1 = ends[going].T
            painter.circles(x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, 3.2 * s, theme.with_alpha(theme.INK, 0.9), glow=5 * s)
        # gradient arrows on every weight: which way this step moves it
        if phase in ("gradient", "update") and sc.step_grad is not None and not exploded:
            grad = task.params_of(sc.step_grad[None, :])[0] if task.basis is not None else sc.step_grad
            biggest = float(np.max(np.abs(grad))) or 1.0
            if phase == "gradient":
                fade = min(1.0, t * 3.0)
            else:  # fading out as its layer glides (NetworkScene.layer_glide)
                glide = np.broadcast_to(np.asarray(sc.layer_glide(min(1.0, t)), dtype=np.float64), params.shape)
                fade = 1.0 - glide[index]  # gone as the weights arrive: nothing left to pop off
            g = np.asarray(grad, dtype=np.float64)[index]
            spot = self._spots()
            x0, y0, x1, y1 = ends.T
            gradient_arrows(painter, x0 + (x1 - x0) * spot, y0 + (y1 - y0) * spot, -g, s, np.sqrt(np.abs(g) / biggest), fade)
        r, ri = self.radius, self.in_radius
        word_size = fit_lines(painter, list(task.input_labels), min(22 * s, max(14 * s, ri * 1.1)),
                              self.nodes["in"][0][0] - ri - 10 * s - (self.main_rect[0] + 2 * s), face="bold",
                              smallest=14 * s)  # one size that keeps the longest word in the panel
        inner = fit_lines(painter, ["-0,00"], 15 * s, 2 * r - 4 * s, face="mono", smallest=14 * s)
        for i, (nx, ny) in enumerate(self.nodes["in"]):
            on = bool(lit[i])
            painter.circle(nx, ny, ri, theme.NODE if on else theme.NODE_DIM,
                           glow=5 * s * alpha if on else 0)
            painter.circle(nx, ny, ri, theme.with_alpha(theme.INK, 0.7 if on else 0.3), stroke=(2 if on else 1) * s)
            painter.text(number(float(lit[i]), "g"), nx, ny, min(18 * s, ri * 1.1), theme.INK if on else theme.INK_FAINT,
                         anchor="center", face="mono")
            painter.text(task.input_labels[i], nx - ri - 10 * s, ny, word_size, theme.INK if on else theme.INK_FAINT,
                         anchor="midright", face="bold")
        for j, (nx, ny) in enumerate(self.nodes["hid"]):
            a = float(hidden[j])
            fill = weight_color(a, 0.25 + 0.55 * min(1.0, abs(a)) if math.isfinite(a) else 0.2)
            painter.circle(nx, ny, r, theme.NODE_DIM)
            painter.circle(nx, ny, r, fill, glow=(6 * s * min(1.0, abs(a)) if math.isfinite(a) else 0))
            painter.circle(nx, ny, r, theme.with_alpha(theme.INK, 0.6), stroke=1.5 * s)
            painter.text(fmt(a, 2), nx, ny, inner, theme.INK, anchor="center", face="mono")
        target = int(targets[k])
        for o, (nx, ny) in enumerate(self.nodes["out"]):
            p = float(probs[o])
            is_target = o == target
            painter.circle(nx, ny, r, theme.NODE_DIM)
            if math.isfinite(p):
                painter.circle(nx, ny, r * (0.35 + 0.65 * math.sqrt(p)), theme.with_alpha(theme.YELLOW, 0.25 + 0.6 * p),
                               glow=7 * s * p)
            painter.circle(nx, ny, r, theme.with_alpha(theme.YELLOW if is_target else theme.INK, 0.9 if is_target else 0.5),
                           stroke=(3 if is_target else 1.5) * s)
            label = task.output_labels[o]
            painter.text(label, nx + r + 12 * s, ny - 9 * s, 21 * s, theme.YELLOW if is_target else theme.INK,
                         anchor="midleft", face="bold")
            bar_x = nx + r + 12 * s  # the bar and its percentage end inside the panel
            right = self.main_rect[0] + self.main_rect[2] - 4 * s
            bar_w = min(150 * s, right - bar_x - 6 * s - painter.text_width(number(0.999, ".1%"), 14 * s, "mono"))
            painter.rect(bar_x, ny + 6 * s, bar_w, 9 * s, theme.TRACK, radius=4 * s)
            if math.isfinite(p):
                painter.rect(bar_x, ny + 6 * s, max(2 * s, bar_w * p), 9 * s,
                             theme.YELLOW if is_target else theme.INK_DIM, radius=4 * s)
            painter.text("NaN" if not math.isfinite(p) else number(p, ".1%"), bar_x + bar_w + 6 * s, ny + 10 * s,
                         14 * s, theme.INK_DIM, anchor="midleft", face="mono")
        if exploded:
            self.shown_tooltip = None
            self.exploded_banner(painter, self.main_rect, self.explode_detail())
            return
        self._hover(painter, params, lines, z_hidden, hidden, z_out, probs, lit)

    def _draw_strip(self, painter, p_right: np.ndarray, shown: int) -> None:
        """Every sentence with P(its right answer); the one the network is drawn for outlined."""
        s = self.s
        x, _y, w, _h = self.main_rect
        n = len(self.sentences)
        gap = 8 * s
        left, right = x + 16 * s, x + w - 16 * s
        chip_w = (right - left - gap * (n - 1)) / n
        cy, ch = self.strip_y, 26 * s
        shares = ['NaN' if not math.isfinite(p) else number(float(p), '.0%') for p in p_right]
        texts = [f"{tag} → {answer}  {share}" for (_words, answer), tag, share in zip(self.sentences, self.tags, shares)]
        size = min(fit_text(painter, text, 16 * s, chip_w - 16 * s, "mono", smallest=14 * s) for text in texts)
        if not all(painter.fits(text, size, chip_w - 16 * s, "mono") for text in texts):
            texts = [f"{tag}  {share}" for tag, share in zip(self.tags, shares)]  # the answer is on the right
            size = min(fit_text(painter, text, 16 * s, chip_w - 16 * s, "mono", smallest=14 * s) for text in texts)
        for k, text in enumerate(texts):
            cx = left + k * (chip_w + gap)
            on = k == shown
            painter.rect(cx, cy, chip_w, ch, theme.NODE_DIM, radius=8 * s)
            p = float(p_right[k])
            if math.isfinite(p):
                painter.rect(cx, cy + ch - 4 * s, max(2 * s, chip_w * p), 4 * s, theme.with_alpha(theme.YELLOW, 0.8),
                             radius=2 * s)
            painter.rect(cx, cy, chip_w, ch, theme.with_alpha(theme.YELLOW if on else theme.INK, 0.9 if on else 0.3),
                         radius=8 * s, stroke=(2 if on else 1) * s)
            painter.text(text, cx + chip_w / 2, cy + ch / 2 - 1 * s, size, theme.YELLOW if on else theme.INK_DIM,
                         anchor="center", face="mono")

    def draw_signal_front(self, painter) -> None:
        """Seed 001 sec. 1, the signal travelling layer by layer: during the forward phase a
        layer shows its numbers only once the dots have reached it -- the mixers half way, the
        next-word scores at the end. Until then its nodes are drawn unlit, over the numbers."""
        sc, s = self.scene, self.s
        if sc.phase_name != "forward" or sc.trainer.exploded:
            return
        r = self.radius
        unlit = (0.10, 0.12, 0.22)
        right = self.main_rect[0] + self.main_rect[2] - 6 * s
        with painter.on_top():
            for group, arrives, veiled_from in (("hid", 0.5, 0.0), ("out", 1.0, SCORES_VEILED_FROM)):
                veil = min(1.0, max(0.0, (arrives - sc.phase_t) / SIGNAL_FADE))
                if veil <= 0.0 or sc.phase_t < veiled_from:
                    continue
                for nx, ny in self.nodes[group]:
                    painter.circle(nx, ny, r + 1.5 * s, (*unlit, veil))
                    painter.circle(nx, ny, r, theme.with_alpha(theme.INK, 0.45 * veil), stroke=1.5 * s)
                    if group == "out":  # its bar and percentage wait for the signal too
                        bar_x = nx + r + 12 * s
                        painter.rect(bar_x - 2 * s, ny + 2 * s, right - bar_x + 2 * s, 18 * s, (*unlit, veil), radius=6 * s)
                        painter.rect(bar_x, ny + 6 * s, 150 * s, 9 * s, theme.with_alpha(theme.TRACK, 0.8 * veil), radius=4 * s)
                        painter.text("…", bar_x + 156 * s, ny + 10 * s, 14 * s, theme.with_alpha(theme.INK_DIM, veil),
                                     anchor="midleft", face="mono")

    def hover_targets(self) -> list[tuple[float, float]]:
        """Every point the pointer can rest on for a tooltip: each node, the middle of each line."""
        points = [point for group in ("in", "hid", "out") for point in self.nodes[group]]
        points += [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for _unused, a, b, _unused in self._lines()]
        return points

    def _hover(self, painter, params, lines, z_hidden, hidden, z_out, probs, lit) -> None:
        sc, s = self.scene, self.s
        self.shown_tooltip = None
        task = sc.task
        mx, my = sc.mouse
        r = self.radius
        grad = sc.trainer.grad if task.basis is None else task.params_of(sc.trainer.grad[None, :])[0]
        for group in ("in", "hid", "out"):
            for k, (nx, ny) in enumerate(self.nodes[group]):
                if math.hypot(mx - nx, my - ny) <= (self.in_radius if group == "in" else r) + 4 * s:
                    lines_shown = self._node_maths(group, k, params, z_hidden, hidden, z_out, probs, lit)
                    self.shown_tooltip = (lines_shown, tooltip(painter, lines_shown, mx, my, s, self.window()))
                    return
        best = nearest_line(mx, my, lines, HOVER_PIXELS * s)
        if best is not None:
            index, a, b, label = best
            w, g = float(params[index]), float(grad[index])
            painter.line(a[0], a[1], b[0], b[1], 3 * s, theme.with_alpha(theme.FOCUS, 0.8), glow=6 * s)
            way = _("grows ▲") if g < 0 else (_("shrinks ▼") if g > 0 else _("stays"))
            lines_shown = [label, _("weight w  = {value}").format(value=fmt(w)), f"∂L/∂w     = {fmt(g)}",
                           _("next step: {way}").format(way=way), _("click: wiggle this weight (W)")]
            self.shown_tooltip = (lines_shown, tooltip(painter, lines_shown, mx, my, s, self.window()))

    def _node_maths(self, group, k, params, z_hidden, hidden, z_out, probs, lit) -> list[str]:
        task = self.scene.task
        w1, b1, w2, b2 = self._layers(params)
        if group == "in":
            if lit[k]:
                return [_("{word}: the word is in the prompt").format(word=task.input_labels[k]),
                        _("so this node sends {one}").format(one=number(1.0, ".1f"))]
            return [_("{word}: not in this sentence").format(word=task.input_labels[k]),
                    _("so this node sends {zero}").format(zero=number(0.0, ".1f"))]
        if group == "hid":
            # only the words in the sentence add their weight: the others send 0
            terms = sum_of([fmt(float(w1[i, k]), 2) for i in range(w1.shape[0]) if lit[i]] + [fmt(float(b1[k]), 2)])
            return [task.hidden_labels[k], f"z = Σ w·x + b = {terms}",
                    f"  = {fmt(float(z_hidden[k]))}",
                    f"a = {task.shape.hidden}(z) = {fmt(float(hidden[k]))}"]
        total = float(np.sum(np.exp(z_out - np.max(z_out))))
        return [f"{task.output_labels[k]}: " + _("score") + " z = Σ w·a + b = {fmt(float(z_out[k]))}",
                f"P = e^z / Σ e^z = {fmt(float(probs[k]))}",
                _("(Σ over all {count} words, shifted: {total})").format(count=len(probs), total=fmt(total, 2))]

    def draw_side(self, painter, rect) -> None:
        sc, s = self.scene, self.s
        x, y, w, h = rect
        trainer = sc.trainer
        p = trainer.p_target
        loss = trainer.loss
        target = _(sc.task.target_label)
        flash = sc.loss_flash
        exploded = trainer.exploded
        color = theme.ORANGE if exploded else theme.YELLOW
        p_y = y + self.side_top  # P(word), its big percentage under it, then the curve
        big_y = p_y + max(20 * s, line_height(painter, 18 * s, 1.1))
        painter.text(f"P({target})", x + 16 * s, p_y, 18 * s, theme.INK_DIM, face="bold")
        shown = "—" if exploded or p is None or not math.isfinite(p) else number(p, ".1%")
        painter.text(shown, x + 16 * s, big_y, 40 * s, color, face="bold")
        text = _("loss = −log p = {value}").format(value="—" if exploded else fmt(loss))
        # on the P(...) line, right of its name: clear of the big percentage however long it gets
        room = w - 48 * s - painter.text_width(f"P({target})", 18 * s, "bold")
        text_y = p_y + 9 * s
        if not painter.fits(text, painter.floor_size(14 * s), room, "mono"):  # a long P(...): beside the big number
            room = w - 48 * s - painter.text_width(shown, 40 * s, "bold")
            text_y = big_y + painter.text_height(40 * s, "bold") / 2
        size = fit_text(painter, text, 20 * s, room, "mono", smallest=14 * s)
        glow = 7 * s * flash
        if flash > 0:
            tw = painter.text_width(text, size, "mono")
            painter.rect(x + w - 24 * s - tw, text_y - 17 * s, tw + 16 * s, 34 * s,
                         theme.with_alpha(theme.ORANGE, 0.25 * flash), radius=10 * s, glow=glow)
        painter.text(text, x + w - 16 * s, text_y, size, theme.ORANGE, anchor="midright", face="mono")
        # the confidence slider's curve: loss = -log p, p from 0.01 to 1
        cy = max(y + 112 * s, big_y + 56 * s)
        cx, cw, ch = x + 40 * s, w - 60 * s, y + h - 16 * s - cy
        painter.line(cx, cy + ch, cx + cw, cy + ch, 1 * s, theme.AXIS)
        painter.line(cx, cy, cx, cy + ch, 1 * s, theme.AXIS)
        ps = np.linspace(0.01, 1.0, 80)
        top = -math.log(0.01)
        pts = np.stack([cx + ps * cw, cy + ch - (-np.log(ps)) / top * ch], axis=1)
        painter.polyline(pts, 2 * s, theme.with_alpha(theme.ORANGE, 0.8))
        q = self.scene.confidence.value
        qx, qy = cx + q * cw, cy + ch - (-math.log(q)) / top * ch
        painter.circle(qx, qy, 6 * s, theme.ORANGE, glow=6 * s)
        painter.text(f"−log({number(q, '.2f')}) = {number(-math.log(q), '.2f')}", qx + 10 * s if q < 0.6 else qx - 10 * s, qy - 4 * s,
                     16 * s, theme.INK, anchor="bottomleft" if q < 0.6 else "bottomright", face="mono")
        if p is not None and math.isfinite(p) and not exploded:
            nx, ny = cx + p * cw, cy + ch - (-math.log(max(p, 0.01))) / top * ch
            painter.circle(nx, ny, 5 * s, theme.YELLOW, stroke=2 * s)
        painter.text("p", cx + cw + 4 * s, cy + ch, 14 * s, theme.INK_FAINT, anchor="midleft", face="bold")
        painter.text(_("loss"), cx + 6 * s, cy + ch - 4 * s, 14 * s, theme.INK_FAINT, anchor="bottomleft",
                     face="bold")  # inside the plot, under the curve: a label of any length fits
