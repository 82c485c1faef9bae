"""finish_off_screen (game/gpu/context.py): the finish the bench and the fate map's progress
use, made with a framebuffer of its own bound so that Mesa copies no window surface."""

from __future__ import annotations

import numpy as np
import pytest

from game.gpu import context

pytestmark = pytest.mark.gpu


def test_it_binds_back_what_was_bound_and_keeps_one_framebuffer_per_context(ctx):
    target = ctx.framebuffer(color_attachments=[ctx.texture((4, 4), 4)])
    target.use()
    target.clear(0.25, 0.5, 0.75, 1.0)
    context.finish_off_screen(ctx)
    assert ctx.fbo is target
    own = context._FINISH_TARGETS[ctx]
    context.finish_off_screen(ctx)
    assert context._FINISH_TARGETS[ctx] is own and ctx.fbo is target
    pixels = np.frombuffer(target.read(components=4), dtype=np.uint8).reshape(4, 4, 4)
    assert (np.abs(pixels[..., :3].astype(int) - [64, 128, 191]) <= 1).all()  # the clear landed where it was aimed
