"""The decision-boundary shader against NumPy: P(class 1) and each hidden neuron at every pixel
of a float framebuffer equal the network's own forward pass there (float32)."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim.classify import hidden_activations, probabilities
from game.sim.nets import NetShape, init_params

pytestmark = pytest.mark.gpu

W, H = 48, 32
VIEW = (-1.5, -1.0, 1.5, 1.0)


@pytest.fixture(scope="module")
def target(gl_ctx):
    """One float framebuffer for the module (Mesa reports an error when a framebuffer is made
    right after the bound one was released)."""
    texture = gl_ctx.texture((W, H), 4, dtype="f4")
    yield gl_ctx.framebuffer(color_attachments=[texture])


def render(fbo, art, shape, params, neuron=-1):
    fbo.use()
    fbo.clear()
    art.draw(shape, params, (0, 0, W, H), (W, H), VIEW, neuron=neuron, raw=True)
    pixels = np.frombuffer(fbo.read(components=4, dtype="f4"), dtype=np.float32).reshape(H, W, 4)
    return pixels[::-1]  # fbo rows run bottom-up; row 0 is now the top of the rect


def pixel_points():
    cols = (np.arange(W) + 0.5) / W
    rows = (np.arange(H) + 0.5) / H
    x = VIEW[0] + cols * (VIEW[2] - VIEW[0])
    y = VIEW[3] - rows * (VIEW[3] - VIEW[1])  # top row = highest y
    gx, gy = np.meshgrid(x, y)
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


@pytest.mark.parametrize("shape", [NetShape((2, 2)), NetShape((2, 6, 2), hidden="tanh"),
                                   NetShape((2, 16, 2), hidden="relu"), NetShape((2, 3, 2), hidden="sigmoid")],
                         ids=lambda s: f"{s.sizes}-{s.hidden}")
def test_every_pixel_is_the_network_at_that_point(ctx, target, shape):
    from game.render.boundary import BoundaryArt

    params = init_params(shape, np.random.default_rng(4), scale=2.0)
    params[0, -2:] = [0.3, -0.2]
    art = BoundaryArt(ctx)
    try:
        pixels = render(target, art, shape, params)
        points = pixel_points()
        expected = probabilities(shape, params.astype(np.float32), points.astype(np.float32))[0, :, 1]
        np.testing.assert_allclose(pixels[..., 0].ravel(), expected, atol=2e-5)
        assert np.ptp(expected) > 0.05  # the picture is not flat
        if shape.n_layers == 2:
            neuron = shape.sizes[1] - 1
            pixels = render(target, art, shape, params, neuron=neuron)
            hidden = hidden_activations(shape, params.astype(np.float32), points.astype(np.float32))[0, :, neuron]
            np.testing.assert_allclose(pixels[..., 1].ravel(), hidden, atol=2e-5)
    finally:
        art.release()


def test_too_many_weights_or_classes_are_refused():
    from game.render.boundary import shape_defines

    with pytest.raises(ValueError, match="2 classes"):
        shape_defines(NetShape((2, 3)))
    with pytest.raises(ValueError, match="holds 128 weights"):
        shape_defines(NetShape((2, 40, 2)))


@pytest.fixture(scope="module")
def picture_target(gl_ctx):
    texture = gl_ctx.texture((240, 200), 4)
    yield gl_ctx.framebuffer(color_attachments=[texture])


def test_the_sampled_picture_is_the_per_pixel_one(ctx, picture_target):
    """The picture shaded from the network run on a coarse grid (game/render/boundary.py SAMPLE)
    is, to the eye, the one run at every pixel: the same colours, the boundary's line in the
    same place, a few pixels where the line meets the rectangle's edge aside."""
    from game.render.boundary import BoundaryArt, SAMPLE

    size = (240, 200)
    rect, view = (20, 10, 180, 180), (-1.8, -1.8, 1.8, 1.8)
    fbo = picture_target
    art, shape = BoundaryArt(ctx), NetShape((2, 4, 2), hidden="tanh")
    params = init_params(shape, np.random.default_rng(5), scale=2.0)
    assert SAMPLE > 1  # sampled, or this test compares a picture with itself

    def picture(neuron, per_pixel):
        fbo.use()
        fbo.clear(0.0, 0.0, 0.0, 1.0)
        if per_pixel:  # the same shading, run at every pixel: a grid one pixel apart
            art.draw(shape, params, rect, size, view, neuron=neuron, sample=1.0)
        else:
            art.draw(shape, params, rect, size, view, neuron=neuron)
        return np.frombuffer(fbo.read(components=3), dtype=np.uint8).reshape(size[1], size[0], 3)[::-1].astype(int)

    try:
        for neuron in (-1, 1):
            exact, sampled = picture(neuron, True), picture(neuron, False)
            x, y, w, h = rect
            inner = (slice(y + 2, y + h - 2), slice(x + 2, x + w - 2))  # the line may bend at the edge
            diff = np.abs(exact - sampled).max(axis=2)
            # the line's edge pixels a little more or less covered; the regions' colours the same
            assert diff[inner].max() <= 64 and (diff[inner] > 6).mean() < 0.015 and (diff[inner] > 24).sum() < 60
            line = (exact[inner].min(axis=2) > 150)  # the bright line is drawn, in the same place
            assert line.sum() > 100 and (line == (sampled[inner].min(axis=2) > 150)).mean() > 0.998
            assert (exact[:, :x] == 0).all() and (sampled[:, :x] == 0).all()  # nothing outside the rectangle
    finally:
        art.release()


