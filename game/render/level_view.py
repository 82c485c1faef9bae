"""What the ball and network views share: the cached layer of still parts under what moves,
the title, the status pill, the goal and lesson panels and the row of transport buttons.
Reads the scene, never changes it."""

from __future__ import annotations

import math

import moderngl

from game import i18n
from game.i18n import N_, _, ngettext, number
from game.render import theme
from game.render.layout import note_panel
from game.render.backdrop import Backdrop
from game.render.layer import Layer
from game.sim.families import family_of

MARGIN = 20
LESSON_ROWS = 4  # rows of lesson a view keeps at any text size (its loss chart gives way first)
# one step slowed into the four phases of a training step (seed 000)
PHASES = ("forward", "loss", "gradient", "update")
PHASE_TITLES = {
    "forward": N_("1  Forward"),  # msgids: shown through _()
    "loss": N_("2  Loss"),
    "gradient": N_("3  Gradient"),
    "update": N_("4  Update"),
}
PHASE_COLORS = {"forward": "INK", "loss": "ORANGE", "gradient": "YELLOW", "update": "CYAN"}  # roles (theme.role)


def fmt(value: float, places: int = 3) -> str:
    if value is None or not math.isfinite(value):
        return "∞" if value is not None and math.isinf(value) else "NaN"
    if value != 0 and (abs(value) >= 1e4 or abs(value) < 10 ** -places):
        return number(value, ".2e")
    text = f"{value:.{places}f}"
    text = "0." + "0" * places if text in ("-0." + "0" * places,) else text
    return number(float(text), f".{places}f")  # the locale's decimal mark (0,500 in German)


def sum_of(terms) -> str:
    """Terms (numbers or products as `fmt` writes them, a leading "-" when negative) added up as
    one writes a sum: each after the first with its own sign as the operator,
    "-0.43 + 0.08 − 3.89e-03", never "+ -3.89e-03"."""
    out = ""
    for i, term in enumerate(terms):
        if i == 0:
            out = term
        elif term.startswith("-"):
            out += " − " + term[1:]
        else:
            out += " + " + term
    return out


def panel(painter, rect, s: float, title: str | None = None, accent=None, room: float | None = None) -> None:
    """A panel with its caps title (a msgid) at the top left, shrunk to `room` (default: the
    panel's width less its margins) where a button shares the title's row."""
    x, y, w, h = rect
    accent = theme.PANEL_EDGE if accent is None else accent  # the look as it is now (high contrast)
    note_panel(painter, rect, title or "")
    painter.rect(x, y, w, h, theme.PANEL, radius=14 * s)
    painter.rect(x, y, w, h, accent, radius=14 * s, stroke=1.2 * s)
    if title:
        text = _(title).upper()
        size = painter.fit(text, 14 * s, room if room is not None else w - 32 * s, "bold", smallest=14 * s)
        painter.text(text, x + 16 * s, y + 12 * s, size, theme.INK_FAINT, face="bold")


def fit_text(painter, text: str, size: float, width: float, face: str = "regular", smallest: float = 14.0) -> float:
    """The largest size up to `size` at which `text` fits `width`, never under `smallest` (pixels; the
    readable floor at 720p -- pass `smallest * s` when the view is scaled). With a bigger text size
    (Settings) the floor is what is shown: the size asked for may go lower, as the painter enlarges it."""
    return painter.fit(text, size, width, face, smallest)


def place_row(widgets, x: float, y: float, width: float, height: float, gap: float) -> None:
    """Widgets side by side, equally wide, filling `width`."""
    n = len(widgets)
    w = (width - gap * (n - 1)) / n
    for i, widget in enumerate(widgets):
        widget.place(x + i * (w + gap), y, w, height)


def side_panel_page(size, s: float, main_fraction: float, goal_count: int, goal_h: float | None = None) -> dict:
    """The page of the chapter views: a main panel on the left (main_fraction of the width), a
    150-px chart, the goal card and the lesson down the right, sliders and buttons below.
    `goal_h`: the goal card's height from its text (LevelView.goal_height), when taller."""
    W, H = size
    m = MARGIN * s
    controls_y = H - m - 150 * s
    top = m + 74 * s
    main = (m, top, W * main_fraction - m, controls_y - 14 * s - top)
    mx, my, mw, _mh = main
    cx = mx + mw + 16 * s
    cw = W - m - cx
    goal_h = max((40 + 26 * goal_count) * s, goal_h or 0.0)
    goal = (cx, my + 162 * s, cw, goal_h)
    buttons_y = H - m - 58 * s
    lesson_y = goal[1] + goal_h + 12 * s
    return {"controls_y": controls_y, "main": main, "chart": (cx, my, cw, 150 * s), "goal": goal,
            "buttons_y": buttons_y, "lesson": (cx, lesson_y, cw, max(40 * s, buttons_y - 12 * s - lesson_y))}


