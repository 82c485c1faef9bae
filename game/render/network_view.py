"""What every network level's picture shares: title, status, the main panel (each preset draws
its own network in it), a side panel for the maths of this step, the loss plot, goals, lesson
and the controls. Reads the scene, never changes it."""

from __future__ import annotations

import math

import moderngl
import numpy as np

from game.i18n import N_, _, number
from game.render import theme
from game.render.level_view import LESSON_ROWS, MARGIN, PHASE_COLORS, LevelView, fit_text, fmt, panel, place_row
from game.render.plot import Frame, draw_grid, draw_loss_plot, nice_ticks, tick_label
from game.sim.optim import title as optimizer_title

LESSON = {"text": 16.5, "top": 34, "leading": 1.3}  # the lesson's text size, first row and leading
HOVER_PIXELS = 7.0  # how near (at 720p) the pointer must be to a weight's line to point at it

# A weight's sign: theme.POSITIVE / theme.NEGATIVE (read when drawn, so the colour-safe palette
# applies at once); never told apart by colour alone (thickness, labels).
PHASE_WORDS = {"forward": N_("1 Forward"), "loss": N_("2 Loss"), "gradient": N_("3 Gradient"),
               "update": N_("4 Update")}  # msgids


def weight_color(w: float, alpha: float = 1.0):
    if not math.isfinite(w):
        return theme.with_alpha(theme.INK_FAINT, alpha)
    return theme.with_alpha(theme.POSITIVE if w >= 0 else theme.NEGATIVE, alpha)


def weight_width(w: float, s: float, scale: float = 1.0) -> float:
    """Line thickness for a weight: grows with |w| and saturates, so a huge weight stays drawable."""
    if not math.isfinite(w):
        return 1.0 * s
    return (1.0 + 7.0 * math.tanh(abs(w) / scale)) * s


def draw_weight_lines(painter, ends: np.ndarray, weights: np.ndarray, s: float, alpha, scale: float = 1.0,
                      discs=(0.0, 0.0)) -> None:
    """Each weight's line (ends (n, 4): x0, y0, x1, y1), in order: as thick as `weight_width`
    and coloured as `weight_color` says, at `alpha` (one for all or one per line). `discs`: the
    radii of the opaque discs drawn over each line's start and end afterwards (the nodes; one
    for all or one per line, 0: none), where the lines stop (under_discs)."""
    weights = np.asarray(weights, dtype=np.float64).ravel()
    finite = np.isfinite(weights)
    with np.errstate(invalid="ignore"):
        widths = np.where(finite, (1.0 + 7.0 * np.tanh(np.abs(weights) / scale)) * s, 1.0 * s)
        sign = np.where((weights >= 0)[:, None], np.array(theme.POSITIVE[:3]), np.array(theme.NEGATIVE[:3]))
    rgb = np.where(finite[:, None], sign, np.array(theme.INK_FAINT[:3]))
    colors = np.column_stack([rgb, np.broadcast_to(np.asarray(alpha, dtype=np.float64), weights.shape)])
    painter.lines(*under_discs(ends, widths, *discs).T, widths, colors)


