"""Every colour a draw uses comes from game.render.theme (read at draw time), so high contrast and
the colour-safe palette reach it: an AST check for colour literals handed to drawing calls.

A colour literal: a tuple of three or four numbers, each 0..1, at least one a float below 1, as
an argument of painter.rect / circle / line / polyline / text / star or a module-level name.
White highlights (every channel >= 0.6: the ball's shine, a white dot) stay: they are as bright as
high contrast wants. The pictures made with pygame (render/heatmap.py, lr_picture.py) read
theme.PICTURE_* / theme.byte_rgb the same way (their test renders them)."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np

import game

PACKAGE = Path(game.__file__).resolve().parent
FOLDERS = ("render", "scenes", "ui", "kiosk", "classroom")
SKIP = {"render/theme.py", "render/cvd.py"}
DRAW_CALLS = {"rect", "circle", "line", "polyline", "text", "text_block", "star", "fill", "clear_color"}


def colour_literal(node: ast.AST) -> tuple | None:
    if not isinstance(node, ast.Tuple) or len(node.elts) not in (3, 4):
        return None
    values = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, (int, float))]
    if len(values) != len(node.elts) or not all(0 <= v <= 1 for v in values):
        return None
    if not any(isinstance(v, float) and v < 1 for v in values[:3]) and len(values) == 3:
        return None
    if all(v >= 0.6 for v in values[:3]):  # white and warm-white highlights
        return None
    return tuple(values)


def fixed_colours() -> list[str]:
    found = []
    for folder in FOLDERS:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            rel = str(path.relative_to(PACKAGE))
            if rel in SKIP:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            candidates = []
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                    if name in DRAW_CALLS:
                        candidates += [*node.args, *(k.value for k in node.keywords)]
            for node in tree.body:  # module-level constants (copied once, never re-read)
                if isinstance(node, ast.Assign):
                    candidates.append(node.value)
            for node in candidates:
                for sub in ast.walk(node):
                    colour = colour_literal(sub)
                    if colour is not None:
                        found.append(f"{rel}:{sub.lineno}: {colour}")
    return found


def test_no_draw_uses_a_fixed_colour():
    assert fixed_colours() == []


def test_the_check_finds_a_fixed_fill(tmp_path, monkeypatch):
    probe = PACKAGE / "render" / "_colour_probe_tmp.py"
    probe.write_text("CARD_FILL = (0.06, 0.08, 0.15, 0.97)\n"
                     "def draw(painter, s):\n"
                     "    painter.rect(0, 0, 1, 1, (0.16, 0.08, 0.02, 1.0), radius=4 * s)\n"
                     "    painter.circle(0, 0, 1, (1.0, 0.93, 0.8, 0.85))\n", encoding="utf-8")
    try:
        found = sorted(f for f in fixed_colours() if "_colour_probe_tmp" in f)
    finally:
        probe.unlink()
    assert found == ["render/_colour_probe_tmp.py:1: (0.06, 0.08, 0.15, 0.97)",
                     "render/_colour_probe_tmp.py:3: (0.16, 0.08, 0.02, 1.0)"]


def test_saved_pictures_follow_high_contrast():
    import pygame

    from game.render import heatmap, theme

    fate = _tiny_fate()
    try:
        theme.apply(high_contrast=True)
        surface = heatmap.draw_fate_picture(fate, "t", map_size=32)
        hc = pygame.surfarray.array3d(surface)
        theme.apply()
        plain = pygame.surfarray.array3d(heatmap.draw_fate_picture(fate, "t", map_size=32))
    finally:
        theme.apply()
    assert tuple(hc[2, 2]) == theme.HIGH_CONTRAST["PICTURE_BG"] and tuple(plain[2, 2]) == theme.DEFAULT["PICTURE_BG"]
    left, top = 90, 60  # the frame is one pixel outside the map
    assert tuple(hc[left - 1, top + 10]) == theme.HIGH_CONTRAST["PICTURE_FRAME"]
    assert tuple(plain[left - 1, top + 10]) == theme.DEFAULT["PICTURE_FRAME"]


def _tiny_fate():
    from types import SimpleNamespace

    status = np.zeros((4, 4), dtype=np.int8)
    status[0, 0], status[1, 1] = 1, 2
    steps = np.arange(16, dtype=np.int32).reshape(4, 4) + 1
    return SimpleNamespace(status=status, steps=steps, x_values=np.linspace(0.01, 0.2, 4),
                           y_values=np.linspace(0.0, 0.9, 4), x_name="eta", y_name="mu")


def colours_copied_early() -> list[str]:
    """theme.NAME read where it is copied once: a default argument (evaluated at import), a
    module-level name, or a Button/Slider/ChoiceButton keyword (kept from construction). Widgets
    take a role name instead (accent="ORANGE"), which they resolve with theme.role() when drawn."""
    found = []
    for folder in FOLDERS:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            rel = str(path.relative_to(PACKAGE))
            if rel in SKIP:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            early = [node.value for node in tree.body if isinstance(node, ast.Assign)]
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    early += [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
                elif isinstance(node, ast.Call):
                    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                    if name in {"Button", "Slider", "ChoiceButton", "__init__"}:
                        early += [k.value for k in node.keywords if k.arg in {"accent", "color"}]
            for node in early:
                for sub in ast.walk(node):
                    if (isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "theme"
                            and sub.attr.isupper() and sub.attr not in {"TEXT_SCALES", "DEFAULT", "HIGH_CONTRAST", "COLOUR_SAFE"}):
                        found.append(f"{rel}:{sub.lineno}: theme.{sub.attr}")
    return found


def test_no_theme_colour_is_copied_before_it_is_drawn():
    """A colour copied at import or construction would keep the old look after a switch in
    Settings; tests/e2e/test_colour_roles.py shows the switch reaching the open scene's buttons."""
    assert colours_copied_early() == []
