"""End to end in the offscreen window: the four classify levels. Train by keyboard and watch the
accuracy; answer separate-line's question by clicking; change separate-hidden's width; place
points in predict by clicking; draw a digit with the mouse and see the network read it; where the
window has compute shaders, the scene trains with the GPU kernel and matches NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from tests.e2e.game_driver import center, click, drag, frames, key, open_app, pixels

pytestmark = pytest.mark.e2e


@pytest.fixture
def app(tmp_path):
    pygame = pytest.importorskip("pygame")
    app = open_app(tmp_path, start="none")
    yield app
    app.close()
    pygame.quit()


def open_level(app, level_id):
    from game.levels import find_level
    from game.scenes.classify_play import ClassifyScene

    scene = app.open_level(find_level(level_id))
    assert isinstance(scene, ClassifyScene)
    frames(app, 2)
    return scene


def wait_for_results(app, n=400):
    from game.scenes.results import ResultsScene

    for _ in range(n):
        frames(app)
        if isinstance(app.stack.top, ResultsScene):
            return app.stack.top
    return None


def test_separate_line_stalls_and_a_clicked_right_answer_clears_it(app):
    import pygame

    scene = open_level(app, "separate-line")
    assert not scene.choice_buttons[1].enabled  # the question opens after some training
    for _ in range(25):
        key(app, pygame.K_s)
    assert scene.run.t == 25 and scene.question_open
    assert max(scene.run.accuracies) < 0.8
    click(app, *center(scene.choice_buttons[0].rect))  # wrong
    assert scene.choice_buttons[0].verdict is False and scene.result is None
    click(app, *center(scene.choice_buttons[1].rect))  # right
    results = wait_for_results(app)
    assert results is not None and scene.result.outcome.cleared
    assert app.store.progress("separate-line").stars == 2
    assert not app.problems()


def test_separate_hidden_trains_past_95_and_the_width_buttons_rebuild_it(app):
    import pygame

    scene = open_level(app, "separate-hidden")
    scene.set_params(optimizer="adam")  # the defaults (momentum, η 0.05) are too slow on purpose
    click(app, *center(scene.wider.rect))
    assert scene.run.shape.sizes == (2, 5, 2)
    key(app, pygame.K_a)
    assert scene.run.shape.hidden == "relu"
    key(app, pygame.K_SPACE)
    results = wait_for_results(app, 2000)
    assert results is not None
    assert scene.result.outcome.cleared and scene.run.accuracy >= 0.95
    assert not app.problems()


def test_predict_places_points_by_click_and_reads_their_probabilities(app):
    scene = open_level(app, "predict")
    view = scene.view
    x, y, w, h = view.plot_rect
    click(app, x + w / 2, y + h / 2)  # the centre of the plane
    click(app, x + w * 0.9, y + h * 0.1)  # near a corner
    assert len(scene.probes) == 2
    assert abs(scene.probes[0][0]) < 0.05 and abs(scene.probes[0][1]) < 0.05
    before = scene.probe_probabilities()
    scene.advance_steps(scene.level.max_steps)
    probs = scene.probe_probabilities()
    assert probs[0, 0] > 0.6 and probs[1, 1] > 0.6  # centre read as centre, corner as corner
    assert probs[0, 0] > before[0, 0] and probs[1, 1] > before[1, 1]
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def test_a_digit_drawn_with_the_mouse_is_read(app):
    scene = open_level(app, "digits")
    scene.advance_steps(60)
    x, y, w, h = scene.view.pad_rect
    # a "1": one stroke down the middle of the pad
    drag(app, (x + w * 0.5, y + h * 0.1), (x + w * 0.5, y + h * 0.9), steps=12)
    assert scene.canvas.sum() > 20
    image = scene.pad_image()
    assert image.shape == (64,) and image.max() <= 1.0
    assert int(np.argmax(scene.pad_probabilities())) == 1
    before = pixels(app)
    key_c = __import__("pygame").K_c
    key(app, key_c)
    assert scene.canvas.sum() == 0
    assert (pixels(app) != before).any()


def test_the_boundary_is_drawn_on_screen_from_the_weights(app):
    scene = open_level(app, "separate-hidden")
    scene.advance_steps(150)
    image = pixels(app)
    x, y, w, h = (int(v) for v in scene.view.plot_rect)
    inside = image[y + 5:y + h - 5, x + 5:x + w - 5]
    assert inside.std() > 15  # regions, points and the line: not a flat panel


@pytest.mark.gpu
def test_the_play_scene_trains_with_the_kernel_and_matches_numpy(app):
    from game.gpu.backend import NumpyBackend

    if app.compute.name != "gpu":
        pytest.skip(f"no GPU compute in this window: {app.compute.reason}")
    scene = open_level(app, "separate-line")  # no par to search: quick to open
    scene.advance_steps(15)
    frames(app)
    batch = scene.run._batch
    assert scene.run.engine == "gpu" and batch.dispatches > 30 and batch.updates == 15
    reference = NumpyBackend().start(scene.level, scene.run_params())
    for _ in range(15):
        reference.epoch()
    np.testing.assert_allclose(scene.run.losses, reference.losses, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(scene.run.accuracies, reference.accuracies, atol=2.0 / len(reference.train))
    first = scene.run
    scene.set_params(eta=0.1)  # a fresh kernel run; the old one's buffers are given back
    assert scene.run is not first and scene.run.engine == "gpu" and not first._batch.buffers
    assert not app.problems()


def test_every_count_on_a_classify_level_says_epochs(tmp_path):
    """The HUD, the goal panel's par and the results card count epochs on an epoch level (the
    family's unit), in every string the painter is asked to draw."""
    import json

    from tests.e2e.game_driver import open_app

    # a small level of its own: its par search is quick
    data = {"format": 1, "id": "tiny-classify", "kind": "classify",
            "chapter": {"id": "classify", "title": "Drawing the line", "order": 20}, "order": 1,
            "title": "Tiny", "lesson": ["Train it."],
            "classify": {"data": {"set": "corners", "points": 40, "seed": 3}, "hidden": 4, "init_seed": 2},
            "optimizer": {"default": "adam", "allowed": ["adam"]},
            "params": {"eta": {"default": 0.05, "min": 0.001, "max": 1.0}, "mu": {"default": 0.5, "min": 0.0, "max": 0.9}},
            "max_steps": 16,
            "goals": [{"type": "accuracy_at_least", "value": 0.99, "text": "Sort them all"}]}
    (tmp_path / "levels").mkdir()
    (tmp_path / "levels" / "tiny-classify.json").write_text(json.dumps(data))
    app = open_app(tmp_path / "save", level_dir=tmp_path / "levels", start="none")
    try:
        drawn: list[str] = []
        text = app.painter.text
        app.painter.text = lambda s, *args, **kwargs: (drawn.append(str(s)), text(s, *args, **kwargs))[1]
        scene = app.open_level(app.levels.levels[0])
        scene.advance_steps(3)
        frames(app, 2)
        assert "epoch 3 / 16" in drawn and any(s.endswith("  Paused") for s in drawn)  # the HUD
        assert scene.par is not None and f"par {scene.par} epochs" in drawn  # the goal panel (14 with the par grid)
        drawn.clear()
        scene.advance_steps(16)
        results = wait_for_results(app, 200)
        assert results is not None and scene.result.outcome.steps == 16
        frames(app, 2)
        assert "epochs trained" in drawn and "✗ Out of epochs" in drawn  # the results card
        assert any(s.endswith("  Out of epochs") for s in drawn)  # the HUD's pill under it
        assert not [s for s in drawn if "step" in s.lower()], drawn
    finally:
        app.close()


