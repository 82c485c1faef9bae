"""The player's saves: progress per level and settings, in one JSON file with a format version.

    store = Store.open()                  # the user-data folder (see game/userdata.py)
    store.record("parabola", stars=2, steps=14)
    store.update_settings(volume=0.5)
    if store.notice: show it to the player once, then store.dismiss_notice()

Saving is atomic: a temp file in the same folder, flushed and fsynced, then os.replace, then
the folder is fsynced where the platform allows it. Nothing the player made is lost:
- a save that cannot be read (bad JSON, wrong types, invalid UTF-8, unknown format) is moved
  aside to progress.json.corrupt-<timestamp>, the game starts with defaults, and `notice` says
  so in one line;
- a save that fails (full disk, read-only folder) keeps everything in memory, puts one line in
  `notice` (also returned by `save()`), leaves the previous file as it was, and is tried again
  on the next save;
- keys this version does not know (written by a newer version) are kept on rewrite.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from game.i18n import LANGUAGES, N_, _
from game.userdata import user_data_dir

FORMAT = 1
SAVE_NAME = "progress.json"
MAX_STARS = 3
MAX_SAVE_BYTES = 8 * 1024 * 1024  # a save is a few kB; anything this big is not ours


class StoreError(ValueError):
    """A bad value handed to the store by code (an unknown setting, stars out of range)."""


class CorruptSave(ValueError):
    """The save file exists but cannot be used; the message says why, in a few words."""


@dataclass(frozen=True)
class LevelProgress:
    stars: int = 0
    best_steps: int | None = None  # fewest steps of a cleared run
    cleared: bool = False

    def __post_init__(self) -> None:
        _check_int("stars", self.stars, 0, MAX_STARS)
        if self.best_steps is not None:
            _check_int("best_steps", self.best_steps, 0, None)
        _check_bool("cleared", self.cleared)


@dataclass(frozen=True)
class Settings:
    """Player settings. Number fields carry their allowed range in the field metadata."""

    volume: float = field(default=0.8, metadata={"range": (0.0, 1.0)})
    muted: bool = False
    fullscreen: bool = False
    reduced_motion: bool = False
    high_contrast: bool = False
    text_scale: float = field(default=1.0, metadata={"range": (0.75, 2.0)})  # Settings offers 1.0-1.5
    colour_safe: bool = False  # the colour-blind-safe palette (game.render.theme.COLOUR_SAFE)
    loss_sound: bool = True  # the tick whose pitch follows the loss, each step
    captions: bool = False  # a line on screen for every sound cue
    unlock_all: bool = False  # teachers and kiosks: every level open
    # "" follows the system locale; else one of game.i18n.LANGUAGES
    language: str = field(default="", metadata={"choices": ("",) + LANGUAGES})

    def __post_init__(self) -> None:
        for item in fields(self):
            object.__setattr__(self, item.name, check_setting(item.name, getattr(self, item.name)))


def check_setting(name: str, value: Any) -> Any:
    """Return `value` as setting `name` stores it, or raise StoreError saying what is wrong."""
    known = {item.name: item for item in fields(Settings)}
    if name not in known:
        raise StoreError(f"unknown setting {name!r}; known settings: {', '.join(known)}")
    item = known[name]
    if "choices" in item.metadata:
        if not isinstance(value, str) or value not in item.metadata["choices"]:
            choices = ", ".join(repr(c) for c in item.metadata["choices"])
            raise StoreError(f"setting {name!r} must be one of {choices}, got {value!r}")
        return value
    if isinstance(item.default, bool):
        _check_bool(name, value)
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise StoreError(f"setting {name!r} must be a number, got {value!r}")
    lo, hi = item.metadata["range"]
    number = float(value)
    if not (math.isfinite(number) and lo <= number <= hi):
        raise StoreError(f"setting {name!r} must be between {lo} and {hi}, got {value!r}")
    return number


class Store:
    """Progress and settings, kept in memory and written through to `path` on every change."""

    def __init__(
        self,
        path: Path,
        document: Mapping[str, Any] | None = None,
        *,
        notice: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self._notice: tuple[str, dict] | None = (notice, {}) if notice else None
        self._clock = clock
        self._document = dict(document or {})  # as loaded: unknown keys ride along on rewrite
        self._settings, self._levels = _read_document(self._document)
        self._unsaved = False
        self._save_failed = False
        self._in_the_way = False  # an unreadable file that could not be moved aside yet

    @classmethod
    def open(
        cls,
        directory: str | os.PathLike[str] | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> Store:
        """Load the save in `directory` (default: the user-data folder). Never raises for a
        missing, unreadable or corrupt save; `notice` then says what happened."""
        path = user_data_dir(directory) / SAVE_NAME
        try:
            document = load_document(path)
        except (FileNotFoundError, NotADirectoryError):  # no save yet: nothing to lose
            return cls(path, clock=clock)
        except (CorruptSave, OSError) as problem:
            store = cls(path, clock=clock)
            store._set_aside(_reason(problem))
            return store
        return cls(path, document, clock=clock)

    # -- progress ------------------------------------------------------------------------

    def progress(self, level_id: str) -> LevelProgress:
        return self._levels.get(level_id, LevelProgress())

    def all_progress(self) -> dict[str, LevelProgress]:
        return dict(self._levels)

    def record(
        self, level_id: str, stars: int, steps: int, cleared: bool | None = None
    ) -> LevelProgress:
        """Note a finished run and save at once. Keeps the best stars and, among cleared runs,
        the fewest steps; a level once cleared stays cleared. `cleared` defaults to stars > 0."""
        if not isinstance(level_id, str) or not level_id:
            raise StoreError(f"level id must be a non-empty string, got {level_id!r}")
        _check_int("stars", stars, 0, MAX_STARS)
        _check_int("steps", steps, 0, None)
        cleared = stars > 0 if cleared is None else cleared
        _check_bool("cleared", cleared)
        old = self.progress(level_id)
        best = old.best_steps
        if cleared:
            best = steps if best is None else min(best, steps)
        new = LevelProgress(max(old.stars, stars), best, old.cleared or cleared)
        if new != old or level_id not in self._levels:
            self._levels[level_id] = new
            self._unsaved = True
        self._save_if_needed()
        return new

    def unlocked(self, level_ids_in_order: Sequence[str], level_id: str) -> bool:
        """The first level is always open; each next one opens when the one before it is
        cleared (or was itself cleared before); `unlock_all` opens every level."""
        order = list(level_ids_in_order)
        if level_id not in order:
            return False
        index = order.index(level_id)
        if index == 0 or self._settings.unlock_all or self.progress(level_id).cleared:
            return True
        return self.progress(order[index - 1]).cleared

    # -- settings ------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self._settings

    def update_settings(self, **changes: Any) -> Settings:
        """Change some settings (all or none: a bad value raises StoreError) and save."""
        checked = {name: check_setting(name, value) for name, value in changes.items()}
        new = replace(self._settings, **checked)
        if new != self._settings:
            self._settings = new
            self._unsaved = True
        self._save_if_needed()
        return self._settings

    # -- saving --------------------------------------------------------------------------

    def save(self) -> str | None:
        """Write everything now. Returns None when saved, else the one-line notice."""
        if self._in_the_way and not self._move_aside_again():
            return self.notice
        try:
            write_atomic(self.path, self._encode())
        except OSError as error:
            self._unsaved = True
            self._save_failed = True
            self._notice = (N_("Could not save your progress to {path} ({reason}); it is kept while the game "
                               "runs and saving will be tried again."), {"path": self.path, "reason": _os_reason(error)})
            return self.notice
        self._unsaved = False
        if self._save_failed:
            self._save_failed = False
            self._notice = None
        return None

    @property
    def notice(self) -> str | None:
        """The one-line notice for the player, in the language active when it is read (the save is
        opened before the language is chosen), or None."""
        if self._notice is None:
            return None
        message, fields = self._notice
        return _(message).format(**fields) if fields else _(message)

    def dismiss_notice(self) -> None:
        """The player has seen the notice."""
        self._notice = None

    def _save_if_needed(self) -> None:
        if self._unsaved:
            self.save()

    def _encode(self) -> bytes:
        document = dict(self._document)
        document["format"] = FORMAT
        old_settings = document.get("settings")
        document["settings"] = {
            **(old_settings if isinstance(old_settings, dict) else {}),
            **asdict(self._settings),
        }
        old_levels = document.get("levels")
        old_levels = old_levels if isinstance(old_levels, dict) else {}
        levels = dict(old_levels)
        for level_id, progress in self._levels.items():
            levels[level_id] = {**old_levels.get(level_id, {}), **asdict(progress)}
        document["levels"] = levels
        text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
        return (text + "\n").encode("utf-8")

    # -- a save we cannot read -----------------------------------------------------------

    def _set_aside(self, reason: str) -> None:
        try:
            aside = move_aside(self.path, self._clock())
        except OSError as error:
            self._in_the_way = True
            self._notice = (N_("Your save file {path} could not be read ({reason}) nor moved aside ({error}); the "
                               "game started fresh and will not save over it."),
                            {"path": self.path, "reason": reason, "error": _os_reason(error)})
            return
        self._notice = (N_("Your save file could not be read ({reason}), so the game started fresh; the old file "
                           "is kept at {path}."), {"reason": reason, "path": aside})

    def _move_aside_again(self) -> bool:
        try:
            aside = move_aside(self.path, self._clock())
        except FileNotFoundError:
            self._in_the_way = False
            return True
        except OSError:
            return False
        self._in_the_way = False
        self._notice = (N_("Your unreadable old save file is now kept at {path}."), {"path": aside})
        return True


def saved_settings(directory: str | os.PathLike[str] | None = None) -> Settings:
    """The saved settings, read only (for commands that draw pictures in the player's look): the
    defaults where there is no readable save. Never moves or writes anything."""
    try:
        return _read_document(load_document(user_data_dir(directory) / SAVE_NAME))[0]
    except (CorruptSave, OSError):
        return Settings()


def load_document(path: Path) -> dict[str, Any]:
    """Read and check a save file. Raises FileNotFoundError, OSError or CorruptSave."""
    with open(path, "rb") as file:
        data = file.read(MAX_SAVE_BYTES + 1)
    if len(data) > MAX_SAVE_BYTES:
        raise CorruptSave(f"it is larger than {MAX_SAVE_BYTES // (1024 * 1024)} MB")
    document = decode_document(data)
    _read_document(document)  # raises CorruptSave for wrong types
    return document


def decode_document(data: bytes) -> dict[str, Any]:
    """Bytes -> the save's top-level object, checking encoding, JSON and format version."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CorruptSave(f"not valid UTF-8 at byte {error.start}") from None
    if not text.strip():
        raise CorruptSave("the file is empty")
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise CorruptSave(f"bad JSON at line {error.lineno} column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise CorruptSave("the JSON is nested too deeply") from None
    if not isinstance(document, dict):
        raise CorruptSave("the top level is not a JSON object")
    version = document.get("format")
    if isinstance(version, bool) or not isinstance(version, int):
        raise CorruptSave(f"no format version (found {version!r})")
    if version != FORMAT:
        raise CorruptSave(f"unknown format version {version}; this game reads version {FORMAT}")
    return document


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old file or the new one."""
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    temp = directory / f".{path.name}.{os.getpid()}.tmp"
    try:
        with open(temp, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    fsync_directory(directory)


def fsync_directory(directory: Path) -> None:
    """Make a rename durable where the platform allows opening a folder (not Windows)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        handle = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the data itself is already synced
    finally:
        os.close(handle)


def move_aside(path: Path, now: float) -> Path:
    """Rename `path` to <name>.corrupt-<local time>, never over an existing file."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    count = 1
    while aside.exists():
        count += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{count}")
    os.replace(path, aside)
    return aside


def _read_document(document: Mapping[str, Any]) -> tuple[Settings, dict[str, LevelProgress]]:
    """The known parts of a save, checked. Unknown keys are ignored here and kept elsewhere."""
    settings_part = document.get("settings", {})
    if not isinstance(settings_part, dict):
        raise CorruptSave("'settings' is not an object")
    known = {item.name for item in fields(Settings)}
    try:
        settings = Settings(**{k: v for k, v in settings_part.items() if k in known})
    except StoreError as error:
        raise CorruptSave(str(error)) from None
    levels_part = document.get("levels", {})
    if not isinstance(levels_part, dict):
        raise CorruptSave("'levels' is not an object")
    levels = {}
    for level_id, entry in levels_part.items():
        if not isinstance(entry, dict):
            raise CorruptSave(f"level {level_id!r} is not an object")
        wanted = {k: entry[k] for k in ("stars", "best_steps", "cleared") if k in entry}
        try:
            levels[level_id] = LevelProgress(**wanted)
        except StoreError as error:
            raise CorruptSave(f"level {level_id!r}: {error}") from None
    return settings, levels


def _check_int(name: str, value: Any, lo: int, hi: int | None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise StoreError(f"{name} must be a whole number, got {value!r}")
    if value < lo or (hi is not None and value > hi):
        limits = f"between {lo} and {hi}" if hi is not None else f"at least {lo}"
        raise StoreError(f"{name} must be {limits}, got {value}")


def _check_bool(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise StoreError(f"{name} must be true or false, got {value!r}")


def _reject_constant(name: str) -> Any:
    raise CorruptSave(f"{name} is not a JSON number")


def _reason(problem: Exception) -> str:
    return _os_reason(problem) if isinstance(problem, OSError) else str(problem)


def _os_reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__
