"""Issue 12 item 8 in the real window: the ending after the last level, feedback on locked cards,
unlock-all (Settings and `downhill --unlock-all`), the shortcuts overlay lists every key the
scenes take, Tab skips locked controls, Esc on the title asks first, networks train at a
watchable pace."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game_driver import center, click, frames, key, open_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def app(tmp_path):
    app = open_app(tmp_path / "save")
    yield app
    app.close()


def test_the_picture_under_an_overlay_is_ready_before_the_first_one(app):
    """The copy that keeps the picture under an overlay has been made once as the window
    opened (software GL compiles it on first use: the first pause or help would stall), at
    the window's size, under a key no overlay has; the first overlay then shows the title
    under it, dimmed, with its own picture over it."""
    from game.app import OVERLAY_DIM

    assert app.under.texture is not None and app.under.size == tuple(app.size)
    assert app.under.key is None
    frames(app, 2)
    title = app.window.read_pixels().astype(int)
    key(app, pygame.K_ESCAPE)  # the title asks before quitting: an overlay
    assert app.stack.top.name == "confirm"
    frames(app, 2)
    assert app.under.key is not None
    under = app.under.texture.read()
    under = np.frombuffer(under, dtype=np.uint8).reshape(app.under.size[1], app.under.size[0], 4)[::-1, :, :3]
    dim = OVERLAY_DIM[3]
    expected = title * (1 - dim) + np.array(OVERLAY_DIM[:3]) * 255 * dim
    assert np.abs(under[:40, :40].astype(int) - expected[:40, :40]).max() <= 2  # a corner, clear of the dialog
    key(app, pygame.K_ESCAPE)


def test_esc_on_the_title_asks_before_quitting(app):
    key(app, pygame.K_ESCAPE)
    assert app.running and app.stack.top.name == "confirm"
    key(app, pygame.K_ESCAPE)              # no: back on the title, still running
    assert app.running and app.stack.top.name == "title"
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_RETURN)              # yes
    assert not app.running


def test_a_locked_card_says_what_opens_it_and_tab_skips_it(app):
    key(app, pygame.K_RETURN)
    select = app.stack.top
    assert select.name == "level_select"
    locked = [card for card in select.cards if card.level is not None and not card.enabled]
    assert locked, "a fresh save has locked levels"
    card = locked[0]
    click(app, *center(card.rect))
    assert select.note is not None and card.level.title in select.note[0] and "clear" in select.note[0]
    assert app.stack.top is select        # nothing opened
    frames(app, 60 * 5)
    assert select.note is None            # the line goes away by itself
    for _ in range(len(select.focus.widgets) + 2):
        key(app, pygame.K_TAB)
        assert select.focus.focused.enabled


def test_tab_never_lands_on_a_locked_slider(app):
    level = next(lv for lv in app.levels.levels if lv.id == "parabola")  # μ and x₀ locked here
    scene = app.open_level(level)
    frames(app)
    seen = []
    for _ in range(len(scene.focus.widgets) + 1):
        key(app, pygame.K_TAB)
        seen.append(scene.focus.focused)
    assert scene.mu_slider not in seen and all(widget.enabled for widget in seen)


def test_unlock_all_in_settings_opens_every_level(app):
    key(app, pygame.K_g)
    settings = app.stack.top
    click(app, *center(settings.unlock.rect))
    assert app.store.settings.unlock_all and "on" in settings.unlock.label
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_RETURN)
    select = app.stack.top
    assert all(card.enabled for card in select.cards if card.level is not None)


def test_downhill_unlock_all_is_the_play_command_option():
    from game.cli import build_parser

    args = build_parser().parse_args(["play", "--unlock-all"])
    assert args.unlock_all is True
    assert build_parser().parse_args(["play"]).unlock_all is False


def clear_with_some_eta(scene):
    """Finish a cleared run of the scene's level, trying η across its range until one clears."""
    import numpy as np

    level = scene.level
    etas = [scene.params["eta"], *np.geomspace(level.eta.min, level.eta.max, 24)]
    for eta in etas:
        scene.set_params(eta=float(eta))
        scene.advance_steps(level.max_steps)
        if scene.result is not None and scene.result.outcome.cleared:
            return True
    return False


