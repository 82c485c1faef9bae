"""Text is drawn glyph by glyph from the atlas at the size it was rasterised, each quad on whole
pixels (Painter.text rounds the pen and the baseline), so each pixel's centre falls on its own
texel's centre and the atlas is read nearest (game.render.text): a bilinear read gives the very
same pixels. Text asked at fractional places and sizes, in every face, checks both."""

from __future__ import annotations

import moderngl
import numpy as np
import pytest

from game.render.painter import Painter
from game.render.text import ATLAS_SIZE, FACES
from gpu_picture import picture

pytestmark = pytest.mark.gpu

WORDS = ("Paris 18.5%", "η = 0.05", "loss ← −log p", "Wg", "x²")


def texts(p: Painter) -> None:
    rng = np.random.default_rng(11)
    for i, word in enumerate(WORDS * 2):
        p.text(word, rng.uniform(0, 40), rng.uniform(0, 50), rng.uniform(9.0, 23.0),
               (0.9, 0.8, 0.6, 1.0), anchor=("topleft", "center", "midright")[i % 3], face=FACES[i % len(FACES)])


def test_every_glyph_quad_is_its_bitmap_on_whole_pixels(own_ctx):
    p = Painter(own_ctx)
    p.begin((96, 64))
    texts(p)
    rows = p.glyphs.rows[:p.glyphs.count]
    p.glyphs.count = 0
    assert len(rows) > 40
    x, y, w, h = rows[:, 0:4].T
    u0, v0, u1, v1 = rows[:, 4:8].T
    assert (x == np.round(x)).all() and (y == np.round(y)).all()
    assert np.allclose((u1 - u0) * ATLAS_SIZE, w, atol=1e-3) and np.allclose((v1 - v0) * ATLAS_SIZE, h, atol=1e-3)


def test_nearest_and_bilinear_reads_give_the_same_text(own_ctx, own_target):
    p = Painter(own_ctx)

    def draw() -> None:
        p.begin((96, 64))
        texts(p)
        p.flush()

    assert p.atlas.texture.filter == (moderngl.NEAREST, moderngl.NEAREST)
    nearest = picture(own_ctx, own_target, draw)
    p.atlas.texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
    bilinear = picture(own_ctx, own_target, draw)
    assert (nearest != picture(own_ctx, own_target, lambda: None)).any(axis=2).sum() > 300
    assert (nearest == bilinear).all()