def test_all_neurons_in_one_draw_are_each_neurons_own_picture(ctx, picture_target):
    """draw_neurons (one texture of samples, one draw) shows hidden neuron j in rects[j] as
    draw(neuron=j) does, and no picture bleeds into its neighbour's."""
    from game.render.boundary import BoundaryArt

    size = (240, 200)
    rects = [(10, 10, 60, 60), (80, 10, 60, 60), (150, 10, 60, 60), (10, 100, 60, 60)]
    view = (-1.8, -1.8, 1.8, 1.8)
    art, shape = BoundaryArt(ctx), NetShape((2, 4, 2), hidden="relu")
    params = init_params(shape, np.random.default_rng(6), scale=2.0)

    def picture(draw):
        picture_target.use()
        picture_target.clear(0.0, 0.0, 0.0, 1.0)
        draw()
        return np.frombuffer(picture_target.read(components=3), dtype=np.uint8).reshape(size[1], size[0], 3)[::-1]

    try:
        together = picture(lambda: art.draw_neurons(shape, params, rects, size, view))
        apart = picture(lambda: [art.draw(shape, params, rect, size, view, neuron=j) for j, rect in enumerate(rects)])
        assert np.abs(together.astype(int) - apart).max() <= 1
        tiles = [together[y:y + h, x:x + w] for x, y, w, h in rects]
        assert all(np.abs(a.astype(int) - b).mean() > 2 for a, b in zip(tiles, tiles[1:]))  # four pictures
        assert (together[75:95] == 0).all()  # nothing between the rows of pictures
    finally:
        art.release()


def test_the_shaded_picture_shows_numpys_classes_and_boundary(ctx, picture_target):
    """The picture as drawn (samples a few pixels apart, shaded at every pixel) against NumPy's
    forward pass at each pixel's centre: the bright line lies where P(class 1) crosses 0.5 (a
    hidden tanh neuron's picture: where its activation crosses 0), and away from it each pixel
    has its class's colour."""
    from game.render.boundary import BoundaryArt

    size = (240, 200)
    x0, y0, w, h = rect = (20, 10, 180, 180)
    view = (-1.8, -1.8, 1.8, 1.8)
    art, shape = BoundaryArt(ctx), NetShape((2, 4, 2), hidden="tanh")
    params = init_params(shape, np.random.default_rng(5), scale=2.0)
    cols, rows = (np.arange(w) + 0.5) / w, (np.arange(h) + 0.5) / h
    gx, gy = np.meshgrid(view[0] + cols * (view[2] - view[0]), view[3] - rows * (view[3] - view[1]))
    points = np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)
    weights = params.astype(np.float32)

    def pixels_to_zero(level):
        """Signed distance in pixels to where `level` (h, w) crosses 0, from its slope per pixel."""
        dy, dx = np.gradient(level)
        return level / np.maximum(np.abs(dx) + np.abs(dy), 1e-12)

    def picture(neuron):
        picture_target.use()
        picture_target.clear(0.0, 0.0, 0.0, 1.0)
        art.draw(shape, params, rect, size, view, neuron=neuron, colors=((0.0, 0.2, 1.0), (1.0, 0.2, 0.0)))
        shown = np.frombuffer(picture_target.read(components=3), dtype=np.uint8).reshape(size[1], size[0], 3)[::-1]
        return shown[y0:y0 + h, x0:x0 + w].astype(int)

    try:
        inner = (slice(2, h - 2), slice(2, w - 2))
        p = probabilities(shape, weights, points)[0, :, 1].reshape(h, w)
        distance = pixels_to_zero(p - 0.5)[inner]
        shown = picture(-1)[inner]
        bright = shown.min(axis=2) > 150
        on_line, far = np.abs(distance) < 0.5, np.abs(distance) > 3.0
        assert on_line.sum() > 100 and far.sum() > 0.8 * far.size
        assert bright[on_line].mean() > 0.97 and not bright[far].any()
        blue = shown[..., 2] > shown[..., 0]
        assert (blue[far] == (p[inner] < 0.5)[far]).mean() > 0.999
        assert 0.1 < blue[far].mean() < 0.9  # both classes in the picture

        neuron = 1
        fires = hidden_activations(shape, weights, points)[0, :, neuron].reshape(h, w)
        distance = pixels_to_zero(fires)[inner]
        bright = picture(neuron)[inner].min(axis=2) > 150
        on_line, far = np.abs(distance) < 0.5, np.abs(distance) > 3.0
        assert on_line.sum() > 100 and bright[on_line].mean() > 0.97 and not bright[far].any()
    finally:
        art.release()
