"""RMSprop and AdamW reach every surface: a level may allow them, `downhill run` and
`downhill map` take them, and they roll balls to an outcome like the others."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.levels import load_level
from game.resources import data_dir

NEW = ("rmsprop", "adamw")


def level_allowing(tmp_path, names):
    data = json.loads((data_dir("levels") / "double-well.json").read_text(encoding="utf-8"))
    data["optimizer"] = {"default": names[0], "allowed": list(names)}
    path = tmp_path / "double-well.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_a_level_may_allow_them(tmp_path, capsys):
    path = level_allowing(tmp_path, ("gd", *NEW))
    assert main(["check-levels", str(path)]) == 0
    assert load_level(path).optimizers == ("gd", *NEW)


@pytest.mark.parametrize("name", NEW)
def test_run_takes_them_on_a_level_and_on_a_curve(tmp_path, capsys, name):
    path = level_allowing(tmp_path, ("gd", *NEW))
    assert main(["run", str(path), "--optimizer", name, "--eta", "0.05", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["params"]["optimizer"] == name
    assert data["outcome"]["status"] in ("converged", "max_steps")
    assert main(["run", "--curve", "x**2", "--x0", "2", "--optimizer", name, "--eta", "0.01", "--steps", "3000",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outcome"]["status"] == "converged" and abs(data["outcome"]["x"]) < 0.05


@pytest.mark.parametrize("name", NEW)
def test_a_level_that_does_not_allow_them_says_so(capsys, name):
    assert main(["run", "double-well", "--optimizer", name]) == 2
    assert "level 'double-well' allows only" in capsys.readouterr().err


@pytest.mark.parametrize("name", NEW)
def test_map_takes_them(tmp_path, capsys, name):
    out = tmp_path / "map.json"
    assert main(["map", "double-well", "--optimizer", name, "--res", "5", "--backend", "numpy", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["optimizer"] == name
    assert {word for row in data["status"] for word in row} <= {"converged", "diverged", "max_steps"}
