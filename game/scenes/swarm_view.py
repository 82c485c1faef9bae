"""The swarm view (key G over a ball level): thousands of ghost balls dropped all along the curve,
rolling at once with the player's optimizer, eta and mu -- on the GPU kernel where there is one.
The double well splits them into its two valleys; on the wavy curve most stick in the small dips
unless momentum carries them through. The counts say how many clear the level.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.i18n import N_, _, number
from game.render import theme
from game.render.dots import DotArt, stack_dots
from game.render.plot import Frame, curve_y_range
from game.scenes.overlay import OverlayScene
from game.sim.families.ball import goals_met
from game.sim.outcome import CONVERGED, DIVERGED, RUNNING
from game.sim.run import Batch
from game.ui.events import Key

SWARM_KEY = pygame.K_g
GPU_BALLS = 4096
NUMPY_BALLS = 1024
STEPS_PER_SECOND = 30.0  # at the play scene's speed x1
MAX_STEPS_PER_TICK = 64
CURVE_POINTS = 400


def fitted_rows(painter, text: str, size: float, width: float) -> list[str]:
    """`text` broken into rows that fit `width`, as painter.wrap breaks it, without trying it
    word by word when it fits on one row: the step and the counts change with every step."""
    one = " ".join(word for word in text.split(" ") if word)
    if painter.text_width(one, size) <= width:
        return [one] if one else []
    return painter.wrap([text], size, width)[0]


class GpuSwarm:
    def __init__(self, gpu, curve, optimizer, x0, eta, mu, max_steps, rules) -> None:
        from game.gpu.balls import GpuBalls

        self.balls = GpuBalls(gpu, curve, optimizer, x0, eta, mu, max_steps, rules)

    def advance(self, k: int) -> None:
        self.balls.advance(k)

    def state(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        s = self.balls.read()
        return s["x"], s["status"], s["steps"], s["loss"]

    def release(self) -> None:
        self.balls.release()


class NumpySwarm:
    def __init__(self, curve, optimizer, x0, eta, mu, max_steps, rules) -> None:
        self.batch = Batch(curve, optimizer, x0, eta, mu, max_steps, rules, np.float32)

    def advance(self, k: int) -> None:
        for _step in range(k):
            self.batch.advance()

    def state(self):
        b = self.batch
        return b.x, b.status, b.steps, b.loss

    def release(self) -> None:
        pass


class SwarmView(OverlayScene):
    name = "swarm_view"

    def __init__(self, app, play) -> None:
        super().__init__(app)
        self.play = play
        level = play.level
        self.backend = app.compute
        self.count = GPU_BALLS if self.backend.name == "gpu" else NUMPY_BALLS
        lo, hi = (level.x0.min, level.x0.max) if level.x0.max > level.x0.min else level.x_range
        self.x0 = np.linspace(lo, hi, self.count)
        self.y_lo, self.y_hi = curve_y_range(play.curve.f, *level.x_range)
        xs = np.linspace(*level.x_range, CURVE_POINTS)
        with np.errstate(all="ignore"):
            self.curve_points = np.stack([xs, play.curve.f(xs)], axis=1)
        self.swarm = None
        self.steps_due = 0.0
        self.t = 0
        self.paused = False
        self.frame = None
        self.dot_art = None  # made when first drawn, dropped on exit
        self._dots_of = None  # (snapshot, frame, look) the stacks in _dots were made from
        self._dots = []
        self._counts_of = None  # the snapshot _counts were counted from
        self._counts = {}

    def start(self) -> None:
        if self.swarm is not None:
            self.swarm.release()
        p, level = self.play.params, self.play.level
        args = (self.play.curve, p["optimizer"], self.x0, p["eta"], p["mu"], level.max_steps, self.play.rules)
        if self.backend.name == "gpu":
            self.swarm = GpuSwarm(self.backend.gpu, *args)
        else:
            self.swarm = NumpySwarm(*args)
        self.t = 0
        self.steps_due = 0.0
        self.snapshot = self.swarm.state()

    def enter(self) -> None:
        self.start()

    def exit(self) -> None:
        if self.swarm is not None:
            self.swarm.release()
        if self.dot_art is not None:
            self.dot_art.release()
            self.dot_art = None

    def update(self, dt: float) -> None:
        super().update(dt)
        if self.paused or self.t >= self.play.level.max_steps:
            return
        self.steps_due += dt * STEPS_PER_SECOND * self.play.speed
        k = min(int(self.steps_due), MAX_STEPS_PER_TICK, self.play.level.max_steps - self.t)
        if k <= 0:
            return
        self.steps_due -= k
        self.swarm.advance(k)
        self.t += k
        self.snapshot = self.swarm.state()

    def handle(self, event) -> bool:
        if isinstance(event, Key):
            if event.key in (SWARM_KEY, pygame.K_ESCAPE, pygame.K_BACKSPACE):
                self.back()
                return True
            if event.key == pygame.K_r:
                self.start()
                return True
            if event.key == pygame.K_SPACE:
                self.paused = not self.paused
                return True
        return super().handle(event)

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        W, H = size
        s = self.s
        level = self.play.level
        painter = self.app.painter
        self.card = (60 * s, 30 * s, W - 120 * s, H - 90 * s)
        rx, rw = 110 * s, W - 220 * s
        # header and footer as tall as their lines at the text size (the plot takes the rest);
        # the footer measured with every count at its widest
        self.info_top = 46 * s + max(36 * s, painter.text_height(26 * s, "bold"))
        top = self.info_top + (len(self._info_rows(painter, rw)) - 1) * painter.line_height(16 * s, 1.3) + 48 * s
        n = self.count
        widest = {"rolling": n, "settled": n, "exploded": n, "out of steps": n, "clear": n}
        footer = 24 * s + len(self._footer_lines(painter, widest, rw)) * self._footer_pitch(painter) + 20 * s
        bottom = min(H - 160 * s, self.card[1] + self.card[3] - footer)
        rect = (rx, max(130 * s, top), rw, bottom - max(130 * s, top))
        self.frame = Frame(rect, level.x_range[0], level.x_range[1], self.y_lo, self.y_hi)

    def _info_rows(self, painter, width: float) -> list[str]:
        p = self.play.params
        mu_text = f"   μ = {number(p['mu'], '.2f')}" if self.play.uses_mu() else ""
        info = (f"{self.play.level.local_title}   ·   {p['optimizer']}   η = {number(p['eta'], '.3g')}{mu_text}   ·   "
                + _("step {step} of {total}   ·   on {backend}").format(
                    step=self.play.level.max_steps, total=self.play.level.max_steps, backend=self.backend.name))
        return fitted_rows(painter, info, 16 * self.s, width)

    def _footer_pitch(self, painter) -> float:
        return max(28 * self.s, painter.line_height(17 * self.s, 1.35))

    def _footer_lines(self, painter, counts: dict, width: float) -> list[list[tuple[str, tuple, float, float, str]]]:
        """The footer's lines: [(text, colour, x offset, size, anchor)]: the counts flowing onto as
        many lines as they need, the share that clears, the keys (right, or on their own line)."""
        s = self.s
        pieces = ((_("● rolling {count}").format(count=number(counts['rolling'], ",d")), theme.ORANGE),
                  (_("● settled {count}").format(count=number(counts['settled'], ",d")), theme.INK),
                  (_("● out of steps {count}").format(count=number(counts['out of steps'], ",d")), theme.YELLOW),
                  (_("exploded (off the curve) {count}").format(count=number(counts['exploded'], ",d")), theme.INK_DIM))
        lines, line, x = [], [], 0.0
        for text, color in pieces:
            w = painter.text_width(text, 17 * s)
            if line and x + w > width:
                lines.append(line)
                line, x = [], 0.0
            line.append((text, color, x, 17 * s, "topleft"))
            x += w + 28 * s
        lines.append(line)
        share = counts["clear"] / max(self.count, 1)
        clear = _("{clear} of {count} starts clear the level ({share}) with these settings").format(
            clear=number(counts["clear"], ",d"), count=number(self.count, ",d"), share=number(share, ".0%"))
        clear_rows = fitted_rows(painter, clear, 17 * s, width)
        lines.extend([[(row, theme.CYAN, 0.0, 17 * s, "topleft")] for row in clear_rows])
        keys = _("R restart   ·   Space pause   ·   G or Esc back")
        keys_size = painter.fit(keys, 14 * s, width, smallest=14 * s)
        if painter.text_width(clear_rows[-1], 17 * s) + 28 * s + painter.text_width(keys, keys_size) <= width:
            lines[-1].append((keys, theme.INK_DIM, width, keys_size, "topright"))
        else:
            lines.append([(keys, theme.INK_DIM, width, keys_size, "topright")])
        return lines

    def counts(self) -> dict[str, int]:
        """How many balls are in each state and how many clear the level (counted again only
        when the state changes)."""
        if self._counts_of is not self.snapshot:
            self._counts, self._counts_of = self._count(), self.snapshot
        return self._counts

    def _count(self) -> dict[str, int]:
        x, status, steps, loss = self.snapshot
        p = self.play.params
        cleared = goals_met(self.play.level, status, steps, x, loss, p["eta"], p["mu"], x0=self.x0)
        return {"rolling": int(np.count_nonzero(status == RUNNING)),
                "settled": int(np.count_nonzero(status == CONVERGED)),
                "exploded": int(np.count_nonzero(status == DIVERGED)),
                "out of steps": int(np.count_nonzero(status == 2)),
                "clear": int(np.count_nonzero(cleared))}

    def still_key(self):
        return (super().still_key(), self.card, self.frame.rect if self.frame else None)

    def draw_still(self, painter) -> None:
        """The card, the title and the curve: kept in the app's picture under the overlay (the
        balls and the numbers are drawn over them each frame)."""
        self.draw_card(painter, self.card, accent=theme.VIOLET)
        if self.frame is None:  # not laid out yet
            return
        s = self.s
        rx, _ry, rw, _rh = self.frame.rect
        title = _("Swarm: {count} ghost balls, one from every start").format(count=number(self.count, ",d"))
        painter.text(title, rx, 46 * s, painter.fit(title, 26 * s, rw, "bold", smallest=14 * s), theme.INK, face="bold")
        px, py = self.frame.px(self.curve_points[:, 0], self.curve_points[:, 1])
        painter.polyline(np.stack([px, py], axis=1), 2.5 * s, theme.BLUE)

    def dot_groups(self) -> list:
        """The balls on screen as stacks (stack_dots), one group per colour in drawing order:
        settled, out of steps, rolling. Made again only when the state or the layout changes."""
        made_of = (self.snapshot, self.frame, theme.LOOK)
        if self._dots_of is not None and all(a is b for a, b in zip(self._dots_of, made_of)):
            return self._dots
        s = self.s
        rx, ry, rw, rh = self.frame.rect
        x, status = self.snapshot[:2]
        with np.errstate(all="ignore"):
            y = self.play.curve.f(np.asarray(x, dtype=np.float64))
        bx, by = self.frame.px(x, y)
        by = by - self.ball_radius()  # resting on the curve, not cut by it
        inside = np.isfinite(bx) & np.isfinite(by) & (bx >= rx) & (bx <= rx + rw) & (by >= ry - 10 * s) & (by <= ry + rh)
        styles = ((CONVERGED, theme.with_alpha(theme.INK, 0.35)), (2, theme.with_alpha(theme.YELLOW, 0.35)),
                  (RUNNING, theme.with_alpha(theme.ORANGE, 0.30)))  # rolling: the game's ball orange
        groups = []
        for code, color in styles:
            shown = inside & (status == code)
            groups.append((*stack_dots(bx[shown], by[shown]), color))
        self._dots_of, self._dots = made_of, groups
        return groups

    def ball_radius(self) -> float:
        return 4.5 * self.s

    def draw(self, painter, alpha: float) -> None:
        s = self.s
        rx, ry, rw, rh = self.frame.rect
        p = self.play.params
        mu_text = f"   μ = {number(p['mu'], '.2f')}" if self.play.uses_mu() else ""
        info = (f"{self.play.level.local_title}   ·   {p['optimizer']}   η = {number(p['eta'], '.3g')}{mu_text}   ·   "
                + _("step {step} of {total}   ·   on {backend}").format(
                    step=self.t, total=self.play.level.max_steps, backend=self.backend.name))
        painter.text_rows(fitted_rows(painter, info, 16 * s, rw), rx, self.info_top, 16 * s, theme.INK_DIM)
        if self.dot_art is None:
            self.dot_art = DotArt(self.app.ctx, self.count)
        self.dot_art.draw(self.dot_groups(), self.ball_radius(), self.size)

        pitch = self._footer_pitch(painter)
        for i, line in enumerate(self._footer_lines(painter, self.counts(), rw)):
            for text, color, dx, size, anchor in line:
                painter.text(text, rx + dx, ry + rh + 24 * s + i * pitch, size, color, anchor=anchor)

    def problems(self) -> list[str]:
        x = np.asarray(self.snapshot[0])
        running = np.asarray(self.snapshot[1]) == RUNNING
        return ["swarm ball not finite while rolling"] if not np.isfinite(x[running]).all() else []


def register_scenes(registry) -> None:
    registry.register_view("swarm", SWARM_KEY, N_("Swarm"), lambda app, play: SwarmView(app, play))
