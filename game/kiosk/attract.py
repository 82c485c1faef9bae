"""The attract loop: what the screen shows while nobody plays, made of the real simulation.

Three pictures, `attract_seconds` each (8 s: a 24 s cycle), each with one large caption and
"Touch to play":

1. balls   four balls dropped at the same spot on the bumpy road (level `wavy`), each with its
           own η and μ, stepped by game.sim.run.Batch: one stops in the first dip, one rolls
           through to the lowest valley, one stops half way, one flies off;
2. fate    the η×μ fate map of the same road (game.sim.fate, computed once), revealed column
           by column as it "fills in";
3. paris   the Paris network (level `paris`) training step by step with game.sim.nets_train,
           P(Paris) climbing.

Any touch, click, key or pad button starts a visit (KioskApp.start_visit). Where the kiosk
offers several languages a button in the corner cycles them without starting a visit.
"""

from __future__ import annotations

import math

import numpy as np

from game.i18n import N_, _, number
from game.kiosk.language import language_name
from game.render import theme
from game.render.backdrop import Backdrop
from game.render.layer import Layer
from game.scenes.base import Scene
from game.sim.families import family_of
from game.ui.button import Button
from game.ui.events import Key, Pad, Pointer

FRAME_RATE = 30            # the loop moves all the time, but needs no more than this
CURVE_LEVEL = "wavy"
NET_LEVEL = "paris"
BALLS = ((0.05, 0.0), (0.05, 0.9), (0.4, 0.5), (12.0, 0.0))  # (η, μ): stuck, through, half way, flies off
BALL_X0 = 5.0


def ball_colors() -> tuple:
    """The attract loop's four balls, in the current look."""
    return theme.CYAN, theme.ORANGE, theme.VIOLET, theme.YELLOW


BALL_STEPS_PER_SECOND = 60.0
FATE_SIZE = (96, 64)
FATE_ETA = (0.01, 20.0)    # log axis
FATE_MU = (0.0, 0.98)
NET_ETA = 0.2
NET_STEPS_PER_SECOND = 5.0
PICTURES = ("balls", "fate", "paris")
CAPTIONS = {
    "balls": N_("Same hill, four balls: the step size η and the momentum μ decide where each one ends"),
    "fate": N_("Every dot is one ball: blue came to rest, orange flew off, yellow ran out of steps"),
    "paris": N_("A tiny network learns to finish “The capital is …”"),
}


def _curve_level(levels, wanted):
    """The wanted level, else the first whose family rolls balls on a curve (the one with fate maps)."""
    level = levels.by_id(wanted)
    if level is None:
        level = next((lv for lv in levels.levels if family_of(lv).maps), None)
    return level


