"""`downhill levels` and `downhill check-levels` on the built-in levels and on folders."""

from __future__ import annotations

import json
from pathlib import Path

from game.cli import main
from game.levels import load_levels

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "levels"


def test_levels_lists_every_level_in_order(capsys):
    assert main(["levels"]) == 0
    out, err = capsys.readouterr()
    header, *rows = out.rstrip("\n").splitlines()
    assert header.split() == ["ID", "CHAPTER", "TITLE", "GOAL"]
    levels = load_levels().levels
    assert len(rows) == len(levels)
    for row, level in zip(rows, levels):
        assert row.split()[0] == level.id
        assert level.chapter.title in row and level.title in row and level.goals[0].text in row
    assert err == ""


def test_levels_json(capsys):
    assert main(["levels", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    levels = load_levels().levels
    assert [entry["id"] for entry in listed] == [level.id for level in levels]
    first = listed[0]
    assert set(first) == {"id", "kind", "title", "order", "chapter", "goal", "goals"}
    assert set(first["chapter"]) == {"id", "title", "order"}
    assert first["goals"] == [goal.text for goal in levels[0].goals]


def test_check_levels_default_is_the_built_in_folder(capsys):
    assert main(["check-levels"]) == 0
    count = len(load_levels().levels)
    assert capsys.readouterr().out == f"{count} levels OK\n"


def test_check_levels_takes_files_and_folders(capsys, tmp_path):
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    assert main(["check-levels", str(FIXTURES / "slope-test.json"), str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{tmp_path / 'bad.json'}:1:1: $: the top level is an empty array; expected a JSON object (a level)",
                   "1 level OK; 1 problem in 1 file"]


def test_check_levels_on_a_missing_path_is_a_command_line_error(capsys, tmp_path):
    assert main(["check-levels", str(tmp_path / "nope")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"downhill check-levels: no such file or folder '{tmp_path / 'nope'}'; "
                   "expected level files or folders of them\n")


def test_check_levels_on_a_folder_without_levels(capsys, tmp_path):
    assert main(["check-levels", str(tmp_path)]) == 1
    assert capsys.readouterr().out == f"no level files (*.json) in {tmp_path}\n"
