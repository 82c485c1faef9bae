"""Level select: chapters in order, each level a card with its stars; the next level opens
when the one before is cleared. A level file that failed to load shows as an unavailable card
with the validator's one-line reason; the rest still play."""

from __future__ import annotations

from pathlib import Path

import pygame

from game import i18n
from game.i18n import N_, _, ngettext
from game.render import theme
from game.render.backdrop import Backdrop
from game.render.layer import Layer
from game.render.layout import note_panel
from game.scenes.base import Scene
from game.sim.families import family_of
from game.ui.button import Button
from game.ui.events import Key, Pad, Pointer

CARD_W, CARD_H, GAP = 270, 118, 16
MAX_LINES = 4  # more lines than this leave the cards too short for their text
SHELF_CARDS = 5  # a line of the grid holds this many cards, from one chapter or several short ones
SHELF_GAP = 24  # between two chapters on one line
INK = 0.82  # the part of a line's box down to where its ink ends (game.render.layout trims 18 %)
NOTE_SECONDS = 3.5  # how long the line under a locked card's click stays


def title_rows(painter, title: str, w: float, s: float):
    """(top, size, rows, end) of a card's title: one line (24 down to 18 points), else two or more
    lines at 16; `top` under the level's number, `end` where the ink of its last line ends (the
    line's box less the descender room the layout check trims too)."""
    number_end = 12 * s + painter.text_height(15 * s, "bold")
    room = w - 30 * s
    size = painter.fit(title, 24 * s, room, "bold", smallest=18 * s * max(1.0, theme.TEXT_SCALE))
    if painter.fits(title, size, room, "bold"):
        top = max(32 * s, number_end + 1 * s)
        return top, size, [title], top + painter.text_height(size, "bold") * INK
    size = 16 * s  # wrapped at 16 points; shrunk only where one word is wider than the card
    for word in title.split():
        size = painter.fit(word, size, room, "bold", smallest=14 * s)
    rows = painter.wrap([title], size, room, "bold")[0]
    top = max(28 * s, number_end - 3 * s)
    return top, size, rows, top + (len(rows) - 1) * painter.line_height(size, 1.1) + painter.text_height(size, "bold") * INK


def status_beside(painter, status: str, w: float, s: float) -> bool:
    """Whether the card's status fits beside its three stars (else it sits on the row above)."""
    return painter.text_width(status, 14 * s, "bold") + 100 * s <= w


