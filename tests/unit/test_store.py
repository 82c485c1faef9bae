"""Saves and settings with real files: best results kept, bad saves moved aside, failed saves
kept in memory and retried, unknown keys preserved."""

from __future__ import annotations

import dataclasses
import errno
import json
import math
import os

import pytest

import game.store
from game.store import (
    FORMAT,
    SAVE_NAME,
    LevelProgress,
    Settings,
    Store,
    StoreError,
)

FIXED_TIME = 1_700_000_000.0  # a clock fed from outside, so the moved-aside name is known


def open_store(directory) -> Store:
    return Store.open(directory, clock=lambda: FIXED_TIME)


def saved(directory) -> dict:
    return json.loads((directory / SAVE_NAME).read_text(encoding="utf-8"))


def leftovers(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != SAVE_NAME)


# -- progress ---------------------------------------------------------------------------


def test_fresh_store_has_defaults_and_writes_nothing_until_a_change(tmp_path):
    store = open_store(tmp_path / "new")
    assert store.notice is None
    assert store.progress("parabola") == LevelProgress(stars=0, best_steps=None, cleared=False)
    assert store.settings == Settings()
    assert not (tmp_path / "new").exists()


def test_record_keeps_best_stars_and_fewest_steps_and_saves_at_once(tmp_path):
    store = open_store(tmp_path)
    assert store.record("parabola", stars=2, steps=14) == LevelProgress(2, 14, True)
    assert store.record("parabola", stars=1, steps=9) == LevelProgress(2, 9, True)
    assert store.record("parabola", stars=3, steps=30) == LevelProgress(3, 9, True)
    assert saved(tmp_path)["levels"]["parabola"] == {"stars": 3, "best_steps": 9, "cleared": True}
    assert open_store(tmp_path).progress("parabola") == LevelProgress(3, 9, True)


def test_a_failed_run_neither_clears_nor_sets_best_steps(tmp_path):
    store = open_store(tmp_path)
    assert store.record("cliff", stars=0, steps=3) == LevelProgress(0, None, False)
    store.record("cliff", stars=1, steps=50)
    assert store.record("cliff", stars=0, steps=2) == LevelProgress(1, 50, True)


@pytest.mark.parametrize(
    "level_id, stars, steps",
    [("a", 4, 1), ("a", -1, 1), ("a", True, 1), ("a", 2.0, 1), ("a", 1, -1), ("a", 1, 2.5), ("", 1, 1)],
)
def test_record_rejects_bad_values_with_one_line(tmp_path, level_id, stars, steps):
    store = open_store(tmp_path)
    with pytest.raises(StoreError) as caught:
        store.record(level_id, stars=stars, steps=steps)
    assert "\n" not in str(caught.value)
    assert store.all_progress() == {}


def test_unlocked_follows_the_chain_of_cleared_levels(tmp_path):
    order = ["one", "two", "three", "four"]
    store = open_store(tmp_path)
    assert [store.unlocked(order, level) for level in order] == [True, False, False, False]
    store.record("one", stars=1, steps=10)
    assert [store.unlocked(order, level) for level in order] == [True, True, False, False]
    store.record("two", stars=0, steps=10)  # tried, not cleared
    assert store.unlocked(order, "three") is False
    store.record("four", stars=2, steps=5)  # cleared once (e.g. before the order changed)
    assert store.unlocked(order, "four") is True
    assert store.unlocked(order, "not-a-level") is False
    store.update_settings(unlock_all=True)
    assert all(store.unlocked(order, level) for level in order)


# -- settings ---------------------------------------------------------------------------


def test_update_settings_validates_saves_and_reloads(tmp_path):
    store = open_store(tmp_path)
    result = store.update_settings(volume=1, muted=True, reduced_motion=True)
    assert result.volume == 1.0 and isinstance(result.volume, float)
    assert result.muted and result.reduced_motion and not result.fullscreen
    assert saved(tmp_path)["settings"]["volume"] == 1.0
    assert open_store(tmp_path).settings == result


@pytest.mark.parametrize(
    "changes",
    [
        {"volume": 1.5},
        {"volume": -0.1},
        {"volume": math.nan},
        {"volume": "loud"},
        {"volume": True},
        {"muted": 1},
        {"text_scale": 9.0},
        {"colour": "red"},
        {"volume": 0.3, "muted": "yes"},  # all or none: the good volume is not applied either
    ],
)
def test_bad_settings_raise_one_line_and_change_nothing(tmp_path, changes):
    store = open_store(tmp_path)
    store.update_settings(volume=0.6)
    before = (tmp_path / SAVE_NAME).read_bytes()
    with pytest.raises(StoreError) as caught:
        store.update_settings(**changes)
    assert "\n" not in str(caught.value)
    assert store.settings.volume == 0.6
    assert (tmp_path / SAVE_NAME).read_bytes() == before


