"""`downhill map`: the three output formats, and one clear line (exit 2) for bad arguments."""

from __future__ import annotations

import json

import numpy as np
import pytest

from game.cli import main


def run_map(capsys, *argv):
    code = main(["map", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("backend", ["numpy", "auto"])
def test_json_rows_along_y_with_status_words(tmp_path, capsys, backend):
    out = tmp_path / "map.json"
    code, stdout, _ = run_map(capsys, "parabola", "--res", "6", "--backend", backend, "--out", str(out))
    assert code == 0 and stdout.startswith(f"wrote {out}")
    data = json.loads(out.read_text())
    assert data["axes"]["x"]["name"] == "eta" and data["axes"]["y"]["name"] == "mu"
    assert len(data["axes"]["x"]["values"]) == 6 and len(data["status"]) == 6
    assert {word for row in data["status"] for word in row} <= {"converged", "diverged", "max_steps"}
    # parabola (y = x^2, lambda = 2) with gd-like mu = 0 row: eta < 1 settles, eta > 1 explodes
    etas = data["axes"]["x"]["values"]
    row0 = data["status"][0]
    assert all(word == "converged" for eta, word in zip(etas, row0) if 0.05 < eta < 0.95)
    assert all(word == "diverged" for eta, word in zip(etas, row0) if eta > 1.05)
    assert len(data["steps"][0]) == 6 and len(data["final_x"][0]) == 6


def test_npy_is_a_structured_array(tmp_path, capsys):
    out = tmp_path / "map.npy"
    code, _, _ = run_map(capsys, "double-well", "--axes", "x0-eta", "--res", "5", "--backend", "numpy",
                         "--out", str(out))
    table = np.load(out)
    assert code == 0 and table.shape == (5, 5)
    assert set(table.dtype.names) == {"x0", "eta", "mu", "status", "steps", "final_x", "final_loss"}
    assert np.allclose(table["x0"][0], np.linspace(-2.8, 2.8, 5))  # x0 along x (columns)
    assert np.allclose(table["eta"][:, 0], np.linspace(0.01, 0.6, 5))  # eta along y (rows)


@pytest.mark.gpu
def test_png_picture(tmp_path, capsys, gl_ctx):
    out = tmp_path / "map.png"
    code, stdout, _ = run_map(capsys, "--curve", "x**2", "--x0", "2", "--res", "40", "--out", str(out))
    import pygame

    assert code == 0 and "\n" == stdout[-1] and stdout.count("\n") == 1
    picture = pygame.image.load(str(out))
    assert picture.get_width() > 512 and picture.get_height() > 512


@pytest.mark.parametrize("argv, message", [
    (["nope", "--out", "x.png"], "unknown level 'nope'"),
    (["wavy"], "give --out FILE"),
    (["wavy", "--out", "x.txt"], "no known ending"),
    (["wavy", "--out", "no/such/folder/x.png"], "does not exist"),
    (["wavy", "--res", "1", "--out", "x.png"], "--res 1 is out of range"),
    (["wavy", "--res", "ten", "--out", "x.png"], "not a whole number"),
    (["wavy", "--axes", "mu-eta", "--out", "x.png"], "--axes 'mu-eta'"),
    (["wavy", "--eta", "1:0.5", "--out", "x.png"], "is empty"),
    (["wavy", "--mu", "0:1.5", "--out", "x.png"], "expected HI < 1"),
    (["wavy", "--mu", "0.5", "--out", "x.png"], "mu is an axis here"),
    (["double-well", "--axes", "x0-eta", "--mu", "0:0.5", "--out", "x.png"], "fixes mu"),
    (["wavy", "--x0-range=-1:1", "--out", "x.png"], "is for x0-eta maps"),
    (["wavy", "--backend", "cuda", "--out", "x.png"], "--backend 'cuda'"),
    (["--curve", "x**", "--x0", "1", "--out", "x.png"], "bad --curve expression"),
    (["--curve", "x**2", "--out", "x.png"], "needs --x0"),
    (["wavy", "--curve", "x", "--out", "x.png"], "not both"),
    (["paris", "--out", "x.png"], "trains a network"),
])
def test_bad_arguments_get_one_line_and_exit_2(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = run_map(capsys, *argv)
    assert code == 2 and stdout == ""
    first = stderr.strip().splitlines()[0]
    assert first.startswith("downhill map: ") and message in stderr
    assert "Traceback" not in stderr
