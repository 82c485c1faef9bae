"""Find the shipped data folders (shaders, levels, assets) through the package, never the cwd.

An installed wheel carries them as `game._data.<name>` (see pyproject.toml); a source checkout or an editable
install keeps them at the top of the repository, beside the `game` package.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

DATA_FOLDERS = ("shaders", "levels", "assets")


def data_dir(name: str) -> Path:
    """Return the folder holding the shipped `name` data ('shaders', 'levels' or 'assets')."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {DATA_FOLDERS}")
    # The installed folders are namespace packages (no __init__.py): ask the import system
    # where they are rather than going through importlib.resources' MultiplexedPath.
    try:
        spec = importlib.util.find_spec(f"game._data.{name}")
    except ModuleNotFoundError:
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if Path(location).is_dir():
            return Path(location)
    return Path(__file__).resolve().parent.parent / name


def shader_dir() -> Path:
    return data_dir("shaders")


def level_dir() -> Path:
    return data_dir("levels")


def asset_dir() -> Path:
    return data_dir("assets")