def under_discs(ends: np.ndarray, widths, start_radius, end_radius) -> np.ndarray:
    """Lines (ends (n, 4), `widths` thick) shortened at each end that lies at the centre of an
    opaque disc of that radius drawn over them later (0: none), to where every pixel of the
    part left out, to its anti-aliased edge, is still inside the disc's opaque interior: the
    picture is the very same, and the hidden stretches are not shaded.

    Why that far: a pixel the line covers and the shortened line does not lies within
    width/2 + 0.5 of the left-out stretch (its anti-aliased edge) and no further along the line
    than the new end, c from the centre; so it is within sqrt(c^2 + (width/2 + 0.5)^2) of the
    centre, and the disc is opaque to radius - 0.5. Margins of half a pixel more keep rounding
    out of it."""
    ends = np.asarray(ends, dtype=np.float64).reshape(-1, 4)
    half = np.broadcast_to(np.asarray(widths, dtype=np.float64), (len(ends),)) * 0.5 + 1.0
    radii = [np.broadcast_to(np.asarray(r, dtype=np.float64), (len(ends),)) - 1.0 for r in (start_radius, end_radius)]
    with np.errstate(invalid="ignore"):
        cuts = [np.sqrt(np.clip(r * r - half * half, 0.0, None)) * (r > half) for r in radii]
    d = ends[:, 2:] - ends[:, :2]
    length = np.hypot(d[:, 0], d[:, 1])
    keep = np.isfinite(length) & (length - cuts[0] - cuts[1] > 1.0)
    if not keep.any():
        return ends
    u = np.divide(d, length[:, None], out=np.zeros_like(d), where=keep[:, None])
    out = ends.copy()
    out[keep, :2] += u[keep] * cuts[0][keep, None]
    out[keep, 2:] -= u[keep] * cuts[1][keep, None]
    return out


def near_segments(px: float, py: float, ends: np.ndarray) -> np.ndarray:
    """Distance from (px, py) to each segment of `ends` (n, 4): x0, y0, x1, y1."""
    x0, y0, x1, y1 = ends.T
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(length2 == 0, 0.0, np.clip(((px - x0) * dx + (py - y0) * dy) / length2, 0.0, 1.0))
    return np.hypot(px - (x0 + t * dx), py - (y0 + t * dy))


def nearest_line(x: float, y: float, lines, reach: float):
    """Of weight lines (index, from point, to point, label), the one nearest (x, y) within
    `reach` pixels (the first of equals), or None: what the pointer points at."""
    if not lines:
        return None
    distance = near_segments(x, y, np.array([(*line[1][:2], *line[2][:2]) for line in lines], dtype=np.float64))
    best = int(np.argmin(distance))
    return lines[best] if distance[best] < reach else None


def two_layer_lines(nodes, task) -> list[tuple[int, tuple, tuple, str]]:
    """(index into params, from point, to point, label) of every weight line of a network with
    one hidden layer, its nodes at nodes["in"], nodes["hid"], nodes["out"]."""
    n_in, n_hid, n_out = task.shape.sizes
    hidden = task.hidden_labels or tuple(f"h{j + 1}" for j in range(n_hid))
    lines = []
    for i in range(n_in):
        for j in range(n_hid):
            lines.append((i * n_hid + j, nodes["in"][i], nodes["hid"][j], f"{task.input_labels[i]} → {hidden[j]}"))
    start = n_in * n_hid + (n_hid if task.shape.bias else 0)
    for j in range(n_hid):
        for o in range(n_out):
            lines.append((start + j * n_out + o, nodes["hid"][j], nodes["out"][o],
                          f"{hidden[j]} → {task.output_labels[o]}"))
    return lines


def line_height(painter, size: float, leading: float = 1.2) -> float:
    """Pixels from one line's top to the next at asked size `size` (the painter's measure, with
    the player's text size), 1.2 apart unless told."""
    return painter.line_height(size, leading)


def below_title(painter, s: float, at_least: float) -> float:
    """How far under a panel's top its content starts: `at_least` (pixels at 720p, as laid out at
    text size 1.0) or more, so that the panel's title (level_view.panel: 14 px bold at 12 px down)
    keeps its line at a bigger text size."""
    return max(at_least * s, 12 * s + painter.line_height(14 * s, 1.25))


def fit_lines(painter, lines, size: float, width: float, height: float | None = None, face: str = "regular",
              leading: float = 1.2, smallest: float = 14.0) -> float:
    """One size for several lines (a card, a column, a row of labels): the largest asked size up
    to `size` at which every line fits `width` and, stacked `leading` apart, `height` (when
    given); never under painter.floor_size(smallest) -- pass `smallest * s` in a scaled view."""
    floor = painter.floor_size(smallest)
    while size > floor and (max((painter.text_width(line, size, face) for line in lines), default=0.0) > width
                            or (height is not None and len(lines) * painter.line_height(size, leading) > height)):
        size = max(floor, size - 0.5)
    return size



