"""Seed 001 sec. 3 in the real window: pick one connection of the Paris network, drag its
weight, and read the loss curve along it, its slope and the ghost step. The slope on screen is
the backprop gradient's entry for that weight; one training step lands where the ghost was."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.perf.layout import record
from game.render.level_view import fmt
from game_driver import drag, frames, key, open_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = open_app(tmp_path_factory.mktemp("save"), start="none")
    yield app
    app.close()


def shown(app) -> str:
    return "\n".join(box.text for box in record(app).texts)


def backprop_slope(scene, index: int) -> float:
    from game.sim.nets import backward

    task = scene.task
    _loss, grad, _fwd = backward(task.shape, scene.trainer.params[None, :], task.x, task.target)
    return float(grad[0, index])


def clear_line(scene):
    """A line whose middle is nearer to it than to any other line (they cross elsewhere)."""
    for index, a, b, _label in scene.view.weight_lines():
        middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        if scene.view.weight_at(*middle) == index:
            return index, middle
    raise AssertionError("every line's middle is crowded")


def test_pick_a_line_drag_its_weight_and_read_the_backprop_slope(app):
    from game.levels import find_level
    from game.scenes.network_play import WEIGHT_PER_PIXEL

    scene = app.open_level(find_level("paris"))
    frames(app)
    start = scene.trainer.params.copy()
    index, middle = clear_line(scene)
    drag(app, middle, (middle[0], middle[1] - 40))  # up 40 px on the line: the weight grows
    assert scene.picked == index
    params = scene.trainer.params
    assert params[index] == pytest.approx(start[index] + 40 * WEIGHT_PER_PIXEL / scene.view.s, abs=1e-12)
    others = np.arange(len(params)) != index
    assert np.array_equal(params[others], start[others])  # every other weight held
    assert scene.trainer.t == 0 and scene.hand_start is not None
    text = shown(app)
    g = backprop_slope(scene, index)
    assert f"∂L/∂w = {fmt(g)}" in text
    assert f"w = {fmt(params[index])}" in text
    ghost = params[index] - scene.params["eta"] * g
    assert fmt(ghost) in text
    # one training step (plain gradient descent) lands on the ghost
    key(app, pygame.K_t, n=90)
    assert scene.trainer.t == 1
    assert scene.trainer.params[index] == pytest.approx(ghost, abs=1e-12)
    # drag along the curve: the weight goes under the pointer
    frame = scene.view.wiggle_frame
    x0 = frame.rect[0] + frame.rect[2] * 0.3
    y_mid = frame.rect[1] + frame.rect[3] / 2
    drag(app, (x0, y_mid), (x0 + 50, y_mid))
    # the last motion event is at round(x0 + 50) (game_driver.drag rounds): the weight under it
    assert scene.trainer.params[index] == pytest.approx(frame.world_x(round(x0 + 50)), abs=1e-9)
    assert f"∂L/∂w = {fmt(backprop_slope(scene, index))}" in shown(app)
    assert not app.problems()
    # Reset puts the level's own weights back; Esc puts the wiggle away, then leaves
    key(app, pygame.K_r)
    assert np.array_equal(scene.trainer.params, start) and scene.hand_start is None
    key(app, pygame.K_ESCAPE)
    assert scene.picked is None and app.stack.top is scene
    app.stack.pop()


def test_the_keyboard_picks_and_moves_a_weight_and_a_practice_run_earns_nothing(app):
    from game.levels import find_level
    from game.scenes.network_play import FINE_NUDGE, NUDGE

    scene = app.open_level(find_level("paris"))
    frames(app)
    order = scene.wiggle_lines()
    key(app, pygame.K_w)
    key(app, pygame.K_w)
    assert scene.picked == order[1]
    key(app, pygame.K_w, mod=pygame.KMOD_SHIFT)
    assert scene.picked == order[0]
    w0 = float(scene.trainer.params[order[0]])
    key(app, pygame.K_RIGHT)
    key(app, pygame.K_LEFT, mod=pygame.KMOD_SHIFT)
    assert scene.trainer.params[order[0]] == pytest.approx(w0 + NUDGE - FINE_NUDGE, abs=1e-12)
    assert scene.params["eta"] == scene.level.eta.default  # the arrows moved the weight, not η
    assert f"∂L/∂w = {fmt(backprop_slope(scene, order[0]))}" in shown(app)
    scene.set_params(eta=0.3)  # a new η keeps the player's weights
    assert scene.hand_start is not None and scene.trainer.params[order[0]] == pytest.approx(w0 + NUDGE - FINE_NUDGE)
    scene.advance_steps(scene.level.max_steps)
    assert scene.result is not None and scene.result.extra.get("practice") and scene.result.outcome.stars == 0
    assert app.store.progress("paris").stars == 0 and app.store.progress("paris").best_steps is None
    app.show_results(scene)
    assert app.stack.top.lines[0].startswith("A practice run")
    app.stack.pop()
    app.stack.pop()


def test_the_gamepad_picks_and_moves_a_weight(app):
    """RB / LB pick the next / previous line (as W / Shift+W); the D-pad's up/down moves the
    picked weight (as the arrow keys); with nothing picked the D-pad still moves the focus."""
    from game.levels import find_level
    from game.scenes.network_play import NUDGE

    def pad(kind, **fields):
        pygame.event.post(pygame.event.Event(kind, joy=0, instance_id=0, **fields))
        frames(app)

    scene = app.open_level(find_level("backprop"))
    frames(app)
    order = scene.wiggle_lines()
    focused = scene.focus.focused
    pad(pygame.JOYHATMOTION, hat=0, value=(0, -1))          # nothing picked: the focus moves
    assert scene.picked is None and scene.focus.focused is not focused
    pad(pygame.JOYBUTTONDOWN, button=5)                     # RB
    pad(pygame.JOYBUTTONDOWN, button=5)
    assert scene.picked == order[1]
    pad(pygame.JOYBUTTONDOWN, button=4)                     # LB
    assert scene.picked == order[0]
    w0 = float(scene.trainer.params[order[0]])
    pad(pygame.JOYHATMOTION, hat=0, value=(0, 1))
    assert scene.trainer.params[order[0]] == pytest.approx(w0 + NUDGE, abs=1e-12)
    pad(pygame.JOYHATMOTION, hat=0, value=(0, -1))
    pad(pygame.JOYHATMOTION, hat=0, value=(0, -1))
    assert scene.trainer.params[order[0]] == pytest.approx(w0 - NUDGE, abs=1e-12)
    app.stack.pop()


@pytest.mark.parametrize("level_id", ["calculus", "neuron", "backprop"])
def test_the_other_network_levels_wiggle_too(app, level_id):
    from game.levels import find_level

    scene = app.open_level(find_level(level_id))
    frames(app)
    key(app, pygame.K_w)
    index = scene.picked
    assert index is not None
    key(app, pygame.K_UP)
    assert f"∂L/∂w = {fmt(backprop_slope(scene, index))}" in shown(app)
    assert not app.problems()
    app.stack.pop()


def test_run_forward_pass_lights_each_layer_as_the_signal_reaches_it(app):
    """Seed 001 sec. 1: F sends the signal; the mixers show their numbers once the dots reach
    them (half way), the next-word scores only at the end."""
    from game.levels import find_level
    from game_driver import near, pixels

    scene = app.open_level(find_level("paris"))
    frames(app)
    key(app, pygame.K_f)
    assert scene.phase_name == "forward" and scene.forward_only
    unlit = (0.10, 0.12, 0.22)
    (hx, hy), (ox, oy) = scene.view.nodes["hid"][0], scene.view.nodes["out"][0]
    spot = scene.view.radius * 0.6  # inside the node, clear of its number

    def dark(image, x, y):
        return near(image, unlit, tol=6)[int(y - spot), int(x)]

    scene.holding = True  # hold the picture at a moment of the pass
    scene.phase_t = 0.0  # the pass's first frame veils the mixers; the scores wait a frame
    image = pixels(app)
    assert dark(image, hx, hy) and not dark(image, ox, oy)
    scene.phase_t = 0.25
    image = pixels(app)
    assert dark(image, hx, hy) and dark(image, ox, oy)
    scene.phase_t = 0.75
    image = pixels(app)
    assert not dark(image, hx, hy) and dark(image, ox, oy)
    scene.holding = False
    frames(app, 60)
    assert scene.phase is None and scene.trainer.t == 0
    assert not dark(pixels(app), ox, oy)
    app.stack.pop()
