"""The pictures of the classify levels. Read the scene (game/scenes/classify_play.py), never
change it; place the widgets the scene owns.

  PlaneView    separate-line, separate-hidden, predict: the plane with the decision regions
               drawn by a fragment shader straight from the weights (game/render/boundary.py),
               the points (class 0 round, class 1 square; wrong ones ringed), and beside it the
               question, the hidden neurons' own pictures, or the player's points and their
               probabilities
  DigitsView   digits: the ten templates as images, the drawing pad and how the network reads
               it, the confusion matrix on the held-out digits
Both: accuracy per epoch, goals, lesson, η / μ / optimizer and the transport buttons.
"""

from __future__ import annotations

import math

import numpy as np

from game.i18n import N_, _, ngettext, number
from game.render import theme
from game.render.boundary import BoundaryArt
from game.render.cells import CellArt
from game.render.level_view import MARGIN, LevelView, fit_text, panel, place_row, side_panel_page
from game.render.marks import MarkArt
from game.render.network_view import below_title, fit_lines, line_height


def class_colors() -> tuple:
    """The two classes' colours in the current look (read at draw time: the palette can change)."""
    return theme.BLUE, theme.ORANGE


PLANE_VIEW = (-1.8, -1.8, 1.8, 1.8)  # the part of the plane shown: x_lo, y_lo, x_hi, y_hi
PAD_SIDE = 32  # the drawing pad's cells; 4 x 4 of them make one of the network's 8 x 8 pixels
LABEL_SIZE = 15
QUESTION_SIZE, SCORE_SIZE, NOTE_SIZE = 20, 34, 15  # separate-line's column (pixels at 720p)
ANSWER_HEIGHT = 62  # an answer's height where there is room (pixels at 720p)
QUESTION_PLANE = 0.45  # the narrowest the plane gets (of the panel's width) to give the question room
GOAL_STYLE = {"top": 34, "row": 26, "text": 17, "smallest": 14, "stars": False}
TRAINED_BY = {"gpu": N_("trained on the GPU (GLSL)"), "numpy": N_("trained with NumPy")}  # by run.engine


def percent(value) -> str:
    return "–" if value is None or not math.isfinite(value) else number(value, ".0%")


def view_for(spec):
    return DigitsView if spec.data == "digits" else PlaneView


