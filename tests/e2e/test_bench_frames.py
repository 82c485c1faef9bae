"""`downhill bench frames`: it stages every kind of scene the game has, and prints p50, p99 and
CPU time per frame for each, with the load average at the start and the end. Structure only:
no figure is checked against a time."""

from __future__ import annotations

import inspect

import pytest

import game.scenes
from game.cli import main
from game.levels import load_levels
from game.perf import frames
from game.scenes.base import Scene
from game.scenes.registry import build_registry

pytestmark = pytest.mark.e2e


def scene_classes():
    """Every concrete scene class in game/scenes (abstract bases keep Scene's own name)."""
    import importlib
    import pkgutil

    found = set()
    for info in pkgutil.iter_modules(game.scenes.__path__):
        module = importlib.import_module(f"game.scenes.{info.name}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Scene) and cls.name != Scene.name and cls.__module__ == module.__name__:
                found.add(cls.name)
    return found


def test_every_scene_kind_and_every_level_picture_is_staged():
    levels = load_levels().levels
    staged = frames.scene_kinds(levels)
    assert scene_classes() <= staged, f"not staged: {sorted(scene_classes() - staged)}"
    assert {view.name + "_view" for view in build_registry().views} <= staged
    by_id = {lv.id: lv for lv in levels}
    shown = [by_id[stage.level] for stage in frames.STAGES.values() if stage.level]
    # each network preset (the 3-D landscape among them), lab mode and classifier level has its own view
    for kind, picture in (("network", lambda lv: lv.network.preset), ("lab", lambda lv: lv.spec.mode),
                          ("classify", lambda lv: lv.id)):
        wanted = {picture(lv) for lv in levels if lv.kind == kind}
        assert wanted <= {picture(lv) for lv in shown if lv.kind == kind}, kind


def test_the_suite_prints_p50_p99_and_cpu_time_per_scene_with_the_load(capsys):
    assert main(["bench", "frames", "--quick", "--scene", "title", "--scene", "help", "--size", "640x360"]) == 0
    out = capsys.readouterr().out
    for scene in ("title", "help"):
        for figure in ("p50", "p99", "cpu/frame"):
            assert f"{scene} {figure} 640x360" in out
    assert "load average at start" in out and "load average at end" in out
    assert "machine speed at start" in out and "machine speed at end" in out
    assert "present 640x360" in out and "keeps pixels" in out  # the offscreen pbuffer keeps them


def test_scene_and_size_are_checked(capsys):
    assert main(["bench", "frames", "--scene", "nowhere"]) == 2
    assert "--scene 'nowhere'" in capsys.readouterr().err
    assert main(["bench", "sim", "--scene", "title"]) == 2


def test_passes_add_each_frames_fastest_p99(capsys):
    """--passes 2: the first pass's figures as usual, and the p99 of each frame's fastest pass,
    no more than the first pass's own p99, with each pass's p99 beside it."""
    assert main(["bench", "frames", "--quick", "--scene", "play", "--size", "640x360", "--passes", "2", "--json"]) == 0
    import json

    out = capsys.readouterr().out
    figures = {m["name"]: m for m in json.loads(out[out.index("["):])}
    fastest = figures["play p99 fastest of 2 640x360"]
    assert fastest["value"] <= figures["play p99 640x360"]["value"]
    assert fastest["detail"].count(",") == 1  # the two passes' own p99


def test_passes_are_checked(capsys):
    assert main(["bench", "frames", "--passes", "0"]) == 2
    assert "--passes 0" in capsys.readouterr().err
    assert main(["bench", "sim", "--passes", "2"]) == 2
    assert "--passes" in capsys.readouterr().err
