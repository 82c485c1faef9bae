"""Settings' accessibility choices take effect at once, in the real offscreen window: text size,
high contrast, the colour-blind-safe palette, the language; sound cues leave captions."""

from __future__ import annotations

import pytest

from game.app import CAPTION_SECONDS, Sounds
from game.render import theme
from tests.e2e.game_driver import frames, open_app, pixels

pytestmark = pytest.mark.e2e


def test_settings_apply_everywhere_without_a_restart(tmp_path):
    app = open_app(tmp_path)
    try:
        frames(app, 2)
        width_before = app.painter.text_width("Downhill", 20)
        app.show_settings()
        scene = app.stack.top
        scene.contrast.activate()
        scene.palette.activate()
        scene.set_text_size(1.5)
        frames(app, 2)
        assert app.store.settings.high_contrast and app.store.settings.colour_safe
        assert theme.INK == theme.HIGH_CONTRAST["INK"] and theme.POSITIVE == theme.COLOUR_SAFE["POSITIVE"]
        assert app.store.settings.text_scale == 1.5 and theme.TEXT_SCALE == 1.5
        assert app.painter.text_width("Downhill", 20) == pytest.approx(width_before * 1.5, rel=0.1)
        scene.next_language()
        frames(app, 1)
        assert app.store.settings.language == "de" and "Sprache" in scene.language.label
    finally:
        app.close()
    again = open_app(tmp_path)  # saved: the next start has the same look
    try:
        assert theme.TEXT_SCALE == 1.5 and theme.INK == theme.HIGH_CONTRAST["INK"]
    finally:
        again.close()


def test_every_sound_cue_has_a_caption_and_the_loss_sound_can_be_off():
    sounds = Sounds(None)
    sounds.tick(0.25)
    assert sounds.caption_text() == "[tick] its pitch follows the loss, now 25% of the way up"
    sounds.chime()
    assert "cleared" in sounds.caption_text()
    sounds.thud()
    assert "exploded" in sounds.caption_text()
    sounds.caption_age = CAPTION_SECONDS + 0.1
    assert sounds.caption_text() is None
    sounds.loss_sound = False
    sounds.tick(0.5)
    assert sounds.caption_text() is None


def test_captions_are_drawn_when_on(tmp_path):
    app = open_app(tmp_path)
    try:
        app.store.update_settings(captions=True)
        app.apply_look()
        frames(app, 1)
        band = lambda image: image[-140:-85, 400:880].astype(int)  # noqa: E731  (the caption's place)
        quiet = band(pixels(app))
        app.audio.chime()
        frames(app, 1)
        shown = band(pixels(app))
        assert abs(shown - quiet).max() > 100  # the black pill and its words
        frames(app, int(CAPTION_SECONDS * 60) + 5)
        assert abs(band(pixels(app)) - quiet).max() < 40  # gone again
    finally:
        app.close()


def test_overlay_cards_take_the_high_contrast_panel_colour(tmp_path):
    """The shortcuts card is filled with theme.CARD: near-black in high contrast, navy by default
    (a fixed fill would stay navy in both)."""
    import numpy as np

    app = open_app(tmp_path)
    try:
        app.show_help()
        frames(app, 2)
        blank = lambda image: np.median(image[560:640, 60:380].reshape(-1, image.shape[-1])[:, :3], axis=0)  # noqa: E731
        plain = blank(pixels(app))
        assert np.allclose(plain, np.array(theme.DEFAULT["CARD"][:3]) * 255, atol=6), plain
        app.store.update_settings(high_contrast=True)
        app.apply_look()
        frames(app, 2)
        contrast = blank(pixels(app))
        assert np.allclose(contrast, np.array(theme.HIGH_CONTRAST["CARD"][:3]) * 255, atol=4), contrast
    finally:
        app.close()
