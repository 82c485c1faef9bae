"""Raw pygame events -> the few kinds the scenes and widgets understand.

Mouse and touch become `Pointer` (touch in pixels, flagged so targets can be larger);
keys become `Key`; gamepad axes, buttons and the hat become `Pad`. SDL also turns a touch
into a fake mouse click; those copies (event.touch true) are dropped so a tap counts once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

PAD_A, PAD_B, PAD_X, PAD_Y = 0, 1, 2, 3
PAD_LB, PAD_RB = 4, 5  # the shoulder buttons
PAD_BACK, PAD_START = 6, 7


@dataclass(frozen=True)
class Pointer:
    kind: str            # "down", "move", "up" or "wheel"
    x: float
    y: float
    button: int = 1
    touch: bool = False
    fine: bool = False   # Shift held: fine adjustment
    dy: float = 0.0      # wheel clicks, up positive


@dataclass(frozen=True)
class Key:
    key: int
    mod: int = 0
    text: str = ""

    @property
    def shift(self) -> bool:
        return bool(self.mod & pygame.KMOD_SHIFT)

    @property
    def ctrl(self) -> bool:
        return bool(self.mod & (pygame.KMOD_CTRL | pygame.KMOD_META))


@dataclass(frozen=True)
class Pad:
    kind: str            # "axis", "button" or "hat"
    index: int
    value: float = 0.0
    hat: tuple[int, int] = (0, 0)


UiEvent = Pointer | Key | Pad


def translate(event: pygame.event.Event, size: tuple[int, int]) -> list[UiEvent]:
    kind = event.type
    shift = bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)
    if kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
        if getattr(event, "touch", False):
            return []
        x, y = _pos(event)
        if kind == pygame.MOUSEMOTION:
            return [Pointer("move", x, y, 1 if _held(event) else 0, fine=shift)]
        button = int(getattr(event, "button", 1))
        if button in (4, 5):  # old-style wheel clicks
            return [Pointer("wheel", x, y, dy=1.0 if button == 4 else -1.0, fine=shift)] if kind == pygame.MOUSEBUTTONDOWN else []
        return [Pointer("down" if kind == pygame.MOUSEBUTTONDOWN else "up", x, y, button, fine=shift)]
    if kind == pygame.MOUSEWHEEL:
        if getattr(event, "touch", False):
            return []
        x, y = pygame.mouse.get_pos()
        return [Pointer("wheel", float(x), float(y), dy=float(getattr(event, "precise_y", event.y)), fine=shift)]
    if kind in (pygame.FINGERDOWN, pygame.FINGERUP, pygame.FINGERMOTION):
        x = _unit(getattr(event, "x", 0.0)) * size[0]
        y = _unit(getattr(event, "y", 0.0)) * size[1]
        name = {pygame.FINGERDOWN: "down", pygame.FINGERUP: "up", pygame.FINGERMOTION: "move"}[kind]
        return [Pointer(name, x, y, 1, touch=True)]
    if kind == pygame.KEYDOWN:
        return [Key(int(event.key), int(getattr(event, "mod", 0)), str(getattr(event, "unicode", "") or ""))]
    if kind == pygame.JOYAXISMOTION:
        return [Pad("axis", int(getattr(event, "axis", 0)), _unit_signed(getattr(event, "value", 0.0)))]
    if kind == pygame.JOYBUTTONDOWN:
        return [Pad("button", int(getattr(event, "button", 0)), 1.0)]
    if kind == pygame.JOYHATMOTION:
        hat = getattr(event, "value", (0, 0))
        try:
            hx, hy = int(hat[0]), int(hat[1])
        except (TypeError, ValueError, IndexError):
            hx, hy = 0, 0
        return [Pad("hat", int(getattr(event, "hat", 0)), hat=(hx, hy))]
    return []


def _pos(event) -> tuple[float, float]:
    try:
        x, y = event.pos
        return float(x), float(y)
    except (AttributeError, TypeError, ValueError):
        return 0.0, 0.0


def _held(event) -> bool:
    buttons = getattr(event, "buttons", (0, 0, 0))
    try:
        return bool(buttons[0])
    except (TypeError, IndexError):
        return False


def _unit(value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return min(1.0, max(0.0, v)) if v == v else 0.0


def _unit_signed(value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return min(1.0, max(-1.0, v)) if v == v else 0.0