class ClassifyView(LevelView):
    main_title: str | None = None

    def __init__(self, ctx, scene) -> None:
        super().__init__(ctx, scene)
        self.main_rect = self.chart_rect = self.goal_rect = self.lesson_rect = (0.0, 0.0, 1.0, 1.0)

    # --- layout ----------------------------------------------------------------------------

    def layout(self, size, s: float) -> None:
        super().layout(size, s)
        sc = self.scene
        W = size[0]
        goal_w = W - MARGIN * s - W * 0.62 - 16 * s  # the side column's width (side_panel_page)
        page = side_panel_page(size, s, 0.62, len(sc.level.goals),
                               self.goal_height(sc.app.painter, goal_w, **GOAL_STYLE))
        self.controls_y, self.buttons_y = page["controls_y"], page["buttons_y"]
        self.main_rect, self.chart_rect = page["main"], page["chart"]
        self.goal_rect, self.lesson_rect = page["goal"], page["lesson"]
        mx, _my, mw, _mh = self.main_rect
        cx, _cy, cw, _ch = self.chart_rect
        place_row(sc.sliders, mx, self.controls_y, mw, 70 * s, 12 * s)
        self.place_transport(mx, self.controls_y + 86 * s, 58 * s, (110, 160, 140), air=10, speed_w=56, label_w=88)
        row = [sc.optimizer_button] + ([sc.clear_button] if sc.clear_button is not None else [])
        place_row(row, cx, self.buttons_y, cw, 58 * s, 10 * s)
        self.layout_main()

    def layout_main(self) -> None:
        pass

    # --- still parts -------------------------------------------------------------------------

    def layer_key(self):
        return (self.scene.lesson_page, self.static_key())

    def static_key(self):
        return ()

    def draw_still(self, painter) -> None:
        s, m = self.s, MARGIN * self.s
        self.backdrop.draw(self.size)
        painter.begin(self.size)
        self.draw_title(painter)
        panel(painter, self.main_rect, s, self.main_title)
        panel(painter, self.chart_rect, s, _("accuracy per epoch"))
        panel(painter, self.goal_rect, s, _("goal"))
        panel(painter, self.lesson_rect, s, _("lesson"))
        self.draw_lesson(painter, self.lesson_rect, text=16.5, top=34, leading=1.3)
        painter.text(_("?  shortcuts"), self.size[0] - m, m - 2 * s, 15 * s, theme.INK_FAINT, anchor="topright",
                     face="bold")
        self.draw_static(painter)
        painter.flush()

    def draw_static(self, painter) -> None:
        pass

    # --- what moves --------------------------------------------------------------------------

    def draw_moving(self, painter, alpha: float) -> None:
        self.draw_main(painter)
        self.draw_chart(painter)
        self.draw_goals(painter, self.goal_rect, **GOAL_STYLE)
        self._draw_status(painter)
        self._draw_controls(painter)

    def draw_main(self, painter) -> None:
        raise NotImplementedError

    def _draw_status(self, painter) -> None:
        sc = self.scene
        run = sc.run
        word, mark, color = self.training_status(run.status, run.t, sc.running)
        if run.status not in ("converged", "running"):
            if sc.waiting_for_answer and sc.result is None:
                word, mark, color = N_("Answer the question"), "?", theme.VIOLET
            elif run.status == "max_steps":
                word = sc.family.unit_of(sc.level).out_of
        self.draw_status(painter, mark, word, color, self.counter_text(run.t))

    def status_words(self) -> tuple[str, ...]:
        return (*super().status_words(), N_("Answer the question"), self.scene.family.unit_of(self.scene.level).out_of)

    def _draw_controls(self, painter) -> None:
        sc, s = self.scene, self.s
        sc.play_button.label = N_("Pause") if sc.running else N_("Train")
        sc.play_button.lit = sc.running
        painter.text(f"×{number(sc.speed)}", self.speed_label_x, sc.slower_button.rect[1] + sc.slower_button.rect[3] / 2,
                     20 * s, theme.INK_DIM, anchor="center", face="mono")
        sc.focus.draw(painter, s)

    def draw_chart(self, painter) -> None:
        """Accuracy after each epoch (0..100%), the goal's line, the held-out accuracy too."""
        sc, s = self.scene, self.s
        run = sc.run
        x, y, w, h = self.chart_rect
        # the figures now: top right, beside the panel's title, or on a line of their own under it
        label = _("{percent} training").format(percent=percent(run.accuracy))
        if run.held_out is not None:
            label = _("{percent} held out").format(percent=percent(run.judged_accuracy)) + "  ·  " + label
        title_w = painter.text_width(_("accuracy per epoch").upper(), 14 * s, "bold")
        room = w - 30 * s - title_w - 16 * s
        if painter.text_width(label, 16 * s, "bold") <= room:
            label_y, top = y + 11 * s, below_title(painter, s, 0) - 3 * s  # at 1.0: the plot at 40 px, as before
        else:
            label_y = y + below_title(painter, s, 0) - 2 * s
            top = label_y - y + line_height(painter, 16 * s, 1.1)
        label_size = fit_lines(painter, [label], 16 * s, w - 28 * s, face="bold", smallest=14 * s)
        half = line_height(painter, 14 * s, 0.6)  # the axis labels sit on the axis' ends
        gutter = max(painter.text_width(percent(v), 14 * s, "mono") for v in (0.0, 0.5, 1.0)) + 6 * s
        px = x + max(56 * s, 16 * s + gutter)
        py = y + max(40 * s, top + half + 4 * s)
        pw = x + w - 20 * s - px
        ph = y + h - max(26 * s, line_height(painter, 14 * s, 1.2) + 8 * s) - py
        painter.line(px, py + ph, px + pw, py + ph, 1.0 * s, theme.AXIS)
        painter.line(px, py, px, py + ph, 1.0 * s, theme.AXIS)
        ticks = (0.0, 0.5, 1.0) if ph >= 2.4 * painter.text_height(14 * s, "mono") else (0.0, 1.0)  # a short plot (big text)
        for value in ticks:
            gy = py + ph - value * ph
            painter.text(percent(value), px - 6 * s, gy, 14 * s, theme.INK_FAINT, anchor="midright", face="mono")
        target = sc.family_target()
        if target is not None and target <= 1.0:
            gy = py + ph - target * ph
            painter.line(px, gy, px + pw, gy, 1.0 * s, theme.with_alpha(theme.YELLOW, 0.6))
        epochs = max(10, sc.level.max_steps)
        series = [(run.accuracies, theme.CYAN)]  # training; held out on top where there are some
        if run.held_out is not None:
            series.append((run.held_out_accuracies, theme.YELLOW))
        for values, color in series:
            values = np.asarray(values, dtype=float)
            xs = px + np.arange(len(values)) / epochs * pw
            ys = py + ph - np.clip(np.nan_to_num(values), 0.0, 1.0) * ph
            if len(values) > 1:
                painter.polyline(np.stack([xs, ys], axis=1), 2.5 * s, color, glow=2 * s)
            painter.circle(xs[-1], ys[-1], 4.5 * s, color, glow=3 * s)
        painter.text(label, x + w - 14 * s, label_y, label_size, theme.INK, anchor="topright", face="bold")
        epoch_w = painter.text(_("epoch {n}").format(n=epochs), px + pw, py + ph + 4 * s, 14 * s, theme.INK_FAINT,
                               anchor="topright", face="mono")
        # what trains it: the app's backend chose (the GPU kernel where there is one); left of "epoch n"
        engine = _(TRAINED_BY.get(run.engine, TRAINED_BY["numpy"]))
        painter.text(engine, px, py + ph + 4 * s, fit_lines(painter, [engine], 14 * s, pw - epoch_w - 12 * s, face="bold",
                                                            smallest=14 * s),
                     theme.INK_FAINT, anchor="topleft", face="bold")


