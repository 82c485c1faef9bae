"""The look: colours, text size and motion in one place. Colour-blind safe: meaning never rests
on red-versus-green; the pairs are blue/orange (plus shape and words).

The player's accessibility settings change the look while the game runs (no restart):
`apply(high_contrast=..., colour_safe=..., text_scale=..., reduced_motion=...)` rebinds the
names below from the palettes, and every draw reads `theme.NAME` when it draws. This module is
the one shared look (as game.i18n holds the one active language): passing a palette through
every draw call would reach every file; `LOOK` changes with each apply, so cached pictures
(render/layer.py) redraw. Code that reads a colour must read it as `theme.NAME` at draw time,
not copy it at import.

Palettes: DEFAULT; HIGH_CONTRAST (brighter text and edges, darker panels); COLOUR_SAFE
(Okabe & Ito's colour-universal design, 2008: sky blue, vermillion, pale yellow), checked by
tests/unit/test_palette_cvd.py under simulated protanopia, deuteranopia and tritanopia.
"""

from __future__ import annotations

from game.i18n import N_

BASE_HEIGHT = 720.0  # layout is designed at 1280x720 and scaled by height

# RGBA, 0..1
DEFAULT = {
    "BG_TOP": (0.035, 0.050, 0.105),
    "BG_BOTTOM": (0.012, 0.016, 0.040),
    "INK": (0.93, 0.95, 1.00, 1.0),          # main text
    "INK_DIM": (0.62, 0.68, 0.80, 1.0),      # secondary text
    "INK_FAINT": (0.40, 0.45, 0.58, 1.0),
    "PANEL": (0.075, 0.095, 0.170, 0.86),
    "PANEL_EDGE": (0.30, 0.40, 0.65, 0.45),
    "GRID": (0.30, 0.38, 0.60, 0.16),
    "AXIS": (0.45, 0.55, 0.80, 0.45),
    "BLUE": (0.30, 0.72, 1.00, 1.0),         # the curve, "good / settled"
    "CYAN": (0.36, 0.95, 0.95, 1.0),         # the step taken (downhill)
    "ORANGE": (1.00, 0.62, 0.16, 1.0),       # the ball, "careful / exploded"
    "YELLOW": (1.00, 0.86, 0.30, 1.0),       # the gradient (uphill), stars
    "VIOLET": (0.70, 0.52, 1.00, 1.0),       # momentum, focus ring
    "FOCUS": (1.00, 0.95, 0.55, 1.0),
    "DISABLED": (0.42, 0.45, 0.52, 0.55),
    # surfaces: what sits under text and marks (high contrast makes them black or near it)
    "CARD": (0.06, 0.08, 0.15, 0.97),        # an overlay card (help, map, swarm, confirm, explain)
    "INSET": (0.04, 0.05, 0.10, 0.94),       # a table, tooltip or picture frame inside a panel
    "CONTROL": (0.11, 0.14, 0.25, 0.92),     # a button, a key cap
    "CONTROL_OFF": (0.10, 0.11, 0.16, 0.8),  # a button that cannot be pressed now
    "ON_ACCENT": (0.02, 0.03, 0.08, 1.0),    # text on a bright (accent) fill
    "NODE": (0.16, 0.20, 0.34, 1.0),         # a neuron, an input box
    "NODE_DIM": (0.11, 0.13, 0.24, 1.0),     # a neuron in the background, a switched-off one
    "TRACK": (0.14, 0.17, 0.29, 0.9),        # the empty part of a bar
    "WARN_FILL": (0.15, 0.08, 0.03, 0.95),   # behind a warning (exploded, unavailable)
    "CURVE_FILL": (0.16, 0.36, 0.75),        # under the loss curve (RGB, the shader adds alpha)
    "GLOW": 1.0,                             # the backdrop's coloured glows (0: none)
    "PICTURE_BG": (11, 15, 29),              # saved pictures (fate map, lr finder), RGB 0..255
    "PICTURE_FRAME": (90, 110, 160),
    # categories: a network weight's sign, a goal's mark, a fate map cell (RGB 0..255)
    "POSITIVE": (1.00, 0.62, 0.16, 1.0),
    "NEGATIVE": (0.30, 0.72, 1.00, 1.0),
    "MET": (0.30, 0.72, 1.00, 1.0),
    "NOT_MET": (1.00, 0.62, 0.16, 1.0),
    "PENDING": (0.40, 0.45, 0.58, 1.0),      # a goal not judged yet (○)
    "FATE_SETTLED_FAST": (170, 232, 255),
    "FATE_SETTLED_SLOW": (22, 62, 160),
    # exploded a deep orange and out-of-steps a pale yellow: apart in lightness as well as hue, so
    # they stay >= 20 apart (CIEDE2000) under simulated deuteranopia too (tests/unit/test_palette_cvd.py)
    "FATE_EXPLODED": (235, 120, 20),
    "FATE_OUT_OF_STEPS": (255, 243, 160),
}
HIGH_CONTRAST = {
    "BG_TOP": (0.0, 0.0, 0.0),
    "BG_BOTTOM": (0.0, 0.0, 0.0),
    "INK": (1.0, 1.0, 1.0, 1.0),
    "INK_DIM": (0.90, 0.92, 0.96, 1.0),
    "INK_FAINT": (0.78, 0.81, 0.88, 1.0),
    "PANEL": (0.0, 0.0, 0.0, 0.97),
    "PANEL_EDGE": (0.90, 0.93, 1.0, 0.95),
    "GRID": (0.60, 0.66, 0.80, 0.35),
    "AXIS": (0.90, 0.93, 1.0, 0.90),
    "DISABLED": (0.62, 0.64, 0.70, 0.9),
    "CARD": (0.0, 0.0, 0.0, 0.98),
    "INSET": (0.0, 0.0, 0.0, 1.0),
    "CONTROL": (0.0, 0.0, 0.0, 1.0),
    "CONTROL_OFF": (0.0, 0.0, 0.0, 1.0),
    "ON_ACCENT": (0.0, 0.0, 0.0, 1.0),
    "NODE": (0.14, 0.14, 0.16, 1.0),         # dark grey: a box stays a box on a black panel
    "NODE_DIM": (0.08, 0.08, 0.09, 1.0),
    "TRACK": (0.35, 0.36, 0.40, 1.0),
    "WARN_FILL": (0.0, 0.0, 0.0, 1.0),
    "CURVE_FILL": (0.10, 0.22, 0.45),
    "GLOW": 0.0,
    "PICTURE_BG": (0, 0, 0),
    "PICTURE_FRAME": (230, 237, 255),
}
COLOUR_SAFE = {  # Okabe & Ito (2008), lightened where a dark background needs it
    "BLUE": (0.337, 0.706, 0.914, 1.0),      # sky blue #56B4E9
    "ORANGE": (0.902, 0.624, 0.0, 1.0),      # orange #E69F00 (the ball)
    "YELLOW": (0.941, 0.894, 0.259, 1.0),    # yellow #F0E442
    "POSITIVE": (0.835, 0.369, 0.0, 1.0),    # vermillion #D55E00
    "NEGATIVE": (0.337, 0.706, 0.914, 1.0),  # sky blue
    "MET": (0.337, 0.706, 0.914, 1.0),
    "NOT_MET": (0.835, 0.369, 0.0, 1.0),
    "PENDING": (0.40, 0.40, 0.42, 1.0),      # neutral grey: apart from sky blue in lightness
    "FATE_SETTLED_FAST": (170, 232, 255),
    "FATE_SETTLED_SLOW": (0, 114, 178),      # blue #0072B2
    "FATE_EXPLODED": (213, 94, 0),           # vermillion #D55E00
    "FATE_OUT_OF_STEPS": (255, 243, 160),    # pale yellow
}
TEXT_SCALES = (1.0, 1.5)  # what Settings offers (the store allows a little more either way)


