"""Issue 12 item 2: every formula on screen is computed from the state the simulation has, in every
phase. The Calculus level is walked through its four phases (and at rest before and after an
epoch); the texts the painter draws are recorded and compared with numbers worked out here from
the trainer's own weight. Every optimizer's update-rule panel on a ball level shows the look-ahead
step the optimizer really takes."""

from __future__ import annotations

import pytest

from game.perf.layout import record
from game.render.level_view import fmt, sum_of
from game.render.play_view import signed
from game_driver import frames, open_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = open_app(tmp_path_factory.mktemp("save"), start="none")
    yield app
    app.close()


def texts(app) -> list[str]:
    return [box.text for box in record(app).texts]


def test_calculus_shows_its_state_in_every_phase(app):
    from game.levels import find_level

    level = find_level("calculus")
    scene = app.open_level(level)
    frames(app)
    x, y = float(scene.task.x[0, 0]), float(scene.task.target[0, 0])
    for stage in ("rest", 0, 1, 2, 3, "after"):
        if stage == "after":
            scene.advance_steps(1)
        elif stage != "rest":
            scene.show_phase(stage)
        frames(app)
        w = float(scene.trainer.params[0]) if stage in ("rest", "after", 0, 1, 2) else float(scene.before[0])
        yp, diff = w * x, w * x - y
        grad, eta = 2 * diff * x, scene.params["eta"]
        shown = texts(app)
        joined = "\n".join(shown)
        # the formulas, whole, at rest and in every phase: the square and the 2 are never missing
        assert "L = (y' − y)²" in shown, (stage, shown)
        if stage != 2:  # phase 3 shows the 2 on its way down; everywhere else it stands in place
            assert "2·(y' − y)·x" in shown, (stage, shown)
        # the numbers are the state's
        assert f"y' = w·x = {fmt(w)} × {fmt(x, 2)} = {fmt(yp)}" in joined, stage
        assert f"L = ({fmt(yp)} − {fmt(y, 2)})² = {fmt(diff * diff)}" in joined, stage
        assert f"dL/dw = 2·({fmt(diff)})·{fmt(x, 2)} = {fmt(grad)}" in joined, stage
        assert f"w ← {fmt(w)} − " in joined and f"= {fmt(w - eta * grad)}" in joined, stage
        assert "α" not in joined and "eta" not in joined  # one notation: η
        if stage not in ("rest", "after"):
            scene.reset()
            frames(app)
    app.stack.pop()


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "nesterov", "adam"])
def test_every_update_rule_panel_shows_the_step_the_optimizer_takes(app, optimizer):
    from game.levels import find_level
    from game.sim import optim

    level = find_level("wavy") if optimizer != "gd" else find_level("parabola")
    scene = app.open_level(level)
    if optimizer not in level.optimizers:
        scene.params["optimizer"] = optimizer  # the panel must be right for any optimizer the table has
        scene.reset()
    scene.set_params(mu=0.5)
    scene.advance_steps(2)
    frames(app)
    shown = "\n".join(texts(app))
    entry = optim.optimizer(scene.params["optimizer"])
    assert entry.rule in shown
    nxt = scene.next_step
    assert fmt(nxt.x) in shown  # where the optimizer's own step lands
    assert "×-" not in shown.replace(" ", "") and "×−" not in shown.replace(" ", "")  # negatives in brackets
    app.stack.pop()


def test_the_neuron_takes_the_players_input(app):
    """Seed 002, Interactive 1: the player sets the input; the weighted sum on screen follows."""
    import pygame

    from game.levels import find_level
    from game_driver import key

    scene = app.open_level(find_level("neuron"))
    frames(app)
    key(app, pygame.K_i)
    assert scene.focus.focused is scene.input_slider
    before = float(scene.task.x[0, 0])
    key(app, pygame.K_RIGHT)
    after = float(scene.task.x[0, 0])
    assert after > before and scene.trainer.t == 0  # a new input: the neuron starts again with it
    w, b = (float(v) for v in scene.trainer.params)
    shown = "\n".join(texts(app))
    assert f"{fmt(after, 2)} × {signed(w, 2)} = {fmt(after * w, 2)}" in shown
    assert f"{sum_of([fmt(after * w, 2), fmt(b, 2)])} = {fmt(after * w + b, 2)}" in shown
    app.stack.pop()


@pytest.mark.parametrize("level_id", ["neuron", "backprop", "paris"])
def test_sums_are_written_with_each_terms_own_sign(app, level_id):
    """A sum of signed numbers on screen reads as maths: "0.43 − 0.0039", never "+ -0.0039", and
    a negative factor stands in brackets, in every phase of a step and in every tooltip."""
    from game.levels import find_level

    scene = app.open_level(find_level(level_id))
    frames(app)
    scene.advance_steps(3)
    seen = []
    for phase in range(4):
        scene.show_phase(phase)
        frames(app)
        seen += texts(app)
        for x, y in scene.view.hover_targets():
            scene.mouse = (x, y)
            frames(app)
            seen += texts(app)
        scene.mouse = (-1.0, -1.0)
        scene.reset()
        scene.advance_steps(3)
    signs = [text for text in seen if any(bad in text for bad in ("+ -", "+ −", "- -", "− -", "× -", "·-"))]
    assert not signs, signs[:5]
    assert any(" − " in text for text in seen)  # a negative term was on screen: the check saw one
    app.stack.pop()


def test_run_forward_pass_sends_the_signal_without_training(app):
    """Seed 001 sec. 1: Run Forward Pass lights the forward phase alone; no weight changes."""
    import numpy as np
    import pygame

    from game.levels import find_level
    from game_driver import key

    scene = app.open_level(find_level("paris"))
    frames(app)
    weights = scene.trainer.params.copy()
    key(app, pygame.K_f)
    assert scene.phase_name == "forward"
    seen = set()
    for _ in range(120):
        frames(app)
        seen.add(scene.phase_name)
    assert seen == {"forward", None}  # never the loss, gradient or update phases
    assert scene.trainer.t == 0 and np.array_equal(scene.trainer.params, weights)
    key(app, pygame.K_f)
    key(app, pygame.K_t)  # a training step asked for during the pass: it trains, once
    for _ in range(120):
        frames(app)
    assert scene.trainer.t == 1 and scene.phase is None
    app.stack.pop()