def tooltip(painter, lines: list[str], x: float, y: float, s: float, bounds) -> tuple[float, float, float, float]:
    """A tooltip near (x, y), on top of everything drawn this frame, on an opaque panel, kept
    inside `bounds` (the window); returns its rectangle."""
    size = 16 * s
    w = max(painter.text_width(line, size, "mono") for line in lines) + 24 * s
    h = len(lines) * 22 * s + 14 * s
    bx, by, bw, bh = bounds
    w = min(w, bw)
    x = min(max(x + 14 * s, bx), bx + bw - w)
    y = y + 14 * s if y + 14 * s + h <= by + bh else y - 14 * s - h  # below the pointer, else above it
    y = min(max(y, by), by + bh - h)
    with painter.on_top():
        painter.rect(x, y, w, h, theme.with_alpha(theme.INSET, 1.0), radius=8 * s)
        painter.rect(x, y, w, h, theme.with_alpha(theme.INK, 0.5), radius=8 * s, stroke=1.2 * s)
        for i, line in enumerate(lines):
            painter.text(line, x + 12 * s, y + 8 * s + i * 22 * s, size, theme.INK, face="mono")
    return (x, y, w, h)


# the gradient arrows' glow (x the scale): 2 keeps a crisp halo. At 4 the halos of the 52 arrows
# on Paris's weights ran into one another and were half the pixels of its update frames (every
# arrow fades each frame there); each pixel of a glow is shaded on llvmpipe, lit or not.
ARROW_GLOW = 2.0


def gradient_arrow(painter, x: float, y: float, move: float, s: float, strength: float, alpha: float = 1.0) -> None:
    """The seed's up/down arrow on a weight: up (blue, pointing up) = the weight will grow,
    down (orange, pointing down) = it will shrink. Shape and colour both say it."""
    if not math.isfinite(move) or move == 0.0 or alpha <= 0:
        return
    length = (8 + 16 * min(1.0, strength)) * s
    up = move > 0
    color = theme.with_alpha(theme.CYAN if up else theme.ORANGE, alpha)
    direction = -1.0 if up else 1.0
    painter.arrow(x, y - direction * length * 0.5, x, y + direction * length * 0.5, 3.0 * s, color,
                  glow=ARROW_GLOW * s, head=9 * s)


def gradient_arrows(painter, xs, ys, moves, s: float, strengths, alpha=1.0) -> None:
    """`gradient_arrow` for many weights at once, in order (NumPy arrays of one value each;
    alpha one for all or one per weight)."""
    moves = np.asarray(moves, dtype=np.float64)
    alpha = np.broadcast_to(np.asarray(alpha, dtype=np.float64), moves.shape)
    keep = np.isfinite(moves) & (moves != 0.0) & (alpha > 0)
    if not keep.any():
        return
    moves, xs, ys, alpha = moves[keep], np.asarray(xs, dtype=np.float64)[keep], np.asarray(ys, dtype=np.float64)[keep], alpha[keep]
    length = (8 + 16 * np.fmin(1.0, np.asarray(strengths, dtype=np.float64)[keep])) * s
    up = moves > 0
    colors = np.column_stack([np.where(up[:, None], np.array(theme.CYAN[:3]), np.array(theme.ORANGE[:3])),
                              alpha])
    direction = np.where(up, -1.0, 1.0)
    painter.add_shapes(painter.arrow_shapes(xs, ys - direction * length * 0.5, xs, ys + direction * length * 0.5,
                                            3.0 * s, colors, glow=ARROW_GLOW * s, head=9 * s))


