"""The learning-rate lab's picture (game/scenes/lab_play.py): title and status, a main panel
drawn by the level's mode, a side panel of numbers, the goal and lesson, and the controls.
Reads the scene, never changes it.

  three      the three copies' loss curves over steps on a log scale, the just-right band
  finder     loss after the trial against η (log-log), filling in; steepest point; the player's η
  schedules  η(t) above, the loss (log scale) below, the settling window shaded
  forward    the network, layer by layer: each neuron's weighted sum, bias and activation
  vanishing  each layer's gradient size as a bar on a log scale, now and at the start
"""

from __future__ import annotations

import math

import moderngl
import numpy as np

from game.i18n import N_, _
from game.i18n import number as readable  # (`shown` is a local name in the finder's draw)
from game.render import theme
from game.render.level_view import MARGIN, LevelView, fmt, panel, place_row, side_panel_page
from game.render.network_view import below_title, fit_lines, line_height
from game.render.plot import draw_loss_plot, short_number
from game.sim.families.lab import COPY_NAMES
from game.sim.schedules import make_schedule

COPY_COLORS = ("BLUE", "CYAN", "ORANGE")  # colour roles, resolved when drawn (theme.role)
COPY_MARKS = ("▲", "●", "■")  # shapes as well as colours
BAND_ALPHA = 0.13  # the schedule band: the theme's blue, this see-through
MAIN_TITLES = {"three": N_("loss of each copy (log scale)"), "finder": N_("the learning-rate finder"),
               "schedules": N_("learning rate over the steps, and the loss"), "forward": N_("the forward pass"),
               "vanishing": N_("gradient reaching each layer (log scale)")}  # msgids


GOAL_STYLE = {"top": 34, "row": 26, "text": 17, "smallest": 14, "stars": False}


def _log(value):
    """log10, NaN where the value is not a positive finite number (arrays too)."""
    if np.ndim(value) == 0:  # one number (a bar, a tick): no masks to build
        value = float(value)
        return float(np.log10(value)) if value > 0 and math.isfinite(value) else math.nan
    value = np.asarray(value, dtype=float)
    with np.errstate(all="ignore"):
        out = np.where((value > 0) & np.isfinite(value), np.log10(np.where(value > 0, value, 1.0)), np.nan)
    return float(out) if out.ndim == 0 else out


def _power_label(k: int) -> str:
    if k in (-2, -1):
        return readable(10.0 ** k, f".{-k}f")  # 0.1, 0.01 with the locale's decimal mark (0,1)
    return {0: "1", 1: "10"}.get(k, f"1e{k}")


class LogAxes:
    """A plot box with a log10 y axis (and a linear or log10 x axis)."""

    def __init__(self, rect, x_lo, x_hi, y_lo_exp: int, y_hi_exp: int, log_x: bool = False):
        self.rect, self.log_x = rect, log_x
        self.x_lo, self.x_hi = (_log(x_lo), _log(x_hi)) if log_x else (x_lo, x_hi)
        self.y_lo, self.y_hi = y_lo_exp, max(y_hi_exp, y_lo_exp + 1)

    def px(self, x, y):
        rx, ry, rw, rh = self.rect
        xv = _log(x) if self.log_x else x
        return (rx + (xv - self.x_lo) / (self.x_hi - self.x_lo) * rw,
                ry + (self.y_hi - _log(y)) / (self.y_hi - self.y_lo) * rh)

    def y_of(self, value):
        return self.px(10 ** self.x_lo if self.log_x else self.x_lo, value)[1]

    def grid(self, painter, s, every: int = 1):
        rx, ry, rw, rh = self.rect
        painter.line(rx, ry + rh, rx + rw, ry + rh, 1.0 * s, theme.AXIS)
        painter.line(rx, ry, rx, ry + rh, 1.0 * s, theme.AXIS)
        for k in range(self.y_lo, self.y_hi + 1, every):
            y = self.y_of(10.0**k)
            painter.line(rx, y, rx + rw, y, 1.0 * s, theme.GRID)
            painter.text(_power_label(k), rx - 6 * s, y, 14 * s, theme.INK_FAINT, anchor="midright", face="mono")