# ---------------------------------------------------------------------------------------------
# The plane
# ---------------------------------------------------------------------------------------------


class PlaneView(ClassifyView):
    def __init__(self, ctx, scene) -> None:
        super().__init__(ctx, scene)
        self.art = BoundaryArt(ctx)
        self.marks = MarkArt(ctx)
        self.plot_rect = self.side_rect = (0.0, 0.0, 1.0, 1.0)
        self.tile_rects: list[tuple[float, float, float, float]] = []

    def layout_main(self) -> None:
        s, sc = self.s, self.scene
        mx, my, mw, mh = self.main_rect
        side = min(mh - 52 * s, mw * 0.58)
        if sc.choice_buttons:
            side = self._layout_question(side)
        self.plot_rect = (mx + 16 * s, my + 38 * s, side, side)
        sx = mx + 32 * s + side
        self.side_rect = (sx, my + 38 * s, mx + mw - 16 * s - sx, side)
        x, y, w, h = self.side_rect
        if sc.width_buttons:
            place_row(sc.width_buttons[:2], x, y + 30 * s, w, 48 * s, 10 * s)
            place_row(sc.width_buttons[2:], x, y + 86 * s, w, 48 * s, 10 * s)
        self.tiles_top = y + 168 * s

    # separate-line's column beside the plane, top to bottom: the score, the question, a note
    # (how many epochs until it opens, then what the answer earned) and the answers, each as
    # high as its words at the player's text size. Where they do not fit, in order: the answers
    # at their smallest size, the plane narrower (down to QUESTION_PLANE of the panel), the
    # score left out (the accuracy chart beside shows the same figure).
    def _question_plan(self, painter, w: float, score: bool, smallest: bool) -> dict:
        sc, s = self.scene, self.s
        gap = 8 * s
        plan = {"score": score}
        height = (painter.text_height(SCORE_SIZE * s, "bold") + gap) if score else 0.0
        plan["question"] = height
        rows = painter.wrap([_(sc.spec.question.text)], QUESTION_SIZE * s, w, "bold")[0]
        height += len(rows) * line_height(painter, QUESTION_SIZE * s) + gap
        plan["note"] = height
        left = sc.question_after
        notes = [ngettext("Train {n} more epoch to answer", "Train {n} more epochs to answer", left).format(n=left),
                 *(_(text) for text in sc.feedback_texts)]
        height += max(len(painter.wrap([note], NOTE_SIZE * s, w)[0]) for note in notes) \
            * line_height(painter, NOTE_SIZE * s) + gap
        plan["answers"] = height
        plan["heights"] = [max(40 * s, button.height_for(painter, w, s, smallest)) for button in sc.choice_buttons]
        plan["height"] = height + sum(plan["heights"]) + 10 * s * (len(sc.choice_buttons) - 1)
        return plan

    def _layout_question(self, side: float) -> float:
        """Place the question's column and its answers; returns the plane's side."""
        s, sc = self.s, self.scene
        painter = sc.app.painter
        mx, my, mw, mh = self.main_rect
        top, room = my + 16 * s, mh - 30 * s  # the panel has no title: the column starts near its top
        narrowest = min(side, mw * QUESTION_PLANE)
        sides = [side]
        while sides[-1] > narrowest:
            sides.append(max(narrowest, sides[-1] - 8 * s))
        trials = [(trial, True, smallest) for trial in sides for smallest in (False, True)]
        trials += [(narrowest, False, True)]
        for trial, score, smallest in trials:
            w = mw - 48 * s - trial
            plan = self._question_plan(painter, w, score, smallest)
            if plan["height"] <= room:
                break
        side = trial
        if plan["height"] <= mh - 48 * s:  # room to spare: the score level with the plane's top
            top = my + 34 * s
        heights = plan["heights"]
        spare = room - plan["height"] - (top - my - 16 * s)
        if spare < 0:  # nothing fits (no language needs this): the answers share what is left
            heights = [h + spare / len(heights) for h in heights]
        else:  # room to spare: the answers grow towards ANSWER_HEIGHT
            heights = [h + min(spare / len(heights), max(0.0, ANSWER_HEIGHT * s - h)) for h in heights]
        self.question_plan = plan
        self.question_top = top + plan["question"]
        self.note_top = top + plan["note"]
        self.score_top = top
        x, y = mx + 32 * s + side, top + plan["answers"]
        w = mw - 48 * s - side
        for button, h in zip(sc.choice_buttons, heights):
            button.place(x, y, w, h)
            y += h + 10 * s
        return side

    def view(self):
        return PLANE_VIEW

    # hit testing the scene asks for
    def plane_point(self, px: float, py: float):
        x, y, w, h = self.plot_rect
        if not (x <= px <= x + w and y <= py <= y + h):
            return None
        x_lo, y_lo, x_hi, y_hi = self.view()
        return (x_lo + (px - x) / w * (x_hi - x_lo), y_hi - (py - y) / h * (y_hi - y_lo))

    def to_pixels(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y, w, h = self.plot_rect
        x_lo, y_lo, x_hi, y_hi = self.view()
        return (x + (points[:, 0] - x_lo) / (x_hi - x_lo) * w, y + (y_hi - points[:, 1]) / (y_hi - y_lo) * h)

    def static_key(self):
        return (self.scene.spec.question is not None,)

    def draw_static(self, painter) -> None:
        s = self.s
        x, y, w, h = self.plot_rect
        names = self.scene.run.train.labels
        # the legend over the plane: ● class 0, ■ class 1, and what a ring means, measured so
        # that nothing runs into its neighbour at any text size
        ly = y - 24 * s
        if painter.scaled(LABEL_SIZE * s) > LABEL_SIZE * s:  # bigger text: its line grows upwards
            ly = y - 4 * s - line_height(painter, LABEL_SIZE * s, 1.25)
        lx = x + 4 * s
        for mark, name, color in (("●", names[0], class_colors()[0]), ("■", names[1], class_colors()[1])):
            lx += painter.text(mark, lx, ly, 16 * s, color, face="bold") + 4 * s
            lx += painter.text(_(name), lx, ly, LABEL_SIZE * s, theme.INK_DIM, face="bold") + 12 * s
        ring = _("ringed: read wrong")
        painter.text(ring, x + w, ly, fit_lines(painter, [ring], LABEL_SIZE * s, x + w - lx, smallest=14 * s),
                     theme.INK_FAINT, anchor="topright")

    def draw_main(self, painter) -> None:
        sc, s = self.scene, self.s
        run = sc.run
        params = run.params
        if np.isfinite(params).all():
            self.art.draw(run.shape, params, self.plot_rect, self.size, self.view())
        else:
            x, y, w, h = self.plot_rect
            painter.rect(x, y, w, h, theme.with_alpha(theme.WARN_FILL, 1.0))
        x, y, w, h = self.plot_rect
        painter.rect(x, y, w, h, theme.PANEL_EDGE, stroke=1.2 * s)
        self.draw_points(painter)
        if sc.spec.question is not None:
            self.draw_question(painter)
        elif sc.spec.choose:
            self.draw_builder(painter)
        else:
            self.draw_probes(painter)

    def draw_points(self, painter) -> None:
        s, run = self.s, self.scene.run
        points = run.train
        with np.errstate(all="ignore"):
            predicted = run.predict(points.x)
        xs, ys = self.to_pixels(points.x)
        r = 4.2 * s
        labels = np.asarray(points.y).astype(int)
        colors = np.array(class_colors(), dtype=np.float64)[labels]
        # point by point: its mark (class 0 round, class 1 square), then its ring if read wrong
        self.marks.draw(xs, ys, labels != 0, predicted != labels, colors, r, 1.0 * s, r + 3.2 * s, 1.6 * s,
                        theme.INK, self.size)

    # separate-line: the question
    def draw_question(self, painter) -> None:
        sc, s = self.scene, self.s
        x = self.side_rect[0]
        w = self.main_rect[0] + self.main_rect[2] - 16 * s - x
        question = sc.spec.question
        if self.question_plan["score"]:
            score = _("{percent} right").format(percent=percent(sc.run.accuracy))
            painter.text(score, x, self.score_top, fit_text(painter, score, SCORE_SIZE * s, w, "bold", smallest=14 * s),
                         theme.INK, face="bold")
        painter.text_block([_(question.text)], x, self.question_top, QUESTION_SIZE * s, theme.VIOLET, w, leading=1.2,
                           face="bold")
        if sc.feedback:
            painter.text_block([_(sc.feedback)], x, self.note_top, NOTE_SIZE * s, theme.INK_DIM, w, leading=1.2)
        elif not sc.question_open:
            left = max(0, sc.question_after - sc.run.t)
            text = ngettext("Train {n} more epoch to answer", "Train {n} more epochs to answer", left).format(n=left)
            painter.text_block([text], x, self.note_top, NOTE_SIZE * s, theme.INK_FAINT, w, leading=1.2)

    # separate-hidden: the build and the hidden layer's view
    def draw_builder(self, painter) -> None:
        sc, s = self.scene, self.s
        x, y, w, h = self.side_rect
        shape = sc.run.shape
        sizes = " → ".join(str(n) for n in shape.sizes)
        text = _("{sizes}  ·  {activation}  ·  {n} weights").format(sizes=sizes, activation=shape.hidden,
                                                                    n=shape.n_params)
        painter.text(text, x, y - 4 * s, fit_text(painter, text, 18 * s, w, face="bold", smallest=14 * s),
                     theme.INK, face="bold")
        label = _("where each hidden neuron fires")
        painter.text(label, x, self.tiles_top - 26 * s, fit_lines(painter, [label], LABEL_SIZE * s, w, face="bold",
                                                                  smallest=14 * s), theme.INK_DIM, face="bold")
        n = shape.sizes[1] if shape.n_layers == 2 else 0
        if n == 0:
            return
        gap = 8 * s
        avail_h = y + h - self.tiles_top
        cols = 4 if n <= 8 else (6 if n <= 12 else 8)
        if n <= 4:
            cols = n if n > 1 else 2
        rows = math.ceil(n / cols)
        tile = min((w - (cols - 1) * gap) / cols, (avail_h - (rows - 1) * (gap + 18 * s)) / rows - 18 * s)
        params = sc.neuron_params()
        finite = np.isfinite(params).all()
        self.tile_rects = []
        for j in range(n):
            r, c = divmod(j, cols)
            self.tile_rects.append((x + c * (tile + gap), self.tiles_top + r * (tile + gap + 18 * s), tile, tile))
        if finite:
            self.art.draw_neurons(shape, params, self.tile_rects, self.size, self.view())
        for j, (tx, ty, _w, _h) in enumerate(self.tile_rects):
            painter.rect(tx, ty, tile, tile, theme.PANEL_EDGE, stroke=1.0 * s)
            painter.text(f"h{j + 1}", tx + tile / 2, ty + tile + 2 * s, 14 * s, theme.INK_FAINT, anchor="topcenter",
                         face="mono")

    # predict: the player's points
    def draw_probes(self, painter) -> None:
        sc, s = self.scene, self.s
        x, y, w, h = self.side_rect
        probes = sc.probes
        probs = sc.probe_probabilities()
        names = sc.run.train.labels
        if probes:
            xs, ys = self.to_pixels(np.asarray(probes))
            for i, (px, py) in enumerate(zip(xs, ys)):
                painter.circle(px, py, 11 * s, theme.with_alpha(theme.INSET, 0.9))
                painter.circle(px, py, 11 * s, theme.YELLOW, stroke=2.0 * s)
                painter.text(str(i + 1), px, py, 14 * s, theme.YELLOW, anchor="center", face="bold")
        painter.text(_("your points"), x, y - 4 * s, 18 * s, theme.INK, face="bold")
        if not probes:
            painter.text_block([_("Click or touch the plane to place a point; the network says how sure it is "
                                  "of each class.")], x, y + 30 * s, 16 * s, theme.INK_DIM, w, leading=1.3)
            return
        head_y = y + 28 * s
        col0 = x + 34 * s
        bar_w = (w - 34 * s - 12 * s) / 2
        painter.text(f"P({_(names[0])})", col0, head_y, 14 * s, class_colors()[0], face="bold")
        painter.text(f"P({_(names[1])})", col0 + bar_w + 12 * s, head_y, 14 * s, class_colors()[1], face="bold")
        row_h = min(28 * s, (h - 56 * s) / max(1, len(probes)))
        for i, p in enumerate(probs):
            ry = head_y + 24 * s + i * row_h
            painter.text(str(i + 1), x + 10 * s, ry + row_h / 2, 15 * s, theme.YELLOW, anchor="center", face="bold")
            for k in range(2):
                bx = col0 + k * (bar_w + 12 * s)
                value = float(p[k]) if math.isfinite(p[k]) else 0.0
                painter.rect(bx, ry + 3 * s, bar_w, row_h - 6 * s, theme.TRACK, radius=4 * s)
                painter.rect(bx, ry + 3 * s, max(2 * s, bar_w * value), row_h - 6 * s,
                             theme.with_alpha(class_colors()[k], 0.75), radius=4 * s)
                painter.text(percent(value), bx + 6 * s, ry + row_h / 2, 14 * s, theme.INK, anchor="midleft",
                             face="mono")

    def release(self) -> None:
        self.art.release()
        self.marks.release()
        super().release()


# ---------------------------------------------------------------------------------------------
# Digits
# ---------------------------------------------------------------------------------------------


def template_colors(values: np.ndarray, scale: float) -> np.ndarray:
    """(n, 4) colours: orange where ink raises the digit's score, blue where it lowers it; dark near 0."""
    values = np.asarray(values, dtype=np.float64).ravel()
    with np.errstate(all="ignore"):
        t = np.clip(values / scale, -1.0, 1.0) if scale > 0 else np.zeros_like(values)
    t = np.where(np.isfinite(values), t, 0.0)
    base = np.array(theme.INSET[:3], dtype=np.float64)
    tint = np.where((t > 0)[:, None], np.array(theme.POSITIVE[:3]), np.array(theme.NEGATIVE[:3]))
    colors = np.ones((len(values), 4))
    colors[:, :3] = base + (tint - base) * np.abs(t)[:, None]
    return colors


class DigitsView(ClassifyView):
    def __init__(self, ctx, scene) -> None:
        super().__init__(ctx, scene)
        self.cells = CellArt(ctx)

    def release(self) -> None:
        self.cells.release()
        super().release()

    def layout_main(self) -> None:
        s = self.s
        mx, my, mw, mh = self.main_rect
        left_w = min(360 * s, mw * 0.5)
        tile = min(56 * s, (left_w - 4 * 10 * s) / 5)
        self.tile = tile
        self.templates_origin = (mx + 16 * s, my + 44 * s)
        pad_top = my + 44 * s + 2 * (tile + 30 * s) + 30 * s
        pad = min(150 * s, my + mh - 16 * s - pad_top)
        self.pad_rect = (mx + 16 * s, pad_top, pad, pad)
        self.seen_rect = (mx + 30 * s + pad, pad_top + 22 * s, 64 * s, 64 * s)
        bars_x = self.seen_rect[0] + 84 * s
        self.bars_rect = (bars_x, pad_top - 4 * s, mx + 16 * s + left_w - bars_x, pad + 8 * s)
        cm_x = mx + 32 * s + left_w
        cm_w = mx + mw - 16 * s - cm_x
        # the matrix's caption wraps within the matrix's width; the column numbers go under it
        painter = self.scene.app.painter
        caption = painter.wrap([_("held-out digits: true (rows) × read as (columns)")], LABEL_SIZE * s, cm_w)[0]
        self.caption = (cm_x, my + 16 * s, caption)
        top = my + 16 * s + len(caption) * line_height(painter, LABEL_SIZE * s) + 6 * s \
            + line_height(painter, 14 * s, 1.1)
        oy = max(my + 70 * s, top + 6 * s)
        below = max(48 * s, 20 * s + line_height(painter, 16 * s))  # room for "n of m read right"
        cell = min((cm_w - 30 * s) / 10, (my + mh - below - oy) / 10)
        self.cell = cell
        self.matrix_origin = (cm_x + 30 * s, oy)
        self.templates_caption_w = left_w

    def pad_cell(self, px: float, py: float):
        x, y, w, h = self.pad_rect
        if not (x <= px <= x + w and y <= py <= y + h):
            return None
        return ((px - x) / w * PAD_SIDE, (py - y) / h * PAD_SIDE)

    def draw_static(self, painter) -> None:
        s = self.s
        tx, ty = self.templates_origin
        text = _("templates: the weights into each output")
        painter.text(text, tx, ty - 28 * s, fit_lines(painter, [text], LABEL_SIZE * s, self.templates_caption_w,
                                                      face="bold", smallest=14 * s), theme.INK_DIM, face="bold")
        x, y, w, h = self.pad_rect
        painter.text(_("draw a digit"), x, y - 22 * s, LABEL_SIZE * s, theme.INK_DIM, face="bold")
        sx, sy, sw, _sh = self.seen_rect
        painter.text(_("it sees"), sx, sy - 22 * s, 14 * s, theme.INK_FAINT, face="bold")
        ox, oy = self.matrix_origin
        c = self.cell
        cx, cy, caption = self.caption
        for k, line in enumerate(caption):
            painter.text(line, cx, cy + k * line_height(painter, LABEL_SIZE * s), LABEL_SIZE * s, theme.INK_DIM,
                         face="bold")
        for d in range(10):
            painter.text(str(d), ox + (d + 0.5) * c, oy - 6 * s, 14 * s, theme.INK_FAINT, anchor="bottomcenter",
                         face="mono")
            painter.text(str(d), ox - 8 * s, oy + (d + 0.5) * c, 14 * s, theme.INK_FAINT, anchor="midright",
                         face="mono")

    def draw_main(self, painter) -> None:
        self.draw_templates(painter)
        self.draw_pad(painter)
        self.draw_matrix(painter)

    def draw_templates(self, painter) -> None:
        sc, s = self.scene, self.s
        templates = sc.run.templates()
        finite = templates[np.isfinite(templates)]
        scale = float(np.abs(finite).max()) if finite.size else 1.0
        tx, ty = self.templates_origin
        tile = self.tile
        rects = []
        for d in range(10):
            r, c = divmod(d, 5)
            x0 = tx + c * (tile + 10 * s)
            y0 = ty + r * (tile + 30 * s)
            rects.append((x0, y0, tile, tile))
        # each template's 8 x 8 pixels, row by row, one picture each, all in one draw
        self.cells.draw(template_colors(templates, scale).reshape(10, 8, 8, 4), rects, self.size)
        for d, (x0, y0, _w, _h) in enumerate(rects):
            painter.rect(x0, y0, tile, tile, theme.PANEL_EDGE, stroke=1.0 * s)
            painter.text(str(d), x0 + tile / 2, y0 + tile + 2 * s, 16 * s, theme.INK, anchor="topcenter", face="bold")

    def draw_pad(self, painter) -> None:
        sc, s = self.scene, self.s
        x, y, w, h = self.pad_rect
        painter.rect(x, y, w, h, theme.with_alpha(theme.INSET, 1.0), radius=6 * s)
        side = sc.canvas.shape[0]
        cell = w / side
        rows, cols = np.nonzero(sc.canvas >= 0.5)
        painter.rects(x + cols * cell, y + rows * cell, cell + 0.5, cell + 0.5, theme.INK)
        painter.rect(x, y, w, h, theme.with_alpha(theme.CYAN, 0.6), radius=6 * s, stroke=1.5 * s)
        v = np.asarray(sc.pad_image(), dtype=np.float64).ravel()  # 8 x 8, row by row
        sx, sy, sw, sh = self.seen_rect
        px = sw / 8
        i, j = np.divmod(np.arange(64), 8)
        painter.rects(sx + j * px, sy + i * px, px + 0.5, px + 0.5, np.stack([v * 0.93, v * 0.95, v, np.ones(64)], axis=1))
        painter.rect(sx, sy, sw, sh, theme.PANEL_EDGE, stroke=1.0 * s)
        bx, by, bw, bh = self.bars_rect
        if not rows.size:
            painter.text_block([_("Draw with the mouse or a finger.")], bx, by + 4 * s, 15 * s, theme.INK_FAINT, bw)
            return
        probs = sc.pad_probabilities()
        best = int(np.nanargmax(probs)) if np.isfinite(probs).any() else -1
        row = bh / 10
        for d in range(10):
            ry = by + d * row
            value = float(probs[d]) if math.isfinite(probs[d]) else 0.0
            color = theme.YELLOW if d == best else theme.BLUE
            painter.text(str(d), bx, ry + row / 2, 14 * s, color, anchor="midleft", face="bold")
            painter.rect(bx + 16 * s, ry + 2 * s, (bw - 16 * s) * value, row - 4 * s, theme.with_alpha(color, 0.8),
                         radius=3 * s)
        if best >= 0:
            painter.text(_("reads {digit}").format(digit=best), sx, sy + sh + 10 * s, 20 * s, theme.YELLOW, face="bold")
            painter.text(percent(float(probs[best])), sx, sy + sh + 36 * s, 16 * s, theme.YELLOW, face="mono")

    def draw_matrix(self, painter) -> None:
        sc, s = self.scene, self.s
        counts = sc.held_out_confusion()
        ox, oy = self.matrix_origin
        c = self.cell
        per_row = counts.sum(axis=1, keepdims=True).clip(min=1)
        share = (counts / per_row).ravel()
        i, j = np.divmod(np.arange(100), 10)  # the cells row by row: true digit i read as j
        right = i == j
        colors = np.where(right[:, None], np.array(theme.BLUE[:3]), np.array(theme.ORANGE[:3]))
        alpha = np.where(right, 0.15 + 0.85 * share,
                         np.where(counts.ravel() == 0, 0.0, 0.25 + 0.75 * np.minimum(1.0, share * 4)))
        painter.rects(ox + j * c + 1, oy + i * c + 1, c - 2, c - 2, np.column_stack([colors, alpha]), radius=3 * s)
        if c >= 26 * s:
            for i, j in zip(*np.nonzero(counts)):
                painter.text(str(int(counts[i, j])), ox + (j + 0.5) * c, oy + (i + 0.5) * c, 14 * s,
                             theme.INK, anchor="center", face="mono")
        total = counts.sum()
        right = np.trace(counts)
        text = _("{right} of {total} read right ({percent})").format(
            right=right, total=total, percent=percent(right / total if total else float("nan")))
        room = self.main_rect[0] + self.main_rect[2] - 12 * s - (ox - 30 * s)  # under the matrix, in the panel
        painter.text(text, ox - 30 * s, oy + 10 * c + 10 * s, fit_text(painter, text, 16 * s, room, "bold", smallest=14 * s),
                     theme.INK, face="bold")
