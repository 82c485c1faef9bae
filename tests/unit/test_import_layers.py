"""Imports go one way (DESIGN.md): a module imports only its own layer or lower ones, and no
modules import each other in a circle. Every import counts, also the ones inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

GAME = Path(__file__).resolve().parents[2] / "game"

# lowest first; a module belongs to the layer of the longest prefix that names it
LAYERS = [
    ("game", "game.sim", "game.jsonpos", "game.resources", "game.userdata", "game.i18n", "game.errors"),
    ("game.levels", "game.store", "game.clock", "game.audio", "game.assets", "game.datasets"),
    ("game.gpu", "game.window", "game.damage"),
    ("game.render",),
    ("game.ui",),
    ("game.scenes",),
    ("game.app", "game.classroom", "game.kiosk"),  # classroom and kiosk sit beside app
    ("game.perf",),
    ("game.commands", "game.i18n_catalogs", "game.i18n_lint"),
    ("game.cli", "game.__main__"),
]
# beside app, sharing its layer: they do not import each other (the kiosk's game process is built
# on the App, and the app opens the classroom's scenes; the circle test keeps those one way)
BESIDE_APP = ("game.classroom", "game.kiosk")


def module_name(path: Path) -> str:
    parts = path.relative_to(GAME.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def prefix_of(name: str, prefixes) -> str | None:
    found = [p for p in prefixes if name == p or name.startswith(p + ".")]
    return max(found, key=len) if found else None


def layer_of(name: str) -> int:
    best, layer = "", None
    for index, prefixes in enumerate(LAYERS):
        prefix = prefix_of(name, prefixes)
        if prefix is not None and len(prefix) > len(best):
            best, layer = prefix, index
    assert layer is not None, f"{name} is in no layer; add it to LAYERS"
    return layer


def imports_of(path: Path, name: str) -> set[str]:
    """The game modules `path` imports (a `from package import module` names the module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return {m for m in found if m == "game" or m.startswith("game.")}


def graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in GAME.rglob("*.py")}
    edges = {}
    for name, path in paths.items():
        edges[name] = {m for m in imports_of(path, name) if m in paths and m != name}
    return edges


def test_every_import_goes_to_the_same_layer_or_lower():
    upward = []
    for name, targets in sorted(graph().items()):
        for target in sorted(targets):
            if target == "game":
                continue
            if layer_of(target) > layer_of(name):
                upward.append(f"{name} (layer {layer_of(name)}) imports {target} (layer {layer_of(target)})")
            mine = prefix_of(name, BESIDE_APP)
            if mine and prefix_of(target, BESIDE_APP) not in (None, mine):
                upward.append(f"{name} imports {target}: classroom and kiosk sit beside each other")
    assert not upward, "\n".join(upward)


def test_no_modules_import_each_other_in_a_circle():
    edges = graph()
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    # a package's __init__ importing its own modules is not a circle of logic
    circles = [c for c in circles if not all(m == c[0] or m.startswith(c[0] + ".") for m in c)]
    assert not circles, "\n".join(" <-> ".join(c) for c in circles)
