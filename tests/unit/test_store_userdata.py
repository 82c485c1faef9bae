"""Where saves live: explicit folder, then DOWNHILL_DATA_DIR, then the platform's folder."""

from __future__ import annotations

from pathlib import Path

from game.store import SAVE_NAME, Store
from game.userdata import platform_data_dir, user_data_dir

HOME = Path("/home/ada")


def test_linux_uses_xdg_data_home_when_absolute():
    found = user_data_dir(environ={"XDG_DATA_HOME": "/data/xdg"}, platform="linux", home=HOME)
    assert found == Path("/data/xdg/downhill")


def test_linux_falls_back_to_local_share_without_or_with_relative_xdg():
    for environ in ({}, {"XDG_DATA_HOME": ""}, {"XDG_DATA_HOME": "relative/dir"}):
        found = user_data_dir(environ=environ, platform="linux", home=HOME)
        assert found == HOME / ".local" / "share" / "downhill"


def test_macos_uses_application_support():
    found = user_data_dir(environ={"XDG_DATA_HOME": "/ignored"}, platform="darwin", home=HOME)
    assert found == HOME / "Library" / "Application Support" / "Downhill"


def test_windows_uses_appdata_or_roaming_under_home():
    with_appdata = platform_data_dir(
        environ={"APPDATA": "C:/Users/ada/AppData/Roaming"}, platform="win32", home=HOME
    )
    assert with_appdata == Path("C:/Users/ada/AppData/Roaming") / "Downhill"
    without = platform_data_dir(environ={}, platform="win32", home=HOME)
    assert without == HOME / "AppData" / "Roaming" / "Downhill"


def test_environment_variable_beats_platform_and_explicit_beats_both(tmp_path):
    environ = {"DOWNHILL_DATA_DIR": str(tmp_path / "kiosk"), "XDG_DATA_HOME": "/data/xdg"}
    assert user_data_dir(environ=environ, platform="linux", home=HOME) == tmp_path / "kiosk"
    chosen = user_data_dir(tmp_path / "class", environ=environ, platform="linux", home=HOME)
    assert chosen == tmp_path / "class"


def test_empty_environment_variable_is_ignored():
    found = user_data_dir(environ={"DOWNHILL_DATA_DIR": ""}, platform="linux", home=HOME)
    assert found == HOME / ".local" / "share" / "downhill"


def test_relative_choice_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert user_data_dir("saves", environ={}) == tmp_path / "saves"


def test_store_open_follows_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("DOWNHILL_DATA_DIR", str(tmp_path / "from-env"))
    store = Store.open()
    store.record("parabola", stars=1, steps=40)
    assert (tmp_path / "from-env" / SAVE_NAME).is_file()