def palette(high_contrast: bool = False, colour_safe: bool = False) -> dict:
    """The colours for a choice of settings (colour-safe hues, then high-contrast greys)."""
    merged = dict(DEFAULT)
    if colour_safe:
        merged.update(COLOUR_SAFE)
    if high_contrast:
        merged.update(HIGH_CONTRAST)
    return merged


def _status_style() -> dict:
    return {  # word (a msgid: shown through _()), mark, colour: never colour alone
        "running": (N_("Rolling"), "●", INK_DIM),
        "converged": (N_("Settled"), "✓", MET),
        "diverged": (N_("Exploded"), "✗", NOT_MET),
        "max_steps": (N_("Out of steps"), "⚠", YELLOW),
    }


def apply(high_contrast: bool = False, colour_safe: bool = False, text_scale: float = 1.0,
          reduced_motion: bool = False) -> tuple:
    """Make this the look everywhere from the next frame; returns the new LOOK key."""
    global STATUS_STYLE, TEXT_SCALE, REDUCED_MOTION, LOOK
    globals().update(palette(high_contrast, colour_safe))
    STATUS_STYLE = _status_style()
    TEXT_SCALE = float(text_scale)
    REDUCED_MOTION = bool(reduced_motion)
    LOOK = (bool(high_contrast), bool(colour_safe), TEXT_SCALE, REDUCED_MOTION)
    return LOOK


def role(name: str) -> tuple:
    """The colour a role name stands for in the look as it is now: widgets keep the name
    ("BLUE", "INK_DIM") and resolve it when they draw, so a switch in Settings recolours the open
    scene in its next frame."""
    if not isinstance(name, str) or not name.isupper() or not isinstance(globals().get(name), tuple):
        raise TypeError(f"a colour role is a theme name such as 'BLUE', got {name!r}")
    return globals()[name]


def apply_settings(settings) -> tuple:
    """apply() from a store.Settings."""
    return apply(high_contrast=settings.high_contrast, colour_safe=getattr(settings, "colour_safe", False),
                 text_scale=settings.text_scale, reduced_motion=settings.reduced_motion)


# The names every draw reads (rebound by apply): the default look until the settings say otherwise.
BG_TOP = BG_BOTTOM = INK = INK_DIM = INK_FAINT = PANEL = PANEL_EDGE = GRID = AXIS = None
CARD = INSET = CONTROL = CONTROL_OFF = ON_ACCENT = NODE = NODE_DIM = TRACK = WARN_FILL = CURVE_FILL = None
GLOW = 1.0
PICTURE_BG = PICTURE_FRAME = None
BLUE = CYAN = ORANGE = YELLOW = VIOLET = FOCUS = DISABLED = POSITIVE = NEGATIVE = MET = NOT_MET = PENDING = None
FATE_SETTLED_FAST = FATE_SETTLED_SLOW = FATE_EXPLODED = FATE_OUT_OF_STEPS = None
STATUS_STYLE: dict = {}
TEXT_SCALE = 1.0
REDUCED_MOTION = False
LOOK: tuple = ()
apply()


def with_alpha(color, alpha: float):
    return (color[0], color[1], color[2], alpha)


def byte_rgb(color) -> tuple[int, int, int]:
    """A theme colour (0..1) as RGB 0..255, for pictures drawn with pygame surfaces."""
    return tuple(int(round(max(0.0, min(1.0, float(c))) * 255)) for c in color[:3])
