"""The game window picks its language the documented way, end to end (build_app, the real
offscreen window): DOWNHILL_LANG (where `--lang` lands) over the saved setting over the system
locale over English; a choice in Settings is saved and used by the next start."""

from __future__ import annotations

import pytest

from game import i18n
from game.store import Store
from tests.e2e.game_driver import frames, open_app

pytestmark = pytest.mark.e2e


def started_in(tmp_path, monkeypatch, env: dict) -> str:
    for name in (i18n.ENV_VAR, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = open_app(tmp_path)
    try:
        frames(app, 1)
        return i18n.language()
    finally:
        app.close()
        i18n.use("en")


def test_the_language_order_when_the_game_starts(tmp_path, monkeypatch):
    assert started_in(tmp_path / "a", monkeypatch, {}) == "en"
    assert started_in(tmp_path / "a", monkeypatch, {"LANG": "fr_FR.UTF-8"}) == "fr"  # the system locale
    Store.open(tmp_path / "a").update_settings(language="es")
    assert started_in(tmp_path / "a", monkeypatch, {"LANG": "fr_FR.UTF-8"}) == "es"  # the saved setting wins
    assert started_in(tmp_path / "a", monkeypatch, {"LANG": "fr_FR.UTF-8", i18n.ENV_VAR: "de"}) == "de"


def test_a_choice_in_settings_is_used_by_the_next_start(tmp_path, monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    app = open_app(tmp_path)
    try:
        app.show_settings()
        settings = app.stack.top
        while app.store.settings.language != "fr":
            settings.next_language()
        frames(app, 1)
        assert i18n.language() == "fr" and "Langue" in settings.language.label
    finally:
        app.close()
        i18n.use("en")
    assert started_in(tmp_path, monkeypatch, {"LANG": "de_DE.UTF-8"}) == "fr"
