"""Kiosk mode end to end: the real kiosk game in the offscreen window, scripted input, and
made-up frame time (the idle timer runs on the time `frame(dt)` is fed, like the clock)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game_driver import center, frames

pytestmark = pytest.mark.e2e

FRAME = 1 / 60
IDLE, COUNTDOWN = 30.0, 10.0
ROOT = Path(__file__).resolve().parents[2]


class Beats:
    """Stands in for the heartbeat pipe: counts what the game sends."""

    def __init__(self) -> None:
        self.beats = 0
        self.staff = 0

    def beat(self) -> None:
        self.beats += 1

    def staff_exit(self) -> None:
        self.staff += 1


def open_kiosk(tmp_path, size=(1280, 720), **config):
    from game.kiosk.app import build_kiosk_app
    from game.kiosk.config import KioskConfig
    from game.kiosk.stats import Stats
    from game.window import WindowError

    settings = dict(idle_seconds=IDLE, countdown_seconds=COUNTDOWN, levels=("parabola", "overshoot", "paris"),
                    stats_path=str(tmp_path / "stats.json"))
    settings.update(config)
    cfg = KioskConfig(**settings)
    try:
        app = build_kiosk_app(cfg, size, fullscreen=False, stats=Stats.open(cfg.stats_file()), heartbeat=Beats())
    except WindowError as error:
        pytest.skip(f"no OpenGL window here: {error}")
    frames(app, 2)
    return app


@pytest.fixture
def kiosk(tmp_path, monkeypatch):
    monkeypatch.setenv("DOWNHILL_DATA_DIR", str(tmp_path / "real-save"))
    app = open_kiosk(tmp_path)
    yield app
    app.close()


def post(kind, **fields):
    pygame.event.post(pygame.event.Event(kind, **fields))


def tap(app, x, y):
    """A finger, as a touch screen sends it (position as a fraction of the window)."""
    w, h = app.size
    post(pygame.FINGERDOWN, touch_id=1, finger_id=0, x=x / w, y=y / h, dx=0.0, dy=0.0, pressure=1.0)
    post(pygame.FINGERUP, touch_id=1, finger_id=0, x=x / w, y=y / h, dx=0.0, dy=0.0, pressure=1.0)
    frames(app)


def press(app, k, mod=0, text=""):
    post(pygame.KEYDOWN, key=k, mod=mod, unicode=text, scancode=0)
    frames(app)


def wait(app, seconds, dt=0.5):
    """Let `seconds` of frame time pass with no input."""
    for _ in range(int(round(seconds / dt))):
        app.frame(dt)


def start_visit(app):
    assert app.stack.top is app.attract
    tap(app, app.size[0] / 2, app.size[1] / 2)
    assert app.visiting and app.stack.top.name == "level_select"


def to_level(app, level_id):
    select = app.stack.top
    card = next(c for c in select.cards if c.level is not None and c.level.id == level_id)
    tap(app, *center(card.rect))
    assert app.stack.top.name in ("play", "network") and app.stack.top.level.id == level_id
    return app.stack.top


def test_window_close_alt_f4_escape_f11_and_settings_do_nothing(kiosk):
    start_visit(kiosk)
    scene = to_level(kiosk, "parabola")
    post(pygame.QUIT)
    post(pygame.WINDOWCLOSE, window=None)
    press(kiosk, pygame.K_F4, mod=pygame.KMOD_ALT)  # and SDL's QUIT that Alt+F4 sends, above
    press(kiosk, pygame.K_ESCAPE)
    press(kiosk, pygame.K_F11)
    press(kiosk, pygame.K_BACKSPACE)
    frames(kiosk, 3)
    assert kiosk.running and kiosk.stack.top is scene
    assert not kiosk.window.fullscreen
    kiosk.show_settings()
    kiosk.quit()
    frames(kiosk)
    assert kiosk.running and kiosk.stack.top is scene
    assert not any(s.name == "settings" for s in kiosk.stack.scenes)
    press(kiosk, pygame.K_SLASH, mod=pygame.KMOD_SHIFT, text="?")  # the shortcuts card: only what works here
    frames(kiosk)
    card = kiosk.stack.top
    assert card.name == "help"
    shown = {key for _title, rows in card.columns() for key, _what in rows}
    assert {"Esc", "F11"}.isdisjoint(shown) and {"Space", "Tab", "M"} <= shown
    assert not any(what == "settings (title)" for _title, rows in card.columns() for _key, what in rows)


def test_the_attract_loop_runs_the_real_pictures_in_turn(kiosk):
    attract = kiosk.attract
    seen = []
    for _ in range(int(3 * attract.seconds * 60) + 10):
        kiosk.frame(FRAME)
        name = ("balls", "fate", "paris")[attract.picture]
        if not seen or seen[-1] != name:
            seen.append(name)
    assert seen[:4] == ["balls", "fate", "paris", "balls"]
    assert attract.fate is not None and attract.fate.status.shape == (64, 96)
    assert attract.trainer is not None and attract.trainer.t > 10  # the network trained while shown
    assert kiosk.running and not kiosk.visiting


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_each_attract_picture_keeps_its_words_and_nodes_apart(tmp_path, monkeypatch, size):
    """The layout check on every picture of the attract loop: no text too small, outside the
    window or over another. On the network picture the eight words' nodes keep apart too."""
    from game.kiosk.attract import PICTURES
    from game.perf.layout import record
    from game.render.layout import problems

    monkeypatch.setenv("DOWNHILL_DATA_DIR", str(tmp_path / "real-save"))
    app = open_kiosk(tmp_path, size=size)
    try:
        attract = app.attract
        checked = set()
        for _ in range(int(3 * attract.seconds * 60) + 10):
            app.frame(FRAME)
            name = PICTURES[attract.picture]
            if name not in checked and attract.time > 1.0:  # the picture is under way
                checked.add(name)
                assert problems(record(app), app.size, app.ui_scale) == [], name
                if name == "paris":
                    nodes, radii = attract._net_nodes()
                    for column, radius in zip(nodes, radii):
                        ys = [y for _x, y in column]
                        assert all(b - a >= 2 * radius for a, b in zip(ys, ys[1:])), (name, len(ys))
        assert checked == set(PICTURES)
    finally:
        app.close()