def test_the_last_level_cleared_leads_to_the_ending(app):
    order = app.ordered_levels()
    for level in order[:-1]:
        app.store.record(level.id, 2, 10, True)
    scene = app.open_level(order[-1])
    frames(app)
    assert clear_with_some_eta(scene)
    frames(app, 90)                         # the pause after the last step, then the results
    results = app.stack.top
    assert results.name == "results"
    assert results.next_button.enabled and results.next_button.label == "The end"
    key(app, pygame.K_n)
    ending = app.stack.top
    assert ending.name == "ending"
    chapters = ending.chapters()
    won = sum(app.store.progress(lv.id).stars for lv in order)
    assert sum(c[2] for c in chapters) == won and sum(c[3] for c in chapters) == 3 * len(order)
    assert len(ending.learned()) >= 2
    frames(app, 2)
    key(app, pygame.K_RETURN)               # Levels: back to the level select for the missing stars
    assert app.stack.top.name == "level_select"
    assert not app.problems()


def test_network_training_is_several_steps_a_second_at_x1(app):
    level = next(lv for lv in app.levels.levels if lv.id == "paris")
    scene = app.open_level(level)
    frames(app)
    key(app, pygame.K_SPACE)
    frames(app, 60)                        # one second of made-up time at x1
    at_x1 = scene.trainer.t
    assert 2 <= at_x1 <= 6
    for _ in range(3):
        key(app, pygame.K_RIGHTBRACKET)
    assert scene.speed == 8
    before = scene.trainer.t
    frames(app, 60)
    assert scene.trainer.t - before >= 4 * at_x1 or scene.trainer.done


def test_big_text_pages_what_was_learned_instead_of_shrinking_it(app):
    """Issue 11 item 4: at text size 1.5 in French the ending's lessons stay big (never under
    16 px x 1.5 shown) and come in pages, turned by L or the More button; every lesson is on
    some page. At 1.0 in English they fit on one page."""
    from game import i18n
    from game.scenes.ending import EndingScene

    def ending_at(scale):
        app.store.update_settings(text_scale=scale)
        app.apply_look()
        app.stack.push(EndingScene(app))
        frames(app, 2)
        return app.stack.top

    english = ending_at(1.0)
    size, pages = english.learned_pages(app.painter)
    assert len(pages) == 1 and english.more_button not in english.focus.widgets
    app.stack.pop()
    with i18n.using("fr"):
        french = ending_at(1.5)
        size, pages = french.learned_pages(app.painter)
        assert len(pages) > 1 and app.painter.scaled(size) >= 16 * 1.5 - 0.01
        assert [line for page in pages for line in page] == french.learned()
        key(app, pygame.K_l)
        assert french.page == 1
        click(app, *center(french.more_button.rect))
        assert french.page == 2 % len(pages)


def test_the_help_card_shows_every_key_and_description_at_one_size(app):
    """A long translation (German, text size 1.5) wraps rather than shrinking its own row
    below its neighbours': every key cap and description on the card has one size."""
    from game import i18n
    from game.i18n import _
    from game.perf.layout import record

    with i18n.using("de"):
        app.store.update_settings(text_scale=1.5)
        app.apply_look()
        key(app, pygame.K_F1)
        help_card = app.stack.top
        assert help_card.name == "help"
        headings = {_("Shortcuts"), _("any key closes"),
                    _("touch: tap buttons; drag sliders, the ball, the landscape and a network's lines")}
        headings |= {_(title).upper() for title, _rows in help_card.columns()}
        rows = [t for t in record(app).texts if t.owner == "help" and t.text not in headings]
        assert len(rows) > 40  # every key and description line was drawn
        assert len({round(t.size, 2) for t in rows}) == 1, sorted({round(t.size, 2) for t in rows})
