"""Par remembered on disk between runs of the game: a classifier level's par search takes seconds
(digits: tens of seconds on a slow machine), and its answer only changes when the level or the
simulation does.

One small JSON file per level and backend in the user cache folder (game.userdata.user_cache_dir,
under par/), holding the key it was computed for:

    key = sha256(kind, backend, the level's content as read from its file (base.content_key: every
                 field par depends on, its words left out), the search's budget, every other
                 file the family says the search reads (a data set), and the code version: the
                 bytes of every module of game/sim, where the families, the optimizer table and
                 the trainers live)

The content rather than the file's raw bytes, so that a level changed in memory (a test, an
editor) never reads the par of its file, and a lesson reworded keeps its par. A file whose key
differs (the level or the code changed) is searched again and overwritten; one
that cannot be read or does not hold what a par file holds is ignored with one line on stderr and
searched again. Writes are atomic (a temporary file beside it, then os.replace), so a game and a
class server sharing the folder never read half a file. Par stays computed: this only remembers
what the search found on this machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from game.i18n import _
from game.userdata import user_cache_dir

FORMAT = 1
FOLDER = "par"
SIM = Path(__file__).resolve().parent  # game/sim: the code whose version the key includes
MISSING = object()


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of every module under game/sim (read once per process)."""
    digest = hashlib.sha256()
    for path in sorted(SIM.rglob("*.py")):
        digest.update(path.relative_to(SIM).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def level_key(kind: str, backend: str, content: str, settings=(), inputs=()) -> str | None:
    """The key of a level's par: its content (base.content_key: everything par depends on, as
    loaded from its file), the search's own settings (its budget), the files it reads besides
    (a data set) and the code version; None where one of those files cannot be read."""
    digest = hashlib.sha256(f"{FORMAT}\0{kind}\0{backend}\0{code_version()}\0{settings!r}\0{content}\0".encode())
    try:
        for path in inputs:
            digest.update(Path(path).read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def path_for(level_id: str, backend: str, folder: Path | None = None) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in level_id)[:80] or "level"
    return (folder or user_cache_dir()) / FOLDER / f"{safe}.{backend}.json"


def load(path: Path, key: str):
    """(par, setting) stored under `key` at `path`, or MISSING (none, another key, or damaged)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return MISSING
    except (OSError, UnicodeDecodeError) as error:
        return _damaged(path, str(error))
    try:
        data = json.loads(text)
    except ValueError as error:
        return _damaged(path, f"not JSON: {error}")
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("key"), str):
        return _damaged(path, "not a par file")
    if data["key"] != key:
        return MISSING  # the level or the code changed since: search again
    par, setting = data.get("par"), data.get("setting")
    if not (par is None or (isinstance(par, int) and not isinstance(par, bool) and par >= 0)) \
            or not (setting is None or isinstance(setting, dict)):
        return _damaged(path, "its par is not a step count")
    return par, setting


def save(path: Path, key: str, found) -> None:
    """Keep (par, setting) under `key`, atomically; a folder that cannot be written is no error
    (par is searched again next time)."""
    par, setting = found
    data = {"format": FORMAT, "key": key, "par": None if par is None else int(par),
            "setting": None if setting is None else _plain(setting)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, allow_nan=False)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError):
        pass


def _plain(value):
    """A setting as JSON: tuples as lists, NumPy scalars as Python numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def _damaged(path: Path, reason: str):
    print(_("downhill: ignoring the damaged par cache file {path} ({reason}); searching par again").format(
        path=path, reason=reason), file=sys.stderr)
    return MISSING