def test_settings_are_frozen_and_checked_on_construction():
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.volume = 0.1  # type: ignore[misc]
    with pytest.raises(StoreError):
        Settings(volume=2.0)


# -- the file on disk -------------------------------------------------------------------


def test_save_is_versioned_json_and_leaves_no_temp_files(tmp_path):
    store = open_store(tmp_path)
    store.record("parabola", stars=3, steps=7)
    store.update_settings(fullscreen=True)
    document = saved(tmp_path)
    assert document["format"] == FORMAT
    assert document["settings"]["fullscreen"] is True
    assert leftovers(tmp_path) == []


def test_unknown_keys_from_a_newer_save_survive_a_rewrite(tmp_path):
    newer = {
        "format": FORMAT,
        "profile": {"name": "Ada", "avatar": 3},
        "settings": {"volume": 0.5, "subtitles": "large"},
        "levels": {
            "parabola": {"stars": 1, "best_steps": 40, "cleared": True, "ghost": [0.1, 0.2]},
            "level-from-the-future": {"stars": 3, "cleared": True},
        },
    }
    (tmp_path / SAVE_NAME).write_text(json.dumps(newer), encoding="utf-8")
    store = open_store(tmp_path)
    assert store.notice is None
    assert store.settings.volume == 0.5
    store.record("parabola", stars=2, steps=20)
    store.update_settings(volume=0.9)
    document = saved(tmp_path)
    assert document["profile"] == {"name": "Ada", "avatar": 3}
    assert document["settings"]["subtitles"] == "large"
    assert document["settings"]["volume"] == 0.9
    assert document["levels"]["parabola"] == {
        "stars": 2, "best_steps": 20, "cleared": True, "ghost": [0.1, 0.2]
    }
    assert document["levels"]["level-from-the-future"]["stars"] == 3


def test_a_save_with_a_byte_order_mark_still_loads(tmp_path):
    text = json.dumps({"format": FORMAT, "levels": {"a": {"stars": 2, "cleared": True}}})
    (tmp_path / SAVE_NAME).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    store = open_store(tmp_path)
    assert store.notice is None
    assert store.progress("a") == LevelProgress(2, None, True)


def valid_save_bytes() -> bytes:
    document = {"format": FORMAT, "settings": {"volume": 0.4}, "levels": {"a": {"stars": 3}}}
    return json.dumps(document, indent=2).encode("utf-8")


