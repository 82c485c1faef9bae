"""The ending, after the last level is cleared: what the player learned (one line per chapter
played), the stars won in each chapter and in all, and a way on (back to the levels for the
missing stars, the sandbox command, the title)."""

from __future__ import annotations

import pygame

from game import i18n
from game.i18n import N_, _, ngettext
from game.render import theme
from game.render.backdrop import Backdrop
from game.render.layer import Layer
from game.scenes.base import Scene
from game.ui.button import Button
from game.ui.events import PAD_A, Key, Pad

LEARNED = {  # chapter id -> what its levels taught, in the game's own words (msgids)
    "slope": N_("The slope says which way is down: step against it, η times as far. Too small crawls, "
             "too big overshoots or explodes."),
    "valleys": N_("Where you start decides which valley you end in; the nearest low point is not always the "
                  "lowest."),
    "bumpy": N_("Momentum keeps the ball rolling through small bumps and flat stretches that stop plain steps."),
    "networks": N_("A network learns the same way: guess, measure the loss, find each weight's slope by the chain "
                   "rule, step downhill. The ball was the network all along."),
    "lr-lab": N_("The learning rate matters most: too small crawls, too large explodes. A finder shows where the "
                 "loss drops fastest, a schedule lets noisy training settle, and a sigmoid chain lets the "
                 "gradient vanish."),
}
GENERAL = N_("Guess, measure, wiggle, step: every machine that learns from examples repeats this loop.")
SANDBOX = 'downhill run --curve "x**4 - 3*x**2 + x" --x0 2 --eta 0.05'


