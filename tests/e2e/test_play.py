"""End to end: the real game, offscreen, scripted input, made-up time."""

from __future__ import annotations

import shutil

import numpy as np
import pygame
import pytest

from game.render import theme
from game.resources import data_dir
from game_driver import center, click, drag, frames, key, near, open_app, pixels

pytestmark = pytest.mark.e2e


@pytest.fixture
def app(tmp_path):
    app = open_app(tmp_path / "save")
    yield app
    app.close()


def to_first_level(app):
    key(app, pygame.K_RETURN)             # title -> level select
    assert app.stack.top.name == "level_select"
    key(app, pygame.K_RETURN)             # the first level
    scene = app.stack.top
    assert scene.name == "play" and scene.level.id == "parabola"
    return scene


def test_set_eta_by_keyboard_and_drag_then_clear_and_keep_the_stars(tmp_path, app):
    scene = to_first_level(app)
    start = scene.params["eta"]
    key(app, pygame.K_e)                  # focus the η slider
    assert app.stack.top.focus.focused is scene.eta_slider
    seen = [scene.params["eta"]]
    for _ in range(40):
        if scene.params["eta"] >= 0.5:
            break
        key(app, pygame.K_RIGHT)
        seen.append(scene.params["eta"])
    assert all(b > a for a, b in zip(seen, seen[1:])) and scene.params["eta"] > start
    for _ in range(200):                  # Shift: fine steps, landing on 0.5 exactly
        if scene.params["eta"] == 0.5:
            break
        key(app, pygame.K_LEFT if scene.params["eta"] > 0.5 else pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)
    assert scene.params["eta"] == 0.5

    slider = scene.eta_slider            # now by mouse: drag the knob to the left end, then back to 0.5
    left, right, ty = slider.track()
    knob = left + (right - left) * slider.position()
    drag(app, (knob, ty), (left - 40, ty))
    assert scene.params["eta"] == scene.level.eta.min
    drag(app, (left, ty), (left + (right - left) * slider.position(0.5), ty))
    assert abs(scene.params["eta"] - 0.5) <= 0.011
    assert scene.params["eta"] == float(f"{scene.params['eta']:.2g}")   # snapped to 2 significant digits
    for _ in range(3):
        if scene.params["eta"] == 0.5:
            break
        key(app, pygame.K_LEFT if scene.params["eta"] > 0.5 else pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)
    assert scene.params["eta"] == 0.5

    key(app, pygame.K_SPACE)             # play to the end
    frames(app, 240)
    results = app.stack.top
    assert results.name == "results"
    outcome = results.outcome
    assert outcome.cleared and outcome.stars == 3
    assert any("came to rest at x = " in line for line in results.lines)
    saved = app.store.progress("parabola")
    assert saved.stars == 3 and saved.cleared
    app.close()

    again = open_app(tmp_path / "save")  # restart: the level select shows the stars
    try:
        key(again, pygame.K_RETURN)
        select = again.stack.top
        card = next(c for c in select.cards if c.level is not None and c.level.id == "parabola")
        assert again.store.progress("parabola").stars == 3
        x, y, w, h = (int(v) for v in card.rect)
        image = pixels(again)
        stars = near(image[y:y + h, x:x + w], theme.YELLOW, tol=50).sum()
        locked_card = next(c for c in select.cards if c.level is not None and c.level.id == "explosion")
        lx, ly, lw, lh = (int(v) for v in locked_card.rect)
        assert stars > 150 > near(image[ly:ly + lh, lx:lx + lw], theme.YELLOW, tol=50).sum()
        nxt = next(c for c in select.cards if c.level is not None and c.level.id == "overshoot")
        assert nxt.enabled and not locked_card.enabled   # the next level opened, the one after not yet
    finally:
        again.close()


