"""Draws the play scene: reads the scene's state, never changes it.

The still parts (backdrop, panels, grid, the curve, regions, lesson text) go into a cached
layer that is redrawn only when the size, the lesson page or the phase view changes; each
frame copies it and adds what moves: ball, trail, tangent, arrows, live maths, loss plot,
controls.
"""

from __future__ import annotations

import math

import moderngl
import numpy as np

from game.i18n import N_, _, number
from game.render import theme
from game.render.level_view import LESSON_ROWS, MARGIN, PHASE_COLORS, PHASE_TITLES, PHASES, LevelView, fit_text, fmt, panel, place_row
from game.render.plot import CurveArt, Frame, curve_y_range, draw_grid, draw_loss_plot
from game.sim import optim

TRAIL_STEPS = 48
GOAL_STYLE = {"top": 40, "row": 30, "text": 18, "smallest": 14}
LESSON = {"text": 19, "top": 38, "leading": 1.32}  # the lesson's text size, first row and leading


def signed(value: float, places: int = 3) -> str:
    """A number as a factor after × or −: negative ones in brackets, "2 × (−0.5)", never "2×-0.5"."""
    text = fmt(value, places)
    return f"({text})" if text.startswith("-") else text


def clip_to_rect(x, y, dx, dy, length, rect) -> tuple[float, float]:
    """The point `length` along (dx, dy) from (x, y), cut short at the rect's edge."""
    rx, ry, rw, rh = rect
    t = length
    if dx > 1e-9:
        t = min(t, (rx + rw - x) / dx)
    elif dx < -1e-9:
        t = min(t, (rx - x) / dx)
    if dy > 1e-9:
        t = min(t, (ry + rh - y) / dy)
    elif dy < -1e-9:
        t = min(t, (ry - y) / dy)
    t = max(0.0, t)
    return x + dx * t, y + dy * t


