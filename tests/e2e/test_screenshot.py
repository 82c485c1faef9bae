"""`downhill screenshot`: real offscreen window, real PNG files, one-line refusals."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.cli import main

pytestmark = pytest.mark.e2e


def picture(path):
    return pygame.surfarray.array3d(pygame.image.load(str(path)))


@pytest.mark.parametrize("args", [
    ["wavy", "--mu", "0.9", "--steps", "20"],
    ["overshoot", "--scene", "phase3"],
    ["wavy", "--scene", "map"],
    ["double-well", "--scene", "swarm"],
    ["paris", "--steps", "3"],
])
def test_writes_a_png_of_the_scene(tmp_path, capsys, args):
    out = tmp_path / "shot.png"
    assert main(["screenshot", *args, "--size", "640x360", "--out", str(out)]) == 0
    pixels = picture(out)
    assert pixels.shape == (640, 360, 3)
    assert pixels.std() > 10  # a drawn scene, not a blank frame
    assert capsys.readouterr().out.strip() == str(out)


def test_map_and_play_pictures_differ(tmp_path):
    play, view = tmp_path / "play.png", tmp_path / "map.png"
    main(["screenshot", "wavy", "--size", "640x360", "--out", str(play)])
    main(["screenshot", "wavy", "--scene", "map", "--size", "640x360", "--out", str(view)])
    assert np.abs(picture(play).astype(int) - picture(view).astype(int)).mean() > 5


@pytest.mark.parametrize("args, gist", [
    (["paris", "--scene", "map"], "no scene 'map' for level 'paris'"),
    (["nope"], "no level 'nope'"),
    (["wavy", "--steps", "-1"], "--steps must be 0 or more"),
])
def test_refuses_in_one_line(tmp_path, capsys, args, gist):
    assert main(["screenshot", *args, "--out", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err.strip()
    assert gist in err and "\n" not in err and "Traceback" not in err
    assert not (tmp_path / "x.png").exists()


def test_rmsprop_and_adamw_on_a_level_that_allows_them(tmp_path, capsys):
    import json

    from game.resources import data_dir

    data = json.loads((data_dir("levels") / "double-well.json").read_text(encoding="utf-8"))
    data["optimizer"] = {"default": "gd", "allowed": ["gd", "rmsprop", "adamw"]}
    folder = tmp_path / "levels"
    folder.mkdir()
    (folder / "double-well.json").write_text(json.dumps(data), encoding="utf-8")
    shots = {}
    for name in ("gd", "rmsprop", "adamw"):
        shots[name] = tmp_path / f"{name}.png"
        assert main(["screenshot", "double-well", "--levels", str(folder), "--optimizer", name, "--steps", "5",
                     "--size", "640x360", "--out", str(shots[name])]) == 0
    capsys.readouterr()
    # the optimizer button and the update rule differ: the pictures are not the same
    assert not np.array_equal(picture(shots["gd"]), picture(shots["rmsprop"]))
    assert not np.array_equal(picture(shots["rmsprop"]), picture(shots["adamw"]))