class LevelCard(Button):
    def __init__(self, scene, level=None, problem=None) -> None:
        self.level = level
        self.problem = problem
        self.scene = scene
        super().__init__(level.title if level else Path(str(problem.path)).name,
                         (lambda: scene.open(level)) if level else (lambda: None))

    def draw(self, painter, s: float, focused: bool) -> None:
        x, y, w, h = self.rect
        scene_app = self.app
        if self.problem is not None:
            painter.rect(x, y, w, h, theme.WARN_FILL, radius=14 * s)
            painter.rect(x, y, w, h, theme.with_alpha(theme.ORANGE, 0.5), radius=14 * s, stroke=1.4 * s)
            painter.text(f"⚠ {self.label}", x + 14 * s, y + 12 * s, 18 * s, theme.ORANGE, face="bold")
            painter.text(_("unavailable"), x + 14 * s, y + 38 * s, 14 * s, theme.INK_FAINT, face="bold")
            p = self.problem
            where = _("line {line}:{col}").format(line=p.line, col=p.col) + (f" {p.json_path}" if p.json_path else "")
            painter.text_block([f"{where}: {p.message}"], x + 14 * s, y + 58 * s, 14 * s, theme.INK_DIM, w - 28 * s,
                               leading=1.2)
            return
        unlocked = scene_app.is_unlocked(self.level)
        playable = scene_app.registry.can_play(self.level)
        progress = scene_app.store.progress(self.level.id)
        open_ = unlocked and playable
        fill = (0.10, 0.14, 0.27, 0.94) if open_ else (0.07, 0.08, 0.12, 0.85)
        if self.hovered and open_:
            fill = (0.13, 0.19, 0.36, 0.96)
        painter.rect(x, y, w, h, fill, radius=14 * s, glow=5 * s if progress.cleared else 0)
        edge = theme.BLUE if progress.cleared else (theme.PANEL_EDGE if open_ else theme.DISABLED)
        painter.rect(x, y, w, h, theme.with_alpha(edge, 0.8), radius=14 * s, stroke=1.5 * s)
        painter.text(f"{self.level.order}", x + 16 * s, y + 12 * s, 15 * s, theme.INK_FAINT, face="bold")
        ink = theme.INK if open_ else theme.INK_FAINT
        top, size, rows, _end = title_rows(painter, self.level.local_title, w, s)
        painter.text_rows(rows, x + 16 * s, y + top, size, ink, leading=1.1, face="bold")
        for k in range(3):
            filled = k < progress.stars
            painter.star(x + 26 * s + k * 26 * s, y + h - 24 * s, 10 * s,
                         theme.YELLOW if filled else theme.with_alpha(theme.INK_FAINT, 0.7),
                         glow=4 * s if filled else 0, stroke=0 if filled else 1.6 * s)
        status = self.status_text()
        size = painter.fit(status, 14 * s, w - 28 * s, "bold", smallest=14 * s)
        beside = status_beside(painter, status, w, s)
        painter.text(status, x + w - 14 * s, y + h - 24 * s - (0 if beside else 26 * s), size,
                     theme.INK_DIM if open_ else theme.INK_FAINT, anchor="midright", face="bold")

    def status_text(self) -> str:
        scene_app = self.app
        unlocked = scene_app.is_unlocked(self.level)
        playable = scene_app.registry.can_play(self.level)
        progress = scene_app.store.progress(self.level.id)
        if not unlocked:
            status = _("locked")
        elif not playable:
            status = _("coming soon")
        elif progress.best_steps is not None:
            status = family_of(self.level).unit_of(self.level).best(progress.best_steps)  # steps, epochs
        else:
            status = _("new")
        return status

    def height_needed(self, painter, w: float, s: float) -> float:
        """How tall this card must be for its number, title, stars and status at the text size."""
        if self.level is None:
            return 0.0
        _top, _size, _rows, end = title_rows(painter, self.level.local_title, w, s)
        below = 34 * s if status_beside(painter, self.status_text(), w, s) else 34 * s + 26 * s
        return end + below

    def on_pointer(self, event: Pointer) -> bool:
        if self.scene.page_of.get(id(self), 0) != self.scene.current_page():
            return False  # on another page: not shown, not touchable
        if not self.enabled:
            if event.kind == "down" and self.contains(event.x, event.y, event.touch):
                self.scene.explain_closed(self)
                return True
            return False
        return super().on_pointer(event)

    def activate(self) -> None:
        if self.enabled:
            super().activate()
        else:
            self.scene.explain_closed(self)


