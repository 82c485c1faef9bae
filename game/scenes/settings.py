"""Settings: language, volume, mute, fullscreen, reduced motion, every level open (for teachers).
Each change is saved at once and applied at once (a new language shows on the next frame, no
restart)."""

from __future__ import annotations

from game import i18n
from game.i18n import N_, _
from game.render import theme
from game.scenes.overlay import OverlayScene
from game.ui.button import Button
from game.ui.slider import Slider


class SettingsScene(OverlayScene):
    name = "settings"

    def __init__(self, app) -> None:
        super().__init__(app)
        st = app.store.settings
        self.volume = Slider(N_("Volume"), st.volume, 0.0, 1.0, on_change=self.set_volume, color=theme.BLUE,
                             fmt="{:.0%}")
        self.language = Button("", self.next_language, hint="L", accent=theme.CYAN)
        self.mute = Button("", self.toggle_mute, accent=theme.ORANGE)
        self.fullscreen = Button("", self.toggle_fullscreen, accent=theme.BLUE)
        self.motion = Button("", self.toggle_motion, accent=theme.VIOLET)
        self.unlock = Button("", self.toggle_unlock, accent=theme.YELLOW)
        self.done = Button(N_("Done"), self.back, hint="Esc", accent=theme.INK_DIM, big=True)
        self.focus.set_widgets([self.language, self.volume, self.mute, self.fullscreen, self.motion, self.unlock,
                                self.done])
        self._labels()

    def _labels(self) -> None:
        st = self.app.store.settings
        self.language.label = _("Language: {name}").format(name=i18n.LANGUAGE_NAMES[i18n.language()])
        self.mute.label = _("Sound: off (muted)") if st.muted else _("Sound: on")
        self.mute.lit = st.muted
        self.fullscreen.label = _("Fullscreen: on") if self.app.window.fullscreen else _("Fullscreen: off")
        self.fullscreen.lit = self.app.window.fullscreen
        self.motion.label = _("Reduced motion: on") if st.reduced_motion else _("Reduced motion: off")
        self.motion.lit = st.reduced_motion
        self.unlock.label = _("Every level open: on") if st.unlock_all else _("Every level open: off")
        self.unlock.lit = st.unlock_all

    def next_language(self) -> None:
        """The next language, saved; every scene shows it from the next frame."""
        codes = i18n.LANGUAGES
        code = codes[(codes.index(i18n.language()) + 1) % len(codes)]
        self.app.store.update_settings(language=code)
        i18n.use(code)
        self._labels()
        self.app.invalidate_under()
        self.app.relayout()

    def set_volume(self, value: float) -> None:
        st = self.app.store.update_settings(volume=round(value, 2))
        self.app.audio.set_volume(st.volume)

    def toggle_mute(self) -> None:
        st = self.app.store.update_settings(muted=not self.app.store.settings.muted)
        self.app.audio.set_muted(st.muted)
        self._labels()

    def toggle_fullscreen(self) -> None:
        self.app.set_fullscreen(not self.app.window.fullscreen)
        self._labels()

    def toggle_motion(self) -> None:
        self.app.store.update_settings(reduced_motion=not self.app.store.settings.reduced_motion)
        self._labels()

    def handle(self, event) -> bool:
        if getattr(event, "text", None) in ("l", "L"):
            self.next_language()
            return True
        return super().handle(event)

    def still_key(self):
        return (super().still_key(), i18n.language())

    def toggle_unlock(self) -> None:
        """Open every level (a teacher's or a kiosk's choice); stars already won are kept."""
        self.app.store.update_settings(unlock_all=not self.app.store.settings.unlock_all)
        self._labels()
        self.app.invalidate_under()

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        s = self.s
        self.rect = self.card_rect(620, 700)
        x, y, w, h = self.rect
        inner = w - 80 * s
        self.language.place(x + 40 * s, y + 92 * s, inner, 54 * s)
        self.volume.place(x + 40 * s, y + 156 * s, inner, 72 * s)
        for i, button in enumerate((self.mute, self.fullscreen, self.motion, self.unlock)):
            button.place(x + 40 * s, y + 240 * s + i * 66 * s, inner, 54 * s)
        self.done.place(x + w / 2 - 110 * s, y + h - 80 * s, 220 * s, 60 * s)

    def draw_still(self, painter) -> None:
        s = self.s
        self.draw_card(painter, self.rect, theme.with_alpha(theme.BLUE, 0.5))
        x, y, w, h = self.rect
        painter.text(_("Settings"), x + 40 * s, y + 28 * s, 36 * s, theme.INK, face="bold")
        painter.text(_("saved as you change them"), x + w - 40 * s, y + 44 * s, 14 * s, theme.INK_FAINT,
                     anchor="topright", face="bold")
        self.focus.draw_widgets(painter, s)

    def draw(self, painter, alpha: float) -> None:
        self.focus.draw_ring(painter, self.s)

    def animating(self) -> bool:
        return bool(self.volume.stick)  # a held pad stick moves the volume slider