class AttractScene(Scene):
    name = "attract"
    frame_rate = FRAME_RATE

    def __init__(self, app) -> None:
        super().__init__(app)
        self.backdrop = Backdrop(app.ctx)
        self.layer = Layer(app.ctx)
        self.seconds = float(getattr(app.config, "attract_seconds", 8.0))
        self.time = 0.0
        self.picture = 0
        self.language_button = Button("", app.cycle_language, accent="BLUE")
        self.language_button.label = self._language_label()
        self.text_size_button = Button("", self.bigger_text, accent="BLUE")
        self.text_size_button.label = self._text_size_label()
        self.focus.set_widgets(self.corner_buttons())
        from game.sim.families.ball import level_curve, level_rules

        levels = getattr(app, "all_levels", app.levels)
        self.curve_level = _curve_level(levels, CURVE_LEVEL)
        self.curve = level_curve(self.curve_level) if self.curve_level else None
        self.rules = level_rules(self.curve_level) if self.curve_level else None
        self.fate = None
        self.heatmap = None
        self.net_level = levels.by_id(NET_LEVEL)
        self.trainer = None
        self.balls = None
        self.trails: list[list[float]] = []
        self.start_picture(0)

    @property
    def has_languages(self) -> bool:
        return len(getattr(self.app.config, "languages", ())) > 1

    def corner_buttons(self) -> list:
        """The buttons in the top right corner a visitor may press before playing."""
        return ([self.text_size_button] if self.has_text_size else []) + ([self.language_button] if self.has_languages else [])

    @property
    def has_text_size(self) -> bool:
        return bool(getattr(self.app.config, "text_size_button", False)) and hasattr(self.app, "cycle_text_size")

    def _text_size_label(self) -> str:
        return f"Aa  {number(self.app.store.settings.text_scale * 100, '.0f')} %"

    def bigger_text(self) -> None:
        self.app.cycle_text_size()
        self.text_size_button.label = self._text_size_label()

    def _language_label(self) -> str:
        return f"{language_name(self.app.language)}  ›" if self.has_languages else ""  # › : the next one

    # --- the cycle -------------------------------------------------------------------------

    def start_picture(self, index: int) -> None:
        self.picture = index % len(PICTURES)
        self.time = 0.0
        name = PICTURES[self.picture]
        if name == "balls" and self.curve is not None:
            from game.sim.run import Batch

            etas, mus = zip(*BALLS)
            self.balls = Batch(self.curve, "momentum", [BALL_X0] * len(BALLS), etas, mus,
                               self.curve_level.max_steps, self.rules)
            self.trails = [[BALL_X0] for _ball in BALLS]
            self.ball_carry = 0.0
        elif name == "fate" and self.curve is not None and self.fate is None:
            from game.sim.fate import fate_map

            nx, ny = FATE_SIZE
            etas = np.geomspace(*FATE_ETA, nx)
            mus = np.linspace(*FATE_MU, ny)
            self.fate = fate_map(self.curve, "momentum", "eta-mu", etas, mus, BALL_X0, self.curve_level.max_steps,
                                 self.rules)
        elif name == "paris" and self.net_level is not None:
            from game.sim.families.network import level_rules as net_rules
            from game.sim.families.network import level_task
            from game.sim.nets_train import NetTrainer

            task = level_task(self.net_level)
            self.trainer = NetTrainer(task, "gd", NET_ETA, 0.0, self.net_level.max_steps,
                                      net_rules(self.net_level, task))
            self.net_carry = 0.0

    def picture_time(self) -> float:
        """Seconds into the whole cycle (tests and screenshots wait on it)."""
        return self.picture * self.seconds + self.time

    def resume(self) -> None:
        """Back on top: the visitor went back past the level list, or was sent away."""
        self.app.visit_over()
        self.language_button.label = self._language_label()
        self.text_size_button.label = self._text_size_label()
        self.start_picture(0)

    def update(self, dt: float) -> None:
        super().update(dt)
        self.time += dt
        if self.time >= self.seconds:
            self.start_picture(self.picture + 1)
            return
        name = PICTURES[self.picture]
        if name == "balls" and self.balls is not None:
            self.ball_carry += dt * BALL_STEPS_PER_SECOND
            while self.ball_carry >= 1.0:
                self.ball_carry -= 1.0
                self.balls.advance()
                for trail, x in zip(self.trails, self.balls.x):
                    if math.isfinite(x) and trail[-1] != x:
                        trail.append(float(x))
        elif name == "paris" and self.trainer is not None:
            self.net_carry += dt * NET_STEPS_PER_SECOND
            while self.net_carry >= 1.0:
                self.net_carry -= 1.0
                self.trainer.step()

    def animating(self) -> bool:
        return True

    # --- input -----------------------------------------------------------------------------

    def handle(self, event) -> bool:
        if isinstance(event, Pointer):
            for button in self.corner_buttons():
                if button.contains(event.x, event.y, event.touch):
                    button.on_pointer(event)
                    return True
        starts = (isinstance(event, Pointer) and event.kind == "down") or isinstance(event, Key) \
            or (isinstance(event, Pad) and event.kind in ("button", "hat"))
        if starts:
            self.app.start_visit()
            return True
        return False

    def back(self) -> None:
        pass  # nothing beneath the attract loop

    # --- drawing ---------------------------------------------------------------------------

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        W, H = size
        s = self.s
        self.plot = (W * 0.08, 236 * s, W * 0.84, 256 * s)
        self.language_button.place(W - 40 * s - 220 * s, 28 * s, 220 * s, 56 * s)
        right = W - 40 * s - ((220 + 16) * s if self.has_languages else 0)
        self.text_size_button.place(right - 170 * s, 28 * s, 170 * s, 56 * s)

    def _draw_still(self, painter) -> None:
        W, H = self.size
        s = self.s
        self.backdrop.draw(self.size)
        painter.begin(self.size)
        painter.text("Downhill", 48 * s, 26 * s, 30 * s, theme.INK, face="bold")
        painter.text(_("a game about how machines learn"), 48 * s + painter.text_width("Downhill", 30 * s, "bold")
                     + 14 * s, 38 * s, 18 * s, theme.INK_DIM)
        caption = _(CAPTIONS[PICTURES[self.picture]])
        size = 42 * s
        while len(painter.wrap([caption], size, W - 160 * s, "bold")[0]) > 2 and size > 24 * s:
            size -= 2 * s
        painter.text_block([caption], 80 * s, 92 * s, size, theme.INK, W - 160 * s, leading=1.15, face="bold")
        for k in range(len(PICTURES)):
            on = k == self.picture
            painter.circle(W / 2 + (k - 1) * 26 * s, H - 26 * s, (6 if on else 4) * s,
                           theme.INK if on else theme.INK_FAINT)
        name = PICTURES[self.picture]
        if name == "balls":
            self._still_curve(painter)
        elif name == "fate":
            self._still_fate(painter)
        elif name == "paris":
            self._still_net(painter)
        for button in self.corner_buttons():
            button.draw(painter, s, False)
        painter.flush()

    def draw(self, painter, alpha: float) -> None:
        key = (self.picture, self.language_button.label, self.text_size_button.label, self.app.language)
        self.layer.show(self.size, key, lambda: self._draw_still(painter))
        name = PICTURES[self.picture]
        if name == "fate":
            self._draw_fate_map()
        painter.begin(self.size)
        if name == "balls":
            self._moving_balls(painter)
        elif name == "fate":
            self._moving_fate(painter)
        elif name == "paris":
            self._moving_net(painter)
        self._touch_to_play(painter)
        painter.flush()

    def _touch_to_play(self, painter) -> None:
        W, H = self.size
        s = self.s
        pulse = 0.55 + 0.45 * math.cos(self.time * 2.4)
        label = _("Touch to play")
        w, h = max(380 * s, painter.text_width(label, 36 * s, "bold") + 96 * s), 72 * s
        x, y = W / 2 - w / 2, H - 124 * s
        painter.rect(x, y, w, h, theme.with_alpha(theme.ORANGE, 0.16 + 0.14 * pulse), radius=42 * s,
                     glow=18 * s * pulse)
        painter.rect(x, y, w, h, theme.with_alpha(theme.ORANGE, 0.7 + 0.3 * pulse), radius=42 * s, stroke=2.5 * s)
        painter.text(label, W / 2, y + h / 2, 36 * s, theme.INK, anchor="center", face="bold")

    # balls ------------------------------------------------------------------------------------

    def _curve_xy(self, xs):
        x, y, w, h = self.plot
        lo, hi = self.curve_level.x_range if self.curve_level else (-1, 1)
        ys_all = self._curve_span()
        xs = np.asarray(xs, dtype=np.float64)
        with np.errstate(all="ignore"):
            ys = self.curve.f(xs)
        px = x + (xs - lo) / (hi - lo) * w
        py = y + h - (ys - ys_all[0]) / (ys_all[1] - ys_all[0]) * h
        return px, py

    def _curve_span(self):
        if not hasattr(self, "_span"):
            lo, hi = self.curve_level.x_range
            ys = self.curve.f(np.linspace(lo, hi, 400))
            pad = 0.08 * (ys.max() - ys.min())
            self._span = (float(ys.min() - pad), float(ys.max() + pad))
        return self._span

    def _still_curve(self, painter) -> None:
        if self.curve is None:
            return
        s = self.s
        lo, hi = self.curve_level.x_range
        px, py = self._curve_xy(np.linspace(lo, hi, 300))
        painter.polyline(np.stack([px, py], axis=1), 4 * s, theme.BLUE, glow=10 * s)
        x, y, w, h = self.plot
        for k, (eta, mu) in enumerate(BALLS):
            lx = x + k * w / len(BALLS)
            painter.circle(lx + 12 * s, y + h + 40 * s, 9 * s, ball_colors()[k], glow=6 * s)
            entry = f"η {number(eta)}   μ {number(mu)}"
            painter.text(entry, lx + 30 * s, y + h + 40 * s, painter.fit(entry, 24 * s, w / len(BALLS) - 36 * s, "bold", smallest=14 * s),
                         theme.INK_DIM, anchor="midleft", face="bold")

    def _moving_balls(self, painter) -> None:
        if self.balls is None:
            return
        s = self.s
        x, y, w, h = self.plot
        for k, trail in enumerate(self.trails):
            lo, hi = self.curve_level.x_range
            pts = np.array(trail[-40:])
            if len(pts) >= 2 and np.all((pts >= lo) & (pts <= hi)) and np.max(np.abs(np.diff(pts))) < 0.2 * (hi - lo):
                px, py = self._curve_xy(pts)
                painter.polyline(np.stack([px, py - 14 * s], axis=1), 3 * s, theme.with_alpha(ball_colors()[k], 0.5))
            bx = float(self.balls.x[k])
            status = int(self.balls.status[k])
            if math.isfinite(bx) and lo <= bx <= hi:
                cx, cy = self._curve_xy([bx])
                painter.circle(float(cx[0]), float(cy[0]) - 14 * s, 14 * s, ball_colors()[k], glow=14 * s)
            elif status != 0:  # off the screen: said in its legend entry
                note = "✗ " + _("flew off")  # under its legend entry, inside the entry's column
                lx = x + k * w / len(BALLS) + 30 * s
                room = w / len(BALLS) - 36 * s
                painter.text(note, lx, y + h + 40 * s + painter.line_height(24 * s, 1.1), painter.fit(note, 22 * s, room, "bold", smallest=14 * s),
                             ball_colors()[k], anchor="midleft", face="bold")

    # fate map ---------------------------------------------------------------------------------

    def _fate_rect(self):
        W, H = self.size
        s = self.s
        h = 290 * s
        w = min(W * 0.70, h * 1.7)
        return (W - w) / 2, 206 * s, w, h

    def _still_fate(self, painter) -> None:
        x, y, w, h = self._fate_rect()
        s = self.s
        painter.rect(x - 3 * s, y - 3 * s, w + 6 * s, h + 6 * s, theme.with_alpha(theme.PANEL_EDGE, 0.9), radius=6 * s,
                     stroke=2 * s)
        painter.text(_("step size η →"), x + w / 2, y + h + 8 * s, 24 * s, theme.INK_DIM, anchor="topcenter",
                     face="bold")
        painter.text(_("momentum μ ↑"), x - 16 * s, y + h / 2, 24 * s, theme.INK_DIM, anchor="midright", face="bold")

    def _draw_fate_map(self) -> None:
        if self.fate is None:
            return
        if self.heatmap is None:
            from game.render.heatmap import HeatmapArt

            self.heatmap = HeatmapArt(self.app.ctx)
            self.heatmap.upload(self.fate.status[::-1], self.fate.steps[::-1])  # μ grows upwards
        self.app.ctx.screen.use()
        self.heatmap.draw(self._fate_rect(), self.size)

    def _moving_fate(self, painter) -> None:
        """Cover what is not filled in yet; a bright edge sweeps left to right."""
        if self.fate is None:
            return
        x, y, w, h = self._fate_rect()
        s = self.s
        shown = min(1.0, self.time / (self.seconds * 0.7))
        edge = x + w * shown
        if shown < 1.0:
            painter.rect(edge, y, x + w - edge, h, theme.with_alpha(theme.INSET, 1.0))
            painter.line(edge, y, edge, y + h, 3 * s, theme.with_alpha(theme.CYAN, 0.9), glow=10 * s)
        count = int(self.fate.status.size * shown)
        painter.text(number(count, ",.0f"), x + w + 18 * s, y + 4 * s, 30 * s, theme.INK, anchor="topleft", face="mono")
        painter.text(_("balls"), x + w + 18 * s, y + 42 * s, 20 * s, theme.INK_DIM, anchor="topleft", face="bold")

    # the Paris network ------------------------------------------------------------------------

    def _net_nodes(self):
        """Each layer's node centres, evenly down one column, and the radius its nodes have
        there: 24 px at 720p, smaller where a layer has more nodes than that leaves room for
        (Paris's eight words), so that neighbours keep apart."""
        W, H = self.size
        s = self.s
        task = self.trainer.task
        top, bottom = 214 * s, 524 * s
        columns = (W * 0.22, W * 0.45, W * 0.64)
        nodes, radii = [], []
        for c, count in enumerate(task.shape.sizes):
            gap = (bottom - top) / count
            nodes.append([(columns[c], top + gap * (k + 0.5)) for k in range(count)])
            radii.append(min(24 * s, 0.4 * gap))
        return nodes, radii

    def _still_net(self, painter) -> None:
        pass

    def _moving_net(self, painter) -> None:
        if self.trainer is None:
            return
        from game.sim.nets import forward

        s = self.s
        W, H = self.size
        task = self.trainer.task
        params = self.trainer.params
        n_in, n_hid, n_out = task.shape.sizes
        nodes, radii = self._net_nodes()
        w1 = params[: n_in * n_hid].reshape(n_in, n_hid)
        start = n_in * n_hid + n_hid
        w2 = params[start: start + n_hid * n_out].reshape(n_hid, n_out)
        finite = params[np.isfinite(params)]
        scale = max(1.0, float(np.max(np.abs(finite))) * 0.5) if finite.size else 1.0
        for i in range(n_in):
            for j in range(n_hid):
                self._weight(painter, nodes[0][i], nodes[1][j], float(w1[i, j]), scale)
        for j in range(n_hid):
            for o in range(n_out):
                self._weight(painter, nodes[1][j], nodes[2][o], float(w2[j, o]), scale)
        probs = forward(task.shape, params[None, :], task.x).out[0, 0]
        # the first sentence, as the level draws it: its words lit, the others dim
        lit = np.asarray(task.x[0]) > 0
        r_in, r = radii[0], radii[1]
        word_size = min(34 * s, 1.9 * r_in)  # a word no taller than its row
        for i, (nx, ny) in enumerate(nodes[0]):
            painter.circle(nx, ny, r_in, theme.NODE if lit[i] else theme.NODE_DIM, glow=8 * s if lit[i] else 0)
            painter.text(task.input_labels[i], nx - r_in - 14 * s, ny, word_size,
                         theme.INK if lit[i] else theme.INK_FAINT, anchor="midright", face="bold")
        for nx, ny in nodes[1]:
            painter.circle(nx, ny, r, theme.NODE_DIM, glow=6 * s)
            painter.circle(nx, ny, r, theme.with_alpha(theme.INK, 0.5), stroke=1.5 * s)
        target = int(task.target[0])
        r = radii[2]
        for o, (nx, ny) in enumerate(nodes[2]):
            p = float(probs[o]) if math.isfinite(float(probs[o])) else 0.0
            is_target = o == target
            painter.circle(nx, ny, r, theme.NODE_DIM)
            painter.circle(nx, ny, r * (0.35 + 0.65 * math.sqrt(p)), theme.with_alpha(theme.YELLOW, 0.25 + 0.6 * p),
                           glow=12 * s * p)
            painter.circle(nx, ny, r, theme.with_alpha(theme.YELLOW if is_target else theme.INK, 0.9 if is_target else 0.5),
                           stroke=(3 if is_target else 1.5) * s)
            bar_x, bar_w = nx + r + 16 * s, 210 * s
            painter.text(task.output_labels[o], bar_x, ny - 12 * s, 28 * s, theme.YELLOW if is_target else theme.INK,
                         anchor="midleft", face="bold")
            painter.rect(bar_x, ny + 10 * s, bar_w, 10 * s, theme.TRACK, radius=5 * s)
            painter.rect(bar_x, ny + 10 * s, max(2 * s, bar_w * p), 10 * s,
                         theme.YELLOW if is_target else theme.INK_DIM, radius=5 * s)
            painter.text(number(p, ".0%"), bar_x + bar_w + 10 * s, ny + 15 * s, 22 * s, theme.INK_DIM,
                         anchor="midleft", face="mono")
        painter.text(_("training step") + f"  {self.trainer.t}", nodes[1][0][0], 540 * s, 22 * s,
                     theme.INK_DIM, anchor="topcenter", face="bold")

    def _weight(self, painter, a, b, w: float, scale: float) -> None:
        s = self.s
        if not math.isfinite(w):
            painter.line(a[0], a[1], b[0], b[1], 1 * s, theme.with_alpha(theme.INK_FAINT, 0.3))
            return
        color = theme.ORANGE if w >= 0 else theme.BLUE
        width = (1.0 + 7.0 * math.tanh(abs(w) / scale)) * s
        painter.line(a[0], a[1], b[0], b[1], width, theme.with_alpha(color, 0.55 if abs(w) > 0.05 else 0.3))

    def exit(self) -> None:
        self.layer.release()
        self.backdrop.release()
        if self.heatmap is not None:
            self.heatmap.release()
            self.heatmap = None

    def problems(self) -> list[str]:
        return [] if math.isfinite(self.time) else [f"attract time is {self.time}"]
