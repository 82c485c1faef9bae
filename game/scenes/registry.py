"""Which scene plays a level, and which extra views a play scene offers.

The registry belongs to the app (nothing global). Scene modules plug themselves in: any
module in game/scenes/ with a `register_scenes(registry)` function is found and called when
the registry is built, so the network scenes (network_*.py) and the map and swarm views
(map_view.py, swarm_view.py) need no change here.

- `register_level_scene(kind, factory, preset=None)`: factory(app, level) -> Scene. A preset
  entry wins over the kind entry for network levels.
- `register_view(name, key, title, factory, kinds=("curve",))`: factory(app, play_scene) ->
  Scene, pushed over the play scene when the player presses `key` (a pygame key code) or its
  button; the view reads and sets the player's parameters through `play_scene.params` and
  `play_scene.set_params(...)`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import game.scenes


class NoSceneForLevel(LookupError):
    """No scene is registered for this kind of level; the message says which."""


@dataclass(frozen=True)
class ViewEntry:
    name: str
    key: int
    title: str
    factory: Callable
    kinds: tuple[str, ...]


class SceneRegistry:
    def __init__(self) -> None:
        self.level_scenes: dict[tuple[str, str | None], Callable] = {}
        self.views: list[ViewEntry] = []
        self.plugin_problems: list[tuple[str, str]] = []  # (module, error) of scene modules that did not load

    def register_level_scene(self, kind: str, factory: Callable, preset: str | None = None) -> None:
        self.level_scenes[(kind, preset)] = factory

    def register_view(self, name: str, key: int, title: str, factory: Callable,
                      kinds: tuple[str, ...] = ("curve",)) -> None:
        self.views = [v for v in self.views if v.name != name]
        self.views.append(ViewEntry(name, key, title, factory, tuple(kinds)))

    def factory_for(self, level) -> Callable:
        preset = level.network.preset if getattr(level, "network", None) is not None else None
        found = self.level_scenes.get((level.kind, preset)) or self.level_scenes.get((level.kind, None))
        if found is None:
            raise NoSceneForLevel(f"no scene plays {level.kind} levels"
                                  + (f" with preset {preset!r}" if preset else "") + " yet")
        return found

    def can_play(self, level) -> bool:
        try:
            self.factory_for(level)
        except NoSceneForLevel:
            return False
        return True

    def scene_for_level(self, level, app):
        return self.factory_for(level)(app, level)

    def states_for(self, level) -> tuple[str, ...]:
        """The extra states the scene that plays `level` offers (its `extra_states`)."""
        states = getattr(self.factory_for(level), "extra_states", None)
        return tuple(states(level)) if states is not None else ()

    def views_for(self, level) -> list[ViewEntry]:
        return [view for view in self.views if level.kind in view.kinds]


def build_registry() -> SceneRegistry:
    """The curve play scene, plus every scene module that registers itself."""
    registry = SceneRegistry()
    for info in sorted(pkgutil.iter_modules(game.scenes.__path__), key=lambda m: m.name):
        try:
            module = importlib.import_module(f"game.scenes.{info.name}")
        except Exception as error:  # a half-written plug-in must not stop the game; the app says so
            reason = " ".join(str(error).split())  # one line, whatever the error says
            registry.plugin_problems.append((f"game.scenes.{info.name}", f"{type(error).__name__}: {reason}"))
            continue
        register = getattr(module, "register_scenes", None)
        if callable(register):
            register(registry)
    return registry


def scene_for_level(level, app):
    """The scene that plays `level` in `app` (by kind, and network preset)."""
    return app.registry.scene_for_level(level, app)