class EndingScene(Scene):
    name = "ending"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.backdrop = Backdrop(app.ctx)
        self.layer = Layer(app.ctx)
        self.levels_button = Button(N_("Levels"), self.to_levels, hint=N_("Enter"), accent="BLUE", big=True)
        self.title_button = Button(N_("Title"), self.to_title, hint="Esc", accent="INK_DIM", big=True)
        self.more_button = Button(N_("More"), self.next_page, hint="L", accent="BLUE")
        self.page = 0  # which page of "what you learned" (big text may need several)
        self.page_count = 1
        self.focus.set_widgets([self.levels_button, self.title_button])
        self.focus.ring_visible = True

    # --- what to show --------------------------------------------------------------------

    def chapters(self) -> list[tuple[str, str, int, int]]:
        """(chapter id, title, stars won, stars possible) in play order."""
        rows: dict[str, list] = {}
        for level in self.app.ordered_levels():
            row = rows.setdefault(level.chapter.id, [level.chapter.id, level.chapter.title, 0, 0])
            row[2] += self.app.store.progress(level.id).stars
            row[3] += 3
        return [tuple(row) for row in rows.values()]

    def learned(self) -> list[str]:
        lines = [_(LEARNED[cid]) for cid, *_rest in self.chapters() if cid in LEARNED]
        return lines + [_(GENERAL)]

    # --- a way on ------------------------------------------------------------------------

    def to_levels(self) -> None:
        from game.scenes.level_select import LevelSelectScene

        self.app.stack.pop_to(LevelSelectScene)
        top = self.app.stack.top
        if isinstance(top, LevelSelectScene):
            top.resume()
        else:
            self.app.stack.replace(LevelSelectScene(self.app))

    def to_title(self) -> None:
        from game.scenes.title import TitleScene

        self.app.stack.pop_to(TitleScene)
        if not isinstance(self.app.stack.top, TitleScene):
            self.app.stack.replace(TitleScene(self.app))

    def back(self) -> None:
        self.to_title()

    def next_page(self) -> None:
        self.page = (self.page + 1) % max(1, self.page_count)

    def handle(self, event) -> bool:
        if isinstance(event, Key) and event.key == pygame.K_l and self.page_count > 1:
            self.next_page()
            return True
        if isinstance(event, Key) and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            (self.focus.focused or self.levels_button).activate()
            return True
        if isinstance(event, Pad) and event.kind == "button" and event.index == PAD_A:
            (self.focus.focused or self.levels_button).activate()
            return True
        return self.focus.handle(event)

    # --- drawing -------------------------------------------------------------------------

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        W, H = size
        s = self.s
        bw, bh = 220 * s, 64 * s
        self.levels_button.place(W / 2 - bw - 12 * s, H - bh - 36 * s, bw, bh)
        self.title_button.place(W / 2 + 12 * s, H - bh - 36 * s, bw, bh)
        self.split = W * 0.42  # stars on the left of it, what was learned on the right
        self.learned_rect = (self.split, 180 * s, W - 60 * s - self.split, H - 170 * s - 180 * s)
        self.page = 0
        self.page_count = len(self.learned_pages(self.app.painter)[1])
        widgets = [self.levels_button, self.title_button]
        if self.page_count > 1:
            x, y, w, _h = self.learned_rect
            self.more_button.place(x + w - 130 * s, y - 8 * s, 130 * s, 34 * s)
            widgets.append(self.more_button)
        self.focus.set_widgets(widgets)

    def learned_pages(self, painter) -> tuple[float, list[list[str]]]:
        """(size, pages of bullets) for what was learned: one page at the largest size up to
        19 px asked that fits, never under 16 px times the text size shown; past that, pages."""
        s = self.s
        _x, _y, w, room = self.learned_rect
        room -= 34 * s  # under the column's heading
        width = w - 22 * s
        lines = self.learned()
        height = lambda line, size: painter.block_height([line], size, width)  # noqa: E731
        size, floor = 19 * s, painter.floor_size(16 * s * theme.TEXT_SCALE)  # big text stays big: pages instead
        while size > floor and sum(height(line, size) for line in lines) > room:
            size = max(floor, size - 0.5 * s)
        pages, current, used = [], [], 0.0
        for line in lines:
            need = height(line, size)
            if current and used + need > room:
                pages.append(current)
                current, used = [], 0.0
            current.append(line)
            used += need
        pages.append(current)
        return size, pages

    def _draw_static(self, painter) -> None:
        W, H = self.size
        s = self.s
        self.backdrop.draw(self.size)
        painter.begin(self.size)
        painter.text(_("You reached the bottom"), W / 2, 40 * s, 52 * s, theme.INK, anchor="topcenter", face="bold")
        chapters = self.chapters()
        won, possible = sum(c[2] for c in chapters), sum(c[3] for c in chapters)
        painter.text(_("★ {won} / {possible} stars").format(won=won, possible=possible), W / 2, 112 * s, 26 * s, theme.YELLOW, anchor="topcenter",
                     face="bold")
        # left: the chapters and their stars; right: what was learned
        left_x, top = 60 * s, 180 * s
        painter.text(_("YOUR STARS"), left_x, top, 15 * s, theme.INK_FAINT, face="bold")
        pitch = max(40 * s, painter.line_height(20 * s, 1.3))  # a row as tall as its words
        score_x = self.split - 40 * s - left_x  # the scores' right edge
        y = top + 34 * s
        for _cid, title, stars, most in chapters:
            score = f"{stars} / {most}"
            room = score_x - painter.text_width(score, 20 * s, "mono") - 12 * s
            title = _(title)
            size, rows = 20 * s, [title]
            if not painter.fits(title, size, room, "bold"):  # a long title: two lines at its size, else smaller
                rows = painter.wrap([title], size, room, "bold")[0]
                if len(rows) > 2 or not all(painter.fits(row, size, room, "bold") for row in rows):
                    size = painter.fit(title, size, 2 * room, "bold", smallest=16 * s)
                    rows = painter.wrap([title], size, room, "bold")[0]
            painter.text_rows(rows, left_x, y, size, theme.INK, leading=1.1, face="bold")
            painter.text(score, left_x + score_x, y, 20 * s,
                         theme.YELLOW if stars == most else theme.INK_DIM, anchor="topright", face="mono")
            y += pitch + (len(rows) - 1) * painter.line_height(size, 1.1)
        missing = possible - won
        hint = (_("Every star won. Try Adam or Nesterov where a level lets you: do they need fewer steps?")
                if missing == 0 else ngettext("{n} star still to win: the level cards show where.",
                                              "{n} stars still to win: the level cards show where.",
                                              missing).format(n=missing))
        room = H - 150 * s - 10 * s - (y + 16 * s)  # down to the sandbox line
        size = painter.fit_block([hint], 17 * s, score_x, room, smallest=14 * s)
        painter.text_block([hint], left_x, y + 16 * s, size, theme.INK_DIM, score_x)
        right_x, y, width, _room = self.learned_rect
        heading = _("WHAT YOU LEARNED")
        if self.page_count > 1:
            heading += f"  {self.page + 1} / {self.page_count}"
        painter.text(heading, right_x, top, 15 * s, theme.INK_FAINT, face="bold")
        y = top + 34 * s
        size, pages = self.learned_pages(painter)
        for line in pages[min(self.page, len(pages) - 1)]:
            painter.text("•", right_x, y, size, theme.BLUE, face="bold")
            y += painter.text_block([line], right_x + 22 * s, y, size, theme.INK, width - 22 * s, leading=1.3)
        sandbox = _("Make your own hill:") + "  " + SANDBOX
        size = painter.fit(sandbox, 16 * s, W - 160 * s, "mono", smallest=14 * s)
        painter.text(sandbox, W / 2, H - 150 * s, size, theme.CYAN, anchor="topcenter", face="mono")
        painter.flush()

    def draw(self, painter, alpha: float) -> None:
        key = ("ending", i18n.language(), self.page, tuple(self.app.store.progress(lv.id) for lv in self.app.levels.levels))
        self.layer.show(self.size, key, lambda: self._draw_static(painter))
        painter.begin(self.size)
        self.focus.draw(painter, self.s)
        painter.flush()

    def exit(self) -> None:
        self.layer.release()
        self.backdrop.release()
