"""A small picture for the drawing tests: a framebuffer cleared to the game's backdrop, drawn
into, and read back (row 0 at the top)."""

from __future__ import annotations

import numpy as np

W, H = 96, 64
BACKGROUND = (15 / 255, 20 / 255, 37 / 255, 1.0)


def picture(ctx, fbo, draw) -> np.ndarray:
    """(H, W, 3) ints of what `draw()` leaves in `fbo` over the backdrop colour."""
    fbo.use()
    ctx.clear(*BACKGROUND)
    draw()
    pixels = np.frombuffer(fbo.read(components=3), dtype=np.uint8).reshape(H, W, 3)
    return pixels[::-1].astype(int)  # row 0 at the top
