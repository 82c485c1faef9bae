"""End to end: open the Paris level in the real window (offscreen), press Train Step 20 times
on the keyboard, and clear it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.e2e.game_driver import open_app

pytestmark = pytest.mark.e2e

FRAME = 1 / 60


@pytest.fixture
def app(tmp_path):
    pygame = pytest.importorskip("pygame")
    app = open_app(tmp_path, start="none")
    yield app
    app.close()
    pygame.quit()


def press(app, key, frames=2):
    import pygame

    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=pygame.key.name(key),
                                         scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, scancode=0))
    for _ in range(frames):
        app.frame(FRAME)


def test_twenty_train_steps_by_keyboard_clear_paris(app):
    import pygame
    from game.levels import find_level
    from game.scenes.network_play import NetworkScene
    from game.scenes.results import ResultsScene

    scene = app.open_level(find_level("paris"))
    assert isinstance(scene, NetworkScene)
    scene.set_params(eta=1.5)  # the default η is too slow on purpose: the player raises it
    app.frame(FRAME)
    p_start = scene.trainer.p_target
    assert abs(p_start - 0.2) < 0.1
    for _ in range(20):
        press(app, pygame.K_t, frames=20)  # a third of a second: the step is seen, not skipped
    for _ in range(240):  # let the last step finish and the results come up
        app.frame(FRAME)
        if isinstance(app.stack.top, ResultsScene):
            break
    assert isinstance(app.stack.top, ResultsScene)
    assert any("P(right capital) reached" in line for line in app.stack.top.lines)  # a network's words, not a ball's
    outcome = scene.result.outcome
    assert outcome.cleared and outcome.status == "converged" and outcome.steps <= 20
    assert scene.trainer.p_target >= 0.9
    assert app.store.progress("paris").stars >= 1
    assert not app.problems()
    pixels = app.window.read_pixels()
    assert pixels.std() > 10  # a drawn picture, not a blank window


def test_huge_eta_explodes_on_screen_without_garbage(app):
    import pygame
    from game.levels import find_level

    # no network level lets η get this big any more; the picture of an explosion must still be clean
    scene = app.open_level(find_level("backprop"))
    scene.params["eta"] = 3.0
    scene.reset()
    for _ in range(3):
        press(app, pygame.K_t, frames=40)
    assert scene.trainer.status == "diverged"
    assert scene.result is not None and not scene.result.outcome.cleared
    assert not app.problems()
    app.draw()
    pixels = app.window.read_pixels()
    assert np.isfinite(pixels.astype(float)).all() and pixels.std() > 10


@pytest.mark.parametrize("level_id", ["calculus", "neuron", "backprop", "landscape"])
def test_every_network_level_opens_trains_and_draws(app, level_id):
    import pygame
    from game.levels import find_level

    scene = app.open_level(find_level(level_id))
    before = scene.trainer.loss
    presses = 8 if level_id == "calculus" else 3  # calculus: a press is a phase, four make an epoch
    for _ in range(presses):
        press(app, pygame.K_t, frames=40)
    assert scene.trainer.t >= 2
    assert math.isfinite(scene.trainer.loss) and scene.trainer.loss < before
    pointer = (scene.view.main_rect[0] + 200, scene.view.main_rect[1] + 200)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pointer, rel=(0, 0), buttons=(0, 0, 0)))
    app.frame(FRAME)
    assert not app.problems()


def test_the_update_glides_one_layer_per_frame_and_arrives_before_the_phase_ends(app):
    """While Paris trains at x1, each frame of the update moves one layer's weights at most
    (NetworkScene.layer_glide: the picture redrawn there is one layer's, issue 12's frame
    budget), each layer moves forward only, and both have arrived a frame before the next
    forward pass starts."""
    from game.levels import find_level

    scene = app.open_level(find_level("paris"))
    offsets = scene.task.shape.offsets()
    layer_of = np.repeat(np.arange(len(offsets)), np.diff([0, *[end for _w, _b, end in offsets]]))
    scene.toggle_play()
    glides = 0
    for _ in range(400):
        app.frame(FRAME)
        if scene.phase_name != "update":
            continue
        glides += 1
        before, now = scene.before, scene.trainer.params
        shown = []
        while scene.phase_name == "update":
            shown.append(scene.shown_params().copy())
            app.frame(FRAME)
        assert len(shown) >= 3
        moved = [np.unique(layer_of[np.abs(b - a) > 0]) for a, b in zip(shown, shown[1:])]
        assert all(len(layers) <= 1 for layers in moved), moved
        assert {int(m[0]) for m in moved if len(m)} == set(range(len(offsets)))  # every layer moves
        toward = np.sign(now - before)
        for a, b in zip(shown, shown[1:]):
            assert (np.sign(b - a) * toward >= 0).all()  # forward only
        assert np.allclose(shown[-1], now)  # arrived before the phase ended
        if glides == 3:
            break
    assert glides == 3


def test_reduced_motion_shows_the_new_weights_at_once(app):
    from game.levels import find_level

    app.store.update_settings(reduced_motion=True)
    scene = app.open_level(find_level("paris"))
    scene.toggle_play()
    for _ in range(400):
        app.frame(FRAME)
        if scene.phase_name == "update":
            assert np.array_equal(scene.shown_params(), scene.trainer.params)
            return
    pytest.fail("no update phase in 400 frames")


@pytest.mark.parametrize("speed_presses", [0, 2])
def test_the_loss_flash_lights_the_loss_and_gradient_phases_only(app, speed_presses):
    """While Train runs (at x1 and faster), the loss's flash starts at each loss phase, is still
    lit through the gradient phase, and is out before the update's glide: the scorecard does
    not redraw on the glide's frames."""
    import pygame

    from game.levels import find_level

    scene = app.open_level(find_level("paris"))
    for _ in range(speed_presses):
        press(app, pygame.K_RIGHTBRACKET, frames=1)
    scene.toggle_play()
    seen = {"loss": [], "gradient": [], "update": []}
    for _ in range(600):
        app.frame(FRAME)
        if scene.phase_name in seen:
            seen[scene.phase_name].append(scene.loss_flash)
    assert seen["loss"] and seen["gradient"] and seen["update"]
    assert min(seen["loss"]) > 0.3
    assert max(seen["gradient"]) > 0.0
    assert max(seen["update"]) == 0.0
