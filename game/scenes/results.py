"""Results: stars, steps against par, what happened and why; retry, next, or back to levels."""

from __future__ import annotations

import pygame

from game.i18n import N_, _
from game.render import theme
from game.scenes.explain import explain
from game.scenes.overlay import OverlayScene
from game.sim.families import family_of
from game.ui.button import Button
from game.ui.events import PAD_A, Key, Pad


BODY_TOP = 296  # where the explanation starts in the card (at 720p)


class ResultsScene(OverlayScene):
    name = "results"

    def __init__(self, app, play_scene) -> None:
        super().__init__(app)
        self.play = play_scene
        self.result = play_scene.result
        self.outcome = self.result.outcome
        self.lines = explain(play_scene.level, self.result)
        if self.result.extra.get("practice"):  # the network's weights were moved by hand (the wiggle)
            self.lines = [_("A practice run: you moved weights by hand, so it earns no stars. Reset puts the "
                            "level's own weights back."), *self.lines]
        self.next = app.next_level(play_scene.level)
        self.last = self.next is None and self.outcome.cleared  # the last level, cleared: the ending is next
        can_next = self.last or (self.next is not None and app.is_unlocked(self.next)
                                 and app.registry.can_play(self.next))
        reason = N_("clear this level first") if self.next is not None else N_("clear it to finish")
        self.retry_button = Button(N_("Retry"), self.retry, hint="R", accent="CYAN", big=True)
        self.next_button = Button(N_("The end") if self.last else N_("Next level"), self.go_next, hint="N",
                                  accent="BLUE", big=True, enabled=can_next, reason=reason)
        self.levels_button = Button(N_("Levels"), self.to_levels, hint="Esc", accent="INK_DIM", big=True)
        self.focus.set_widgets([self.retry_button, self.next_button, self.levels_button])
        self.focus.focus(self.next_button if can_next else self.retry_button)
        self.focus.ring_visible = True

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        s = self.s
        # as tall as the explanation needs at the text size (560 at 1.0), up to the window's height
        body_h = self.app.painter.block_height(self.lines, 19 * s, 664 * s, 1.3)
        self.rect = self.card_rect(760, max(560, BODY_TOP + body_h / s + 16 + 64 + 28))
        x, y, w, h = self.rect
        bw, bh = 200 * s, 64 * s
        self.body = (x + 48 * s, y + BODY_TOP * s, w - 96 * s, h - (BODY_TOP + 16 + 28) * s - bh)
        total = 3 * bw + 2 * 20 * s
        bx = x + (w - total) / 2
        for i, button in enumerate((self.retry_button, self.next_button, self.levels_button)):
            button.place(bx + i * (bw + 20 * s), y + h - bh - 28 * s, bw, bh)

    def retry(self) -> None:
        self.app.stack.pop()
        self.play.reset()

    def go_next(self) -> None:
        if self.last:
            from game.scenes.ending import EndingScene

            self.app.stack.pop()
            self.app.stack.replace(EndingScene(self.app))
            return
        if self.next is None or not self.next_button.enabled:
            return
        self.app.stack.pop()
        self.app.open_level(self.next, replace=True)

    def to_levels(self) -> None:
        self.app.stack.pop()
        self.app.stack.pop()
        top = self.app.stack.top
        if top is not None:
            top.resume()

    def back(self) -> None:
        self.to_levels()

    def handle(self, event) -> bool:
        if isinstance(event, Key):
            actions = {pygame.K_r: self.retry, pygame.K_n: self.go_next}
            if event.key in actions:
                actions[event.key]()
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.focus.focused.activate()
                return True
        if isinstance(event, Pad) and event.kind == "button" and event.index == PAD_A:
            self.focus.focused.activate()
            return True
        return self.focus.handle(event)

    def class_line(self):
        """What the player's class server said about this run, when it went to a class (the app's
        class link, if any, is read as it is: scenes do not import game.classroom)."""
        link = getattr(self.app, "classroom", None)
        return link.results_line(self.play.level.id) if link is not None else None

    def still_key(self):
        return (super().still_key(), self.class_line())

    def draw_still(self, painter) -> None:
        s = self.s
        o = self.outcome
        accent = theme.BLUE if o.cleared else theme.ORANGE
        self.draw_card(painter, self.rect, theme.with_alpha(accent, 0.6))
        x, y, w, h = self.rect
        cx = x + w / 2
        title = _("✓  Cleared!") if o.cleared else _("✗  Not yet")
        painter.text(title, cx, y + 30 * s, 46 * s, accent, anchor="topcenter", face="bold")
        painter.text(self.play.level.local_title, cx, y + 88 * s, 19 * s, theme.INK_DIM, anchor="topcenter")
        for k in range(3):
            sx = cx + (k - 1) * 76 * s
            filled = k < o.stars
            painter.star(sx, y + 160 * s, 30 * s, theme.YELLOW if filled else theme.with_alpha(theme.INK_FAINT, 0.8),
                         glow=10 * s if filled else 0, stroke=0 if filled else 2.5 * s)
        family = family_of(self.play.level)
        unit = family.unit_of(self.play.level)  # steps or epochs
        word, mark, color = theme.STATUS_STYLE.get(o.status, theme.STATUS_STYLE["running"])
        if o.status == "converged":
            word = family.converged_word or word
        elif o.status == "max_steps":
            word = unit.out_of
        if not o.cleared:  # a failed run never wears the tick of success
            mark, color = "✗", theme.ORANGE
        par = "—" if o.par is None else str(o.par)
        stats = [(unit.label(o.steps), str(o.steps)), (_("par"), par), (_("outcome"), f"{mark} {_(word)}")]
        col_w = (w - 80 * s) / 3
        for i, (label, value) in enumerate(stats):
            sx = x + 40 * s + col_w * (i + 0.5)
            last = i == len(stats) - 1  # the outcome
            painter.text(value, sx, y + 214 * s, 34 * s, color if last else theme.INK,
                         anchor="topcenter", face="bold" if last else "mono")
            painter.text(label, sx, y + 256 * s, 14 * s, theme.INK_FAINT, anchor="topcenter", face="bold")
        bx, by, bw, bh = self.body  # the explanation: as big as fits its room, never under 14 px
        size = painter.fit_block(self.lines, 19 * s, bw, bh, 1.3, smallest=14 * s)
        painter.text_block(self.lines, bx, by, size, theme.INK, bw, leading=1.3)
        line = self.class_line()
        if line is not None:
            text, good = line
            size = 16 * s
            while painter.text_width(text, size, face="bold") > w - 28 * s and size > 10:
                size -= 1
            width = painter.text_width(text, size, face="bold") + 28 * s
            colour = theme.CYAN if good else theme.ORANGE
            painter.rect(cx - width / 2, y + h + 8 * s, width, size + 16 * s, theme.INSET, radius=12 * s)
            painter.rect(cx - width / 2, y + h + 8 * s, width, size + 16 * s, theme.with_alpha(colour, 0.5),
                         radius=12 * s, stroke=1.2 * s)
            painter.text(text, cx, y + h + 8 * s + (size + 16 * s) / 2, size, colour, anchor="center", face="bold")
        self.focus.draw(painter, s)

    def animating(self) -> bool:
        return False  # a still card over a paused scene
