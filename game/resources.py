"""Find the shipped data folders (shaders, levels, assets) through the package, never the cwd.

An installed wheel carries them as `game._data.<name>`; a source checkout or an editable
install keeps them at the top of the repository, beside the `game` package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DATA_FOLDERS = ("shaders", "levels", "assets")


def data_dir(name: str) -> Path:
    """Return the folder holding the shipped `name` data ('shaders', 'levels' or 'assets')."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {DATA_FOLDERS}")
    try:
        found = resources.files(f"game._data.{name}")
        path = Path(str(found))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / name


def shader_dir() -> Path:
    return data_dir("shaders")


def level_dir() -> Path:
    return data_dir("levels")


def asset_dir() -> Path:
    return data_dir("assets")
