"""Fonts and the app icon, found through game.resources (never the working directory).

    font_path("regular" | "bold" | "mono") -> Path    Inter Regular, Inter Bold, JetBrains Mono
    Fonts().get("bold", 28) -> pygame.font.Font        loaded once per (style, size)
    load_icon() -> pygame.Surface                        for pygame.display.set_icon

A missing or broken font file falls back to pygame's own default font with one logged line,
never a crash. The icon is drawn by make_icon() (pure NumPy) and shipped as a PNG;
`python -m game.assets` draws it again.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import numpy as np
import pygame
import pygame.freetype

from game.resources import asset_dir

FONT_FILES = (
    ("regular", "Inter-Regular.otf"),
    ("bold", "Inter-Bold.otf"),
    ("mono", "JetBrainsMono-Regular.ttf"),
)
FONT_STYLES = tuple(style for style, _ in FONT_FILES)
ICON_FILE = "downhill.png"
ICON_SIZE = 128

# Icon colours (RGB, 0..1) and shape, in units of the icon's side.
ICON_TOP = (0.06, 0.08, 0.19)
ICON_BOTTOM = (0.11, 0.16, 0.36)
ICON_CORNER = 0.19
ICON_CURVE = (0.30, 0.90, 0.85)
ICON_CURVE_WIDTH = 0.045
ICON_BALL = (1.00, 0.72, 0.28)
ICON_BALL_RADIUS = 0.095
ICON_BALL_AT = 0.34  # where the ball sits along the curve, 0 = left edge
# Earlier steps of the ball: (distance behind it along the curve, opacity); steps grow as
# the slope steepens, as gradient descent's do.
ICON_TRAIL = ((0.27, 0.16), (0.15, 0.28), (0.065, 0.42))


def fonts_dir() -> Path:
    return asset_dir() / "fonts"


def icon_path() -> Path:
    return asset_dir() / "icons" / ICON_FILE


def font_file(style: str) -> str:
    """The bundled file name for a style; ValueError naming the styles for any other."""
    for known, name in FONT_FILES:
        if known == style:
            return name
    raise ValueError(f"unknown font style {style!r}; expected one of {', '.join(FONT_STYLES)}")


def default_font_path() -> Path:
    """pygame's own font, shipped inside the pygame package."""
    return Path(pygame.__file__).resolve().parent / pygame.font.get_default_font()


def font_path(style: str = "regular", folder: Path | None = None) -> Path:
    """The bundled font for `style`, or pygame's default (with one logged line) if missing."""
    path = (fonts_dir() if folder is None else folder) / font_file(style)
    if path.is_file():
        return path
    fallback = default_font_path()
    _warn(f"font file {path} is missing; using pygame's default font {fallback.name}")
    return fallback


def load_font(style: str = "regular", size: int = 20, folder: Path | None = None) -> pygame.font.Font:
    """A pygame Font at `size` pixels; a file that will not load gives pygame's default font."""
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 1000:
        raise ValueError(f"font size must be a whole number of pixels from 1 to 1000, got {size!r}")
    if not pygame.font.get_init():
        pygame.font.init()
    path = font_path(style, folder)
    try:
        font = pygame.font.Font(path, size)
        font.size("Ag")  # pygame-ce accepts some broken files here and fails on first use
        return font
    except (pygame.error, OSError, ValueError) as error:
        _warn(f"font file {path} could not be loaded ({error}); using pygame's default font")
        return pygame.font.Font(None, size)


class Fonts:
    """Fonts loaded once per (style, size) and kept by whoever owns this object."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._loaded: dict[tuple[str, int], pygame.font.Font] = {}

    def get(self, style: str = "regular", size: int = 20) -> pygame.font.Font:
        key = (style, size)
        if key not in self._loaded:
            self._loaded[key] = load_font(style, size, self.folder)
        return self._loaded[key]


def missing_glyphs(text: str, style: str = "regular", folder: Path | None = None) -> str:
    """The characters of `text` (each once, in order) that the style's font cannot draw."""
    if not pygame.freetype.get_init():
        pygame.freetype.init()
    face = pygame.freetype.Font(font_path(style, folder), 16)
    unique = "".join(dict.fromkeys(ch for ch in text if not ch.isspace()))
    if not unique:
        return ""
    metrics = face.get_metrics(unique)
    return "".join(ch for ch, found in zip(unique, metrics) if found is None)


# -- the icon ---------------------------------------------------------------------------


def icon_curve(u: np.ndarray) -> np.ndarray:
    """The icon's loss curve: height (0 = top, 1 = bottom) along u in [0, 1]; a valley whose
    lowest point is right of centre."""
    return 0.30 + 0.46 * np.exp(-(((u - 0.63) / 0.27) ** 2))