def test_the_neurons_pictures_catch_up_half_an_epoch_after_the_regions(app):
    """While Train runs at x1, no frame shows a new epoch's regions and new neuron pictures at
    once (the neurons' pictures trail by half an epoch: issue 12's frame budget); each epoch's
    weights reach the neurons' pictures within 4 frames; paused, they show the run's own."""
    scene = open_level(app, "separate-hidden")
    scene.toggle_play()
    frames(app, 2)
    epochs = caught_up = 0
    shown_regions, shown_neurons = scene.run.params.copy(), scene.neuron_params().copy()
    since_epoch = None
    for _ in range(120):
        frames(app, 1)
        if not scene.running:
            break
        regions, neurons = scene.run.params.copy(), scene.neuron_params().copy()
        new_regions = not np.array_equal(regions, shown_regions)
        new_neurons = not np.array_equal(neurons, shown_neurons)
        assert not (new_regions and new_neurons)
        if new_regions:
            epochs += 1
            since_epoch = 0
        elif since_epoch is not None:
            since_epoch += 1
        if new_neurons:
            assert np.array_equal(neurons, regions) and 1 <= since_epoch <= 4
            caught_up += 1
        shown_regions, shown_neurons = regions, neurons
    assert epochs >= 10 and caught_up >= epochs - 1
    scene.toggle_play()
    assert np.array_equal(scene.neuron_params(), scene.run.params)