def test_the_staff_chord_and_the_pin_leave(kiosk):
    from game.kiosk.overlays import PinPadScene

    press(kiosk, pygame.K_k, mod=pygame.KMOD_CTRL | pygame.KMOD_ALT)
    pad = kiosk.stack.top
    assert isinstance(pad, PinPadScene)
    digit = {b.label: b for b in pad.digits}
    for d in "1111":
        tap(kiosk, *center(digit[d].rect))
    tap(kiosk, *center(pad.ok.rect))
    assert kiosk.running and pad.message == "Wrong PIN" and pad.entered == ""
    for d in kiosk.config.pin:
        tap(kiosk, *center(digit[d].rect))
    tap(kiosk, *center(pad.ok.rect))
    assert not kiosk.running and kiosk.staff_left
    assert kiosk.heartbeat.staff == 1


def test_the_pin_pad_cancels_and_only_the_chord_opens_it(kiosk):
    from game.kiosk.overlays import PinPadScene

    press(kiosk, pygame.K_k, mod=pygame.KMOD_CTRL)  # not the whole chord: the attract loop sees a key
    assert not isinstance(kiosk.stack.top, PinPadScene)
    kiosk.visit_over()
    press(kiosk, pygame.K_k, mod=pygame.KMOD_CTRL | pygame.KMOD_ALT)
    pad = kiosk.stack.top
    tap(kiosk, *center(pad.cancel.rect))
    assert not isinstance(kiosk.stack.top, PinPadScene) and kiosk.running


def test_the_corners_chord_opens_the_pin_pad(tmp_path):
    from game.kiosk.config import Chord
    from game.kiosk.overlays import PinPadScene

    app = open_kiosk(tmp_path, exit_chord=Chord(("corners",)))
    try:
        w, h = app.size
        for x, y in ((5, 5), (w - 5, 5), (w - 5, h - 5), (5, h - 5)):
            tap(app, x, y)
        assert isinstance(app.stack.top, PinPadScene)
    finally:
        app.close()


