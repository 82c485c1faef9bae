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