class LevelSelectScene(Scene):
    name = "level_select"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.backdrop = Backdrop(app.ctx)
        self.layer = Layer(app.ctx)
        self.chapters: list[tuple[str, list[LevelCard]]] = []
        self.note: tuple[str, float] | None = None  # (why a card is closed, seconds left)
        self.pages: list = [[]]  # lines of chapters per page (big text needs more than one)
        self.page_of: dict[int, int] = {}  # id(card) -> its page
        self.page = 0
        self.build()

    def explain_closed(self, card: LevelCard) -> None:
        """A click (or Enter) on a card that cannot open: say why, for a few seconds."""
        app = self.app
        if card.level is None:
            text = _("{file} could not be read: {why}").format(file=card.label, why=card.problem.message)
        elif not app.registry.can_play(card.level):
            text = _("“{level}” has no scene to play it yet.").format(level=card.level.local_title)
        else:
            order = app.ordered_levels()
            i = next(k for k, lv in enumerate(order) if lv.id == card.level.id)
            before = order[i - 1] if i > 0 else None
            text = (_("“{level}” opens when you clear “{before}”.").format(level=card.level.local_title,
                                                                          before=before.local_title)
                    if before is not None else _("“{level}” is locked.").format(level=card.level.local_title))
        self.note = (text, NOTE_SECONDS)

    def update(self, dt: float) -> None:
        super().update(dt)
        if self.note is not None:
            text, left = self.note
            self.note = (text, left - dt) if left > dt else None

    def build(self) -> None:
        app = self.app
        chapters: dict[str, tuple[str, int, list]] = {}
        for level in app.ordered_levels():
            key = level.chapter.id
            chapters.setdefault(key, (level.chapter.title, level.chapter.order, []))[2].append(level)
        self.chapters = []
        cards: list[LevelCard] = []
        for title, _order, levels in sorted(chapters.values(), key=lambda c: c[1]):
            row = []
            for level in levels:
                card = LevelCard(self, level=level)
                card.app = app
                card.enabled = app.is_unlocked(level) and app.registry.can_play(level)
                row.append(card)
            self.chapters.append((title, row))
            cards.extend(row)
        if app.levels.problems:
            row = []
            for problem in app.levels.problems:
                card = LevelCard(self, problem=problem)
                card.app = app
                card.enabled = False
                row.append(card)
            self.chapters.append((N_("Could not be read"), row))
            cards.extend(row)
        self.cards = cards
        self.back_button = Button(N_("Back"), self.back, hint="Esc", accent="INK_DIM")
        self.focus.set_widgets(cards + [self.back_button])
        self.focus.ring_visible = True  # here the ring is the selection: always shown
        first_open = next((c for c in cards if c.enabled and not app.store.progress(c.level.id).cleared), None)
        if first_open is not None:
            self.focus.focus(first_open)

    def resume(self) -> None:
        self.build()
        self.layout(self.size, self.s)

    def open(self, level) -> None:
        if level is None:
            return
        card = next((c for c in self.cards if c.level is level), None)
        if card is not None and card.enabled:
            self.app.open_level(level)

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        W, H = size
        s = self.s
        per_row = max((len(cards) for _title, cards in self.chapters), default=1)
        # short chapters share a line, side by side, so that more chapters still leave the cards
        # room for their text
        # (a line takes one more card when that saves a line, so the cards stay tall enough)
        per_line = max(per_row, SHELF_CARDS)
        lines = self._shelve(per_line)
        while len(lines) > MAX_LINES and per_line < per_row + 2 and len(self._shelve(per_line + 1)) < len(lines):
            per_line += 1
            lines = self._shelve(per_line)
        splits = max((len(line) - 1 for line in lines), default=0)
        card_w = min(CARD_W * s, (W - 80 * s - (per_line - 1) * GAP * s - splits * SHELF_GAP * s) / max(1, per_line))
        painter = self.app.painter
        foot = painter.line_height(15 * s, 1.2) + 14 * s  # the keys' line at the bottom
        avail_h = H - 118 * s - max(32 * s, foot)
        heading = max(30 * s, painter.text_height(16 * s, "bold") + 6 * s)  # a chapter's name above its cards
        row_h = min((CARD_H + 44) * s, avail_h / max(1, len(lines)))
        card_h = max(60 * s, row_h - 44 * s)
        need = max(card.height_needed(painter, card_w, s) for card in self.cards) if self.cards else 0.0
        # big text: cards as tall as their words, and the lines of cards on as many pages as that takes
        if card_h + 0.5 < need or heading > 30 * s:
            card_h = max(card_h, need)
            row_h = heading + card_h + 14 * s
        per_page = max(1, int((avail_h + 1e-6) // row_h))
        self.pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
        self.row_titles = []
        self.page_of = {}
        for page, page_lines in enumerate(self.pages):
            y = 118 * s
            for line in page_lines:
                x = 40 * s
                for index in line:
                    title, cards = self.chapters[index]
                    self.row_titles.append((title, x, y, page))
                    for i, card in enumerate(cards):
                        card.place(x + i * (card_w + GAP * s), y + heading, card_w, card_h)
                        self.page_of[id(card)] = page
                    x += len(cards) * (card_w + GAP * s) + SHELF_GAP * s
                y += row_h
        self.per_row = per_row
        # Back: its right edge where it always was, as wide and tall as its word needs (big text)
        back_w = max(110 * s, painter.text_width(_(self.back_button.label), 19 * s, "bold") + 32 * s)
        back_h = max(48 * s, painter.text_height(19 * s, "bold") + 16 * s)
        self.back_button.place(W - 40 * s - 210 * s - back_w, 34 * s, back_w, back_h)

    def _shelve(self, per_line: int) -> list[list[int]]:
        """Chapter indices line by line: a chapter joins the line before while its cards fit."""
        lines: list[list[int]] = []
        for index, (_title, cards) in enumerate(self.chapters):
            used = sum(len(self.chapters[i][1]) for i in lines[-1]) if lines else per_line
            if used + len(cards) <= per_line:
                lines[-1].append(index)
            else:
                lines.append([index])
        return lines

    def handle(self, event) -> bool:
        if isinstance(event, Key) and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.turn_page(1 if event.key == pygame.K_PAGEDOWN else -1)
            return True
        if isinstance(event, Pointer) and event.kind == "wheel" and len(self.pages) > 1:
            self.turn_page(-1 if event.dy > 0 else 1)
            return True
        if isinstance(event, Key) and event.key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
            self._move(event.key)
            return True
        if isinstance(event, Key) and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            focused = self.focus.focused
            if focused is not None:
                focused.activate()
            return True
        if isinstance(event, Pad) and event.kind == "button" and event.index == 0:
            if self.focus.focused is not None:
                self.focus.focused.activate()
            return True
        return self.focus.handle(event)

    def _move(self, key) -> None:
        self.focus.ring_visible = True
        focused = self.focus.focused
        if focused is None:
            return
        for r, (_title, cards) in enumerate(self.chapters):
            if focused in cards:
                c = cards.index(focused)
                break
        else:  # the Back button: arrows lead back into the grid
            self.focus.focus(self.cards[0])
            return
        if key == pygame.K_LEFT:
            c -= 1
        elif key == pygame.K_RIGHT:
            c += 1
        elif key == pygame.K_UP:
            r -= 1
        else:
            r += 1
        r = max(0, min(len(self.chapters) - 1, r))
        cards = self.chapters[r][1]
        c = max(0, min(len(cards) - 1, c))
        self.focus.focus(cards[c])

    def _draw_static(self, painter) -> None:
        s = self.s
        self.backdrop.draw(self.size)
        painter.begin(self.size)
        painter.text(_("Choose a level"), 40 * s, 30 * s, 46 * s, theme.INK, face="bold")
        total = sum(self.app.store.progress(lv.id).stars for lv in self.app.levels.levels)
        painter.text(f"★ {total} / {3 * len(self.app.levels.levels)}", self.size[0] - 40 * s, 44 * s, 26 * s,
                     theme.YELLOW, anchor="topright", face="bold")
        page = self.current_page()
        for title, x, y, on in self.row_titles:
            if on == page:
                text = _(title).upper()
                room = self.size[0] - 40 * s - x  # the window's edge (the chapter's cards may be narrower)
                painter.text(text, x + 2 * s, y + 4 * s, painter.fit(text, 16 * s, room, "bold", smallest=14 * s),
                             theme.INK_DIM, face="bold")
        keys = _("arrows / Tab  move     Enter  play     Esc  back     ?  shortcuts")
        if len(self.pages) > 1:
            keys = _("page {page} of {pages}   PgUp / PgDn").format(page=page + 1, pages=len(self.pages)) + "     " + keys
        painter.text(keys, self.size[0] / 2, self.size[1] - 14 * s,
                     painter.fit(keys, 15 * s, self.size[0] - 40 * s, "bold", smallest=14 * s),
                     theme.INK_FAINT, anchor="bottomcenter", face="bold")
        focused = self.focus.focused if self.focus.ring_visible else None
        for widget in self.focus.widgets:
            if self.page_of.get(id(widget), page) == page:  # the cards of this page, and Back
                note_panel(painter, widget.rect, type(widget).__name__)
                widget.draw(painter, s, widget is focused)
        painter.flush()

    def current_page(self) -> int:
        """The page of the focused card (the last one shown while Back has the focus)."""
        page = self.page_of.get(id(self.focus.focused))
        if page is not None:
            self.page = page
        return min(self.page, len(self.pages) - 1)

    def turn_page(self, step: int) -> None:
        """PgUp / PgDn (and the wheel): the first open card of the page before or after."""
        page = max(0, min(len(self.pages) - 1, self.current_page() + step))
        cards = [c for c in self.cards if self.page_of.get(id(c)) == page]
        if cards:
            self.focus.focus(next((c for c in cards if c.enabled), cards[0]))
            self.page = page

    def draw(self, painter, alpha: float) -> None:
        key = (i18n.language(), self.current_page(), self.focus.look(), tuple(self.app.store.progress(c.level.id) if c.level else None for c in self.cards))
        self.layer.show(self.size, key, lambda: self._draw_static(painter))
        painter.begin(self.size)
        self.focus.draw_ring(painter, self.s)
        if self.note is not None:
            self._draw_note(painter, self.note[0])
        painter.flush()

    def _draw_note(self, painter, text: str) -> None:
        s = self.s
        W, H = self.size
        size = 18 * s
        while painter.text_width(text, size, "bold") > W - 160 * s and size > 14 * s:
            size -= 1
        w = min(W - 40 * s, painter.text_width(text, size, "bold") + 48 * s)
        x, y, h = (W - w) / 2, H - 96 * s, 48 * s
        painter.rect(x, y, w, h, theme.CARD, radius=12 * s, glow=8 * s)
        painter.rect(x, y, w, h, theme.with_alpha(theme.YELLOW, 0.8), radius=12 * s, stroke=1.5 * s)
        painter.text(text, W / 2, y + h / 2, size, theme.INK, anchor="center", face="bold")

    def animating(self) -> bool:
        return self.note is not None  # cards change only on input; a note fades on its own

    def exit(self) -> None:
        self.layer.release()
        self.backdrop.release()
