"""The map view (key M over a ball level): the level's fate map as a heat map, with the player's
parameters as a crosshair. Pointing at a cell says how that run ends; clicking it sets those
parameters and goes back to try them. From the keyboard, the arrows move a cell cursor (Shift:
one cell at a time) and Enter tries that cell. [ and ] move the fixed control (x0, or mu on an
x0-eta map) and the map is recomputed at once -- on the GPU kernel where there is one.

Axes: eta x mu where the player has momentum to turn, else x0 x eta.
"""

from __future__ import annotations

import time

import numpy as np
import pygame

from game.i18n import N_, _, ngettext, number
from game.render import theme
from game.render.heatmap import EXPLODED_STRIPE, HeatmapArt, fate_palette, nice_ticks, settled_color, tick_text
from game.scenes.overlay import OverlayScene
from game.sim.outcome import CONVERGED, DIVERGED, STATUS_NAMES
from game.ui.events import Key, Pointer

MAP_KEY = pygame.K_m
GPU_RES = 256
NUMPY_RES = 64  # the NumPy fallback draws a coarser map so the view still opens quickly
NUDGE = 0.02  # [ and ] move the fixed control by this share of its range
CURSOR_STOPS = 32  # the arrows cross the map in this many jumps (Shift: one cell each)
ARROWS = {pygame.K_LEFT: (0, -1), pygame.K_RIGHT: (0, 1), pygame.K_DOWN: (-1, 0), pygame.K_UP: (1, 0)}
SYMBOLS = {"eta": "η", "mu": "μ", "x0": "x₀"}
WORDS = {"converged": N_("settles"), "diverged": N_("explodes"), "max_steps": N_("runs out of steps")}


def span(allowed, fallback) -> tuple[float, float]:
    return (allowed.min, allowed.max) if allowed.max > allowed.min else fallback


