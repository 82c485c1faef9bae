"""Par kept on disk between runs (game/sim/par_cache.py): found again without a search, searched
again when the level's content, the search's budget or the simulation's code changes, a damaged
file ignored with one line, written atomically."""

from __future__ import annotations

import json
import shutil
from collections import OrderedDict

import pytest

from game.levels import find_level, load_level
from game.sim import par_cache
from game.sim.families import base, family_of
from game.userdata import user_cache_dir


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DOWNHILL_CACHE_DIR", str(folder))
    monkeypatch.setattr(base, "_PAR_CACHE", OrderedDict())  # as a fresh process would start
    return folder


@pytest.fixture
def level_file(tmp_path):
    path = tmp_path / "levels" / "parabola.json"
    path.parent.mkdir()
    shutil.copy(find_level("parabola").source, path)
    return path


def searches(monkeypatch, family) -> list:
    """Count the par searches a family makes (each still runs)."""
    calls = []
    search = family.search_par_setting

    def counted(level, runner=None):
        calls.append(level.id)
        return search(level, runner)

    monkeypatch.setattr(family, "search_par_setting", counted)
    return calls


def fresh_process(monkeypatch):
    monkeypatch.setattr(base, "_PAR_CACHE", OrderedDict())


def test_par_is_searched_once_then_read_from_disk(cache, level_file, monkeypatch):
    level = load_level(level_file)
    family = family_of(level)
    calls = searches(monkeypatch, family)
    par, setting = family.par_steps(level), family.par_setting(level)
    assert calls == ["parabola"] and par is not None
    stored = json.loads(par_cache.path_for("parabola", "numpy").read_text())
    assert stored["par"] == par and stored["setting"] == setting
    fresh_process(monkeypatch)
    assert (family.par_steps(load_level(level_file)), family.par_setting(level)) == (par, setting)
    assert calls == ["parabola"]  # no second search
    assert [p.name for p in (cache / "par").iterdir()] == ["parabola.numpy.json"]  # no temporary files left


def test_a_changed_level_or_code_is_searched_again(cache, level_file, monkeypatch):
    family = family_of(load_level(level_file))
    calls = searches(monkeypatch, family)
    family.par_steps(load_level(level_file))
    data = json.loads(level_file.read_text())
    data["max_steps"] = data["max_steps"] + 1  # a change par may depend on
    level_file.write_text(json.dumps(data))
    fresh_process(monkeypatch)
    family.par_steps(load_level(level_file))
    assert calls == ["parabola", "parabola"]
    fresh_process(monkeypatch)
    par_cache.code_version.cache_clear()
    monkeypatch.setattr(par_cache, "code_version", lambda: "another version of game/sim")
    family.par_steps(load_level(level_file))
    assert len(calls) == 3


@pytest.mark.parametrize("damage", [b"{not json", b"\xff\xfe", b'{"format": 1, "key": 5}', b"[]"])
def test_a_damaged_file_is_ignored_with_one_line_and_mended(cache, level_file, monkeypatch, capsys, damage):
    level = load_level(level_file)
    family = family_of(level)
    par = family.par_steps(level)
    path = par_cache.path_for("parabola", "numpy")
    path.write_bytes(damage)
    fresh_process(monkeypatch)
    calls = searches(monkeypatch, family)
    assert family.par_steps(level) == par and calls == ["parabola"]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged par cache file" in err and str(path) in err
    assert json.loads(path.read_text())["par"] == par  # written again, whole


def test_a_wrong_par_under_the_right_key_is_refused_as_damage(cache, level_file, monkeypatch, capsys):
    level = load_level(level_file)
    family = family_of(level)
    par = family.par_steps(level)
    path = par_cache.path_for("parabola", "numpy")
    stored = json.loads(path.read_text())
    path.write_text(json.dumps({**stored, "par": "three"}))
    fresh_process(monkeypatch)
    assert family.par_steps(level) == par
    assert "damaged par cache file" in capsys.readouterr().err


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path, level_file, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("DOWNHILL_CACHE_DIR", str(blocker / "cache"))  # under a file: mkdir fails
    fresh_process(monkeypatch)
    level = load_level(level_file)
    assert family_of(level).par_steps(level) is not None


def test_the_gpus_par_stays_in_memory(cache):
    assert family_of(find_level("parabola"))._par_file(find_level("parabola"), "gpu") is None


def test_a_level_changed_in_memory_never_reads_its_files_par(cache, level_file, monkeypatch):
    import dataclasses

    level = load_level(level_file)
    family = family_of(level)
    calls = searches(monkeypatch, family)
    family.par_steps(level)
    fresh_process(monkeypatch)
    family.par_steps(dataclasses.replace(level, max_steps=level.max_steps // 2))
    assert calls == ["parabola", "parabola"]


def test_a_changed_search_budget_is_searched_again(cache, level_file, monkeypatch):
    level = load_level(level_file)
    family = family_of(level)
    calls = searches(monkeypatch, family)
    family.par_steps(level)
    fresh_process(monkeypatch)
    monkeypatch.setattr(base, "PAR_MAX_STEPS", 3)
    family.par_steps(level)
    assert calls == ["parabola", "parabola"]


def test_the_cache_folder_follows_the_platform(tmp_path):
    home = tmp_path
    assert user_cache_dir(environ={}, platform="linux", home=home) == home / ".cache" / "downhill"
    assert user_cache_dir(environ={"XDG_CACHE_HOME": "/x"}, platform="linux", home=home) == \
        __import__("pathlib").Path("/x/downhill")
    assert user_cache_dir(environ={}, platform="darwin", home=home) == home / "Library" / "Caches" / "Downhill"
    assert user_cache_dir(environ={"LOCALAPPDATA": str(tmp_path / "L")}, platform="win32", home=home) == \
        tmp_path / "L" / "Downhill" / "Cache"
    assert user_cache_dir(environ={"DOWNHILL_DATA_DIR": str(tmp_path / "d")}, home=home) == tmp_path / "d" / "cache"
    assert user_cache_dir(environ={"DOWNHILL_CACHE_DIR": str(tmp_path / "c"),
                                   "DOWNHILL_DATA_DIR": str(tmp_path / "d")}, home=home) == tmp_path / "c"
