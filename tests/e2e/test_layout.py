"""Issue 12 item 5 and issue 11 item 4: a layout check over every scene and level -- every text
inside its panel and the window, no two texts (or stars) overlapping, none under 14 px -- in
every language at text size 1.0 and 1.5 (1280x720) and at 1920x1080. The check itself is tested
on made-up layouts so that it can fail, and its muted draw against a real frame."""

from __future__ import annotations

import pytest

from game.render.layout import Recorder, problems
from game_driver import open_app

pytestmark = pytest.mark.e2e


def test_the_check_finds_each_kind_of_problem():
    recorder = Recorder(owner="s")
    recorder.panel((100, 100, 200, 100), "goal")
    recorder.text("fits", (110, 110, 50, 18), 16, False)
    recorder.text("spills out", (250, 110, 80, 18), 16, False)
    recorder.text("tiny", (110, 150, 30, 10), 9, False)
    recorder.text("over", (120, 112, 40, 18), 16, False)       # on top of "fits"
    recorder.text("tooltip", (115, 110, 60, 18), 16, True)       # on_top: may cover others
    recorder.text("gone", (1270, 700, 40, 18), 16, False)
    found = problems(recorder, (1280, 720), 1.0)
    assert any("spills out of its panel goal" in p and "spills out" in p for p in found)
    assert any("too small" in p and "'tiny'" in p for p in found)
    assert any("overlap" in p and "'fits'" in p and "'over'" in p for p in found)
    assert any("outside the window" in p and "'gone'" in p for p in found)
    assert not any("'tooltip'" in p for p in found)
    clean = Recorder(owner="s")
    clean.panel((0, 0, 400, 300))
    clean.text("a", (10, 10, 50, 18), 14, False)
    clean.text("b", (10, 40, 50, 18), 14, False)
    assert problems(clean, (1280, 720), 1.0) == []


LOOKS = [(language, scale) for language in ("en", "de", "fr", "es") for scale in (1.0, 1.5)]


def test_every_scene_and_level_in_every_language_and_text_size(tmp_path):
    """Issue 11 item 4: every scene and level (in each state a player can bring up), in English,
    German, French and Spanish, at text size 1.0 and 1.5 at 1280x720, and in English at
    1920x1080: no text cut off or overflowing."""
    from game.perf.layout import Look, layout_matrix

    looks = [Look(language, scale) for language, scale in LOOKS]
    looks.append(Look("en", 1.0, (1920, 1080)))
    app = open_app(tmp_path / "save", size=(1280, 720))
    try:
        app.store.update_settings(unlock_all=True)
        every_level = {level.id for level in app.ordered_levels() if app.registry.can_play(level)}
        reports = layout_matrix(app, looks)
    finally:
        app.close()
    for look, report in reports.items():
        assert {"title", "level_select", "settings", "help", "ending", "quit"} <= set(report), look
        assert {name.split(":")[0] for name in report if ":" in name} == every_level, look
        assert {"paris: wiggle", "neuron: build", "separate-hidden: build", "separate-line: wrong-answer"} <= set(report)
    bad = [f"{look.name} | {name}: {p}" for look, report in reports.items() for name, found in report.items()
           for p in found[:3]]
    assert not bad, f"{len(bad)} problems:\n" + "\n".join(bad[:60])


def test_the_muted_draw_records_what_a_real_frame_draws(tmp_path):
    """The check draws with rasterising muted (gl_muted); the boxes must be a real frame's."""
    from game.levels import find_level
    from game.perf.layout import gl_muted, record

    app = open_app(tmp_path / "save", size=(1280, 720))
    try:
        def boxes():
            app.frame(0.0)
            real = record(app)
            with gl_muted():
                muted = record(app)
            assert real.texts and real.panels
            return real, muted

        for stage in ("title", "level"):
            if stage == "level":
                app.open_level(find_level("parabola")).advance_steps(3)
            real, muted = boxes()
            assert muted.texts == real.texts, stage
            assert muted.panels == real.panels, stage
        app.frame(0.0)  # and a real frame after a muted one draws its cached pictures again
        assert app.window.read_pixels().max() > 0
    finally:
        app.close()

