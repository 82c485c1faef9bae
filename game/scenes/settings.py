"""Settings: language, sound, text size, contrast, colour-blind-safe palette, reduced motion,
captions. Each change is saved at once and shows at once (the next frame), no restart."""

from __future__ import annotations

from game import i18n
from game.i18n import N_, _
from game.render import theme
from game.scenes.overlay import OverlayScene
from game.ui.button import Button
from game.ui.slider import Slider

TEXT_SIZES = theme.TEXT_SCALES  # the text-size slider's range


class SettingsScene(OverlayScene):
    name = "settings"

    def __init__(self, app) -> None:
        super().__init__(app)
        st = app.store.settings
        self.volume = Slider(N_("Volume"), st.volume, 0.0, 1.0, on_change=self.set_volume, color="BLUE",
                             fmt="{:.0%}")
        self.text_size = Slider(N_("Text size"), min(max(st.text_scale, TEXT_SIZES[0]), TEXT_SIZES[1]),
                                TEXT_SIZES[0], TEXT_SIZES[1], on_change=self.set_text_size, color="CYAN",
                                fmt="{:.0%}", digits=2)
        self.language = Button("", self.next_language, hint="L", accent="CYAN")
        self.mute = Button("", self.toggle_mute, accent="ORANGE")
        self.loss_sound = Button("", lambda: self.toggle("loss_sound"), accent="ORANGE")
        self.captions = Button("", lambda: self.toggle("captions"), accent="ORANGE")
        self.fullscreen = Button("", self.toggle_fullscreen, accent="BLUE")
        self.motion = Button("", lambda: self.toggle("reduced_motion"), accent="VIOLET")
        self.contrast = Button("", lambda: self.toggle("high_contrast"), accent="VIOLET")
        self.palette = Button("", lambda: self.toggle("colour_safe"), accent="VIOLET")
        self.unlock = Button("", self.toggle_unlock, accent="YELLOW")
        self.done = Button(N_("Done"), self.back, hint="Esc", accent="INK_DIM", big=True)
        self.left = [self.language, self.volume, self.text_size, self.mute, self.loss_sound, self.captions]
        self.right = [self.fullscreen, self.motion, self.contrast, self.palette, self.unlock]
        self.focus.set_widgets([*self.left, *self.right, self.done])
        self._labels()

    def _labels(self) -> None:
        st = self.app.store.settings
        on = {True: _("on"), False: _("off")}
        self.language.label = _("Language: {name}").format(name=i18n.LANGUAGE_NAMES[i18n.language()])
        self.mute.label = _("Sound: off (muted)") if st.muted else _("Sound: on")
        self.mute.lit = st.muted
        self.fullscreen.label = _("Fullscreen: on") if self.app.window.fullscreen else _("Fullscreen: off")
        self.fullscreen.lit = self.app.window.fullscreen
        self.motion.label = _("Reduced motion: on") if st.reduced_motion else _("Reduced motion: off")
        self.motion.lit = st.reduced_motion
        self.unlock.label = _("Every level open: on") if st.unlock_all else _("Every level open: off")
        self.unlock.lit = st.unlock_all
        self.contrast.label = _("High contrast: {state}").format(state=on[st.high_contrast])
        self.contrast.lit = st.high_contrast
        self.palette.label = _("Colour-blind safe colours: {state}").format(state=on[st.colour_safe])
        self.palette.lit = st.colour_safe
        self.loss_sound.label = _("Loss sound (pitch = loss): {state}").format(state=on[st.loss_sound])
        self.loss_sound.lit = st.loss_sound
        self.captions.label = _("Captions for sounds: {state}").format(state=on[st.captions])
        self.captions.lit = st.captions

    def changed(self) -> None:
        """A setting that changes the look: apply it everywhere now."""
        self._labels()
        self.app.apply_look()

    def next_language(self) -> None:
        """The next language, saved; every scene shows it from the next frame."""
        codes = i18n.LANGUAGES
        code = codes[(codes.index(i18n.language()) + 1) % len(codes)]
        self.app.store.update_settings(language=code)
        i18n.use(code)
        self.changed()

    def set_volume(self, value: float) -> None:
        st = self.app.store.update_settings(volume=round(value, 2))
        self.app.audio.set_volume(st.volume)

    def set_text_size(self, value: float) -> None:
        self.app.store.update_settings(text_scale=round(value, 2))
        self.changed()

    def toggle_mute(self) -> None:
        st = self.app.store.update_settings(muted=not self.app.store.settings.muted)
        self.app.audio.set_muted(st.muted)
        self._labels()

    def toggle_fullscreen(self) -> None:
        self.app.set_fullscreen(not self.app.window.fullscreen)
        self._labels()

    def toggle(self, name: str) -> None:
        self.app.store.update_settings(**{name: not getattr(self.app.store.settings, name)})
        self.changed()

    def toggle_unlock(self) -> None:
        """Open every level (a teacher's or a kiosk's choice); stars already won are kept."""
        self.app.store.update_settings(unlock_all=not self.app.store.settings.unlock_all)
        self._labels()
        self.app.invalidate_under()

    def handle(self, event) -> bool:
        if getattr(event, "text", None) in ("l", "L"):
            self.next_language()
            return True
        return super().handle(event)

    def still_key(self):
        return (super().still_key(), i18n.language(), theme.LOOK)

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        s = self.s
        self.rect = self.card_rect(1000, 660)
        x, y, w, h = self.rect
        col = (w - 100 * s) / 2
        top = y + 92 * s
        for column, cx in ((self.left, x + 40 * s), (self.right, x + 60 * s + col)):
            cy = top
            for widget in column:
                tall = 70 * s if isinstance(widget, Slider) else 52 * s
                widget.place(cx, cy, col, tall)
                cy += tall + 10 * s
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
