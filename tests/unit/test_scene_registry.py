"""A scene module that fails to import is reported in one line (and the other scenes still load)."""

from __future__ import annotations

import game.scenes
from game.scenes.registry import build_registry


def test_a_broken_scene_module_is_named_in_one_line(tmp_path, monkeypatch):
    (tmp_path / "zz_broken_scene.py").write_text("import not_a_module_anywhere\n", encoding="utf-8")
    monkeypatch.setattr(game.scenes, "__path__", [*game.scenes.__path__, str(tmp_path)])
    registry = build_registry()
    assert len(registry.plugin_problems) == 1
    module, error = registry.plugin_problems[0]
    assert module == "game.scenes.zz_broken_scene" and "\n" not in error
    assert error.startswith("ModuleNotFoundError: No module named")
    assert registry.level_scenes  # the good modules still registered their scenes


def test_the_built_in_scene_modules_all_load():
    assert build_registry().plugin_problems == []
