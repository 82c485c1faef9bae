"""A slow par search never freezes the window: in the game (app.background_par) a classifier
level opens at once, draws frames with "par …" on its goal card while par is searched beside it,
a run that ends first waits for par ("Finding par") and is then judged with the real par: the
stars the synchronous search gives."""

from __future__ import annotations

import threading
from collections import OrderedDict

import pytest

from tests.e2e.game_driver import frames, open_app

pytestmark = pytest.mark.e2e

LEVEL = "separate-hidden"
GATE_WAIT_S = 120.0  # a bound, not a measurement: a search that never ends fails the test


@pytest.fixture
def app(tmp_path):
    pygame = pytest.importorskip("pygame")
    app = open_app(tmp_path, start="none")
    yield app
    app.close()
    pygame.quit()


def test_the_scene_draws_while_par_is_searched_and_judges_with_the_real_par(app, tmp_path, monkeypatch):
    from game.levels import find_level
    from game.scenes.results import ResultsScene
    from game.sim.families import base, family_of
    from game.sim.outcome import stars_for

    level = find_level(LEVEL)
    family = family_of(level)
    par, setting = family.par_steps(level), family.par_setting(level)  # the synchronous answer
    assert par is not None and setting is not None

    # a game that has never searched this level's par: nothing in memory or on disk, and a search
    # that cannot end until the test lets it
    monkeypatch.setattr(base, "_PAR_CACHE", OrderedDict())
    monkeypatch.setenv("DOWNHILL_CACHE_DIR", str(tmp_path / "empty-cache"))
    gate, started = threading.Event(), threading.Event()
    search = type(family).search_par_setting

    def held(self, level, runner=None):
        started.set()
        assert gate.wait(GATE_WAIT_S), "the test never let the search finish"
        return search(self, level, runner)

    monkeypatch.setattr(type(family), "search_par_setting", held)
    app.background_par = True

    scene = app.open_level(level)
    assert started.wait(GATE_WAIT_S) and not scene.par_known and scene.par is None
    frames(app, 3)  # the window draws while the search waits
    assert not scene.par_known
    assert any(text == "par …" for text in drawn_texts(app, scene))

    scene.set_params(**setting)  # the par search's own setting: three stars once judged
    while not scene.done:
        scene.step_once()
    frames(app, 3)
    assert scene.waiting_for_par and scene.result is None and not isinstance(app.stack.top, ResultsScene)
    assert any("Finding par" in text for text in drawn_texts(app, scene))

    gate.set()
    for _ in range(int(GATE_WAIT_S * 60)):
        frames(app)
        if isinstance(app.stack.top, ResultsScene):
            break
    else:
        pytest.fail("the results never came after par was found")
    outcome = scene.result.outcome
    assert scene.par == par and outcome.par == par
    assert outcome.stars == stars_for(outcome.steps, par, outcome.cleared) == 3
    assert app.store.progress(LEVEL).stars == 3
    assert not app.problems()


def drawn_texts(app, scene) -> list[str]:
    """The texts the painter is handed in one draw of the scene."""
    painter = app.painter
    seen: list[str] = []
    text = painter.text

    def spy(words, *args, **kwargs):
        seen.append(str(words))
        return text(words, *args, **kwargs)

    painter.text = spy
    try:
        app.draw()
    finally:
        del painter.text
    return seen