CORRUPT_SAVES = {
    "bad JSON": b'{"format": 1, "levels": {',
    "truncated": valid_save_bytes()[: len(valid_save_bytes()) // 2],
    "empty": b"",
    "invalid UTF-8": b'{"format": 1, "levels": {"caf\xe9": {}}}',
    "top level a list": b"[1, 2, 3]",
    "no format": b'{"levels": {}}',
    "unknown format": b'{"format": 2, "levels": {}}',
    "format as text": b'{"format": "1"}',
    "stars as text": b'{"format": 1, "levels": {"a": {"stars": "3"}}}',
    "stars too many": b'{"format": 1, "levels": {"a": {"stars": 7}}}',
    "level not an object": b'{"format": 1, "levels": {"a": 3}}',
    "settings a list": b'{"format": 1, "settings": [0.5]}',
    "volume out of range": b'{"format": 1, "settings": {"volume": 2}}',
    "muted as number": b'{"format": 1, "settings": {"muted": 0}}',
    "NaN": b'{"format": 1, "settings": {"volume": NaN}}',
    "nested too deep": b'{"format": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
}


@pytest.mark.parametrize("content", CORRUPT_SAVES.values(), ids=CORRUPT_SAVES.keys())
def test_corrupt_save_is_moved_aside_and_the_game_starts_fresh(tmp_path, content):
    (tmp_path / SAVE_NAME).write_bytes(content)
    store = open_store(tmp_path)
    aside = sorted(tmp_path.glob(f"{SAVE_NAME}.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == content  # never deleted, never changed
    assert not (tmp_path / SAVE_NAME).exists()
    assert store.notice is not None and "\n" not in store.notice
    assert str(aside[0]) in store.notice
    assert store.settings == Settings()
    assert store.all_progress() == {}
    store.record("a", stars=1, steps=12)
    assert saved(tmp_path)["levels"]["a"]["stars"] == 1
    assert aside[0].read_bytes() == content


def test_two_corrupt_saves_in_the_same_second_get_different_names(tmp_path):
    (tmp_path / SAVE_NAME).write_bytes(b"first")
    open_store(tmp_path)
    (tmp_path / SAVE_NAME).write_bytes(b"second")
    open_store(tmp_path)
    kept = sorted(p.read_bytes() for p in tmp_path.glob(f"{SAVE_NAME}.corrupt-*"))
    assert kept == [b"first", b"second"]


def test_corrupt_save_that_cannot_be_moved_aside_is_never_overwritten(tmp_path, monkeypatch):
    (tmp_path / SAVE_NAME).write_bytes(b"not json")
    real_move_aside = game.store.move_aside

    def refuse(path, now):  # stands in for a folder where renaming is not allowed
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(game.store, "move_aside", refuse)
    store = open_store(tmp_path)
    assert store.notice is not None and "will not save over it" in store.notice
    store.record("a", stars=2, steps=5)
    assert (tmp_path / SAVE_NAME).read_bytes() == b"not json"
    assert store.progress("a") == LevelProgress(2, 5, True)

    monkeypatch.setattr(game.store, "move_aside", real_move_aside)
    assert store.save() is None
    assert saved(tmp_path)["levels"]["a"]["stars"] == 2
    assert [p.read_bytes() for p in tmp_path.glob(f"{SAVE_NAME}.corrupt-*")] == [b"not json"]


# -- saves that fail --------------------------------------------------------------------


class FullDiskFile:
    """Writes half of what it is given, then fails as a full disk does."""

    def __init__(self, real):
        self.real = real

    def write(self, data):
        self.real.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()
        return False


def test_full_disk_keeps_progress_in_memory_the_old_file_intact_and_retries(tmp_path, monkeypatch):
    store = open_store(tmp_path)
    store.record("one", stars=1, steps=30)
    before = (tmp_path / SAVE_NAME).read_bytes()

    # Stands in for a full disk: the one `open` in game.store that writes the temp file.
    monkeypatch.setattr(game.store, "open", lambda *a, **k: FullDiskFile(open(*a, **k)), raising=False)
    progress = store.record("two", stars=3, steps=8)
    assert progress == LevelProgress(3, 8, True)
    assert store.notice is not None and "\n" not in store.notice
    assert "No space left on device" in store.notice and str(store.path) in store.notice
    assert store.save() == store.notice
    assert (tmp_path / SAVE_NAME).read_bytes() == before
    assert leftovers(tmp_path) == []
    assert store.progress("two") == progress

    monkeypatch.undo()
    store.update_settings(volume=0.2)  # the next save retries and carries everything
    assert store.notice is None
    document = saved(tmp_path)
    assert document["levels"]["two"]["stars"] == 3 and document["settings"]["volume"] == 0.2


def test_read_only_file_system_at_the_rename_keeps_the_old_file(tmp_path, monkeypatch):
    store = open_store(tmp_path)
    store.record("one", stars=2, steps=10)
    before = (tmp_path / SAVE_NAME).read_bytes()

    def read_only(src, dst):  # stands in for a read-only file system at the one os.replace
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(game.store.os, "replace", read_only)
    assert store.update_settings(muted=True).muted is True
    assert "Read-only file system" in (store.notice or "")
    assert (tmp_path / SAVE_NAME).read_bytes() == before
    assert leftovers(tmp_path) == []
    monkeypatch.undo()
    assert store.save() is None
    assert saved(tmp_path)["settings"]["muted"] is True


def test_read_only_folder_via_chmod(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    store = open_store(folder)
    store.record("one", stars=1, steps=10)
    before = (folder / SAVE_NAME).read_bytes()
    folder.chmod(0o555)
    try:
        probe = folder / "probe"
        try:
            probe.write_bytes(b"")
        except PermissionError:
            pass
        else:
            probe.unlink()
            pytest.skip("chmod does not stop this user (root); the full-disk tests cover it")
        store.record("two", stars=2, steps=5)
        assert "Permission denied" in (store.notice or "")
        assert (folder / SAVE_NAME).read_bytes() == before
    finally:
        folder.chmod(0o755)
    assert store.save() is None
    assert saved(folder)["levels"]["two"]["stars"] == 2


def test_a_folder_that_cannot_be_made_is_a_notice_not_a_crash(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("I am a file, not a folder")
    store = open_store(blocker / "saves")
    assert store.notice is None
    store.record("one", stars=1, steps=10)
    assert store.notice is not None and "\n" not in store.notice
    assert store.progress("one").cleared
    assert blocker.read_text() == "I am a file, not a folder"


def test_save_protocol_is_temp_fsync_replace_then_folder_fsync(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", os.path.basename(src), os.path.basename(dst)))
        real_replace(src, dst)

    if not os.path.exists("/proc/self/fd"):
        pytest.skip("needs /proc to name the file behind a descriptor")
    monkeypatch.setattr(game.store.os, "fsync", fsync)
    monkeypatch.setattr(game.store.os, "replace", replace)
    open_store(tmp_path).record("one", stars=1, steps=3)
    monkeypatch.undo()
    temp = events[0][1]
    assert temp.startswith(f".{SAVE_NAME}.") and temp.endswith(".tmp")
    assert events == [("fsync", temp), ("replace", temp, SAVE_NAME), ("fsync", tmp_path.name)]
