"""Join a class: server address, join code and nickname (typed, tapped on the on-screen keys, or
made up), then the class's challenge levels and what the server said about each run.

Reached from the title (App.open_class). The network lives on the client's thread; this scene
only reads its queue each tick.
"""

from __future__ import annotations

import pygame

from game.classroom import names
from game.classroom.client import ClassClient
from game.classroom.link import ClassLink, saved_path
from game.i18n import N_, _
from game.render import theme
from game.render.backdrop import Backdrop
from game.scenes.base import Scene
from game.ui.button import Button
from game.ui.events import PAD_B, Key, Pad, Pointer
from game.ui.widget import Widget

CODE_LENGTH = 6
ADDRESS_MAX = 64
DEFAULT_ADDRESS = "127.0.0.1:8765"
KEYPAD = ("1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", ":")
STATE_WORDS = {"connecting": N_("connecting…"), "joined": N_("connected"), "offline": N_("offline: runs wait here"),
               "refused": N_("not let in"), "closed": N_("left")}


def status_word(status: str) -> str:
    """An outcome's status as the game words it everywhere (Settled, Exploded, Out of steps)."""
    return _(theme.STATUS_STYLE.get(status, (status,))[0])


class TextField(Widget):
    """One line of text the player types (keyboard) or taps in (the on-screen keys)."""

    def __init__(self, label: str, value: str = "", *, limit: int = 24, digits: bool = False) -> None:
        super().__init__(label)
        self.value = value
        self.limit = limit
        self.digits = digits
        self.error = ""

    def type(self, text: str) -> None:
        for ch in text:
            if len(self.value) >= self.limit or not ch.isprintable():
                return
            if self.digits and not ch.isdigit():
                continue
            self.value += ch
        self.error = ""

    def backspace(self) -> None:
        self.value = self.value[:-1]
        self.error = ""

    def on_pointer(self, event: Pointer) -> bool:
        return event.kind in ("down", "up")

    def draw(self, painter, ui_scale: float, focused: bool) -> None:
        x, y, w, h = self.rect
        s = ui_scale
        painter.text(_(self.label), x, y - 6 * s, 17 * s, theme.INK_DIM, anchor="bottomleft")
        edge = theme.FOCUS if focused else theme.with_alpha(theme.BLUE, 0.55)
        painter.rect(x, y, w, h, theme.CARD, radius=10 * s)
        painter.rect(x, y, w, h, edge, radius=10 * s, stroke=(2.5 if focused else 1.5) * s)
        size = h * (0.62 if self.digits else 0.5)
        shown = f"{self.value[:3]} {self.value[3:]}" if self.digits else self.value
        face = "mono" if self.digits else "regular"
        painter.text(shown + ("▏" if focused else ""), x + 16 * s, y + h / 2, size, theme.INK, anchor="midleft",
                     face=face)
        if self.error:
            painter.text(self.error, x, y + h + 6 * s, 15 * s, theme.ORANGE, anchor="topleft")


