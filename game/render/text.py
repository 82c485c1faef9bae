"""Text through pygame.freetype, drawn from a glyph atlas: each (character, pixel size) is
rendered once into one coverage texture, and strings become glyph quads. Changing numbers
(step counts, live maths) therefore cost no new textures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import moderngl
import numpy as np
import pygame
import pygame.freetype

from game.resources import data_dir

ATLAS_SIZE = 2048
PAD = 2


@dataclass(frozen=True)
class Glyph:
    u0: float
    v0: float
    u1: float
    v1: float
    left: int      # bearing from the pen to the bitmap's left edge
    top: int       # bitmap top above the baseline
    width: int
    height: int
    advance: float


FACES = ("regular", "bold", "mono")
FACE_FILES = {"regular": "Inter-Regular.otf", "bold": "Inter-Bold.otf", "mono": "JetBrainsMono-Regular.ttf"}


def bundled_font(face: str) -> Path | None:
    """The bundled font file for a face (game.assets.font_path), or None to use freetype's own."""
    try:
        from game.assets import font_path
        path = Path(font_path(face))
    except Exception:  # game.assets not there or failing: look in the assets folder directly
        path = data_dir("assets") / "fonts" / FACE_FILES[face]
    return path if path.is_file() else None


class GlyphAtlas:
    """One R8 texture of glyph bitmaps, shelf-packed, filled lazily."""

    def __init__(self, ctx: moderngl.Context) -> None:
        if not pygame.freetype.get_init():
            pygame.freetype.init()
        self.fonts = {}
        for face in FACES:
            path = bundled_font(face)
            font = pygame.freetype.Font(str(path) if path else None, 16)
            font.antialiased = True
            font.kerning = False
            font.pad = False
            self.fonts[face] = font
        self.texture = ctx.texture((ATLAS_SIZE, ATLAS_SIZE), 1, dtype="f1")
        # each glyph is drawn at the size it was rasterised, its quad on whole pixels (Painter.text):
        # every pixel's centre falls on a texel's, so the nearest texel is the pixel's value, as
        # a bilinear read of four would give, for a quarter of the reads
        self.texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
        self.texture.write(bytes(ATLAS_SIZE * ATLAS_SIZE))
        self.glyphs: dict[tuple[str, str, int], Glyph] = {}
        self.metrics: dict[tuple[str, int], tuple[float, float]] = {}
        self.cursor_x = PAD
        self.cursor_y = PAD
        self.shelf = 0
        self.generation = 0  # counts the times the atlas was emptied (what was placed in it moved)

    def line_metrics(self, face: str, size: int) -> tuple[float, float]:
        """(ascender, descender) in pixels for a face and size; descender is negative."""
        key = (face, size)
        if key not in self.metrics:
            font = self.fonts[face]
            self.metrics[key] = (float(font.get_sized_ascender(size)),
                                 float(font.get_sized_descender(size)))
        return self.metrics[key]

    def glyph(self, face: str, char: str, size: int) -> Glyph:
        key = (face, char, size)
        found = self.glyphs.get(key)
        if found is None:
            found = self._add(self.fonts[face], char, size)
            self.glyphs[key] = found
        return found

    def _add(self, font, char: str, size: int) -> Glyph:
        metrics = font.get_metrics(char, size)
        advance = float(metrics[0][4]) if metrics and metrics[0] else size * 0.5
        if char.isspace():
            return Glyph(0, 0, 0, 0, 0, 0, 0, 0, advance)
        surface, rect = font.render(char, (255, 255, 255, 255), size=size)
        w, h = surface.get_size()
        if w == 0 or h == 0:
            return Glyph(0, 0, 0, 0, 0, 0, 0, 0, advance)
        if self.cursor_x + w + PAD > ATLAS_SIZE:
            self.cursor_x, self.cursor_y = PAD, self.cursor_y + self.shelf + PAD
            self.shelf = 0
        if self.cursor_y + h + PAD > ATLAS_SIZE:  # full: start over (old glyphs re-render lazily)
            self.glyphs.clear()
            self.generation += 1
            self.texture.write(bytes(ATLAS_SIZE * ATLAS_SIZE))
            self.cursor_x, self.cursor_y, self.shelf = PAD, PAD, 0
        alpha = pygame.surfarray.pixels_alpha(surface).T.copy()  # rows top to bottom
        x, y = self.cursor_x, self.cursor_y
        self.texture.write(np.ascontiguousarray(alpha, dtype=np.uint8).tobytes(), viewport=(x, y, w, h))
        self.cursor_x += w + PAD
        self.shelf = max(self.shelf, h)
        s = float(ATLAS_SIZE)
        return Glyph(x / s, y / s, (x + w) / s, (y + h) / s, rect.x, rect.y, w, h, advance)

    def measure(self, face: str, text: str, size: int) -> float:
        return sum(self.glyph(face, ch, size).advance for ch in text)
