"""The scene stack: push, pop, replace. No `if scene == ...` anywhere."""

from __future__ import annotations

from game.scenes.base import Scene


class SceneStack:
    def __init__(self, on_change=None) -> None:
        self.scenes: list[Scene] = []
        self.on_change = on_change  # called with the new top, e.g. to lay it out

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> Scene:
        self.scenes.append(scene)
        if self.on_change:
            self.on_change(scene)
        scene.enter()
        return scene

    def pop(self) -> Scene | None:
        if not self.scenes:
            return None
        scene = self.scenes.pop()
        scene.exit()
        if self.scenes:
            self.scenes[-1].resume()
        return scene

    def replace(self, scene: Scene) -> Scene:
        if self.scenes:
            self.scenes.pop().exit()
        return self.push(scene)

    def pop_to(self, kind: type) -> None:
        """Pop until a scene of this type is on top (or the stack has one scene left)."""
        while len(self.scenes) > 1 and not isinstance(self.scenes[-1], kind):
            self.pop()

    def visible(self) -> list[Scene]:
        """The scenes to draw, bottom first: from the topmost opaque one up."""
        start = 0
        for i in range(len(self.scenes) - 1, -1, -1):
            if self.scenes[i].opaque:
                start = i
                break
        return self.scenes[start:]

    def __len__(self) -> int:
        return len(self.scenes)