class ClassScene(Scene):
    name = "class"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.backdrop = Backdrop(app.ctx)
        self.address = TextField(N_("Server (from the teacher's screen)"), DEFAULT_ADDRESS, limit=ADDRESS_MAX)
        self.code = TextField(N_("Join code"), "", limit=CODE_LENGTH, digits=True)
        self.nickname = TextField(N_("Nickname"), names.friendly(), limit=names.MAX_LENGTH)
        self.keys = [Button(k, lambda k=k: self.tap(k), accent="BLUE") for k in KEYPAD]
        self.erase = Button("⌫", self.erase_one, accent="ORANGE")
        self.make_up = Button(N_("Make one up"), self.new_nickname, accent="VIOLET")
        self.join_button = Button(N_("Join"), self.join, hint="Enter", accent="ORANGE", big=True)
        self.back_button = Button(N_("Back"), self.back, hint="Esc", accent="INK_DIM", big=True)
        self.leave_button = Button(N_("Leave class"), self.leave, accent="INK_DIM", big=True)
        self.saved = ClassClient.saved_summary(saved_path(app)) if app.classroom is None else None
        self.rejoin_button = Button(N_("Rejoin my class"), self.rejoin, accent="VIOLET", big=True)
        if self.saved and self.saved["address"]:
            self.address.value = self.saved["address"][:ADDRESS_MAX]  # the last class's server
        self.level_buttons: list[Button] = []
        self._shown_levels: tuple = ()
        self._build_focus()
        self.focus.focus(self.code)

    # -- which widgets ------------------------------------------------------------------------

    @property
    def link(self) -> ClassLink | None:
        return self.app.classroom

    def _form_widgets(self) -> list[Widget]:
        rejoin = [self.rejoin_button] if self.saved else []
        return [self.address, self.code, self.nickname, self.make_up, *self.keys, self.erase, self.join_button,
                self.back_button, *rejoin]

    def _build_focus(self) -> None:
        link = self.link
        if link is None or link.state == "refused":
            self.focus.set_widgets(self._form_widgets())
        else:
            self.focus.set_widgets([*self.level_buttons, self.leave_button, self.back_button])

    def _sync_levels(self) -> None:
        link = self.link
        ids = tuple(link.levels) if link else ()
        if ids == self._shown_levels:
            return
        self._shown_levels = ids
        by_id = {level.id: level for level in self.app.levels.levels}
        self.level_buttons = [Button(by_id[i].title if i in by_id else i, lambda i=i: self.open_level(i),
                                     accent="BLUE", big=True, enabled=i in by_id,
                                     reason=N_("not in this game")) for i in ids]
        self._build_focus()
        self.layout(self.size, self.s)

    # -- actions ------------------------------------------------------------------------------

    def field(self) -> TextField | None:
        focused = self.focus.focused
        return focused if isinstance(focused, TextField) else None

    def tap(self, key: str) -> None:
        target = self.field() or self.code
        if target is self.nickname:
            target = self.code
        target.type(key)
        self.focus.focus(target)

    def erase_one(self) -> None:
        (self.field() or self.code).backspace()

    def new_nickname(self) -> None:
        self.nickname.value = names.friendly()
        self.nickname.error = ""

    def join(self) -> None:
        code = self.code.value
        if len(code) != CODE_LENGTH:
            self.code.error = _("the join code has 6 digits")
            self.focus.focus(self.code)
            return
        if not self.address.value.strip():
            self.address.error = _("type the server's address from the teacher's screen")
            self.focus.focus(self.address)
            return
        try:
            nickname = names.clean(self.nickname.value)
        except names.NicknameError as error:
            self.nickname.error = error.said()  # in the player's language
            self.focus.focus(self.nickname)
            return
        if self.app.classroom is not None:
            self.app.classroom.leave()
        self.app.classroom = ClassLink(ClassClient(self.address.value, code, nickname=nickname,
                                                   save_to=saved_path(self.app)).start())
        self.saved = None
        self._build_focus()

    def rejoin(self) -> None:
        """Back into the class a previous game left, with its token and any runs still unanswered."""
        try:
            client = ClassClient.from_saved(saved_path(self.app))
        except ValueError as error:
            self.saved = None
            self.code.error = str(error)[:80]
            self._build_focus()
            return
        if self.app.classroom is not None:
            self.app.classroom.leave()
        self.app.classroom = ClassLink(client.start())
        self.saved = None
        self._build_focus()

    def leave(self) -> None:
        if self.app.classroom is not None:
            self.app.classroom.leave()
            self.app.classroom = None
        self._shown_levels = ()
        self.level_buttons = []
        self._build_focus()
        self.focus.focus(self.code)

    def open_level(self, level_id: str) -> None:
        level = next((lv for lv in self.app.levels.levels if lv.id == level_id), None)
        if level is not None:
            self.app.open_level(level)

    def back(self) -> None:
        self.app.stack.pop()

    # -- input ---------------------------------------------------------------------------------

    def handle(self, event) -> bool:
        field = self.field()
        if isinstance(event, Key):
            if event.key == pygame.K_ESCAPE:
                self.back()
                return True
            if field is not None:
                if event.key == pygame.K_BACKSPACE:
                    field.backspace()
                    return True
                if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                    self.join()
                    return True
                if event.text and event.text.isprintable() and event.key != pygame.K_TAB:
                    field.type(event.text)
                    return True
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not self.focus.ring_visible \
                    and (self.link is None or self.link.state == "refused"):
                self.join()
                return True
        if isinstance(event, Pad) and event.kind == "button" and event.index == PAD_B:
            self.back()
            return True
        return self.focus.handle(event)

    def update(self, dt: float) -> None:
        super().update(dt)
        link = self.link
        if link is not None:
            before = link.state
            link.pump()
            self._sync_levels()
            if link.state != before:
                self._build_focus()

    def resume(self) -> None:
        self._build_focus()

    # -- layout and drawing ----------------------------------------------------------------------

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        W, H = size
        s = self.s
        left = W * 0.5 - 560 * s
        self.address.place(left, 214 * s, 520 * s, 58 * s)
        self.code.place(left, 320 * s, 520 * s, 86 * s)
        self.nickname.place(left, 454 * s, 340 * s, 58 * s)
        self.make_up.place(left + 356 * s, 454 * s, 164 * s, 58 * s)
        kx = W * 0.5 + 80 * s
        kw, kh, gap = 110 * s, 66 * s, 12 * s
        for i, button in enumerate(self.keys):
            button.place(kx + (i % 3) * (kw + gap), 214 * s + (i // 3) * (kh + gap), kw, kh)
        self.erase.place(kx + 3 * (kw + gap), 214 * s, kw, kh)
        self.join_button.place(left, H - 150 * s, 250 * s, 70 * s)
        self.back_button.place(left + 270 * s, H - 150 * s, 200 * s, 70 * s)
        self.rejoin_button.place(W * 0.5 + 80 * s, H - 150 * s, 3 * 110 * s + 2 * 12 * s, 70 * s)
        # joined: the challenge's levels in a column, the runs' answers beside them
        for i, button in enumerate(self.level_buttons):
            button.place(left, 250 * s + i * 78 * s, 420 * s, 64 * s)
        self.leave_button.place(left, H - 150 * s, 250 * s, 70 * s)

    def draw(self, painter, alpha: float) -> None:
        W, H = self.size
        s = self.s
        self.backdrop.draw(self.size)
        painter.begin(self.size)
        left = W * 0.5 - 560 * s
        link = self.link
        heading = _("Join a class") if link is None or link.state == "refused" else _("Your class")
        painter.text(heading, left, 70 * s, 52 * s, theme.INK, anchor="topleft", face="bold")
        if link is None or link.state == "refused":
            painter.text(_("Type what your teacher's screen shows, or tap the keys."), left, 134 * s, 20 * s,
                         theme.INK_DIM, anchor="topleft")
            if link is not None and link.message:
                painter.text(link.message, left, H - 190 * s, 18 * s, theme.ORANGE, anchor="bottomleft")
            if self.saved:
                line = _("Class {code} as {name}").format(code=f"{self.saved['code'][:3]} {self.saved['code'][3:]}",
                                                          name=self.saved["nickname"])
                if self.saved["pending"]:
                    line += "  ·  " + _("{n} run(s) waiting to be checked").format(n=self.saved["pending"])
                painter.text(line, W * 0.5 + 80 * s, H - 160 * s, 16 * s, theme.INK_DIM, anchor="bottomleft")
        else:
            self._draw_class(painter, link, left)
        self.focus.draw(painter, s)
        painter.flush()

    def _draw_class(self, painter, link: ClassLink, left: float) -> None:
        W, H = self.size
        s = self.s
        state = STATE_WORDS.get(link.state, link.state)
        colour = theme.BLUE if link.state == "joined" else theme.ORANGE
        code = f"{link.code[:3]} {link.code[3:]}"
        painter.text(_("Class {code} · you are {name}").format(code=code, name=link.nickname), left, 134 * s, 22 * s,
                     theme.INK_DIM, anchor="topleft")
        painter.circle(left + 8 * s, 186 * s, 7 * s, colour, glow=6 * s)
        line = _(state)
        if link.waiting:
            line += "  ·  " + _("{n} run(s) waiting to be checked").format(n=link.waiting)
        painter.text(line, left + 24 * s, 186 * s, 19 * s, colour, anchor="midleft")
        if not link.levels:
            painter.text(_("Waiting for the server…"), left, 240 * s, 22 * s, theme.INK_DIM, anchor="topleft")
        else:
            painter.text(_("The challenge: play these levels; each finished run is sent to be checked."),
                         left, 214 * s, 16 * s, theme.INK_FAINT, anchor="topleft")
        rx = W * 0.5 + 0 * s
        painter.text(_("What the server found"), rx, 250 * s, 22 * s, theme.INK, anchor="topleft", face="bold")
        if not link.log:
            painter.text(_("Finish a challenge level: its run is re-played on the server and shows up here."),
                         rx, 288 * s, 17 * s, theme.INK_DIM, anchor="topleft")
        titles = {level.id: _(level.title) for level in self.app.levels.levels}
        for i, entry in enumerate(link.log):
            y = 288 * s + i * 54 * s
            title = titles.get(entry.get("level", ""), entry.get("level", ""))
            if entry.get("type") == "verified" and entry.get("accepted"):
                o = entry["outcome"]
                stars = "★" * o["stars"] + "☆" * (3 - o["stars"])
                painter.text(f"✓ {title}", rx, y, 19 * s, theme.BLUE, anchor="topleft", face="bold")
                painter.text(_("{status}, {steps} steps").format(status=status_word(o["status"]), steps=o["steps"]) + f"  {stars}",
                             rx + 20 * s, y + 24 * s, 16 * s, theme.INK_DIM, anchor="topleft")
            else:
                reason = entry.get("reason") or entry.get("message", "")
                painter.text("✗ " + (title or _("run")), rx, y, 19 * s, theme.ORANGE, anchor="topleft", face="bold")
                size = 15 * s
                while painter.text_width(reason, size) > 560 * s and size > 9:
                    size -= 1
                painter.text(reason, rx + 20 * s, y + 24 * s, size, theme.INK_DIM, anchor="topleft")
        if link.message:
            painter.text(link.message, left, H - 190 * s, 18 * s, theme.ORANGE, anchor="bottomleft")

    def exit(self) -> None:
        self.backdrop.release()