def _exp_range(values, pad_low=0, pad_high=0) -> tuple[int, int]:
    finite = np.asarray([v for v in values if v is not None and math.isfinite(v) and v > 0], float)
    if finite.size == 0:
        return -3, 1
    return math.floor(math.log10(finite.min())) - pad_low, math.ceil(math.log10(finite.max())) + pad_high


class LabView(LevelView):
    def __init__(self, ctx: moderngl.Context, scene) -> None:
        super().__init__(ctx, scene)
        self.main_rect = self.side_rect = (0.0, 0.0, 1.0, 1.0)
        self.finder_plot_rect = None

    # --- layout --------------------------------------------------------------------------

    def layout(self, size, s: float) -> None:
        super().layout(size, s)
        sc = self.scene
        W, H = size
        painter = sc.app.painter
        goal_w = W - MARGIN * s - W * 0.64 - 16 * s  # the side column's width (side_panel_page)
        page = side_panel_page(size, s, 0.64, len(sc.level.goals), self.goal_height(painter, goal_w, **GOAL_STYLE))
        self.controls_y, self.buttons_y = page["controls_y"], page["buttons_y"]
        self.main_rect, self.side_rect = page["main"], page["chart"]
        self.goal_rect, self.lesson_rect = page["goal"], page["lesson"]
        mx, my, mw, _mh = self.main_rect
        cx, _cy, cw, _ch = self.side_rect
        y1 = self.controls_y
        place_row(sc.sliders, mx, y1, mw, 70 * s, 12 * s)
        self.place_transport(mx, y1 + 86 * s, 58 * s, (110, 160, 140), air=10, speed_w=56, label_w=88)
        place_row([sc.optimizer_button, *(button for button, _k in sc.own_buttons)], cx, self.buttons_y, cw,
                  58 * s, 10 * s)
        x, y, w, h = self.main_rect
        self.info_y = y + 40 * s  # a line of what the plot shows, under the panel's title
        # under the plot: the x axis' numbers, then its name (the finder), as tall as the text is
        self.x_name_dy = 8 * s + max(18 * s, line_height(painter, 14 * s, 1.15))
        below = max(46 * s, self.x_name_dy + line_height(painter, 15 * s, 1.15) + 2 * s)
        self.plot_rect = (x + 70 * s, y + 78 * s, w - 100 * s, h - 78 * s - below)
        self.finder_plot_rect = self.plot_rect if sc.mode == "finder" else None

    def layer_key(self):
        return (self.scene.lesson_page,)

    # --- still parts ---------------------------------------------------------------------

    def draw_still(self, painter) -> None:
        s, m, sc = self.s, MARGIN * self.s, self.scene
        self.backdrop.draw(self.size)
        painter.begin(self.size)
        self.draw_title(painter)
        panel(painter, self.main_rect, s, _(MAIN_TITLES[sc.mode]))
        panel(painter, self.side_rect, s, _("loss over steps") if sc.mode in ("finder", "forward", "vanishing")
              else _("this run"))
        panel(painter, self.goal_rect, s, _("goal"))
        panel(painter, self.lesson_rect, s, _("lesson"))
        self.draw_lesson(painter, self.lesson_rect, text=16.5, top=34, leading=1.3)
        painter.text(_("?  shortcuts"), self.size[0] - m, m - 2 * s, 15 * s, theme.INK_FAINT, anchor="topright",
                     face="bold")
        painter.flush()

    # --- what moves ----------------------------------------------------------------------

    def draw_moving(self, painter, alpha: float) -> None:
        sc = self.scene
        getattr(self, f"_draw_{sc.mode}")(painter)
        self._draw_side(painter)
        self._draw_status(painter)
        self.draw_goals(painter, self.goal_rect, **GOAL_STYLE)
        self._draw_controls(painter)

    def _draw_status(self, painter) -> None:
        sc = self.scene
        run = sc.run
        word, mark, color = self.training_status(run.status, run.t, sc.running)
        self.draw_status(painter, mark, word, color, self.counter_text(run.t))

    def _draw_controls(self, painter) -> None:
        sc, s = self.scene, self.s
        sc.play_button.label = _("Pause") if sc.running else _("Train")
        sc.play_button.lit = sc.running
        painter.text("×" + readable(sc.speed), self.speed_label_x, sc.slower_button.rect[1] + sc.slower_button.rect[3] / 2,
                     20 * s, theme.INK_DIM, anchor="center", face="mono")
        sc.focus.draw(painter, s)

    def _draw_side(self, painter) -> None:
        sc, s = self.scene, self.s
        x, y, w, h = self.side_rect
        run = sc.run
        if sc.mode in ("finder", "forward", "vanishing"):
            worst = [float(row.max()) if np.isfinite(row).all() else math.inf for row in run.losses]
            draw_loss_plot(painter, (x + 84 * s, y + 38 * s, w - 104 * s, h - 66 * s), worst, s, sc.level.max_steps)
            return
        lines = []
        if sc.mode == "three":
            for i in range(run.copies):
                status = run.copy_status(i)
                loss = float(run.losses[-1][i])
                word = {"converged": _("in the band"), "diverged": _("exploded"), "max_steps": _("out of steps"),
                        "running": _("training")}[status]
                lines.append((f"{COPY_MARKS[i]} η={readable(sc.etas[i], '.3g')}", f"{fmt(loss, 3)}  {word}", theme.role(COPY_COLORS[i])))
        else:
            settled = run.settled_loss(sc.level.spec.settle_window) if run.t else math.inf
            lines.append((_("η now"), readable(run.eta_now, ".3g"), theme.YELLOW))
            lines.append((_("loss now"), fmt(run.loss, 4), theme.ORANGE))
            lines.append((_("settled (last {n})").format(n=sc.level.spec.settle_window),
                          fmt(settled, 4) if run.t >= sc.level.spec.settle_window else "—", theme.INK))
        step = max(30 * s, line_height(painter, 16 * s, 1.25))
        room = w - 48 * s  # a row's name and its value, 12 px apart: the value keeps its size, the name gives way
        for i, (left, right, color) in enumerate(lines):
            ly = y + below_title(painter, s, 40) + i * step
            right_size = fit_lines(painter, [right], 16 * s, room * 0.6, face="mono", smallest=14 * s)
            right_w = painter.text_width(right, right_size, "mono")
            left_size = fit_lines(painter, [left], 16 * s, room - right_w, face="mono", smallest=14 * s)
            painter.text(left, x + 18 * s, ly, left_size, color, face="mono")
            painter.text(right, x + w - 18 * s, ly, right_size, theme.INK, anchor="topright", face="mono")

    # --- three -----------------------------------------------------------------------------

    def _draw_three(self, painter) -> None:
        sc, s = self.scene, self.s
        run = sc.run
        losses = np.asarray(run.losses, float)
        goal = next((g.value for g in sc.level.goals if g.kind == "loss_below"), None)
        lo, hi = _exp_range([*losses[0], *(losses[np.isfinite(losses)].ravel() if losses.size else []),
                             goal or 1.0])
        lo, hi = max(lo, -4), min(hi, 4)
        axes = LogAxes(self.plot_rect, 0, sc.level.max_steps, lo, hi)
        rx, ry, rw, rh = self.plot_rect
        if goal is not None:
            gy = axes.y_of(goal)
            painter.rect(rx, gy, rw, ry + rh - gy, theme.with_alpha(theme.BLUE, BAND_ALPHA))
            painter.line(rx, gy, rx + rw, gy, 1.5 * s, theme.with_alpha(theme.BLUE, 0.8))
            painter.text(_("just right: under {goal} by step {n}").format(goal=readable(goal), n=sc.level.max_steps),
                         rx + rw - 8 * s, gy + 6 * s, 15 * s, theme.BLUE, anchor="topright", face="bold")
        axes.grid(painter, s)
        painter.text(_("step"), rx + rw, ry + rh + 6 * s, 14 * s, theme.INK_FAINT, anchor="topright", face="mono")
        steps = np.arange(len(losses))
        for i in range(losses.shape[1] if losses.ndim == 2 else 0):
            values = np.clip(losses[:, i], 10.0**axes.y_lo, 10.0**axes.y_hi)
            values = np.where(np.isfinite(losses[:, i]), values, 10.0**axes.y_hi)
            xs, ys = axes.px(steps, values)
            if len(xs) > 1:
                painter.polyline(np.stack([xs, ys], axis=1), 2.5 * s, theme.role(COPY_COLORS[i]), glow=3 * s)
            if run.t > 0:  # at the start the three share one point
                half = painter.text_width(COPY_MARKS[i], 16 * s, "bold") / 2  # kept right of the axis' numbers
                painter.text(COPY_MARKS[i], max(xs[-1], rx + half + 1 * s), ys[-1], 16 * s, theme.role(COPY_COLORS[i]),
                             anchor="center", face="bold")
        # the legend: one row under the panel's title, at one size that fits the panel
        labels = [f"{COPY_MARKS[i]}  {_(COPY_NAMES[i])}  η = {readable(sc.etas[i], '.3g')}" for i in range(run.copies)]
        size = 15 * s
        while size > 14 * s / max(1.0, theme.TEXT_SCALE) and \
                sum(painter.text_width(label, size, "bold") for label in labels) + 26 * s * (len(labels) - 1) \
                > self.main_rect[2] - 32 * s:
            size -= 0.5
        lx = self.main_rect[0] + 16 * s
        for i, label in enumerate(labels):
            lx += painter.text(label, lx, self.info_y, size, theme.role(COPY_COLORS[i]), face="bold") + 26 * s

    # --- finder ----------------------------------------------------------------------------

    def _draw_finder(self, painter) -> None:
        sc, s = self.scene, self.s
        f = sc.finder
        etas, losses = f["etas"], f["losses"]
        shown = losses[: f["filled"]]
        lo, hi = _exp_range([*shown[np.isfinite(shown)], 1.0])
        lo, hi = max(lo, -4), min(max(hi, lo + 2), 6)
        axes = LogAxes(self.plot_rect, etas[0], etas[-1], lo, hi, log_x=True)
        rx, ry, rw, rh = self.plot_rect
        axes.grid(painter, s)
        for k in range(math.ceil(_log(etas[0])), math.floor(_log(etas[-1])) + 1):
            x, _y = axes.px(10.0**k, 1.0)
            painter.line(x, ry + rh, x, ry + rh + 5 * s, 1.0 * s, theme.AXIS)
            painter.text(_power_label(k), x, ry + rh + 8 * s, 14 * s, theme.INK_FAINT, anchor="midtop", face="mono")
        painter.text(_("learning rate η"), rx + rw, ry + rh + self.x_name_dy, 15 * s, theme.INK_DIM, anchor="topright")
        finite = np.isfinite(shown)
        xs, ys = axes.px(etas[: f["filled"]], np.clip(np.where(finite, shown, 1.0), 10.0**lo, 10.0**hi))
        points = np.stack([xs, ys], axis=1)[finite]
        if len(points) > 1:
            painter.polyline(points, 2.5 * s, theme.BLUE, glow=3 * s)
        arm = min(4.5 * s, (rw / max(1, len(etas) - 1)) * 0.4)  # crosses drawn, so neighbours never merge
        for x, ok in zip(xs, finite):
            if not ok:  # exploded: a cross along the top
                cy = ry + 12 * s
                painter.line(x - arm, cy - arm, x + arm, cy + arm, 2.2 * s, theme.ORANGE)
                painter.line(x - arm, cy + arm, x + arm, cy - arm, 2.2 * s, theme.ORANGE)
        if f["filled"] < len(etas):
            x, _y = axes.px(etas[f["filled"]], 1.0)
            painter.line(x, ry, x, ry + rh, 1.0 * s, theme.with_alpha(theme.INK, 0.35))
            painter.text(_("trying {n} of {total} copies ({backend})").format(
                n=f["filled"], total=len(etas), backend=_(f["backend"])), rx + 10 * s, ry + rh - 26 * s, 15 * s,
                theme.INK_DIM)
        else:
            painter.text(_("{total} copies, {steps} steps each ({backend})").format(
                total=len(etas), steps=f["steps"], backend=_(f["backend"])), rx + 10 * s, ry + rh - 26 * s, 15 * s,
                theme.INK_FAINT)
        if f["suggested"] is not None:
            x, y = axes.px(f["suggested_eta"], losses[f["suggested"]])
            painter.circle(x, y, 8 * s, theme.YELLOW, stroke=2 * s, glow=4 * s)
            label = _("steepest: η = {eta}").format(eta=readable(f["suggested_eta"], ".3g"))
            lw = painter.text_width(label, 15 * s, "bold")
            painter.text(label, min(x + 12 * s, rx + rw - lw), y + 10 * s, 15 * s, theme.YELLOW, face="bold")
        # the player's eta
        eta = sc.params["eta"]
        x, _y = axes.px(eta, 1.0)
        painter.line(x, ry, x, ry + rh, 2.0 * s, theme.CYAN, glow=3 * s)
        label = _("your η = {eta}").format(eta=readable(eta, ".3g"))
        lw = painter.text_width(label, 15 * s, "bold")
        painter.text(label, min(max(x - lw / 2, rx), rx + rw - lw), ry - 22 * s, 15 * s, theme.CYAN, face="bold")
        # beside the panel's title when there is room, else on the line under it
        hint = _("click the curve to pick η")
        mx, my, mw, _mh = self.main_rect
        room = mw - 48 * s - painter.text_width(_(MAIN_TITLES["finder"]).upper(), 14 * s, "bold")
        size = fit_lines(painter, [hint], 14 * s, room, face="bold", smallest=14 * s)
        hint_y = my + 12 * s if painter.text_width(hint, size, "bold") <= room else self.info_y
        painter.text(hint, mx + mw - 16 * s, hint_y, size if hint_y < self.info_y else 14 * s, theme.INK_FAINT,
                     anchor="topright", face="bold")

    # --- schedules -------------------------------------------------------------------------

    def _draw_schedules(self, painter) -> None:
        sc, s = self.scene, self.s
        run = sc.run
        rx, ry, rw, rh = self.plot_rect
        n = sc.level.max_steps
        eta_h = rh * 0.3
        top = (rx, ry, rw, eta_h)
        bottom = (rx, ry + eta_h + 34 * s, rw, rh - eta_h - 34 * s)
        # eta(t): the whole schedule faint, the part used bright
        options = {k: v for k, v in sc.level.spec.schedule.items() if k not in ("default", "allowed")}
        planned = (np.full(n, sc.params["eta"]) if sc.schedule == "constant"
                   else make_schedule(sc.schedule, n, options).etas(sc.params["eta"]))
        e_hi = float(planned.max()) * 1.1 or 1.0
        xs = rx + np.arange(n) / max(1, n - 1) * rw
        ys = ry + eta_h - planned / e_hi * eta_h
        painter.line(rx, ry + eta_h, rx + rw, ry + eta_h, 1.0 * s, theme.AXIS)
        painter.line(rx, ry, rx, ry + eta_h, 1.0 * s, theme.AXIS)
        painter.polyline(np.stack([xs, ys], axis=1), 1.5 * s, theme.with_alpha(theme.YELLOW, 0.35))
        used = len(run.etas_used)
        if used > 1:
            painter.polyline(np.stack([xs[:used], ys[:used]], axis=1), 3.0 * s, theme.YELLOW, glow=3 * s)
        painter.text("η", rx - 10 * s, ry + eta_h / 2, 18 * s, theme.YELLOW, anchor="midright", face="bold")
        painter.text(short_number(float(planned.max())), rx - 6 * s, ry, 14 * s, theme.INK_FAINT, anchor="midright",
                     face="mono")
        painter.text(sc.schedule_button.label, self.main_rect[0] + 16 * s, self.info_y, 15 * s, theme.YELLOW,
                     face="bold")
        # the loss, log scale, goal line and the settling window
        losses = np.asarray([float(row[0]) for row in run.losses])
        goal = next((g.value for g in sc.level.goals if g.kind == "settled_loss_below"), None)
        lo, hi = _exp_range([*losses, goal or 1.0])
        lo, hi = max(lo, -5), min(hi, 3)
        axes = LogAxes(bottom, 0, n, lo, hi)
        bx, by, bw, bh = bottom
        window = sc.level.spec.settle_window
        wx, _y = axes.px(n - window, 1.0)
        painter.rect(wx, by, bx + bw - wx, bh, theme.with_alpha(theme.VIOLET, 0.10))
        painter.text(_("settling: last {n} steps").format(n=window), bx + bw - 6 * s, by + 4 * s, 14 * s,
                     theme.VIOLET, anchor="topright", face="bold")
        if goal is not None:
            gy = axes.y_of(goal)
            painter.line(bx, gy, bx + bw, gy, 1.5 * s, theme.with_alpha(theme.BLUE, 0.85))
            painter.text(_("goal {goal}").format(goal=readable(goal)), bx + 8 * s, gy - 4 * s, 14 * s, theme.BLUE,
                         anchor="bottomleft", face="bold")
        axes.grid(painter, s)
        lift = (painter.scaled(14 * s) - 14 * s) * 0.6  # clear of the top number, however big the text
        painter.text(_("loss"), bx - 50 * s, by - 4 * s - lift, 14 * s, theme.ORANGE, anchor="bottomleft", face="bold")
        painter.text(_("step"), bx + bw, by + bh + 6 * s, 14 * s, theme.INK_FAINT, anchor="topright", face="mono")
        if len(losses) > 1:
            values = np.clip(np.where(np.isfinite(losses), losses, 10.0**hi), 10.0**lo, 10.0**hi)
            lx, ly = axes.px(np.arange(len(losses)), values)
            painter.polyline(np.stack([lx, ly], axis=1), 2.0 * s, theme.ORANGE, glow=2 * s)

    # --- forward ---------------------------------------------------------------------------

    def _draw_forward(self, painter) -> None:
        from game.sim.deepnets import forward_trace

        sc, s = self.scene, self.s
        run = sc.run
        task = run.task
        params = task.params_of(run.coords)[0]
        trace = forward_trace(task.shape, params, task.x[0])
        x, y, w, h = self.main_rect
        sizes = task.shape.sizes
        columns = len(sizes)
        first, last = x + 80 * s, x + w - 160 * s
        col_x = [first + i * (last - first) / (columns - 1) for i in range(columns)]
        top, bottom = y + 110 * s, y + h - 110 * s

        def node_y(layer: int, j: int) -> float:
            n = sizes[layer]
            return (top + bottom) / 2 if n == 1 else top + j * (bottom - top) / (n - 1)

        lit = sc.signal  # layers lit so far (0: only the input)
        for layer, neurons in enumerate(trace):  # edges first, under everything
            on = lit >= layer + 1
            for j, neuron in enumerate(neurons):
                for i, weight in enumerate(neuron.weights):
                    color = theme.with_alpha(theme.ORANGE if weight >= 0 else theme.BLUE, 0.75 if on else 0.18)
                    painter.line(col_x[layer], node_y(layer, i), col_x[layer + 1], node_y(layer + 1, j),
                                 (1.0 + 3.0 * math.tanh(abs(weight))) * s, color)
        radius = 25 * s
        col_gap = (last - first) / (columns - 1)
        node_gap = min((bottom - top) / (n - 1) for n in sizes if n > 1) if max(sizes) > 1 else bottom - top
        iy = node_y(0, 0)
        painter.circle(col_x[0], iy, radius, theme.with_alpha(theme.YELLOW, 0.25), glow=6 * s)
        painter.circle(col_x[0], iy, radius, theme.YELLOW, stroke=2 * s)
        value = readable(float(task.x[0, 0]), ".2f")
        painter.text(value, col_x[0], iy, fit_lines(painter, [value], 14 * s, 2 * radius - 6 * s, face="mono",
                                                      smallest=14 * s), theme.INK, anchor="center", face="mono")
        cards = []
        for layer, neurons in enumerate(trace):
            on = lit >= layer + 1
            cx = col_x[layer + 1]
            for j, n in enumerate(neurons):
                cy = node_y(layer + 1, j)
                fill = theme.with_alpha(theme.CYAN, 0.30 * n.output + 0.08) if on else theme.with_alpha(theme.INK, 0.05)
                painter.circle(cx, cy, radius, fill, glow=8 * s if on else 0)
                painter.circle(cx, cy, radius, theme.CYAN if on else theme.INK_FAINT, stroke=2 * s)
                if not on:
                    continue
                value = readable(n.output, ".3f")
                painter.text(value, cx, cy, fit_lines(painter, [value], 14 * s, 2 * radius - 6 * s, face="mono",
                                                      smallest=14 * s), theme.INK, anchor="center", face="mono")
                # the neuron's three steps: weighted sum, plus bias, through the activation
                act = {"sigmoid": "σ(z)", "tanh": "tanh(z)", "relu": "relu(z)"}.get(n.activation, "z")
                cards.append((cx, cy, [f"Σ w·a {signed(n.weighted_sum)}", f"+ b   {signed(n.bias)}", f"= z   {signed(n.z)}",
                                       act.ljust(6) + readable(n.output, ".3f")]))
        # the cards sit right of their neuron, between it and the next column, at one size that fits
        room_w = min(col_gap, x + w - 8 * s - (col_x[-1] - radius)) - 2 * radius - 16 * s
        room_h = node_gap - 8 * s
        card_size = fit_lines(painter, [line for _cx, _cy, card in cards for line in card], 14 * s,
                              room_w - 12 * s, room_h - 6 * s, "mono", smallest=14 * s)
        step = line_height(painter, card_size)
        for cx, cy, card in cards:
            cw = max(painter.text_width(line, card_size, "mono") for line in card) + 12 * s
            ch = len(card) * step + 6 * s
            tx, ty = cx + radius + 6 * s, cy - ch / 2
            painter.rect(tx, ty, cw, ch, theme.INSET, radius=6 * s)
            for k, line in enumerate(card):
                painter.text(line, tx + 6 * s, ty + 3 * s + k * step, card_size,
                             theme.CYAN if k == 3 else theme.INK_DIM, face="mono")
        out = trace[-1][0].output
        target = float(task.target[0, 0])
        prediction = _("prediction {out}  ·  target {target}").format(out=readable(out, ".4f"), target=readable(target))
        legend = _("weights: orange +, blue −, thicker = larger")
        room = w - 32 * s
        pred_w = painter.text_width(prediction, 16 * s, "bold")
        row_y = y + h - 12 * s
        painter.text(prediction, x + w - 16 * s, row_y, fit_lines(painter, [prediction], 16 * s, room, face="bold",
                                                                   smallest=14 * s),
                     theme.INK, anchor="bottomright", face="bold")
        if painter.text_width(legend, 14 * s, "bold") + pred_w + 24 * s > room:  # no room beside it: a row above
            row_y -= line_height(painter, 16 * s, 1.15)
            pred_w = 0.0
        painter.text(legend, x + 16 * s, row_y, fit_lines(painter, [legend], 14 * s, room - pred_w - 24 * s * (pred_w > 0),
                                                           face="bold", smallest=14 * s),
                     theme.INK_FAINT, anchor="bottomleft", face="bold")
        for i in range(columns):
            word = _("input") if i == 0 else (_("output") if i == columns - 1 else _("hidden {k}").format(k=i))
            painter.text(word, col_x[i], self.info_y, 15 * s, theme.YELLOW if i == 0 else theme.INK_DIM,
                         anchor="midtop", face="bold")

    # --- vanishing -------------------------------------------------------------------------

    def _draw_vanishing(self, painter) -> None:
        sc, s = self.scene, self.s
        run = sc.run
        now, start = run.grad_norms[-1], run.grad_norms[0]
        lo, hi = _exp_range([*now, *start])
        lo, hi = max(lo, -10), min(hi + 1, 4)  # a decade of room above the tallest bar for its label
        layers = len(now)
        axes = LogAxes(self.plot_rect, 0, layers, lo, hi)
        rx, ry, rw, rh = self.plot_rect
        axes.grid(painter, s, every=1 if hi - lo <= 8 else 2)
        slot = rw / layers
        base = ry + rh
        for i in range(layers):
            cx = rx + (i + 0.5) * slot
            bw = slot * 0.5
            for value, color, offset, width in ((start[i], theme.with_alpha(theme.INK, 0.18), -0.12, 0.9),
                                                (now[i], theme.YELLOW, 0.0, 0.6)):
                if value > 0 and math.isfinite(value):
                    top = axes.y_of(max(value, 10.0**lo))
                    painter.rect(cx - bw * width / 2 + offset * bw, top, bw * width, base - top, color,
                                 radius=3 * s)
            word = _("layer {k}").format(k=i + 1)
            painter.text(word, cx, base + 6 * s, fit_lines(painter, [word], 14 * s, slot - 6 * s, face="bold",
                                                           smallest=14 * s),
                         theme.INK_DIM, anchor="midtop", face="bold")
            value = now[i]
            label = f"{value:.0e}" if value > 0 else "0"
            painter.text(label, cx, axes.y_of(max(value, 10.0**lo)) - 4 * s, 14 * s, theme.YELLOW,
                         anchor="midbottom", face="mono")
        info = _("{name}: at the start the first layer got {ratio} of the last layer's gradient").format(
            name=sc.activation, ratio=_ratio(start[0], start[-1]))
        painter.text(info, self.main_rect[0] + 16 * s, self.info_y,
                     fit_lines(painter, [info], 15 * s, self.main_rect[2] - 32 * s, face="bold", smallest=14 * s),
                     theme.INK, face="bold")
        painter.text(_("faint: at the start   bright: now"), rx + 8 * s, ry + 4 * s, 14 * s, theme.INK_FAINT,
                     face="bold")  # top left: the first layers' bars are the short ones


def _ratio(first: float, last: float) -> str:
    if not (last > 0 and math.isfinite(first) and math.isfinite(last)):
        return "—"
    r = first / last
    return readable(r, ".0e") if r < 0.01 else readable(r, ".2f")


def signed(value: float) -> str:
    """+0,125 / -0,125: a card's term with its sign, the locale's decimal mark."""
    return ("+" if value >= 0 else "") + readable(value, ".3f")