def test_the_curve_and_the_ball_are_drawn_where_the_maths_puts_them(app):
    scene = app.open_level(next(lv for lv in app.levels.levels if lv.id == "parabola"))
    scene.set_params(eta=0.1)
    scene.advance_steps(4)
    image = pixels(app)
    frame = scene.view.frame
    rx, ry, rw, rh = (int(v) for v in frame.rect)
    blue = near(image, theme.BLUE, tol=60)
    ball_x = scene.ball.x
    checked = 0
    for x in np.linspace(frame.x_lo + 0.2, frame.x_hi - 0.2, 25):
        px, py = frame.px(x, scene.curve.f(np.array([x]))[0])
        if abs(x - ball_x) < 1.0 or abs(x) < 0.3:
            continue  # the ball, its tangent and the axis sit there
        column = np.nonzero(blue[ry:ry + rh, int(px)])[0]
        assert column.size, f"no curve pixels in the column of x={x:.2f}"
        assert np.min(np.abs(column + ry - py)) <= 3, f"curve at x={x:.2f} drawn away from f(x)"
        checked += 1
    assert checked >= 10
    orange = near(image[ry:ry + rh, rx:rx + rw], theme.ORANGE, tol=45)
    ys, xs = np.nonzero(orange)
    bx, by = frame.px(ball_x, scene.ball.loss)
    hits = np.hypot(xs + rx - bx, ys + ry - by) < 16
    assert hits.sum() > 100, "the ball is not where x is"


def test_fixed_step_does_not_depend_on_the_frame_rate(tmp_path):
    counts = []
    for fps in (30, 144):
        app = open_app(tmp_path / f"save{fps}", start="none")
        try:
            scene = app.open_level(next(lv for lv in app.levels.levels if lv.id == "wavy"))
            scene.set_params(mu=0.9)
            scene.toggle_play()
            frames(app, 2 * fps, dt=1 / fps)   # two seconds of made-up time
            counts.append(scene.ball.t)
        finally:
            app.close()
    assert counts[0] == counts[1] > 0


def test_a_corrupt_save_is_set_aside_and_told_on_the_title(tmp_path):
    from game.store import Store

    path = Store.open(tmp_path / "save").path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"format": 1, "levels": {"parabola": {"stars": 3')   # cut off mid-write
    app = open_app(tmp_path / "save")
    try:
        assert app.store.notice
        image = pixels(app)
        h, w, _ = image.shape
        band = image[int(h * 0.42):int(h * 0.52), :]
        assert near(band, theme.ORANGE, tol=50).sum() > 200   # the one-line notice is on screen
        key(app, pygame.K_RETURN)
        assert app.stack.top.name == "level_select"          # and the game goes on
    finally:
        app.close()


def test_a_broken_level_file_is_listed_as_unavailable_and_the_rest_play(tmp_path):
    levels = tmp_path / "levels"
    shutil.copytree(data_dir("levels"), levels)
    (levels / "zz-broken.json").write_text('{"format": 1, "id": "zz-broken", "kind": "curve",\n "title": }')
    app = open_app(tmp_path / "save", level_dir=levels)
    try:
        assert len(app.levels.problems) == 1
        key(app, pygame.K_RETURN)
        select = app.stack.top
        broken = [c for c in select.cards if c.problem is not None]
        assert len(broken) == 1 and not broken[0].enabled and broken[0].problem.message
        click(app, *center(broken[0].rect))
        assert app.stack.top is select                        # clicking it opens nothing
        first = next(c for c in select.cards if c.level is not None and c.level.id == "parabola")
        click(app, *center(first.rect))                       # the first level still plays
        assert app.stack.top.name == "play"
        key(app, pygame.K_s)
        assert app.stack.top.ball.t == 1
    finally:
        app.close()


def test_resizing_the_window_mid_level_relays_everything_out(app):
    scene = app.open_level(next(lv for lv in app.levels.levels if lv.id == "parabola"))
    scene.toggle_play()
    frames(app, 30)
    scene.toggle_play()                   # pause, so the ball sits still at x for the pixel check
    frames(app, 20)
    steps_before = scene.ball.t
    app.window.resize((960, 600))
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(960, 600), w=960, h=600))
    frames(app, 5)
    assert app.size == (960, 600)
    rx, ry, rw, rh = scene.view.frame.rect
    assert 0 <= rx and rx + rw <= 960 and 0 <= ry and ry + rh <= 600
    image = pixels(app)
    assert image.shape == (600, 960, 3)
    bx, by = scene.view.frame.px(scene.ball.x, scene.ball.loss)
    ys, xs = np.nonzero(near(image, theme.ORANGE, tol=45))
    assert (np.hypot(xs - bx, ys - by) < 14).sum() > 60
    assert scene.ball.t == steps_before > 0                    # the run is kept as it was
    button = scene.step_button
    assert button.rect[0] + button.rect[2] <= 960 and button.rect[1] + button.rect[3] <= 600


