"""Widgets keep a colour role ("ORANGE"), not a colour: switching the palette or high contrast
in Settings recolours the open scene's buttons and sliders in the very next frame, below the
Settings card as well as on it."""

from __future__ import annotations

import pytest

from game.render import theme
from tests.e2e.game_driver import frames, open_app

pytestmark = pytest.mark.e2e


def strokes(app, n=1):
    """The outline colours the next n frames draw, per rectangle (x, y, w, h)."""
    seen = {}
    original = app.painter.rect

    def rect(x, y, w, h, color, *args, **kwargs):
        if kwargs.get("stroke"):
            seen[(round(x), round(y), round(w), round(h))] = tuple(round(c, 3) for c in color)
        return original(x, y, w, h, color, *args, **kwargs)

    app.painter.rect = rect
    try:
        frames(app, n)
    finally:
        del app.painter.rect
    return seen


def outline_of(seen, widget):
    x, y, w, h = widget.rect
    return seen[(round(x), round(y), round(w), round(h))]


def test_a_palette_switch_recolours_the_open_scenes_buttons_in_the_next_frame(tmp_path):
    app = open_app(tmp_path)
    try:
        play = app.open_level(next(lv for lv in app.levels.levels if lv.id == "parabola"))
        frames(app, 2)
        assert play.play_button.accent_role == "ORANGE"
        before = outline_of(strokes(app), play.play_button)
        assert before == tuple(round(c, 3) for c in theme.with_alpha(theme.DEFAULT["ORANGE"], 0.55))
        app.show_settings()
        settings = app.stack.top
        frames(app, 1)
        settings.palette.activate()  # the colour-blind-safe palette, as a player turns it on
        seen = strokes(app)  # the next frame
        safe_orange = tuple(round(c, 3) for c in theme.with_alpha(theme.COLOUR_SAFE["ORANGE"], 0.55))
        assert outline_of(seen, play.play_button) == safe_orange != before  # under the Settings card
        assert theme.COLOUR_SAFE["BLUE"] != theme.DEFAULT["BLUE"]
        assert play.eta_slider.color == theme.CYAN
        settings.contrast.activate()  # high contrast on top: the Settings card's own buttons follow
        seen = strokes(app)
        assert outline_of(seen, settings.palette) == tuple(round(c, 3) for c in theme.with_alpha(theme.VIOLET, 0.55))
        assert outline_of(seen, settings.mute) == tuple(round(c, 3) for c in theme.with_alpha(theme.COLOUR_SAFE["ORANGE"], 0.55))
        assert outline_of(seen, play.play_button) == safe_orange
    finally:
        app.close()
        theme.apply()


def test_a_widget_takes_a_role_name_not_a_colour():
    from game.ui.button import Button
    from game.ui.slider import Slider

    button = Button("Go", lambda: None, accent="ORANGE")
    try:
        theme.apply(colour_safe=True)
        assert button.accent == theme.COLOUR_SAFE["ORANGE"]
        theme.apply(high_contrast=True)
        assert button.accent == theme.DEFAULT["ORANGE"]
    finally:
        theme.apply()
    with pytest.raises(TypeError):
        Button("Go", lambda: None, accent=theme.ORANGE)  # a colour copied now would never change
    with pytest.raises(TypeError):
        Slider("η", 0.1, 0.01, 1.0, color="orange")