class PlayView(LevelView):
    def __init__(self, ctx: moderngl.Context, scene) -> None:
        super().__init__(ctx, scene)
        self.curve_art = CurveArt(ctx, scene.curve)
        level = scene.level
        self.y_lo, self.y_hi = curve_y_range(scene.curve.f, *level.x_range)
        with np.errstate(all="ignore"):
            ys = scene.curve.f(np.linspace(*level.x_range, 801))
        ys = ys[np.isfinite(ys)]
        self.loss_span = (float(ys.min()), float(ys.max())) if ys.size else (0.0, 1.0)
        self.frame: Frame | None = None

    # --- layout --------------------------------------------------------------------------

    def layout(self, size, s: float) -> None:
        super().layout(size, s)
        W, H = size
        m = MARGIN * s
        self.controls_y = H - m - 150 * s
        top = m + 74 * s
        self.panel_rect = (m, top, W * 0.63 - m, self.controls_y - 14 * s - top)
        px, py, pw, ph = self.panel_rect
        plot = (px + 58 * s, py + 18 * s, pw - 58 * s - 18 * s, ph - 18 * s - 34 * s)
        lo, hi = self.scene.level.x_range
        self.frame = Frame(plot, float(lo), float(hi), self.y_lo, self.y_hi)
        cx = px + pw + 16 * s
        cw = W - m - cx
        painter = self.scene.app.painter
        goal_h = self.goal_height(painter, cw, **GOAL_STYLE)  # (46 + 30 a goal) s at 1.0
        # the lesson keeps LESSON_ROWS rows at the player's text size: where the column is too
        # short (big text), the loss chart shrinks to its smallest, then gives its room (the ball's
        # height on the curve and the update rule say the loss); the four phases' flowchart then
        # covers the goal instead of the chart
        lesson_min = (LESSON["top"] + 10) * s + LESSON_ROWS * painter.line_height(LESSON["text"] * s,
                                                                                  LESSON["leading"])
        room = H - m - py - 162 * s - goal_h - 24 * s  # for the loss chart and the lesson
        loss_min = 44 * s + 2.5 * painter.text_height(14 * s, "mono")
        loss_h = min(150 * s, max(loss_min, room - lesson_min))
        chart = room - loss_h >= lesson_min - 0.5  # (half a pixel: the sums round)
        self.rule_rect = (cx, py, cw, 150 * s)
        self.loss_rect = (cx, py + 162 * s, cw, loss_h) if chart else None
        goal_y = py + 162 * s + ((loss_h + 12 * s) if chart else 0.0)
        self.goal_rect = (cx, goal_y, cw, goal_h)
        self.flow_covers_goal = not chart
        self.flow_rect = (cx, py, cw, (goal_y - 12 * s - py) if chart else goal_y + goal_h - py)
        lesson_y = goal_y + goal_h + 12 * s
        self.lesson_rect = (cx, lesson_y, cw, max(40 * s, H - m - lesson_y))
        self._place_controls(W, s, m)

    def goals_shown(self) -> bool:
        """The goal card is drawn (the phases' flowchart covers it where the loss chart gave way)."""
        return not (self.scene.phase_mode and self.flow_covers_goal)

    def _place_controls(self, W, s, m) -> None:
        sc = self.scene
        px, _unused, pw, _unused = self.panel_rect
        y1 = self.controls_y
        place_row(sc.sliders, px, y1, pw, 70 * s, 14 * s)
        rx, ry, rw, _unused = self.rule_rect
        sc.optimizer_button.place(rx + rw - 214 * s, ry + 8 * s, 204 * s, 34 * s)
        y2 = y1 + 88 * s
        h2 = 58 * s
        x = self.place_transport(px, y2, h2, (104, 128, 140), air=8, speed_w=52, label_w=84) + 18 * s
        sc.phase_button.place(x, y2, px + pw - x, h2)
        # The header row, right to left: Help, Levels, then each extra view (Map, Swarm ...).
        header = [(sc.help_button, 106), (sc.levels_button, 120)]
        header += [(button, 110) for button in reversed(sc.view_buttons)]
        right = px + pw
        self.header_right = right  # the status counter keeps clear of it
        for button, width in header:
            button.place(right - width * s, m + 22 * s, width * s, 44 * s)
            right -= (width + 10) * s
        self.header_left = right + 10 * s  # the level's title keeps clear of it

    # --- the cached layer ----------------------------------------------------------------

    def layer_key(self):
        sc = self.scene
        return (sc.lesson_page, sc.phase_mode, len(sc.view_buttons))

    def draw_still(self, painter) -> None:
        sc, s, frame = self.scene, self.s, self.frame
        level = sc.level
        self.backdrop.draw(self.size)
        painter.begin(self.size)
        self.draw_title(painter)
        panel(painter, self.panel_rect, s)
        rx, ry, rw, rh = frame.rect
        for name, (lo, hi) in level.regions.items():
            x0, _unused = frame.px(max(lo, frame.x_lo), 0)
            x1, _unused = frame.px(min(hi, frame.x_hi), 0)
            painter.rect(x0, ry, x1 - x0, rh, theme.with_alpha(theme.BLUE, 0.06))
            painter.line(x0, ry, x0, ry + rh, 1.0 * s, theme.with_alpha(theme.BLUE, 0.25))
            painter.line(x1, ry, x1, ry + rh, 1.0 * s, theme.with_alpha(theme.BLUE, 0.25))
            painter.text(_(name), (x0 + x1) / 2, ry + 8 * s, 15 * s, theme.INK_DIM, anchor="topcenter", face="bold")
        draw_grid(painter, frame, s)
        room = self.rule_rect[2] - 214 * s - 28 * s  # beside the optimizer button
        if sc.phase_mode:
            panel(painter, self.flow_rect, s, N_("one step, four phases"), room=room)
        else:
            panel(painter, self.rule_rect, s, N_("the update rule"), room=room)
            if self.loss_rect is not None:
                panel(painter, self.loss_rect, s, N_("loss over steps"))
        if self.goals_shown():
            panel(painter, self.goal_rect, s, N_("goal"))
        panel(painter, self.lesson_rect, s, N_("lesson"))
        self.draw_lesson(painter, self.lesson_rect, **LESSON)
        painter.flush()
        self.curve_art.draw(frame, self.size, s)

    # --- per frame -----------------------------------------------------------------------

    def draw(self, painter, alpha: float) -> None:
        if self.frame is not None:  # not laid out yet
            super().draw(painter, alpha)

    def draw_moving(self, painter, alpha: float) -> None:
        sc, s = self.scene, self.s
        self._draw_status(painter)
        self._draw_trail(painter)
        x = sc.shown_x(alpha)
        moving = sc.move_t < 1.0
        self._draw_guides(painter, x, moving)
        self._draw_ball(painter, x)
        if sc.phase_mode:
            self._draw_flow(painter)
        else:
            self._draw_rule(painter)
            if self.loss_rect is not None:
                lx, ly, lw, lh = self.loss_rect
                draw_loss_plot(painter, (lx + 16 * s, ly + 36 * s, lw - 32 * s, lh - 44 * s), sc.ball.losses, s,
                               sc.level.max_steps)
        if self.goals_shown():
            self.draw_goals(painter, self.goal_rect, stars=True, **GOAL_STYLE)
        self._draw_controls(painter)

    def _draw_status(self, painter) -> None:
        sc = self.scene
        ball = sc.ball
        word, mark, color = theme.STATUS_STYLE.get(ball.status, theme.STATUS_STYLE["running"])
        if ball.status == "running" and not sc.running and not sc.phases.active:
            word, color = (N_("Ready") if ball.t == 0 else N_("Paused")), theme.INK_DIM
        if sc.result is not None and not sc.result.outcome.cleared and ball.status == "converged":
            mark, color = "✗", theme.ORANGE  # it came to rest, but the level is not cleared
        self.draw_status(painter, mark, word, color, sc.family.unit_of(sc.level).counter(ball.t, sc.level.max_steps))

    def _curve_px(self, xs):
        with np.errstate(all="ignore"):
            ys = self.scene.curve.f(np.asarray(xs, dtype=float))
        return self.frame.px(xs, ys)

    def _draw_trail(self, painter) -> None:
        xs = np.asarray(self.scene.ball.xs[-TRAIL_STEPS:], dtype=float)
        if len(xs) < 2:
            return
        px, py = self._curve_px(xs)
        rx, ry, rw, rh = self.frame.rect
        inside = np.isfinite(px) & np.isfinite(py) & (px >= rx) & (px <= rx + rw) & (py >= ry) & (py <= ry + rh)
        pts = np.stack([np.where(inside, px, np.nan), np.where(inside, py, np.nan)], axis=1)  # off-chart: no line
        n = len(pts)
        fade = np.linspace(0.08, 0.7, n - 1) ** 1.5
        painter.polyline(pts, 2.0 * self.s, theme.ORANGE, glow=0.0, alphas=fade)
        for i in range(n - 1):
            if inside[i]:
                painter.circle(pts[i, 0], pts[i, 1], 3.2 * self.s, theme.with_alpha(theme.ORANGE, float(0.15 + 0.6 * fade[i])))

    def _curve_pt(self, x: float) -> tuple[float, float]:
        px, py = self._curve_px(np.array([x], dtype=float))
        return float(px[0]), float(py[0])

    def pan_of(self, x: float) -> float:
        """Stereo position (-1 left .. 1 right) of an x on the plot, for the step tick."""
        if self.frame is None or not math.isfinite(x):
            return 0.0
        f = self.frame
        return max(-1.0, min(1.0, 2.0 * (x - f.x_lo) / (f.x_hi - f.x_lo) - 1.0))

    def start_marker_px(self) -> tuple[float, float]:
        return self._curve_pt(self.scene.params["x0"])

    def _preview(self):
        """Where the next step will land: a real look-ahead optimizer step (None once over)."""
        nxt = self.scene.next_step
        return None if nxt is None else nxt.x

    def _step_numbers(self) -> dict[str, str]:
        """The numbers the optimizer table's panel lines name, before and after the next step."""
        sc = self.scene
        b, nxt = sc.ball, sc.next_step
        g = b.grad
        return {"x": fmt(b.x), "g": fmt(g), "g2": fmt(g, 2), "eta": number(sc.params['eta'], ".3g"),
                "mu": number(sc.params['mu'], ".3g"), "v": fmt(b.v), "v2": fmt(b.v, 2),
                "gf": signed(g), "g2f": signed(g, 2), "v2f": signed(b.v, 2),
                "new_v": fmt(nxt.v), "new_v3": fmt(nxt.v, 3), "new_m": fmt(nxt.v), "new_s": fmt(nxt.s),
                "new_x": fmt(nxt.x), "move": fmt(nxt.x - b.x)}

    def _draw_guides(self, painter, x: float, moving: bool) -> None:
        sc, s, frame = self.scene, self.s, self.frame
        ball = sc.ball
        if not math.isfinite(x) or ball.done and ball.status == "diverged":
            return
        rx, ry, rw, rh = frame.rect
        bx, by = self._curve_pt(x)
        if not (rx - 4 <= bx <= rx + rw + 4 and ry - 40 <= by <= ry + rh + 4):
            return
        phase = sc.phases.name
        g = float(sc.curve.df(np.array([x]))[0])
        if not math.isfinite(g):
            return
        # tangent "ghost" line: the slope at the ball, drawn in pixel space
        slope_px = -g * frame.sy / frame.sx
        dx, dy = 1.0, slope_px
        norm = math.hypot(dx, dy)
        dx, dy = dx / norm, dy / norm
        half = 120 * s
        ghost = 0.55 if phase in (None, "gradient") else 0.22
        ends = [clip_to_rect(bx, by, sign * dx, sign * dy, half, frame.rect) for sign in (-1.0, 1.0)]
        painter.line(ends[0][0], ends[0][1], ends[1][0], ends[1][1], 2.0 * s, (1.0, 1.0, 1.0, ghost), glow=3 * s)
        painter.circle(bx, by, 22 * s, (1.0, 1.0, 1.0, 0.10), stroke=2 * s)
        if moving and phase is None:
            return
        # gradient arrow: along the tangent, uphill
        if abs(g) > 1e-9 and phase in (None, "gradient"):
            up = 1.0 if g > 0 else -1.0
            length = min(130 * s, 34 * s + 34 * s * math.log1p(abs(g)))
            ax, ay = clip_to_rect(bx, by, dx * up, dy * up, length, frame.rect)
            painter.arrow(bx + dx * up * 16 * s, by + dy * up * 16 * s, ax, ay, 4 * s, theme.YELLOW,
                          glow=6 * s if phase == "gradient" else 3 * s)
            label = f"∇f = {fmt(g, 2)}"
            lw = painter.text_width(label, 20 * s, "bold")
            lx = ax + 8 * s if up > 0 else ax - 8 * s - lw
            lx = min(max(lx, rx + 4 * s), rx + rw - lw - 4 * s)
            ly = max(ay - 6 * s, ry + 28 * s)
            if lx < rx + 12 * s + painter.text_width("f(x)", 18 * s):  # under the axis name, not on it
                ly = max(ly, ry + 6 * s + 0.82 * (painter.text_height(18 * s) + painter.text_height(20 * s, "bold")))
            painter.text(label, lx, ly, 20 * s, theme.YELLOW, anchor="bottomleft", face="bold")
        # the step: the other way, to where x lands
        if ball.done or phase not in (None, "update"):
            return
        landing = self._preview()
        if landing is None or not math.isfinite(landing):
            return
        lx = float(frame.px(landing, 0.0)[0])
        lx = min(max(lx, rx - 6), rx + rw + 6)
        base_y = ry + rh - 14 * s
        if abs(lx - bx) > 2 * s:
            painter.line(bx, by + 16 * s, bx, base_y, 1.2 * s, theme.with_alpha(theme.CYAN, 0.35))
            painter.arrow(bx, base_y, lx, base_y, 4 * s, theme.CYAN, glow=6 * s if phase == "update" else 3 * s)
            word = _("step")  # the update's formula only for plain gradient descent, whose step it is
            painter.text(word + " = −η∇f" if sc.params["optimizer"] == "gd" else word, (bx + lx) / 2,
                         base_y - 8 * s, 18 * s, theme.CYAN, anchor="bottomcenter", face="bold")
        lxs, lys = self._curve_pt(landing)
        if ry - 20 <= lys <= ry + rh + 20 and rx <= lxs <= rx + rw:
            painter.circle(lxs, lys, 11 * s, theme.with_alpha(theme.CYAN, 0.85), stroke=2.5 * s, glow=4 * s)

    def _draw_ball(self, painter, x: float) -> None:
        sc, s, frame = self.scene, self.s, self.frame
        rx, ry, rw, rh = frame.rect
        if not sc.level.x0.locked:
            mx, my = self.start_marker_px()
            painter.circle(mx, my, 15 * s, theme.with_alpha(theme.ORANGE, 0.9), stroke=2.5 * s)
            painter.text("x₀", mx, my - 20 * s, 18 * s, theme.ORANGE, anchor="bottomcenter", face="bold")
            if sc.ball.t == 0 and not sc.dragging_ball:
                hint = _("drag to move the start")
                half = painter.text_width(hint, 15 * s) / 2 + 6 * s
                hx = min(max(mx, rx + half), rx + rw - half)  # inside the curve's panel
                painter.text(hint, hx, my + 22 * s, 15 * s, theme.INK_FAINT, anchor="topcenter")
        phase = sc.phases.name
        if math.isfinite(x):
            bx, by = self._curve_pt(x)
        else:
            bx, by = rx + rw, ry
        off = not (rx <= bx <= rx + rw and ry - 30 * s <= by <= ry + rh)
        bx = min(max(bx, rx + 14 * s), rx + rw - 14 * s)
        by = min(max(by, ry + 14 * s), ry + rh - 14 * s)
        if phase == "forward":
            painter.line(bx, ry + rh, bx, by, 2 * s, theme.with_alpha(theme.INK, 0.6), glow=4 * s)
            label = f"x = {fmt(sc.ball.x)}"
            lw = painter.text_width(label, 20 * s, "bold")
            lx = bx + 10 * s if bx + 10 * s + lw <= rx + rw - 40 * s else bx - 10 * s - lw  # clear of the axis name
            painter.text(label, lx, ry + rh - 30 * s, 20 * s, theme.INK, face="bold")
        if phase == "loss":
            painter.line(rx, by, bx, by, 2 * s, theme.with_alpha(theme.ORANGE, 0.7), glow=4 * s)
            painter.text(f"f(x) = {fmt(sc.ball.loss)}", rx + 10 * s, by - 6 * s, 20 * s, theme.ORANGE,
                         anchor="bottomleft", face="bold")
        r = 13 * s
        painter.circle(bx, by - r * 0.15, r, theme.ORANGE, glow=12 * s)
        painter.circle(bx - r * 0.3, by - r * 0.5, r * 0.32, (1.0, 0.93, 0.8, 0.85))
        if off:
            label = _("off the chart")
            half = painter.text_width(label, 17 * s, "bold") / 2 + 4 * s  # kept inside the chart
            lx = min(max(bx, rx + half), rx + rw - half)
            painter.text(label, lx, by + 22 * s, 17 * s, theme.ORANGE, anchor="topcenter", face="bold")

    def _draw_rule(self, painter) -> None:
        sc, s = self.scene, self.s
        x, y, w, h = self.rule_rect
        b = sc.ball
        entry = optim.optimizer(sc.params["optimizer"])
        tx, ty = x + 16 * s, y + 38 * s
        size = 22 * s
        lines: list[tuple[str, tuple, str]] = [(entry.rule, theme.INK, "regular")]
        if b.done or sc.next_step is None:
            word = _(theme.STATUS_STYLE.get(b.status, theme.STATUS_STYLE["running"])[0]).lower()
            lines += [(f"  last x = {fmt(b.x)}", theme.INK_DIM, "mono"),
                      ("  " + _("run over ({status}): R to reset").format(status=word), theme.INK_FAINT, "regular")]
        else:
            numbers = self._step_numbers()
            *middle, last = entry.panel
            lines += [(line.format(**numbers), theme.INK_DIM, "mono") for line in middle]
            lines.append((last.format(**numbers), theme.CYAN, "mono"))
        for i, (text, color, face) in enumerate(lines):
            fitted = painter.fit(text, size, w - 30 * s, face, smallest=14 * s)
            painter.text(text, tx, ty + i * 34 * s, fitted, color, face=face)

    def _update_text(self) -> str:
        sc = self.scene
        entry = optim.optimizer(sc.params["optimizer"])
        if sc.ball.done or sc.next_step is None:
            return entry.rule
        return entry.flow.format(**self._step_numbers())

    def _draw_flow(self, painter) -> None:
        """The four phases as a flowchart; the lit box glows, data flows along the arrows."""
        sc, s = self.scene, self.s
        x, y, w, h = self.flow_rect
        b = sc.ball
        values = {
            "forward": f"x = {fmt(b.x)}",
            "loss": f"f(x) = {fmt(b.loss)}",
            "gradient": f"∇f(x) = {fmt(b.grad)}",
            "update": self._update_text(),
        }
        lit = sc.phases.name
        box_h = 46 * s
        top = y + 50 * s
        gap = (h - 50 * s - 30 * s - 4 * box_h) / 3
        for i, name in enumerate(PHASES):
            by = top + i * (box_h + gap)
            on = name == lit
            color = theme.role(PHASE_COLORS[name])
            painter.rect(x + 14 * s, by, w - 28 * s, box_h, theme.with_alpha(color, 0.16 if on else 0.04),
                         radius=10 * s, glow=8 * s if on else 0)
            painter.rect(x + 14 * s, by, w - 28 * s, box_h, theme.with_alpha(color, 0.9 if on else 0.3),
                         radius=10 * s, stroke=(2.5 if on else 1.0) * s)
            title = _(PHASE_TITLES[name])
            tsize = fit_text(painter, title, 18 * s, (w - 52 * s) * 0.4, "bold", smallest=14 * s)
            value = values[name]
            room = w - 64 * s - painter.text_width(title, tsize, "bold")  # beside the title, never over it
            vsize = painter.fit(value, 19 * s, room, "mono", smallest=14 * s)
            if not painter.fits(value, vsize, room, "mono"):  # big text: the title gives way to the value
                tsize = fit_text(painter, title, tsize, w - 64 * s - painter.text_width(value, vsize, "mono"), "bold",
                                 smallest=14 * s)
            painter.text(title, x + 26 * s, by + box_h / 2, tsize,
                         color if on else theme.INK_FAINT, anchor="midleft", face="bold")
            painter.text(value, x + w - 26 * s, by + box_h / 2, vsize, theme.INK if on else theme.INK_DIM,
                         anchor="midright", face="mono")
            if i < 3:
                ax = x + 56 * s
                a0, a1 = by + box_h + 3 * s, by + box_h + gap - 3 * s
                flowing = lit is not None and PHASES.index(lit) == i + 1
                painter.arrow(ax, a0, ax, a1, 3 * s,
                              theme.with_alpha(theme.role(PHASE_COLORS[PHASES[i + 1]]), 0.95 if flowing else 0.25),
                              glow=7 * s if flowing else 0)
                if flowing:
                    t = sc.phases.fraction
                    painter.circle(ax, a0 + (a1 - a0) * min(1.0, t * 1.5), 4.5 * s, theme.INK, glow=6 * s)
        hint = _("S: next phase   ·   P: leave the phases") if lit else _("S: take one step, phase by phase")
        painter.text(hint, x + w / 2, y + h - 8 * s, painter.fit(hint, 14 * s, w - 24 * s, smallest=14 * s),
                     theme.INK_FAINT, anchor="bottomcenter")

    def _draw_controls(self, painter) -> None:
        sc, s = self.scene, self.s
        sc.play_button.label = N_("Pause") if sc.running else N_("Play")
        sc.play_button.lit = sc.running
        sc.phase_button.lit = sc.phase_mode
        sc.step_button.label = N_("Next phase") if sc.phases.active else N_("Step")
        sc.focus.draw(painter, s)
        y = sc.slower_button.rect[1] + sc.slower_button.rect[3] / 2
        speed = sc.speed
        text = f"×{number(speed)}"
        painter.text(text, self.speed_label_x, y - 6 * s, 24 * s, theme.INK, anchor="center", face="mono")
        painter.text(_("speed"), self.speed_label_x, y + 20 * s, 14 * s, theme.INK_FAINT, anchor="center")

    def release(self) -> None:
        super().release()
        self.curve_art.release()