def test_touch_gamepad_and_unplugging_it(app):
    scene = app.open_level(next(lv for lv in app.levels.levels if lv.id == "wavy"))
    w, h = app.size
    x, y = center(scene.step_button.rect)
    for kind in (pygame.FINGERDOWN, pygame.FINGERUP):         # a tap on Step
        pygame.event.post(pygame.event.Event(kind, touch_id=1, finger_id=0, x=x / w, y=y / h, dx=0.0, dy=0.0,
                                             pressure=1.0))
    frames(app)
    assert scene.ball.t == 1
    # synthetic pad events: the hardware cannot be plugged in here
    pygame.event.post(pygame.event.Event(pygame.JOYDEVICEADDED, device_index=0, guid=""))
    pygame.event.post(pygame.event.Event(pygame.JOYBUTTONDOWN, joy=0, instance_id=0, button=0))   # A = step
    frames(app)
    assert scene.ball.t == 2
    mu = scene.params["mu"]
    pygame.event.post(pygame.event.Event(pygame.JOYAXISMOTION, joy=0, instance_id=0, axis=3, value=1.0))
    frames(app, 30)
    assert scene.params["mu"] > mu                               # the right stick moves μ
    mu, t = scene.params["mu"], scene.ball.t
    pygame.event.post(pygame.event.Event(pygame.JOYDEVICEREMOVED, instance_id=0))
    frames(app, 30)
    assert scene.params["mu"] == mu and scene.ball.t == t and app.stack.top is scene


def test_shortcut_overlay_and_settings_open_and_close(app):
    key(app, pygame.K_SLASH, mod=pygame.KMOD_SHIFT, text="?")
    assert app.stack.top.name == "help"
    key(app, pygame.K_a)
    assert app.stack.top.name == "title"
    key(app, pygame.K_g)
    settings = app.stack.top
    assert settings.name == "settings"
    click(app, *center(settings.mute.rect))
    assert app.store.settings.muted
    key(app, pygame.K_ESCAPE)
    assert app.stack.top.name == "title"


def test_four_phases_light_in_turn_and_then_the_ball_moves(app):
    scene = app.open_level(next(lv for lv in app.levels.levels if lv.id == "parabola"))
    key(app, pygame.K_p)
    seen = []
    key(app, pygame.K_s)
    for _ in range(4):
        seen.append(scene.phases.name)
        assert scene.ball.t == 0
        key(app, pygame.K_s)
    assert seen == ["forward", "loss", "gradient", "update"]
    assert scene.ball.t == 1 and not scene.phases.active


@pytest.mark.parametrize("seed", [11, 12])
def test_fuzz_briefly(seed, tmp_path):
    from game.commands.fuzz import fuzz

    report = fuzz(seed, rate=60, frames=150, store_dir=tmp_path)
    assert report.ok, report.line()
    assert report.frames == 150


def test_fuzz_reports_in_the_callers_language_and_look(tmp_path):
    """What the random input (or the save) sets in Settings stays in the fuzzed game: the
    report comes in the language the command was run in, and the look is the caller's again."""
    from game import i18n
    from game.commands.fuzz import fuzz
    from game.render import theme
    from game.store import Store

    Store.open(tmp_path).update_settings(language="de", high_contrast=True)
    i18n.use("en")
    look = theme.LOOK
    report = fuzz(3, rate=0, frames=5, store_dir=tmp_path)
    assert report.ok and i18n.language() == "en" and theme.LOOK == look
    assert report.line().startswith("fuzz: ok: seed 3, 5 frames")