def test_idle_countdown_then_reset_to_the_attract_loop(kiosk, tmp_path):
    from game.kiosk.overlays import CountdownScene

    start_visit(kiosk)
    to_level(kiosk, "parabola")
    wait(kiosk, IDLE - 1)
    assert not isinstance(kiosk.stack.top, CountdownScene)
    wait(kiosk, 1.5)
    countdown = kiosk.stack.top
    assert isinstance(countdown, CountdownScene) and countdown.remaining() <= COUNTDOWN
    wait(kiosk, COUNTDOWN)
    assert kiosk.stack.top is kiosk.attract and len(kiosk.stack) == 1 and not kiosk.visiting
    days = json.loads((tmp_path / "stats.json").read_text())["days"]
    (day,) = days.values()
    assert day["visits"] == 1 and day["levels"]["parabola"] == {"started": 1, "cleared": 0}
    assert kiosk.heartbeat.beats > 0


def test_a_touch_during_the_countdown_keeps_the_visitor(kiosk):
    from game.kiosk.overlays import CountdownScene

    start_visit(kiosk)
    scene = to_level(kiosk, "parabola")
    scene.set_params(eta=0.3)
    wait(kiosk, IDLE + COUNTDOWN / 2)
    assert isinstance(kiosk.stack.top, CountdownScene)
    tap(kiosk, 40, 40)
    assert kiosk.stack.top is scene and kiosk.visiting and scene.params["eta"] == 0.3
    wait(kiosk, IDLE - 1)
    assert kiosk.stack.top is scene  # the idle time started again from the touch


def test_no_progress_is_carried_from_one_visitor_to_the_next(kiosk, tmp_path):
    start_visit(kiosk)
    scene = to_level(kiosk, "parabola")
    scene.set_params(eta=0.5)
    press(kiosk, pygame.K_SPACE)
    frames(kiosk, 240)
    assert kiosk.stack.top.name == "results" and kiosk.store.progress("parabola").cleared
    wait(kiosk, IDLE + COUNTDOWN + 1)
    assert kiosk.stack.top is kiosk.attract
    start_visit(kiosk)
    assert not kiosk.store.progress("parabola").cleared and kiosk.store.progress("parabola").stars == 0
    card = next(c for c in kiosk.stack.top.cards if c.level.id == "parabola")
    assert card.level is not None
    assert not (tmp_path / "real-save").exists()  # the machine's own save was never touched
    days = json.loads((tmp_path / "stats.json").read_text())["days"]
    assert next(iter(days.values()))["levels"]["parabola"] == {"started": 1, "cleared": 1}


def test_back_past_the_level_list_ends_the_visit(kiosk):
    start_visit(kiosk)
    select = kiosk.stack.top
    tap(kiosk, *center(select.back_button.rect))
    assert kiosk.stack.top is kiosk.attract and not kiosk.visiting and kiosk.running


def test_only_the_configured_levels_are_offered_in_order(kiosk):
    assert [lv.id for lv in kiosk.ordered_levels()] == ["parabola", "overshoot", "paris"]
    assert len(kiosk.levels.levels) == 3  # star totals and "every level cleared" count these only
    start_visit(kiosk)
    assert [c.level.id for c in kiosk.stack.top.cards] == ["parabola", "overshoot", "paris"]
    assert kiosk.attract.curve_level.id == "wavy"  # the loop still shows its own level


def test_every_target_is_at_least_48_pixels_at_1080p(tmp_path):
    app = open_kiosk(tmp_path, size=(1920, 1080), levels=())
    small = []

    def check(scene):
        small.extend(f"{scene.name}: {type(w).__name__} {w.label!r} {w.rect}" for w in scene.focus.widgets
                     if min(w.rect[2], w.rect[3]) < 48)

    try:
        app.start_visit()
        frames(app)
        check(app.stack.top)
        for level in app.ordered_levels():
            scene = app.open_level(level)
            frames(app)
            check(scene)
            for view in app.registry.views_for(level):
                app.stack.push(view.factory(app, scene))
                frames(app)
                check(app.stack.top)
                app.stack.pop()
            app.stack.pop()
        app.open_pin_pad()
        frames(app)
        check(app.stack.top)
        app.stack.pop()
        wait(app, IDLE + 1)
        check(app.stack.top)
        assert app.stack.top.name == "countdown"
    finally:
        app.close()
    assert not small, small


