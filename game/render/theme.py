"""The look: colours and sizes in one place. Colour-blind safe: meaning never rests on
red-versus-green; the pairs are blue/orange (plus shape and words)."""

from __future__ import annotations

from game.i18n import N_

# RGBA, 0..1
BG_TOP = (0.035, 0.050, 0.105)
BG_BOTTOM = (0.012, 0.016, 0.040)
INK = (0.93, 0.95, 1.00, 1.0)          # main text
INK_DIM = (0.62, 0.68, 0.80, 1.0)      # secondary text
INK_FAINT = (0.40, 0.45, 0.58, 1.0)
PANEL = (0.075, 0.095, 0.170, 0.86)
PANEL_EDGE = (0.30, 0.40, 0.65, 0.45)
GRID = (0.30, 0.38, 0.60, 0.16)
AXIS = (0.45, 0.55, 0.80, 0.45)

BLUE = (0.30, 0.72, 1.00, 1.0)         # the curve, "good / settled"
CYAN = (0.36, 0.95, 0.95, 1.0)         # the step taken (downhill)
ORANGE = (1.00, 0.62, 0.16, 1.0)       # the ball, "careful / exploded"
YELLOW = (1.00, 0.86, 0.30, 1.0)       # the gradient (uphill), stars
VIOLET = (0.70, 0.52, 1.00, 1.0)       # momentum, focus ring
FOCUS = (1.00, 0.95, 0.55, 1.0)
DISABLED = (0.42, 0.45, 0.52, 0.55)

STATUS_STYLE = {  # word (a msgid: shown through _()), mark, colour: never colour alone
    "running": (N_("Rolling"), "●", INK_DIM),
    "converged": (N_("Settled"), "✓", BLUE),
    "diverged": (N_("Exploded"), "✗", ORANGE),
    "max_steps": (N_("Out of steps"), "⚠", YELLOW),
}

BASE_HEIGHT = 720.0  # layout is designed at 1280x720 and scaled by height


def with_alpha(color, alpha: float):
    return (color[0], color[1], color[2], alpha)
