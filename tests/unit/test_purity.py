"""The simulation core stays pure: game/sim imports neither pygame nor moderngl."""

import ast
from pathlib import Path

SIM = Path(__file__).resolve().parents[2] / "game" / "sim"
FORBIDDEN = {"pygame", "moderngl", "glcontext"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_sim_modules_import_no_rendering_library():
    files = sorted(SIM.rglob("*.py"))
    assert files, "game/sim has no modules"
    for path in files:
        assert not imported_roots(path) & FORBIDDEN, f"{path.name} imports {imported_roots(path) & FORBIDDEN}"