def test_a_bad_config_is_refused_in_one_line(tmp_path):
    bad = tmp_path / "museum.toml"
    bad.write_text('idle_seconds = 60\n\n[sound]\nvolume = 3\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "game", "kiosk", "--config", str(bad)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"downhill kiosk: {bad}:4: sound.volume: must be a number from 0 to 1, got 3"]


def test_fuzz_kiosk_briefly_finds_no_way_out(tmp_path):
    from game.commands.fuzz import fuzz

    report = fuzz(21, rate=60, frames=400, store_dir=tmp_path, kiosk=True)
    assert report.ok, report.line()
    assert {"attract", "level_select"} <= report.scenes


def test_one_button_cycles_the_offered_languages_and_each_visitor_starts_in_the_first(tmp_path):
    from game import i18n

    app = open_kiosk(tmp_path, languages=("en", "fr", "de"))
    try:
        button = app.attract.language_button
        assert min(button.rect[2], button.rect[3]) >= 48 * app.ui_scale
        tap(app, *center(button.rect))
        assert i18n.language() == "fr" and not app.visiting and app.stack.top is app.attract
        tap(app, *center(button.rect))
        assert i18n.language() == "de"
        start_visit(app)
        assert i18n.language() == "de"  # the visitor plays in the language they chose
        wait(app, IDLE + COUNTDOWN + 1)
        assert app.stack.top is app.attract and i18n.language() == "en"
    finally:
        app.close()
        i18n.use("en")


def test_a_single_language_shows_no_language_button(kiosk):
    attract = kiosk.attract
    assert not attract.has_languages and attract.language_button not in attract.focus.widgets
    assert attract.focus.widgets == [attract.text_size_button]  # the text size button stays


def test_the_kiosk_look_and_a_visitor_s_bigger_text(tmp_path):
    """Issue 11 for museums: the operator sets every visitor's look in the config ([look]); a
    visitor's Aa button makes the text bigger for their visit (the kiosk's size, 125 %, 150 %,
    then back), and the next visitor starts at the kiosk's size."""
    from game.render import theme

    app = open_kiosk(tmp_path, text_scale=1.0, colour_safe=True, high_contrast=True)
    try:
        assert theme.LOOK == (True, True, 1.0, False)
        button = app.attract.text_size_button
        assert button in app.attract.focus.widgets and min(button.rect[2], button.rect[3]) >= 48 * app.ui_scale
        seen = []
        for _ in range(3):
            tap(app, *center(button.rect))
            seen.append(theme.TEXT_SCALE)
        assert seen == [1.25, 1.5, 1.0] and not app.visiting
        tap(app, *center(button.rect))
        tap(app, *center(button.rect))
        assert theme.TEXT_SCALE == 1.5 and button.label.endswith("150 %")
        start_visit(app)
        assert theme.TEXT_SCALE == 1.5  # the visitor plays with the text they chose
        wait(app, IDLE + COUNTDOWN + 1)
        assert app.stack.top is app.attract and theme.TEXT_SCALE == 1.0 and button.label.endswith("100 %")
        assert theme.LOOK[:2] == (True, True)  # the kiosk's own contrast and palette stay
    finally:
        app.close()
        theme.apply()


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_the_kiosk_screens_lay_out_at_big_text(tmp_path, language):
    """The attract loop's three pictures, the countdown and the PIN pad at text size 1.5: no
    text outside its panel or the window, none overlapping (the layout check's rules)."""
    from game import i18n
    from game.perf.layout import gl_muted, scene_problems
    from game.render import theme

    app = open_kiosk(tmp_path, languages=(language, "en") if language != "en" else ("en", "de"), text_scale=1.5)
    try:
        found = []
        for picture in range(3):
            app.attract.start_picture(picture)
            frames(app)
            with gl_muted():
                found += [f"attract {picture}: {p}" for p in scene_problems(app)]
        app.open_pin_pad()
        frames(app)
        with gl_muted():
            found += [f"pin: {p}" for p in scene_problems(app)]
        app.stack.pop()
        start_visit(app)
        wait(app, IDLE + 1)
        assert app.stack.top.name == "countdown"
        with gl_muted():
            found += [f"countdown: {p}" for p in scene_problems(app)]
        assert not found, found
    finally:
        app.close()
        theme.apply()
        i18n.use("en")