def make_icon(size: int = ICON_SIZE) -> np.ndarray:
    """A glowing ball rolling down a curve on a rounded dark tile: RGBA uint8, (size, size, 4)."""
    if isinstance(size, bool) or not isinstance(size, int) or not 16 <= size <= 1024:
        raise ValueError(f"icon size must be a whole number from 16 to 1024, got {size!r}")
    pixel = 1.0 / size
    y, x = (np.mgrid[0:size, 0:size] + 0.5) * pixel  # pixel centres in units of the side

    tile = _coverage(_rounded_square_distance(x, y, ICON_CORNER), pixel)
    colour = np.empty((size, size, 3))
    for channel in range(3):
        colour[..., channel] = ICON_TOP[channel] + (ICON_BOTTOM[channel] - ICON_TOP[channel]) * y

    # Soft light under the curve, fading with depth: the landscape the ball rolls on.
    depth = y - icon_curve(x)
    colour = _over(colour, ICON_CURVE, 0.16 * (1.0 - np.clip(depth / 0.5, 0.0, 1.0)) * (depth > 0))

    u = np.linspace(-0.05, 1.05, 4 * size)
    curve_points = np.stack([u, icon_curve(u)], axis=1)
    line = _distance_to_points(x, y, curve_points) - ICON_CURVE_WIDTH / 2
    colour = _over(colour, ICON_CURVE, _coverage(line, pixel))

    for behind, alpha in ICON_TRAIL:
        trail_x, trail_y = _resting_on_curve(ICON_BALL_AT - behind, 0.45 * ICON_BALL_RADIUS)
        dot = np.hypot(x - trail_x, y - trail_y) - 0.4 * ICON_BALL_RADIUS
        colour = _over(colour, ICON_BALL, alpha * _coverage(dot, pixel))

    ball_x, ball_y = _resting_on_curve(ICON_BALL_AT, ICON_BALL_RADIUS)

    distance = np.hypot(x - ball_x, y - ball_y)
    glow = np.exp(-((distance / (2.6 * ICON_BALL_RADIUS)) ** 2))
    colour = colour + 0.55 * glow[..., None] * np.array(ICON_BALL)  # additive: light, not paint
    ball = _coverage(distance - ICON_BALL_RADIUS, pixel)
    shine = np.hypot(x - ball_x + 0.3 * ICON_BALL_RADIUS, y - ball_y + 0.35 * ICON_BALL_RADIUS)
    highlight = np.exp(-((shine / (0.45 * ICON_BALL_RADIUS)) ** 2))
    ball_colour = np.array(ICON_BALL) + 0.5 * highlight[..., None] * (1.0 - np.array(ICON_BALL))
    colour = colour * (1.0 - ball[..., None]) + ball_colour * ball[..., None]

    rgba = np.empty((size, size, 4))
    rgba[..., :3] = np.clip(colour, 0.0, 1.0)
    rgba[..., 3] = tile
    return np.round(rgba * 255).astype(np.uint8)


def icon_surface(size: int = ICON_SIZE) -> pygame.Surface:
    """make_icon() as a pygame Surface with per-pixel alpha."""
    rgba = make_icon(size)
    return pygame.image.frombuffer(rgba.tobytes(), (size, size), "RGBA").copy()


def load_icon() -> pygame.Surface:
    """The shipped icon PNG; if it is missing or unreadable, the same picture drawn now."""
    path = icon_path()
    try:
        return pygame.image.load(path)
    except (pygame.error, OSError, FileNotFoundError) as error:
        _warn(f"icon {path} could not be loaded ({error}); drawing it instead")
        return icon_surface()


def write_icon(path: Path | None = None, size: int = ICON_SIZE) -> Path:
    target = icon_path() if path is None else path
    target.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(icon_surface(size), target)
    return target


def _warn(message: str) -> None:
    logging.getLogger(__name__).warning(message)


def _coverage(signed_distance: np.ndarray, pixel: float) -> np.ndarray:
    """Anti-aliased coverage of a shape from its signed distance (negative inside)."""
    return np.clip(0.5 - signed_distance / pixel, 0.0, 1.0)


def _rounded_square_distance(x: np.ndarray, y: np.ndarray, radius: float) -> np.ndarray:
    qx = np.abs(x - 0.5) - (0.5 - radius)
    qy = np.abs(y - 0.5) - (0.5 - radius)
    outside = np.hypot(np.maximum(qx, 0.0), np.maximum(qy, 0.0))
    return outside + np.minimum(np.maximum(qx, qy), 0.0) - radius


def _distance_to_points(x: np.ndarray, y: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Distance to a densely sampled curve (samples closer than a pixel)."""
    best = np.full(x.shape, np.inf)
    for px, py in points:
        np.minimum(best, np.hypot(x - px, y - py), out=best)
    return best


def _resting_on_curve(u: float, radius: float) -> tuple[float, float]:
    """Centre of a ball of `radius` touching the curve at u, on the upper side."""
    du = 1e-4
    slope = (icon_curve(np.array(u + du)) - icon_curve(np.array(u - du))) / (2 * du)
    normal = np.array([slope, -1.0]) / np.hypot(slope, 1.0)  # points up, away from the ground
    centre = np.array([u, icon_curve(np.array(u))]) + radius * normal
    return float(centre[0]), float(centre[1])


def _over(colour: np.ndarray, paint: tuple[float, float, float], alpha: np.ndarray) -> np.ndarray:
    return colour * (1.0 - alpha[..., None]) + np.array(paint) * alpha[..., None]


if __name__ == "__main__":
    print(f"wrote {write_icon(Path(sys.argv[1]) if len(sys.argv) > 1 else None)}")
