"""Where the player's saves live: the platform's user-data folder, or one chosen on purpose.

Order of choice: an explicit folder (a command-line option), then the environment variable
DOWNHILL_DATA_DIR (tests, kiosks, classrooms), then the platform's usual place:

  Linux and other Unix   $XDG_DATA_HOME/downhill, else ~/.local/share/downhill
  macOS                  ~/Library/Application Support/Downhill
  Windows                %APPDATA%\\Downhill, else ~\\AppData\\Roaming\\Downhill

Nothing here creates the folder; the store does that when it first saves.

What the game can always compute again (par, searched per level) is kept in a cache folder
instead, platformdirs-style: DOWNHILL_CACHE_DIR, else a "cache" folder inside DOWNHILL_DATA_DIR
when that is set (a test's or a kiosk's folder keeps everything together), else

  Linux and other Unix   $XDG_CACHE_HOME/downhill, else ~/.cache/downhill
  macOS                  ~/Library/Caches/Downhill
  Windows                %LOCALAPPDATA%\\Downhill\\Cache, else ~\\AppData\\Local\\Downhill\\Cache
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "DOWNHILL_DATA_DIR"
CACHE_ENV_VAR = "DOWNHILL_CACHE_DIR"
APP_FOLDER_UNIX = "downhill"
APP_FOLDER = "Downhill"


def user_data_dir(
    explicit: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    home: Path | None = None,
) -> Path:
    """The folder for saves. `environ`, `platform` (as sys.platform) and `home` default to
    this process's own; tests pass them in to ask about other machines."""
    if explicit is not None and str(explicit) != "":
        return _absolute(Path(explicit).expanduser())
    environ = os.environ if environ is None else environ
    chosen = environ.get(ENV_VAR, "")
    if chosen:
        return _absolute(Path(chosen).expanduser())
    return platform_data_dir(environ=environ, platform=platform, home=home)


def platform_data_dir(
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    home: Path | None = None,
) -> Path:
    """The platform's usual user-data folder for the game, ignoring DOWNHILL_DATA_DIR."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    home = Path.home() if home is None else home
    if platform.startswith("win"):
        appdata = environ.get("APPDATA", "")
        base = Path(appdata) if appdata else home / "AppData" / "Roaming"
        return base / APP_FOLDER
    if platform == "darwin":
        return home / "Library" / "Application Support" / APP_FOLDER
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    xdg = environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / APP_FOLDER_UNIX


def user_cache_dir(
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    home: Path | None = None,
) -> Path:
    """The folder for what can be computed again (see the module's docstring)."""
    environ = os.environ if environ is None else environ
    if environ.get(CACHE_ENV_VAR, ""):
        return _absolute(Path(environ[CACHE_ENV_VAR]).expanduser())
    if environ.get(ENV_VAR, ""):
        return _absolute(Path(environ[ENV_VAR]).expanduser()) / "cache"
    platform = sys.platform if platform is None else platform
    home = Path.home() if home is None else home
    if platform.startswith("win"):
        local = environ.get("LOCALAPPDATA", "")
        return (Path(local) if local else home / "AppData" / "Local") / APP_FOLDER / "Cache"
    if platform == "darwin":
        return home / "Library" / "Caches" / APP_FOLDER
    xdg = environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".cache"
    return base / APP_FOLDER_UNIX


def _absolute(path: Path) -> Path:
    return path if path.is_absolute() else Path.cwd() / path
