"""Pictures of cells (game/render/cells.py): every cell of every picture lands in its square of
its rectangle, in its colour, and nothing is drawn outside the rectangles."""

from __future__ import annotations

import numpy as np
import pytest

from game.render.cells import CellArt

pytestmark = pytest.mark.gpu

W, H = 96, 64


@pytest.fixture(scope="module")
def target(gl_ctx):
    texture = gl_ctx.texture((W, H), 4)
    yield gl_ctx.framebuffer(color_attachments=[texture])


def test_every_cell_in_its_square(ctx, target):
    rng = np.random.default_rng(2)
    pictures = np.ones((3, 4, 4, 4))
    pictures[..., :3] = rng.random((3, 4, 4, 3))
    pictures[2, 0, 0, 3] = 0.5  # a half-transparent cell blends over what is there
    rects = [(4, 6, 20, 20), (30.5, 6, 20, 20), (60, 30, 28, 28)]
    art = CellArt(ctx)
    try:
        target.use()
        ctx.clear(0.2, 0.2, 0.2, 1.0)
        art.draw(pictures, rects, (W, H))
        pixels = np.frombuffer(target.read(components=3), dtype=np.uint8).reshape(H, W, 3)[::-1].astype(int)
        for picture, (x, y, w, h) in zip(pictures, rects):
            for i in range(4):
                for j in range(4):
                    cx, cy = int(x + (j + 0.5) * w / 4), int(y + (i + 0.5) * h / 4)
                    rgb, a = picture[i, j, :3], picture[i, j, 3]
                    expected = (rgb * a + 0.2 * (1 - a)) * 255
                    assert np.abs(pixels[cy, cx] - expected).max() <= 2, (i, j, x)
        outside = np.ones((H, W), dtype=bool)
        for x, y, w, h in rects:
            outside[int(y) - 1:int(np.ceil(y + h)) + 1, int(x) - 1:int(np.ceil(x + w)) + 1] = False
        assert (np.abs(pixels[outside] - 51) <= 1).all()
    finally:
        art.release()