def transport_widths(painter, buttons, widths, s: float) -> list[float]:
    """The pixel widths of a row of buttons sharing sum(widths) * s: each gets what its label
    needs at its own size (and the rest in proportion to `widths`); where the labels need more
    than the row has (long translations, big text), each shrinks by the same factor, so no label
    is drawn much smaller than its neighbours."""
    room = sum(widths) * s
    need = [max(painter.text_width(_(label), (24 if b.big else 19) * s, "bold") for label in b.labels) + 24 * s
            for b in buttons]
    if sum(need) <= room:
        spare = room - sum(need)
        return [n + spare * w / sum(widths) for n, w in zip(need, widths)]
    return [room * n / sum(need) for n in need]


class LevelView:
    """Base of PlayView and NetworkView. Subclasses draw the still parts (into the cached
    layer, redrawn when the size or `layer_key()` changes) and what moves, each frame."""

    def __init__(self, ctx: moderngl.Context, scene) -> None:
        self.ctx = ctx
        self.scene = scene
        self.backdrop = Backdrop(ctx)
        self.layer = Layer(ctx)
        self.size = (1, 1)
        self.s = 1.0

    def layout(self, size, s: float) -> None:
        self.size = tuple(size)
        self.s = s

    def layer_key(self):
        return self.scene.lesson_page

    def draw_still(self, painter) -> None:
        raise NotImplementedError

    def draw_moving(self, painter, alpha: float) -> None:
        raise NotImplementedError

    def draw(self, painter, alpha: float) -> None:
        self.layer.show(self.size, self.layer_key(), lambda: self.draw_still(painter))
        painter.begin(self.size)
        self.draw_moving(painter, alpha)
        painter.flush()

    def release(self) -> None:
        self.layer.release()
        self.backdrop.release()

    # --- pieces both views draw ------------------------------------------------------------

    def place_transport(self, x: float, y: float, h: float, widths, air: float, speed_w: float,
                        label_w: float) -> float:
        """Reset, Step and Play, `air`, then − ×speed +; returns the x just after +. `widths`
        (at 720p) sum to the row's room, shared out by what each label needs (transport_widths)."""
        sc, s = self.scene, self.s
        buttons = (sc.reset_button, sc.step_button, sc.play_button)
        for button, w in zip(buttons, transport_widths(sc.app.painter, buttons, widths, s)):
            button.place(x, y, w, h)
            x += w + 10 * s
        x += air * s
        sc.slower_button.place(x, y, speed_w * s, h)
        self.speed_label_x = x + (speed_w + label_w / 2) * s
        sc.faster_button.place(x + (speed_w + label_w) * s, y, speed_w * s, h)
        return x + (2 * speed_w + label_w) * s

    def draw_title(self, painter) -> None:
        """The chapter and level number, and the level's title: shrunk to keep clear of the
        header's buttons (`header_left`, the ball chapter) or else of the widest status the view
        can show (status_left)."""
        s, level = self.s, self.scene.level
        m = MARGIN * s
        painter.text(_("{chapter}  ·  level {order}").format(chapter=level.chapter.local_title, order=level.order),
                     m + 2 * s, m - 2 * s, 16 * s,
                     theme.INK_FAINT, face="bold")
        right = getattr(self, "header_left", None)
        if right is None:
            right = self.status_left(painter)
        room = right - m - 12 * s
        size = painter.fit(level.local_title, 38 * s, room, "bold", smallest=14 * s)
        self.title_right = m + painter.text(level.local_title, m, m + 18 * s, size, theme.INK, face="bold")

    # the pill's words besides theme.STATUS_STYLE's (msgids); a view adds what else it shows
    STATUS_WORDS = (N_("Learned"), N_("Training"), N_("Ready"), N_("Paused"), N_("Finding par"))

    def status_words(self) -> tuple[str, ...]:
        """Every word (a msgid) the status pill may show on this view."""
        return (*(word for word, _mark, _color in theme.STATUS_STYLE.values()), *self.STATUS_WORDS)

    @staticmethod
    def training_status(status: str, step: int, moving: bool) -> tuple[str, str, tuple]:
        """(word, a msgid; mark; colour) of the pill for a training run's `status` at `step`:
        theme.STATUS_STYLE's, with "Learned" once it converged and, while it runs, "Training"
        when it moves, else "Ready" before its first step or "Paused"."""
        word, mark, color = theme.STATUS_STYLE.get(status, theme.STATUS_STYLE["running"])
        if status == "converged":
            word = N_("Learned")
        elif status == "running":
            word, color = (N_("Training"), theme.INK) if moving else \
                (N_("Ready") if step == 0 else N_("Paused"), theme.INK_DIM)
        return word, mark, color

    def counter_text(self, step: int) -> str:
        """The step counter beside the pill at `step`."""
        return family_of(self.scene.level).unit_of(self.scene.level).counter(step, self.scene.level.max_steps)

    def status_left(self, painter) -> float:
        """Where the widest status this view can show begins: the pill with its longest word and
        the counter at the last step, each at full size (what the title keeps clear of)."""
        s = self.s
        marks = max(painter.text_width(f"{mark}  ", 24 * s, "bold") for _word, mark, _c in theme.STATUS_STYLE.values())
        pill = marks + max(painter.text_width(_(word), 24 * s, "bold") for word in self.status_words()) + 36 * s
        counter = painter.text_width(self.counter_text(self.scene.level.max_steps), 26 * s, "mono")
        return self.size[0] - MARGIN * s - pill - 18 * s - counter

    def draw_status(self, painter, mark: str, word: str, color, counter: str) -> None:
        """The pill at the top right (mark and word: never colour alone) and the step counter."""
        s = self.s
        m = MARGIN * s
        if getattr(self.scene, "waiting_for_par", False):  # the run is over; its stars wait for par
            mark, word, color = "…", N_("Finding par"), theme.INK_DIM
        text = f"{mark}  {_(word)}"  # word: a msgid (theme.STATUS_STYLE)
        y = m + 26 * s
        w = painter.text_width(text, 24 * s, "bold") + 36 * s
        x = self.size[0] - m - w
        painter.rect(x, y, w, 44 * s, theme.with_alpha(color, 0.14), radius=22 * s)
        painter.rect(x, y, w, 44 * s, theme.with_alpha(color, 0.8), radius=22 * s, stroke=1.5 * s)
        painter.text(text, x + w / 2, y + 22 * s, 24 * s, color, anchor="center", face="bold")
        # clear of the header's buttons and of the title
        room = x - 18 * s - max(getattr(self, "header_right", 0.0), getattr(self, "title_right", 0.0)) - 10 * s
        painter.text(counter, x - 18 * s, y + 22 * s, painter.fit(counter, 26 * s, room, "mono", smallest=14 * s),
                     theme.INK, anchor="midright", face="mono")

    def goal_rows(self, painter, width: float, *, row: float, text: float, smallest: float, **_unused):
        """[(pitch, size, rows)] per goal: every goal at the card's one size, a long one wrapped
        (the card grows) rather than shrunk below its neighbours; pitch: the height its line(s)
        take."""
        s = self.s
        room = width - self.goal_indent(painter, text) - 14 * s
        found = []
        for goal in self.scene.level.goals:
            goal_text = goal.local_text
            size = text * s
            rows = [goal_text] if painter.fits(goal_text, size, room) else painter.wrap([goal_text], size, room)[0]
            last = max(row * s, painter.text_height(size) + 4 * s)  # the last (or only) line's room
            pitch = max(row * s, painter.line_height((text + 2) * s, 1.1),
                        (len(rows) - 1) * painter.line_height(size, 1.2) + last)
            found.append((pitch, size, rows))
        return found

    def goal_head_row(self, painter, width: float, stars: bool = True) -> float:
        """0 when "par · best" (and the stars) fit beside the panel's title, else the height of
        the row of their own they take under it (judged with a best of 9999 steps, so that a
        new best never moves the goals)."""
        s = self.s
        level = self.scene.level
        sc = self.scene
        if not getattr(sc, "par_known", True):  # still searched: as long as the longest par can be
            worst = family_of(level).unit_of(level).par(level.max_steps)
        else:
            worst = _("no par") if sc.par is None else family_of(level).unit_of(level).par(sc.par)
        worst += "  ·  " + _("best {steps}").format(steps=9999)
        need = (painter.text_width(_("goal").upper(), 14 * s, "bold") + painter.text_width(worst, 14 * s, "bold")
                + (76 * s if stars else 0) + 48 * s)
        return 0.0 if need <= width else painter.line_height(14 * s, 1.3)

    def goal_indent(self, painter, text: float) -> float:
        """Where a goal's words start: after its mark (○ ✓ ✗), which grows with the text size."""
        s = self.s
        return max(46 * s, 18 * s + painter.text_width("○", (text + 2) * s, "bold") + 10 * s)

    def goal_height(self, painter, width: float, *, top: float, row: float, text: float, smallest: float,
                    stars: bool = True, **_unused) -> float:
        """The goal panel's height for these goals at the current text size: as laid out at
        1.0 (top + one row each), taller where bigger text or wrapped goals need it."""
        rows = self.goal_rows(painter, width, row=row, text=text, smallest=smallest)
        return ((top + 6) * self.s + self.goal_head_row(painter, width, stars)
                + sum(pitch for pitch, _size, _rows in rows))

    def draw_goals(self, painter, rect, *, top: float, row: float, text: float, smallest: float,
                   stars: bool) -> None:
        """Each goal with ○ (not run yet), ✓ or ✗; par and the best steps; the stars won."""
        sc, s = self.scene, self.s
        x, y, w, h = rect
        result = sc.result
        head = self.goal_head_row(painter, w, stars)  # "par · best" on a row of its own
        gy = y + top * s + head
        for i, (pitch, size, rows) in enumerate(self.goal_rows(painter, w, row=row, text=text, smallest=smallest)):
            if result is None:
                mark, color = "○", theme.PENDING
            else:
                met = result.outcome.goals[i].met if i < len(result.outcome.goals) else False
                mark, color = ("✓", theme.MET) if met else ("✗", theme.NOT_MET)
            painter.text(mark, x + 18 * s, gy, (text + 2) * s, color, face="bold")
            indent = self.goal_indent(painter, text)
            if len(rows) == 1:
                painter.text(rows[0], x + indent, gy + 1 * s, size, theme.INK)
            else:
                painter.text_rows(rows, x + indent, gy + 1 * s, size, theme.INK, leading=1.2)
            gy += pitch
        best = sc.app.store.progress(sc.level.id)
        if not getattr(sc, "par_known", True):
            right = _("par …")  # searched in the background (LevelPlayScene.find_par)
        elif sc.par is None:
            right = _("no par")
        else:  # in what the level's runs count: steps, epochs
            right = family_of(sc.level).unit_of(sc.level).par(sc.par)
        if best.best_steps is not None:
            right += "  ·  " + _("best {steps}").format(steps=best.best_steps)
        size = painter.fit(right, 14 * s, w - 32 * s - (76 * s if stars else 0), "bold", smallest=14 * s)
        ry = y + 12 * s + head
        painter.text(right, x + w - 16 * s, ry, size, theme.INK_FAINT, anchor="topright", face="bold")
        if stars:  # just left of "par · best", however long that is
            first = x + w - 16 * s - painter.text_width(right, size, "bold") - 16 * s
            cy = ry + painter.text_height(size, "bold") / 2 if head else y + 20 * s
            for k in range(3):
                painter.star(first - k * 20 * s, cy, 7.5 * s, theme.YELLOW,
                             stroke=0 if (2 - k) < best.stars else 1.4 * s)

    def lesson_pages(self, painter, rect, *, text: float, top: float, leading: float):
        """[(size, rows)]: the lesson's pages as shown in `rect`: each page of the level's lesson
        shrunk (down to 14 points asked) until it fits, and cut into more pages where it still
        does not (big text): every page a list of rows. Remembered per look and rect."""
        sc, s = self.scene, self.s
        x, y, w, h = rect
        key = (i18n.language(), theme.LOOK, tuple(rect), text, top, leading, sc.level.id)
        if getattr(self, "_lesson_key", None) == key:
            return self._lesson
        room_w, room_h = w - 32 * s, h - (top + 10) * s
        shown = []
        for page in sc.level.local_lesson or ("",):
            size = painter.fit_block([page], text * s, room_w, room_h, leading, smallest=14 * s * theme.TEXT_SCALE)
            shown.extend((size, rows) for rows in painter.pages([page], size, room_w, room_h, leading))
        self._lesson_key, self._lesson = key, shown
        return shown

    def lesson_page_count(self) -> int:
        """How many pages L steps through (the level's lesson pages, cut to fit)."""
        rect = getattr(self, "lesson_rect", None)
        if rect is None or not hasattr(self, "lesson_style"):
            return max(1, len(self.scene.level.lesson))
        return len(self.lesson_pages(self.scene.app.painter, rect, **self.lesson_style))

    def draw_lesson(self, painter, rect, *, text: float, top: float, leading: float) -> None:
        """This page of the lesson (pages/lesson_pages: shrunk a little, then cut into more pages
        where big text needs them) and `L next (i/n)`."""
        sc, s = self.scene, self.s
        x, y, w, h = rect
        self.lesson_rect, self.lesson_style = rect, {"text": text, "top": top, "leading": leading}
        pages = self.lesson_pages(painter, rect, text=text, top=top, leading=leading)
        index = sc.lesson_page % len(pages)
        size, rows = pages[index]
        painter.text_rows(rows, x + 16 * s, y + top * s, size, theme.INK_DIM, leading=leading)
        if len(pages) > 1:
            label = _("L  next  ({page}/{pages})").format(page=index + 1, pages=len(pages))
            painter.text(label, x + w - 14 * s, y + 12 * s, 14 * s, theme.INK_FAINT, anchor="topright", face="bold")
