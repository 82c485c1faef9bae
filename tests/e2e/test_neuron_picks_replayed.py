"""The neuron's own picks (activation button, input slider) reach the run's params, so the class
server replays the neuron the player built: the same outcome the scene showed."""

from __future__ import annotations

import pytest

from tests.e2e.game_driver import frames, open_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def app(tmp_path):
    pygame = pytest.importorskip("pygame")
    app = open_app(tmp_path, start="none")
    yield app
    app.close()
    pygame.quit()


def test_a_switched_activation_and_input_are_replayed_by_the_server(app):
    from game.classroom import verify
    from game.classroom.link import sent_params
    from game.levels import find_level

    level = find_level("neuron")
    scene = app.open_level(level)
    frames(app, 2)
    scene.next_activation()  # sigmoid -> the next one the level allows
    scene.set_input(-1.25)
    picked = scene.task.shape.output
    assert picked != "sigmoid"
    while not scene.done:
        scene.step_once()
    frames(app, 3)
    result = scene.result
    assert result is not None and result.params["activation"] == picked and result.params["input"] == -1.25
    server = verify.verify("neuron", sent_params(level, result))
    o = result.outcome
    claim = {"status": o.status, "steps": o.steps, "cleared": o.cleared, "stars": o.stars, "loss": float(o.loss)}
    assert verify.claim_problem(claim, server["outcome"]) is None
