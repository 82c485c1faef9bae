"""Every palette (the default one, the colour-blind-safe one, each with and without high contrast)
keeps its categories apart for people with protanopia, deuteranopia and tritanopia (simulated with Machado et al. 2009, compared with CIEDE2000):
the fate map's settled / exploded / out-of-steps cells, a network line's sign, a goal's mark,
each also against the dark background it is drawn on.

Threshold: CIEDE2000 >= 20. A just-noticeable difference is about 2.3 (Sharma 2003), but marks
in a chart must be told apart at a glance and at small sizes: Szafir (2018, "Modelling Colour
Difference for Visualization Design", IEEE TVCG) measured the difference needed for thin lines
and small points to be judged different 50% of the time at several times the JND, rising as marks
shrink. 20 leaves room for 2-3 px lines on a dark background; shapes and words (stripes, ✓ ✗,
labels) back the colours up in every palette."""

from __future__ import annotations

import numpy as np
import pytest

from game.render import cvd, theme

THRESHOLD = 20.0


def categories(palette: dict) -> dict[str, dict[str, np.ndarray]]:
    rgb = lambda c: np.asarray(c[:3], dtype=np.float64)  # noqa: E731
    byte = lambda c: np.asarray(c, dtype=np.float64) / 255.0  # noqa: E731
    fast, slow = byte(palette["FATE_SETTLED_FAST"]), byte(palette["FATE_SETTLED_SLOW"])
    background = rgb(palette["BG_TOP"])
    shades = [fast * (1 - t) + slow * t for t in np.linspace(0.0, 1.0, 5)]  # one category: a ramp
    return {
        "fate map": {"settled": shades, "exploded": [byte(palette["FATE_EXPLODED"])],
                     "out of steps": [byte(palette["FATE_OUT_OF_STEPS"])]},
        "network lines": {"positive": [rgb(palette["POSITIVE"])], "negative": [rgb(palette["NEGATIVE"])],
                          "background": [background]},
        "goal marks": {"met": [rgb(palette["MET"])], "not met": [rgb(palette["NOT_MET"])],
                       "not run": [rgb(palette["PENDING"])], "background": [background]},
    }


def closest_categories(groups: dict, kind) -> tuple[float, tuple[str, str]]:
    """The smallest difference between two colours of different categories, as `kind` sees them."""
    best = (np.inf, ("", ""))
    names = list(groups)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            for ca in groups[a]:
                for cb in groups[b]:
                    d, _pair = cvd.min_distance({a: ca, b: cb}, kind)
                    if d < best[0]:
                        best = (d, (a, b))
    return best


def test_the_simulation_and_the_difference_match_published_values():
    # CIEDE2000 test pair 1 of Sharma, Wu & Dalal (2005): 2.0425
    assert cvd.delta_e2000([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485]) == pytest.approx(2.0425, abs=1e-4)
    # a dichromat confuses red and green (Machado's model keeps them close) but not blue and yellow
    red, green = np.array([0.8, 0.2, 0.2]), np.array([0.35, 0.55, 0.2])
    seen = {k: cvd.delta_e2000(cvd.to_lab(cvd.simulate(red, k)), cvd.to_lab(cvd.simulate(green, k)))
            for k in ("protanopia", "deuteranopia")}
    normal = cvd.delta_e2000(cvd.to_lab(red), cvd.to_lab(green))
    assert all(d < normal / 2 for d in seen.values()), (normal, seen)
    assert np.allclose(cvd.simulate(np.array([1.0, 1.0, 1.0]), "deuteranopia"), 1.0, atol=0.01)  # white stays white


PALETTES = {"default": {}, "default, high contrast": {"high_contrast": True},
            "colour-safe": {"colour_safe": True}, "colour-safe, high contrast": {"high_contrast": True, "colour_safe": True}}


@pytest.mark.parametrize("kind", [None, *cvd.KINDS])
@pytest.mark.parametrize("name", PALETTES)
def test_every_palette_keeps_every_category_apart(name, kind):
    for group, colors in categories(theme.palette(**PALETTES[name])).items():
        distance, pair = closest_categories(colors, kind)
        assert distance >= THRESHOLD, (f"{name} palette, {group} under {kind or 'normal vision'}: "
                                       f"{pair} only {distance:.1f} apart")


def test_applying_a_palette_changes_what_draws_read_and_the_look_key():
    try:
        before = theme.LOOK
        theme.apply(colour_safe=True, high_contrast=True, text_scale=1.5, reduced_motion=True)
        assert theme.POSITIVE == theme.COLOUR_SAFE["POSITIVE"] and theme.INK == theme.HIGH_CONTRAST["INK"]
        assert theme.TEXT_SCALE == 1.5 and theme.REDUCED_MOTION and theme.LOOK != before
        assert theme.STATUS_STYLE["converged"][2] == theme.MET
    finally:
        theme.apply()
    assert theme.INK == theme.DEFAULT["INK"] and theme.TEXT_SCALE == 1.0