class NetworkView(LevelView):
    """Base of the five network views. Subclasses draw the network in `main_rect` and the
    step's maths in `side_rect`."""

    side_title = N_("this step")  # panel titles are msgids
    main_title: str | None = None

    def __init__(self, ctx: moderngl.Context, scene) -> None:
        super().__init__(ctx, scene)
        self.main_rect = (0.0, 0.0, 1.0, 1.0)
        self.side_rect = self.main_rect
        self.shown_tooltip = None  # (lines, rect) of the tooltip drawn last frame
        self.banner_rect = None

    # hooks for the presets
    def hover_targets(self) -> list[tuple[float, float]]:
        """Points where resting the pointer shows a tooltip (tests walk them all)."""
        return []

    def weight_lines(self) -> list[tuple[int, tuple, tuple, str]]:
        """(index into params, from point, to point, label) of each weight the player can pick
        and wiggle (seed 001 sec. 3); none on a view that draws no weights one by one."""
        return []

    def weight_at(self, x: float, y: float) -> int | None:
        """The index of the weight whose line is under (x, y), or None."""
        line = nearest_line(x, y, self.weight_lines(), HOVER_PIXELS * self.s)
        return None if line is None else line[0]

    def window(self) -> tuple[float, float, float, float]:
        """The whole window, inset a little: where tooltips must stay."""
        m = 4 * self.s
        return (m, m, self.size[0] - 2 * m, self.size[1] - 2 * m)

    def reset(self) -> None:
        pass

    def update(self, dt: float) -> None:
        pass

    def draw_static(self, painter) -> None:
        """Still parts of the main panel, drawn into the cached layer."""

    def draw_main(self, painter) -> None:
        raise NotImplementedError

    def draw_side(self, painter, rect) -> None:
        raise NotImplementedError

    def draw_signal_front(self, painter) -> None:
        """Over the network, during the forward phase: the layers the signal has not reached yet."""

    def static_key(self):
        return ()

    # --- layout --------------------------------------------------------------------------

    # the side panel's rows: first row's top and the spacing (pixels at 720p, as laid out at text
    # size 1.0), their text size, and how many; a bigger text size spaces them further apart
    side_rows = (40, 36, 18, 4)

    def layout(self, size, s: float) -> None:
        super().layout(size, s)
        painter = self.scene.app.painter
        W, H = size
        m = MARGIN * s
        self.controls_y = H - m - 150 * s
        top = m + 74 * s
        # a bigger text size takes some width from the network for the side column's words
        fraction = 0.64 if theme.TEXT_SCALE <= 1.0 else 0.60
        self.main_rect = (m, top, W * fraction - m, self.controls_y - 14 * s - top)
        mx, my, mw, _unused = self.main_rect
        cx = mx + mw + 16 * s
        cw = W - m - cx
        first, spacing, text, rows = self.side_rows
        self.side_top = max(first * s, below_title(painter, s, 0) + 2 * s)
        self.side_step = max(spacing * s, line_height(painter, text * s, 1.3))
        side_h = max(176 * s, self.side_top + (rows - 1) * self.side_step + painter.text_height(text * s) + 4 * s)
        self.side_rect = (cx, my, cw, side_h)
        self.loss_top = below_title(painter, s, 32)
        loss_h = max(92 * s, self.loss_top + 6 * s + line_height(painter, 14 * s, 1.8) + 28 * s)
        self.goal_top = below_title(painter, s, 34) / s  # draw_goals' units: pixels at 720p
        goal_h = self.goal_height(painter, cw, **self.goal_style())
        self.buttons_y = H - m - 58 * s
        # the lesson keeps LESSON_ROWS rows at the player's text size: where the column is too
        # short for that (big text), the loss chart gives its room (the step's loss is in the
        # side panel, the run's in the results), and a wiggle covers the goal instead
        lesson_min = (LESSON["top"] + 10) * s + LESSON_ROWS * line_height(painter, LESSON["text"] * s,
                                                                          LESSON["leading"])
        column = self.buttons_y - 12 * s - my
        chart = column - side_h - goal_h - 36 * s - loss_h >= lesson_min - 0.5  # (the sums round)
        self.loss_rect = (cx, my + side_h + 12 * s, cw, loss_h) if chart else None
        goal_y = my + side_h + 12 * s + ((loss_h + 12 * s) if chart else 0.0)
        self.goal_rect = (cx, goal_y, cw, goal_h)
        lesson_y = goal_y + goal_h + 12 * s
        self.lesson_rect = (cx, lesson_y, cw, max(40 * s, self.buttons_y - 12 * s - lesson_y))
        # a picked weight's wiggle takes the side panel and the loss chart (no step runs
        # meanwhile), or the side panel and the goal where the chart gave way
        self.wiggle_covers_goal = not chart
        covered = self.loss_rect if chart else self.goal_rect
        self.wiggle_rect = (cx, my, cw, covered[1] + covered[3] - my)
        self.wiggle_frame: Frame | None = None  # where the wiggle's curve was drawn (the scene drags on it)
        self._place_controls(s)
        self.after_layout()

    def goals_shown(self) -> bool:
        """The goal panel is drawn (a wiggle covers it where the loss chart gave the lesson room)."""
        return self.scene.picked is None or not self.wiggle_covers_goal

    def goal_style(self) -> dict:
        return {"top": self.goal_top, "row": 26, "text": 17, "smallest": 14, "stars": False}

    def side_row(self, i: int) -> float:
        """The top of the side panel's row i."""
        return self.side_rect[1] + self.side_top + i * self.side_step

    def after_layout(self) -> None:
        pass

    def _place_controls(self, s: float) -> None:
        """Sliders and the step buttons under the network; optimizer and the level's own
        buttons in a row under the lesson."""
        sc = self.scene
        mx, _unused, mw, _unused = self.main_rect
        y1 = self.controls_y
        place_row(sc.sliders, mx, y1, mw, 70 * s, 12 * s)
        h2 = 58 * s
        self.place_transport(mx, y1 + 86 * s, h2, (110, 160, 140), air=10, speed_w=56, label_w=88)
        cx, _cy, cw, _ch = self.side_rect
        place_row([sc.optimizer_button, *(button for button, _unused in sc.extra_buttons)], cx, self.buttons_y, cw, h2,
                  10 * s)

    # --- drawing -------------------------------------------------------------------------

    def layer_key(self):
        return (self.scene.lesson_page, self.static_key(), self.scene.picked is not None)

    def draw_still(self, painter) -> None:
        s, m = self.s, MARGIN * self.s
        self.backdrop.draw(self.size)
        painter.begin(self.size)
        self.draw_title(painter)
        panel(painter, self.main_rect, s, self.main_title)
        if self.scene.picked is None:
            panel(painter, self.side_rect, s, self.side_title)
            if self.loss_rect is not None:
                panel(painter, self.loss_rect, s, self.scene.family.unit_of(self.scene.level).chart)  # steps, epochs
        else:
            self._wiggle_panel(painter, self.wiggle_rect)
        if self.goals_shown():
            panel(painter, self.goal_rect, s, N_("goal"))
        panel(painter, self.lesson_rect, s, N_("lesson"))
        self.draw_lesson(painter, self.lesson_rect, **LESSON)
        painter.text(_("?  shortcuts"), self.size[0] - m, m - 2 * s, 15 * s, theme.INK_FAINT, anchor="topright",
                     face="bold")
        self.draw_static(painter)
        painter.flush()

    def draw_moving(self, painter, alpha: float) -> None:
        sc, s = self.scene, self.s
        self.banner_rect = None
        self.draw_main(painter)
        self.draw_signal_front(painter)
        self._draw_status(painter)
        self._draw_phase_strip(painter)
        state = sc.current_wiggle()
        if state is None:
            self.wiggle_frame = None
            self.draw_side(painter, self.side_rect)
            if self.loss_rect is not None:
                lx, ly, lw, lh = self.loss_rect
                draw_loss_plot(painter, (lx + 16 * s, ly + self.loss_top, lw - 32 * s, lh - self.loss_top - 6 * s),
                               sc.trainer.losses, s, sc.level.max_steps, sc.family.unit_of(sc.level))
        else:
            self._mark_picked(painter, state.index)
            self.draw_wiggle(painter, self.wiggle_rect, state)
        if self.goals_shown():
            self.draw_goals(painter, self.goal_rect, **self.goal_style())
        self._draw_controls(painter)

    # --- the wiggle of one weight (seed 001 sec. 3) ---------------------------------------------

    def _mark_picked(self, painter, index: int) -> None:
        """The picked weight's line, lit, between its two nodes."""
        s = self.s
        for line_index, a, b, _label in self.weight_lines():
            if line_index != index:
                continue
            length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
            cut = min(getattr(self, "radius", 24 * s) + 2 * s, length * 0.3) / length
            x0, y0 = a[0] + (b[0] - a[0]) * cut, a[1] + (b[1] - a[1]) * cut
            x1, y1 = b[0] - (b[0] - a[0]) * cut, b[1] - (b[1] - a[1]) * cut
            painter.line(x0, y0, x1, y1, 4 * s, theme.with_alpha(theme.FOCUS, 0.9), glow=10 * s)

    def picked_label(self, index: int) -> str:
        for line_index, _a, _b, label in self.weight_lines():
            if line_index == index:
                return label
        return f"w{index + 1}"

    def _wiggle_panel(self, painter, rect) -> None:
        """The wiggle's panel, its title and the keys that work in it (W, Esc) on one row."""
        s = self.s
        x, y, w, _h = rect
        hint = _("W next  ·  Esc done")
        size = painter.fit(hint, 14 * s, (w - 32 * s) * 0.45, "bold", smallest=14 * s)
        hint_w = painter.text_width(hint, size, "bold")
        panel(painter, rect, s, N_("wiggle one weight"), accent=theme.with_alpha(theme.FOCUS, 0.7),
              room=w - 44 * s - hint_w)
        painter.text(hint, x + w - 16 * s, y + 12 * s, size, theme.INK_FAINT, anchor="topright", face="bold")

    def draw_wiggle(self, painter, rect, state) -> None:
        """The loss along the picked weight, every other weight held: the curve, the current
        point with its slope drawn as a tangent, and the ghost dot where the run's next step (its
        own optimizer's, with the current η) would move the weight. Dragging on the curve moves the weight (the scene).
        Rows are as tall as their text at the player's text size; the plot takes the rest."""
        s = self.s
        x, y, w, h = rect
        label = self.picked_label(state.index)
        value = f"w = {fmt(state.w)}"
        value_w = painter.text_width(value, 18 * s, "mono")
        label_h = painter.text_height(18 * s, "bold")
        label_y = y + 20 * s + painter.text_height(14 * s, "bold") + label_h / 2
        painter.text(value, x + w - 16 * s, label_y, 18 * s, theme.YELLOW, anchor="midright", face="mono")
        size = painter.fit(label, 18 * s, w - 48 * s - value_w, "bold", smallest=14 * s)
        painter.text(label, x + 16 * s, label_y, size, theme.INK, anchor="midleft", face="bold")
        row_h = painter.text_height(17 * s, "mono")
        row2 = y + h - 10 * s - row_h / 2
        row1 = row2 - row_h - 4 * s
        losses = state.losses[np.isfinite(state.losses)]
        lo, hi = (float(losses.min()), float(losses.max())) if losses.size else (0.0, 1.0)
        if hi - lo < 1e-9:
            lo, hi = lo - 0.5, hi + 0.5
        # room above the curve for the "L" in the corner, and the axis at 0 for a loss that reaches it
        lo, hi = max(0.0, lo - 0.12 * (hi - lo)) if lo >= 0 else lo - 0.12 * (hi - lo), hi + 0.3 * (hi - lo)
        tick_h = painter.text_height(15 * s, "mono")
        plot_top = label_y + label_h / 2 + 12 * s
        plot_bottom = row1 - row_h / 2 - 12 * s - tick_h
        plot_h = max(20 * s, plot_bottom - plot_top)
        y_ticks = max(2, min(5, int(plot_h / (1.2 * tick_h))))  # fewer labels on a short plot (big text)
        gutter = max(painter.text_width(tick_label(t), 15 * s, "mono") for t in nice_ticks(lo, hi, y_ticks) or [hi])
        plot = (x + 30 * s + gutter, plot_top, w - 46 * s - gutter, plot_h)
        frame = Frame(plot, float(state.ws[0]), float(state.ws[-1]), lo, hi)
        self.wiggle_frame = frame
        draw_grid(painter, frame, s, x_label="w", y_label="L", y_ticks=y_ticks)
        px, py = frame.px(state.ws, np.clip(state.losses, lo, hi))
        painter.polyline(np.stack([px, py], axis=1), 2.5 * s, theme.ORANGE, glow=3 * s)
        if not (math.isfinite(state.w) and math.isfinite(state.loss)):
            return
        cx, cy = (float(v) for v in frame.px(state.w, state.loss))
        # the slope as a tangent through the point, a sixth of the range each side
        reach = (frame.x_hi - frame.x_lo) / 6
        if math.isfinite(state.slope):
            ends = np.array([state.w - reach, state.w + reach])
            tx, ty = frame.px(ends, state.loss + state.slope * (ends - state.w))
            painter.line(float(tx[0]), float(ty[0]), float(tx[1]), float(ty[1]), 2 * s,
                         theme.with_alpha(theme.YELLOW, 0.75))
        # the ghost: where the next step lands, on the same curve
        ghost_in = frame.x_lo <= state.ghost_w <= frame.x_hi and math.isfinite(state.ghost_loss)
        gx = float(frame.px(min(max(state.ghost_w, frame.x_lo), frame.x_hi), 0.0)[0]) if math.isfinite(
            state.ghost_w) else cx
        if abs(gx - cx) > 6 * s:
            painter.arrow(cx, cy, gx, cy, 2 * s, theme.with_alpha(theme.CYAN, 0.8), head=9 * s)
        painter.circle(cx, cy, 6 * s, theme.YELLOW, glow=8 * s)
        if ghost_in:  # a ring, drawn last: around the point itself when the step is tiny
            gy = float(frame.px(state.ghost_w, min(max(state.ghost_loss, lo), hi))[1])
            painter.circle(gx, gy, 10 * s, theme.with_alpha(theme.CYAN, 0.15))
            painter.circle(gx, gy, 10 * s, theme.CYAN, stroke=2 * s)
        # the numbers: the slope (backprop's entry for this weight) and the ghost's step
        slope_text = f"∂L/∂w = {fmt(state.slope)}"
        painter.text(slope_text, x + 16 * s, row1, 17 * s, theme.YELLOW, anchor="midleft", face="mono")
        way = _("slope: uphill to the right") if state.slope > 0 else (
            _("slope: downhill to the right") if state.slope < 0 else _("flat here"))
        room = w - 48 * s - painter.text_width(slope_text, 17 * s, "mono")
        size = painter.fit(way, 15 * s, room, smallest=14 * s)
        if painter.fits(way, size, room):  # else the tangent alone says it (big text)
            painter.text(way, x + w - 16 * s, row1, size, theme.INK_DIM, anchor="midright")
        if state.rule == "gd":
            step = _("one step: w − η·∂L/∂w = {value}").format(value=fmt(state.ghost_w))
        else:  # momentum, Adam ...: the level's own next step, which the slope alone does not give
            step = _("next {optimizer} step: w → {value}").format(optimizer=_(optimizer_title(state.rule)),
                                                                  value=fmt(state.ghost_w))
        painter.circle(x + 24 * s, row2, 7 * s, theme.CYAN, stroke=2 * s)  # the ghost's ring, as on the curve
        painter.text(step, x + 40 * s, row2, painter.fit(step, 17 * s, w - 56 * s, "mono", smallest=14 * s),
                     theme.CYAN, anchor="midleft", face="mono")

    def _draw_status(self, painter) -> None:
        sc = self.scene
        trainer = sc.trainer
        word, mark, color = self.training_status(trainer.status, trainer.t, sc.running or sc.phase is not None)
        if getattr(sc, "forward_only", False):
            word = N_("Forward pass")  # a lone forward pass: nothing is being trained
        elif trainer.status == "running" and sc.hand_start is not None and word != N_("Training"):
            word, color = N_("Your weights"), theme.FOCUS  # moved by hand: a practice run
        if sc.result is not None and not sc.result.outcome.cleared and trainer.status == "converged":
            mark, color = "✗", theme.ORANGE  # it learned, but the level is not cleared (too slowly)
        self.draw_status(painter, mark, word, color, self.counter_text(trainer.t))

    STATUS_WORDS = (*LevelView.STATUS_WORDS, N_("Forward pass"), N_("Your weights"))

    def _draw_phase_strip(self, painter) -> None:
        """The four phases of a step across the top of the main panel; the lit one glows."""
        sc, s = self.scene, self.s
        x, y, w, _unused = self.main_rect
        lit = sc.phase_name
        n = 4
        box_w = min(150 * s, (w - 60 * s) / n)
        x0 = x + w - 14 * s - n * box_w
        for i, name in enumerate(("forward", "loss", "gradient", "update")):
            on = name == lit
            color = theme.role(PHASE_COLORS[name])
            bx = x0 + i * box_w
            painter.rect(bx + 3 * s, y + 8 * s, box_w - 6 * s, 26 * s, theme.with_alpha(color, 0.22 if on else 0.05),
                         radius=13 * s, glow=6 * s if on else 0)
            word = _(PHASE_WORDS[name])
            painter.text(word, bx + box_w / 2, y + 21 * s,
                         fit_lines(painter, [word], 14 * s, box_w - 12 * s, face="bold", smallest=14 * s),
                         color if on else theme.INK_FAINT, anchor="center", face="bold")

    def _draw_controls(self, painter) -> None:
        sc, s = self.scene, self.s
        sc.play_button.label = N_("Pause") if sc.running else N_("Train")
        sc.play_button.lit = sc.running
        if sc.phase_per_press:
            sc.step_button.label = N_("Next phase") if sc.phase is not None else N_("Train Step")
        painter.text(f"×{number(sc.speed)}", self.speed_label_x, sc.slower_button.rect[1] + sc.slower_button.rect[3] / 2,
                     20 * s, theme.INK_DIM, anchor="center", face="mono")
        sc.focus.draw(painter, s)

    def exploded_banner(self, painter, rect, detail: str) -> None:
        """The visible "exploded" state: a striped band and plain words, never garbage numbers."""
        s = self.s
        x, y, w, h = rect
        band_y = y + h - 124 * s
        with painter.on_top():  # above the network and its labels, on an opaque band
            painter.rect(x + 20 * s, band_y, w - 40 * s, 80 * s, theme.with_alpha(theme.WARN_FILL, 1.0), radius=12 * s, glow=10 * s)
            painter.rect(x + 20 * s, band_y, w - 40 * s, 80 * s, theme.ORANGE, radius=12 * s, stroke=2 * s)
            painter.text(_("✗  Exploded"), x + w / 2, band_y + 24 * s, 30 * s, theme.ORANGE, anchor="center", face="bold")
            size = fit_text(painter, detail, 17 * s, w - 80 * s, smallest=14 * s)
            painter.text(detail, x + w / 2, band_y + 58 * s, size, theme.INK, anchor="center")
        self.banner_rect = (x + 20 * s, band_y, w - 40 * s, 80 * s)

    def explode_detail(self) -> str:
        sc = self.scene
        params = sc.trainer.params
        with np.errstate(all="ignore"):
            finite = params[np.isfinite(params)]
        if finite.size < params.size or not math.isfinite(sc.trainer.loss):
            return _("η = {eta} overshot so far that the numbers stopped being numbers (NaN).").format(
                eta=number(sc.params["eta"]))
        return _("η = {eta} overshot until the loss grew to {loss}, past {limit}: each update went further "
                 "than the last. Try a smaller η.").format(eta=number(sc.params["eta"], ".3g"),
                                                          loss=fmt(sc.trainer.loss, 2),
                                                          limit=fmt(sc.rules.loss_limit, 1))
