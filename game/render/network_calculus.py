"""Calculus inside the network (seed 000): the 1-parameter engine y' = w·x as a flowchart.

The player clicks through the four phases; glowing arrows light the way the numbers travel
(left to right forward, right to left for the gradient), and in the gradient phase the 2 of
the square visibly falls down in front of the difference.
"""

from __future__ import annotations

import math

from game.i18n import N_, _, number
from game.render import theme
from game.render.network_view import NetworkView, fit_text, line_height
from game.render.play_view import fmt, signed

PHASE_LINES = ("forward", "loss", "gradient", "update")
# a lit box's and arrow's glow (x the scale): at 10 a phase change redrew a band 45 px wide
# around each box that lit or went out (1920x1080), half the frame's shaded pixels
LIT_GLOW = 7.0


class CalculusView(NetworkView):
    main_title = None
    side_title = N_("the numbers of this epoch")
    side_rows = (38, 33, 18, 4)

    def after_layout(self) -> None:
        x, y, w, h = self.main_rect
        s = self.s
        bw, bh = min(150 * s, w / 6), 70 * s
        row1 = y + 86 * s
        gap = (w - 40 * s - 4 * bw) / 3
        left = x + 20 * s
        self.boxes = {name: (left + i * (bw + gap), row1, bw, bh)
                      for i, name in enumerate(("x", "w", "yp", "loss"))}
        self.boxes["y"] = (self.boxes["yp"][0], row1 + bh + 48 * s, bw, bh)
        painter = self.scene.app.painter  # room under the boxes for the two lines at the bottom
        below = max(60 * s, 26 * s + 2 * line_height(painter, 15 * s, 1.15))
        tall = bh + 16 * s  # the gradient and update boxes hold a formula under their title
        row3 = min(row1 + 2 * bh + 112 * s, y + h - tall - below)
        self.boxes["grad"] = (x + w * 0.50, row3, w * 0.47, tall)
        self.boxes["update"] = (x + w * 0.03, row3, w * 0.40, tall)

    def weight_lines(self):
        """The one weight: from the input x to the prediction y', through the w box."""
        (xx, xy, xw, xh), (px, py, _pw, ph) = self.boxes["x"], self.boxes["yp"]
        return [(0, (xx + xw, xy + xh / 2), (px, py + ph / 2), "x → y'")]

    def weight_at(self, x: float, y: float) -> int | None:
        bx, by, bw, bh = self.boxes["w"]
        return 0 if bx <= x <= bx + bw and by <= y <= by + bh else None

    def _mark_picked(self, painter, index: int) -> None:
        s = self.s
        bx, by, bw, bh = self.boxes["w"]
        painter.rect(bx - 4 * s, by - 4 * s, bw + 8 * s, bh + 8 * s, theme.with_alpha(theme.FOCUS, 0.9), radius=14 * s,
                     stroke=3 * s)

    def _values(self):
        sc = self.scene
        config = sc.task
        x = float(config.x[0, 0])
        y = float(config.target[0, 0])
        w = float(sc.shown_params()[0])
        if sc.phase_name == "update" and sc.before is not None:
            w = float(sc.before[0])  # the update phase shows the old w turning into the new one
        yp = w * x
        diff = yp - y
        grad = 2 * diff * x
        eta = sc.params["eta"]
        return {"x": x, "y": y, "w": w, "yp": yp, "diff": diff, "loss": diff * diff, "grad": grad,
                "eta": eta, "w_new": w - eta * grad}

    # Every box and arrow is drawn unlit in the still picture (draw_static); the phase's lit ones
    # are drawn again over it, bright and glowing. A phase change redraws where the light moved,
    # and the unlit frames under it come from the cached picture instead of being shaded again.

    def _colors(self) -> dict:
        """Each box's colour (read from the theme when drawn: the player's colours may change)."""
        return {"x": theme.INK, "w": theme.CYAN, "yp": theme.INK, "y": theme.INK_DIM, "loss": theme.ORANGE,
                "grad": theme.YELLOW, "update": theme.CYAN}

    def _frame(self, painter, name, lit) -> None:
        """A box's fill and outline: faint when unlit, bright with a glow when lit."""
        s = self.s
        bx, by, bw, bh = self.boxes[name]
        color = self._colors()[name]
        faint, bright = (0.04, 0.16) if name in ("grad", "update") else (0.05, 0.18)
        painter.rect(bx, by, bw, bh, theme.with_alpha(color, bright if lit else faint), radius=12 * s,
                     glow=LIT_GLOW * s if lit else 0)
        painter.rect(bx, by, bw, bh, theme.with_alpha(color, 0.95 if lit else 0.35), radius=12 * s,
                     stroke=(2.5 if lit else 1.2) * s)

    def _box(self, painter, name, title, value, color, lit) -> None:
        s = self.s
        bx, by, bw, bh = self.boxes[name]
        if lit:
            self._frame(painter, name, True)
        title = _(title)
        painter.text(title, bx + bw / 2, by + 18 * s, fit_text(painter, title, 16 * s, bw - 12 * s, "bold", smallest=14 * s),
                     color if lit else theme.INK_DIM, anchor="center", face="bold")
        size = fit_text(painter, value, 24 * s, bw - 12 * s, "mono", smallest=14 * s)
        painter.text(value, bx + bw / 2, by + bh * 0.64, size, theme.INK, anchor="center", face="mono")

    def _flow(self, painter, a, b, lit, color, t) -> None:
        """An arrow between two boxes, lit (glowing, carrying a moving dot; over the unlit one
        of the still picture) or unlit (drawn by draw_static)."""
        s = self.s
        ax, ay, aw, ah = self.boxes[a]
        bx, by, bw, bh = self.boxes[b]
        if abs(ay - by) < 1 and bx < ax:
            x0, y0, x1, y1 = ax - 6 * s, ay + ah / 2, bx + bw + 6 * s, by + bh / 2
        elif abs(ay - by) < 1:
            x0, y0, x1, y1 = ax + aw + 6 * s, ay + ah / 2, bx - 6 * s, by + bh / 2
        elif by > ay:
            x0, y0, x1, y1 = ax + aw / 2, ay + ah + 6 * s, bx + bw / 2, by - 6 * s
        else:
            x0, y0, x1, y1 = ax + aw / 2, ay - 6 * s, bx + bw / 2, by + bh + 6 * s
        self._arrow(painter, (x0, y0, x1, y1), color, lit)
        if lit:
            f = min(1.0, t * 1.2)
            painter.circle(x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, 6 * s, theme.INK, glow=8 * s)

    def _arrow(self, painter, ends, color, lit) -> None:
        s = self.s
        painter.arrow(*ends, (4 if lit else 2) * s, theme.with_alpha(color, 0.95 if lit else 0.25),
                      glow=LIT_GLOW * s if lit else 0, head=14 * s)

    def _target_arrow(self):
        """From the target box up into the loss box."""
        s = self.s
        lx, ly, lw, lh = self.boxes["loss"]
        tx, ty, tw, th = self.boxes["y"]
        return tx + tw + 6 * s, ty + th / 2, lx + lw * 0.25, ly + lh + 34 * s

    def _back_arrow(self):
        """From the update box back up into the weight."""
        s = self.s
        wx, wy, ww, wh = self.boxes["w"]
        return wx + ww / 2, self.boxes["update"][1] - 6 * s, wx + ww / 2, wy + wh + 8 * s

    FLOWS = (("x", "w", "forward"), ("w", "yp", "forward"), ("yp", "loss", "loss"), ("loss", "grad", "gradient"),
             ("grad", "update", "update"))  # arrow from box, to box, and the phase that lights it

    def _phase_colors(self) -> dict:
        return {"forward": theme.INK, "loss": theme.ORANGE, "gradient": theme.YELLOW, "update": theme.CYAN}

    def draw_static(self, painter) -> None:
        """The unlit boxes and arrows, and the panel's two still lines."""
        s = self.s
        x, y, w, h = self.main_rect
        for name in self.boxes:
            self._frame(painter, name, False)
        colors = self._phase_colors()
        for a, b, phase in self.FLOWS:
            self._flow(painter, a, b, False, colors[phase], 0.0)
        self._arrow(painter, self._target_arrow(), colors["loss"], False)
        self._arrow(painter, self._back_arrow(), theme.CYAN, False)
        painter.text(_("One input, one weight, one prediction."), x + 20 * s, y + 50 * s, 18 * s, theme.INK_DIM)
        hint = _("T: next phase  ·  four phases make one epoch")
        painter.text(hint, x + 16 * s, y + h - 10 * s, 15 * s, theme.INK_FAINT, anchor="bottomleft")

    def draw_main(self, painter) -> None:
        sc, s = self.scene, self.s
        v = self._values()
        phase, t = sc.phase_name, sc.phase_t
        colors = self._phase_colors()
        x, y, w, h = self.main_rect
        self._box(painter, "x", N_("input x"), fmt(v["x"], 2), theme.INK, phase == "forward")
        self._box(painter, "w", N_("weight w"), fmt(v["w"]), theme.CYAN, phase in ("forward", "update"))
        self._box(painter, "yp", N_("prediction y'"), fmt(v["yp"]), theme.INK, phase in ("forward", "loss"))
        self._box(painter, "y", N_("target y"), fmt(v["y"], 2), theme.INK_DIM, phase == "loss")
        self._box(painter, "loss", N_("loss L"), fmt(v["loss"]), theme.ORANGE, phase in ("loss", "gradient"))
        for a, b, lights in self.FLOWS:  # the lit arrows (the unlit are in the still picture)
            if lights == phase:
                self._flow(painter, a, b, True, colors[lights], t)
        # target joins the loss from below
        lx, ly, lw, lh = self.boxes["loss"]
        if phase == "loss":
            self._arrow(painter, self._target_arrow(), colors["loss"], True)
        loss_formula = "L = (y' − y)²"  # the square is always there; only a copy of its 2 travels
        formula_w = painter.text_width(loss_formula, 18 * s, "mono")
        formula_x = min(lx + lw / 2 - 6 * s, x + w - 10 * s - formula_w / 2)  # under the box, inside the panel
        painter.text(loss_formula, formula_x, ly + lh + 22 * s, 18 * s, theme.ORANGE, anchor="center",
                     face="mono")
        two_home = (formula_x + formula_w / 2 - painter.text_width("²", 18 * s, "mono"), ly + lh + 14 * s)
        # gradient box: the 2 falls from the square down in front of the difference
        gx, gy, gw, gh = self.boxes["grad"]
        glit = phase == "gradient"
        if glit:
            self._frame(painter, "grad", True)
        title = _("gradient dL/dw")
        painter.text(title, gx + gw / 2, gy + 16 * s, fit_text(painter, title, 16 * s, gw - 16 * s, "bold", smallest=14 * s),
                     theme.YELLOW if glit else theme.INK_DIM, anchor="center", face="bold")
        rest = "·(y' − y)·x"
        rest_w = painter.text_width(rest, 24 * s, "mono")
        two_w = painter.text_width("2", 24 * s, "mono")
        start_x = gx + gw / 2 - (two_w + rest_w) / 2
        formula_y = gy + 46 * s
        two_target = (start_x, formula_y)
        if glit and t < 1:  # the gradient phase: the square's 2 falls down in front of the difference
            eased = t * t * (3 - 2 * t)
            two_x = two_home[0] + (two_target[0] - two_home[0]) * eased
            two_y = two_home[1] + (two_target[1] - two_home[1]) * eased
            painter.text("2", two_x, two_y, (14 + 10 * eased) * s, theme.YELLOW, anchor="midleft", face="mono")
            painter.line(two_home[0], two_home[1], two_x, two_y, 1.5 * s, theme.with_alpha(theme.YELLOW, 0.35))
            painter.text(rest, start_x + two_w, formula_y, 24 * s, theme.INK, anchor="midleft", face="mono")
        else:  # at rest, in every other phase: the whole derivative
            painter.text("2" + rest, start_x, formula_y, 24 * s, theme.INK, anchor="midleft", face="mono")
        numbers = f"= 2 × ({fmt(v['yp'])} − {fmt(v['y'], 2)}) × {fmt(v['x'], 2)} = {fmt(v['grad'])}"
        size = fit_text(painter, numbers, 18 * s, gw - 20 * s, "mono", smallest=14 * s)
        painter.text(numbers, gx + gw / 2, gy + gh - 14 * s, size, theme.YELLOW if glit else theme.INK_DIM,
                     anchor="center", face="mono")
        # update box, and the arrow back to the weight
        ux, uy, uw, uh = self.boxes["update"]
        ulit = phase == "update"
        if ulit:
            self._frame(painter, "update", True)
        title = _("update  w ← w − η · dL/dw")
        painter.text(title, ux + uw / 2, uy + 18 * s, fit_text(painter, title, 17 * s, uw - 16 * s, "bold", smallest=14 * s),
                     theme.CYAN if ulit else theme.INK_DIM, anchor="center", face="bold")
        numbers = f"{fmt(v['w'])} − {number(v['eta'])} × {signed(v['grad'])} = {fmt(v['w_new'])}"
        size = fit_text(painter, numbers, 20 * s, uw - 20 * s, "mono", smallest=14 * s)
        painter.text(numbers, ux + uw / 2, uy + uh * 0.66, size, theme.INK, anchor="center", face="mono")
        if ulit:
            self._arrow(painter, self._back_arrow(), theme.CYAN, True)
        big = 2 * v["eta"] * v["x"] ** 2
        if math.isfinite(big):
            note = _("the miss shrinks") if big < 1 else (_("it overshoots, then settles") if big < 2 else
                                                          _("it overshoots further every epoch"))
            text = _("miss × (1 − 2ηx²) = × {factor} per epoch: {note}").format(factor=number(1 - big, ".2f"), note=note)
            painter.text(text, x + w - 16 * s, y + h - 32 * s,  # a line above the hint: long languages fit
                         fit_text(painter, text, 15 * s, w - 32 * s, smallest=14 * s), theme.INK_FAINT, anchor="bottomright")
        if sc.trainer.exploded:
            self.exploded_banner(painter, self.main_rect, self.explode_detail())

    def draw_side(self, painter, rect) -> None:
        sc, s = self.scene, self.s
        x, y, w, h = rect
        v = self._values()
        rows = {
            "forward": f"y' = w·x = {fmt(v['w'])} × {fmt(v['x'], 2)} = {fmt(v['yp'])}",
            "loss": f"L = ({fmt(v['yp'])} − {fmt(v['y'], 2)})² = {fmt(v['loss'])}",
            "gradient": f"dL/dw = 2·({fmt(v['diff'])})·{fmt(v['x'], 2)} = {fmt(v['grad'])}",
            "update": f"w ← {fmt(v['w'])} − {number(v['eta'])}·{signed(v['grad'])} = {fmt(v['w_new'])}",
        }
        colors = {"forward": theme.INK, "loss": theme.ORANGE, "gradient": theme.YELLOW, "update": theme.CYAN}
        for i, name in enumerate(PHASE_LINES):
            lit = sc.phase_name == name
            text = f"{i + 1}  {rows[name]}"
            size = fit_text(painter, text, 18 * s, w - 32 * s, "mono", smallest=14 * s)
            painter.text(text, x + 16 * s, self.side_row(i), size, colors[name] if lit else theme.INK_DIM,
                         face="mono")
