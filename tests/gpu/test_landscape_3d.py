"""The landscape level's 3-D surface: the mesh is the loss (heights, normals), the picture is lit
and fills its panel, the ball sits where the network is, dragging or , . turns the camera."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.render.surface3d import LIFT, Camera, bilinear, fit, height_of, log_heights, project, surface_mesh


def test_flat_grid_has_upward_normals_and_two_triangles_per_cell():
    vertices, indices = surface_mesh(np.full((5, 4), 0.3))
    assert vertices.shape == (20, 6) and indices.shape == (4 * 3 * 2 * 3,)
    assert np.allclose(vertices[:, 3:], [0, 0, 1])
    assert np.allclose(vertices[:, 2], 0.3)
    assert vertices[:, 0].min() == -1 and vertices[:, 0].max() == 1


def test_a_slope_tilts_every_normal_against_it():
    a = np.linspace(0, 1, 9)
    heights = np.tile(a, (9, 1))  # rising along x
    vertices, _ = surface_mesh(heights)
    normals = vertices[:, 3:]
    slope = LIFT * 1.0 / 2.0  # height 0..1 (times LIFT) over x from -1 to 1
    assert np.allclose(normals[:, 0], -slope / np.sqrt(1 + slope**2), atol=1e-5)
    assert np.allclose(normals[:, 1], 0, atol=1e-6)


def test_heights_are_log_loss_scaled_and_nan_is_the_top():
    loss = np.array([[1e-3, 1e-2], [1e-1, np.nan]])
    h, lo, hi = log_heights(loss)
    assert (lo, hi) == pytest.approx((-3, -1))
    assert h == pytest.approx(np.array([[0, 0.5], [1, 1]]))
    assert height_of(1e-2, lo, hi) == pytest.approx(0.5)
    assert height_of(1e9, lo, hi) == 1.0


def test_bilinear_hits_the_grid_and_the_middle():
    grid = np.array([[0.0, 1.0], [2.0, 3.0]])
    assert bilinear(grid, np.array([0.0, 1.0, 0.5]), np.array([0.0, 1.0, 0.5])) == pytest.approx([0, 3, 1.5])


def test_projection_puts_the_middle_in_the_middle_and_turning_moves_a_corner():
    camera = Camera()
    rect = (100, 50, 400, 300)
    box = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (0, LIFT)], dtype=float)
    before = project(fit(camera.matrix(4 / 3), box), box, rect)
    camera.turn(30)
    after = project(fit(camera.matrix(4 / 3), box), box, rect)
    assert np.all(np.isfinite(before)) and not np.allclose(before, after)
    x, y, w, h = rect
    for points in (before, after):  # fitted: every corner inside the picture, and it is filled
        assert (points[:, 0] > x).all() and (points[:, 0] < x + w).all()
        assert (points[:, 1] > y).all() and (points[:, 1] < y + h).all()
        assert np.ptp(points[:, 0]) > 0.9 * w or np.ptp(points[:, 1]) > 0.9 * h
    camera.turn(0, 500)
    assert camera.elevation <= 85


@pytest.fixture
def app(tmp_path):
    from game.app import build_app
    from game.window import WindowError

    try:
        app = build_app((1280, 720), store_dir=tmp_path / "save", start="none")
    except WindowError as error:
        pytest.skip(f"no OpenGL window here: {error}")
    yield app
    app.close()


def frames(app, n=1):
    for _ in range(n):
        app.frame(1 / 60)


@pytest.mark.gpu
@pytest.mark.e2e
def test_landscape_is_a_lit_surface_the_player_can_turn(app):
    level = next(level for level in app.levels.levels if level.id == "landscape")
    scene = app.open_level(level)
    frames(app, 2)
    view = scene.view
    assert view.loss_grid.shape == (161, 161)  # full resolution, not a blocky 72x72 map
    image = app.window.read_pixels().astype(int)
    x, y, w, h = (int(v) for v in view.surface_rect)
    inside = image[y:y + h, x:x + w]
    # the surface covers a good part of its panel, with many shades (lit and smooth, not a few flat bands)
    bright = inside.sum(axis=2) > 200
    assert bright.mean() > 0.3
    assert len(np.unique(inside[bright] // 4, axis=0)) > 400
    # the ball is drawn where the network's coordinates project on the surface
    bx, by = project(view.matrix, view.on_surface(scene.trainer.coords[None], lift=0.05),
                                         view.surface_rect)[0]
    ball = image[int(by) - 3:int(by) + 4, int(bx) - 3:int(bx) + 4].reshape(-1, 3)
    assert (np.abs(ball - [255, 158, 41]).max(axis=1) < 60).any()
    # drag across the surface: the camera turns and the picture changes
    key = view.art.camera.key()
    cx, cy = x + w / 2, y + h / 2
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(int(cx), int(cy)), button=1, touch=False))
    frames(app)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(int(cx + 120), int(cy + 30)), rel=(0, 0),
                                         buttons=(1, 0, 0), touch=False))
    frames(app)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(int(cx + 120), int(cy + 30)), button=1,
                                         touch=False))
    frames(app)
    assert view.art.camera.key() != key
    turned = app.window.read_pixels().astype(int)
    assert np.abs(turned[y:y + h, x:x + w] - inside).mean() > 3
    assert scene.trainer.t == 0  # turning the view never trains
    # the keys turn it too
    key = view.art.camera.key()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PERIOD, mod=0, unicode=".", scancode=0))
    frames(app)
    assert view.art.camera.key()[0] != key[0]
    # training moves the ball along the surface; its trail has one point per step
    scene.advance_steps(5)
    frames(app)
    assert len(scene.trainer.coords_history) == 6
    assert not app.problems()