class MapView(OverlayScene):
    name = "map_view"

    def __init__(self, app, play) -> None:
        super().__init__(app)
        self.play = play
        level = play.level
        self.backend = app.compute
        self.res = GPU_RES if self.backend.name == "gpu" else NUMPY_RES
        self.eta_span = span(level.eta, (level.eta.default * 0.2, level.eta.default * 4))
        self.axes = "eta-mu" if play.uses_mu() and not level.mu.locked else "x0-eta"
        self.x_name, self.y_name = self.axes.split("-")
        self.spans = {"eta": self.eta_span, "mu": span(level.mu, (0.0, 0.99)),
                      "x0": span(level.x0, tuple(level.x_range))}
        self.fixed_name = "x0" if self.axes == "eta-mu" else "mu"
        self.xs = np.linspace(*self.spans[self.x_name], self.res)
        self.ys = np.linspace(*self.spans[self.y_name], self.res)
        self.art = HeatmapArt(app.ctx)
        self.fate = None
        self.cleared = None
        self.fate_key = None
        self.compute_ms = 0.0
        self.hover: tuple[int, int] | None = None
        self.map_rect = (0.0, 0.0, 1.0, 1.0)

    # --- the map -------------------------------------------------------------------------

    def key_now(self):
        p = self.play.params
        return (p["optimizer"], round(float(p[self.fixed_name]), 12))

    def recompute(self) -> None:
        p = self.play.params
        level = self.play.level
        start = time.perf_counter()
        self.fate = self.backend.fate_map(self.play.curve, p["optimizer"], self.axes, self.xs, self.ys,
                                          float(p[self.fixed_name]), level.max_steps, self.play.rules)
        self.compute_ms = (time.perf_counter() - start) * 1000
        self.cleared = self.cleared_cells()
        self.art.upload(self.fate.status, self.fate.steps, self.cleared)
        self.fate_key = self.key_now()

    def cleared_cells(self) -> np.ndarray:
        """Which cells' runs meet every goal of the level (dotted on the map)."""
        from game.sim.fate import grid_controls
        from game.sim.families.ball import goals_met

        fate = self.fate
        p = self.play.params
        x0, eta, mu = grid_controls(self.axes, self.xs, self.ys, float(p[self.fixed_name]))
        return goals_met(self.play.level, fate.status, fate.steps, fate.final_x, fate.final_loss, eta, mu, x0=x0)

    def enter(self) -> None:
        self.recompute()

    def resume(self) -> None:
        if self.fate_key != self.key_now():
            self.recompute()

    def update(self, dt: float) -> None:
        super().update(dt)
        if self.fate_key != self.key_now():
            self.recompute()

    def exit(self) -> None:
        self.art.release()

    # --- input ---------------------------------------------------------------------------

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        W, H = size
        s = self.s
        # the key's column widens with the text size (350 px at 1.0), the map gives way
        self.side_w = 350 * s + 240 * s * max(0.0, theme.TEXT_SCALE - 1.0)
        side = min(H - 230 * s, W - 420 * s, W - 40 * s - 90 * s - self.side_w)
        self.map_rect = (W / 2 - side / 2 - 110 * s - (self.side_w - 350 * s) / 2, 110 * s, side, side)

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        mx, my, mw, mh = self.map_rect
        if not (mx <= x < mx + mw and my <= y < my + mh):
            return None
        column = min(int((x - mx) / mw * self.res), self.res - 1)
        row = min(int((my + mh - y) / mh * self.res), self.res - 1)
        return row, column

    def nudge(self, direction: int) -> None:
        lo, hi = self.spans[self.fixed_name]
        value = self.play.params[self.fixed_name] + direction * NUDGE * (hi - lo)
        self.play.set_params(**{self.fixed_name: min(hi, max(lo, value))})
        self.app.invalidate_under()
        self.recompute()

    def try_cell(self, row: int, column: int) -> None:
        self.play.set_params(**{self.x_name: float(self.xs[column]), self.y_name: float(self.ys[row])})
        self.app.invalidate_under()
        self.app.stack.pop()

    def handle(self, event) -> bool:
        if isinstance(event, Pointer):
            cell = self.cell_at(event.x, event.y)
            if event.kind == "move":
                self.hover = cell
                return True
            if event.kind == "down" and cell is not None:
                self.try_cell(*cell)
                return True
            return False
        if isinstance(event, Key):
            if event.key in (MAP_KEY, pygame.K_ESCAPE, pygame.K_BACKSPACE):
                self.back()
                return True
            if event.key in ARROWS:
                self.move_cursor(*ARROWS[event.key], fine=event.shift)
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.hover:
                self.try_cell(*self.hover)
                return True
            if event.key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET) and not self.fixed_locked():
                self.nudge(-1 if event.key == pygame.K_LEFTBRACKET else 1)
                return True
        return super().handle(event)

    def player_cell(self) -> tuple[int, int]:
        """The cell nearest the player's own parameters (the crosshair)."""
        p = self.play.params
        return (int(np.abs(self.ys - p[self.y_name]).argmin()),
                int(np.abs(self.xs - p[self.x_name]).argmin()))

    def move_cursor(self, d_row: int, d_column: int, fine: bool) -> None:
        row, column = self.hover if self.hover is not None else self.player_cell()
        jump = 1 if fine else max(1, self.res // CURSOR_STOPS)
        clamp = lambda i: min(self.res - 1, max(0, i))  # noqa: E731
        self.hover = (clamp(row + d_row * jump), clamp(column + d_column * jump))

    def fixed_locked(self) -> bool:
        return getattr(self.play.level, self.fixed_name).locked

    # --- drawing -------------------------------------------------------------------------

    def marker(self) -> tuple[float, float] | None:
        """Where the player's own parameters sit on the map, in pixels (None if off it)."""
        p = self.play.params
        mx, my, mw, mh = self.map_rect
        spots = []
        for name, values, length in ((self.x_name, self.xs, mw), (self.y_name, self.ys, mh)):
            lo, hi = values[0], values[-1]
            cell = (hi - lo) / (len(values) - 1)
            t = (p[name] - (lo - cell / 2)) / (hi - lo + cell)
            if not 0 <= t <= 1:
                return None
            spots.append(t * length)
        return mx + spots[0], my + mh - spots[1]

    def _card(self):
        s = self.s
        mx, my, mw, mh = self.map_rect
        return (mx - 90 * s, my - 86 * s, mw + 90 * s + self.side_w, mh + 176 * s)

    def still_key(self):
        return (super().still_key(), self._card(), self.map_rect, self.fate_key, id(self.fate))

    def draw_still(self, painter) -> None:
        """The card and the map (redrawn when the map is recomputed), kept in the app's picture
        under the overlay."""
        self.draw_card(painter, self._card(), accent=theme.BLUE)
        painter.flush()  # the card, then the map over it, then its edge
        self.art.draw(self.map_rect, self.size)
        mx, my, mw, mh = self.map_rect
        painter.rect(mx - 1, my - 1, mw + 2, mh + 2, theme.PANEL_EDGE, stroke=1.2 * self.s)

    def draw(self, painter, alpha: float) -> None:
        s = self.s
        W, H = self.size
        mx, my, mw, mh = self.map_rect
        card = self._card()

        p = self.play.params
        fixed = SYMBOLS[self.fixed_name]
        title = _("Fate map: where every {x}, {y} ends").format(x=SYMBOLS[self.x_name], y=SYMBOLS[self.y_name])
        painter.text(title, mx, my - 70 * s, painter.fit(title, 26 * s, card[0] + card[2] - 24 * s - mx, "bold", smallest=14 * s),
                     theme.INK, face="bold")
        info = (f"{self.play.level.local_title}   ·   {p['optimizer']}   ·   {fixed} = {number(p[self.fixed_name], '.3g')}"
                "   ·   " + _("{n}×{n} runs in {ms} ms on {backend}").format(
                    n=self.res, ms=number(self.compute_ms, ".0f"), backend=self.backend.name))
        room = card[0] + card[2] - 24 * s - mx
        painter.text(info, mx, my - 34 * s, painter.fit(info, 16 * s, room, smallest=14 * s), theme.INK_DIM)
        self._draw_ticks(painter)
        self._draw_marker(painter)
        self._draw_side(painter, mx + mw + 36 * s, my)

    def _draw_ticks(self, painter) -> None:
        s = self.s
        mx, my, mw, mh = self.map_rect
        for name, values, horizontal in ((self.x_name, self.xs, True), (self.y_name, self.ys, False)):
            lo, hi = float(values[0]), float(values[-1])
            cell = (hi - lo) / (len(values) - 1)
            for value in nice_ticks(lo, hi):
                t = (value - (lo - cell / 2)) / (hi - lo + cell)
                if horizontal:
                    x = mx + t * mw
                    painter.line(x, my + mh, x, my + mh + 6 * s, 1.2 * s, theme.AXIS)
                    painter.text(tick_text(value), x, my + mh + 10 * s, 14 * s, theme.INK_DIM, anchor="top")
                else:
                    y = my + mh - t * mh
                    painter.line(mx - 6 * s, y, mx, y, 1.2 * s, theme.AXIS)
                    painter.text(tick_text(value), mx - 10 * s, y, 14 * s, theme.INK_DIM, anchor="right")
        axis_word = _("learning rate") if self.x_name == "eta" else _("start")
        painter.text(f"{SYMBOLS[self.x_name]}  {axis_word}",
                     mx + mw / 2, my + mh + 32 * s, 15 * s, theme.INK, anchor="top")
        painter.text(SYMBOLS[self.y_name], mx - 58 * s, my + mh / 2, 20 * s, theme.INK)

    def _draw_marker(self, painter) -> None:
        spot = self.marker()
        if spot is None:
            return
        s = self.s
        x, y = spot
        mx, my, mw, mh = self.map_rect
        for color, width in ((theme.BG_BOTTOM + (0.9,), 4.0 * s), (theme.FOCUS, 1.6 * s)):
            painter.line(mx, y, mx + mw, y, width, color)
            painter.line(x, my, x, my + mh, width, color)
        painter.circle(x, y, 7 * s, theme.FOCUS, stroke=2 * s)

    def _cell_line(self, row: int, column: int) -> str:
        fate = self.fate
        status = STATUS_NAMES[int(fate.status[row, column])]
        where = (f"{SYMBOLS[self.x_name]} = {number(self.xs[column], '.3g')}, "
                 f"{SYMBOLS[self.y_name]} = {number(self.ys[row], '.3g')}")
        steps = int(fate.steps[row, column])
        if status == "converged":
            cleared = _("  (clears the level)") if self.cleared is not None and self.cleared[row, column] else ""
            return ngettext("{where}: settles at x = {x} in {steps} step{cleared}",
                            "{where}: settles at x = {x} in {steps} steps{cleared}", steps).format(
                where=where, x=number(float(fate.final_x[row, column]), ".3g"), steps=steps, cleared=cleared)
        if status == "diverged":
            return ngettext("{where}: explodes after {steps} step", "{where}: explodes after {steps} steps",
                            steps).format(where=where, steps=steps)
        return ngettext("{where}: still moving after {steps} step", "{where}: still moving after {steps} steps",
                        steps).format(where=where, steps=steps)

    def _draw_side(self, painter, x: float, y: float) -> None:
        """The key beside the map, a column as wide as the card leaves: every line wrapped to
        it, each row as tall as its lines (the pitches of text size 1.0 at least)."""
        s = self.s
        fate = self.fate
        mx, my, mw, mh = self.map_rect
        width = mx + mw + self.side_w - 16 * s - x  # to the card's right edge, less its margin

        def put(text, x0, top, size, color, face="regular", leading=1.3) -> float:
            rows = painter.wrap([text], size, x + width - x0, face)[0]
            return painter.text_rows(rows, x0, top, size, color, leading=leading, face=face)

        total = max(fate.status.size, 1)
        settled = fate.steps[fate.status == CONVERGED]
        rows = [
            (settled_color(np.array([0.2]))[0], _("Settles"), _("lighter: fewer steps"), CONVERGED),
            (fate_palette()["exploded"], _("Explodes"), _("striped"), DIVERGED),
            (fate_palette()["out_of_steps"], _("Runs out of steps"), _("still moving at the end"), 2),
        ]
        y += max(34 * s, put(_("What happens"), x, y, 18 * s, theme.INK, "bold") + 8 * s)

        def key_row(top, word_line, hint) -> float:
            used = max(22 * s, put(word_line, x + 32 * s, top + 1 * s, 16 * s, theme.INK, leading=1.25))
            used += put(hint, x + 32 * s, top + used, 14 * s, theme.INK_DIM, leading=1.25)
            return max(54 * s, used + 10 * s)

        for rgb, word, hint, code in rows:
            color = tuple(float(c) / 255 for c in rgb) + (1.0,)
            painter.rect(x, y, 22 * s, 22 * s, color, radius=4 * s)
            if code == DIVERGED:
                painter.line(x + 4 * s, y + 18 * s, x + 18 * s, y + 4 * s, 3 * s, tuple(float(c) / 255 for c in EXPLODED_STRIPE) + (1.0,))
            share = np.count_nonzero(fate.status == code) / total
            y += key_row(y, f"{word}  {number(share, '.0%')}", hint)
        painter.rect(x, y, 22 * s, 22 * s, tuple(float(c) / 255 for c in settled_color(np.array([0.55]))[0]) + (1.0,),
                     radius=4 * s)
        for dx, dy in ((6, 6), (16, 6), (6, 16), (16, 16)):
            painter.circle(x + dx * s, y + dy * s, 2.2 * s, (1.0, 1.0, 1.0, 1.0))
        share = np.count_nonzero(self.cleared) / total if self.cleared is not None else 0.0
        y += key_row(y, _("Clears the level  {share}").format(share=number(share, ".0%")), _("dotted: every goal met"))
        if settled.size:
            fastest = int(settled.min())
            y += max(24 * s, put(ngettext("fastest settle: {steps} step", "fastest settle: {steps} steps",
                                          fastest).format(steps=fastest), x, y, 14 * s, theme.INK_DIM) + 2 * s)
        y += 10 * s
        lines = [_("Click a cell to try it,"),
                 _("or arrows + Enter (Shift: fine)."),
                 _("Crosshair: your settings now.")]
        if not self.fixed_locked():
            lines.append(_("[ ] move {symbol}: the map is redrawn.").format(symbol=SYMBOLS[self.fixed_name]))
        lines.append(_("M or Esc: back."))
        for line in lines:
            y += max(22 * s, put(line, x, y, 14 * s, theme.INK_DIM))
        if self.hover is not None and fate is not None:
            mx, my, mw, mh = self.map_rect
            line = self._cell_line(*self.hover)
            painter.text(line, mx, my + mh + 58 * s, painter.fit(line, 15 * s, mw + self.side_w - 20 * s, smallest=14 * s),
                         theme.INK)
            row, column = self.hover
            cx = mx + (column + 0.5) * mw / self.res
            cy = my + mh - (row + 0.5) * mh / self.res
            painter.circle(cx, cy, 6 * s, theme.FOCUS, stroke=2 * s)
        reason = getattr(self.backend, "reason", "")
        if reason:
            put(_("NumPy map (no GPU: {reason})").format(reason=reason[:60]), x, y + 10 * s, 14 * s, theme.INK_FAINT)

    def problems(self) -> list[str]:
        if self.fate is None:
            return ["map view has no map"]
        return []


def register_scenes(registry) -> None:
    registry.register_view("map", MAP_KEY, N_("Map"), lambda app, play: MapView(app, play))
