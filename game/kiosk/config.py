"""The kiosk's settings, read from a TOML file with `tomllib`. Every key is optional; every bad
value is refused with one line naming the file, the line and the key:

    museum.toml:7: sound.volume: must be a number from 0 to 1, got 3

tomllib gives line numbers for syntax errors only, so for a bad value the key's line is found
in the text (`key_lines`). `DEFAULT_TOML` is what `downhill kiosk --print-config` prints, and
it is itself a valid config that gives the defaults.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PIN_DIGITS = (4, 8)
MODIFIERS = ("ctrl", "alt", "shift", "meta")
CORNERS = "corners"  # the touch chord: tap the four corners clockwise from top-left
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")

DEFAULT_TOML = """\
# Downhill kiosk settings (TOML). Every key is optional; these are the defaults.

# Levels offered, by id, in this order (within each chapter). Empty: every level.
levels = []
# Open every offered level at once (false: each opens when the one before is cleared).
unlock_all = true
# Seconds without a touch before "Are you still there?", then seconds of countdown.
idle_seconds = 60
countdown_seconds = 20
# Seconds each picture of the attract loop stays on screen (three pictures a cycle).
attract_seconds = 8
# Languages offered (codes such as "en", "fr"); with two or more, one button cycles them.
languages = ["en"]

[sound]
on = true
volume = 0.6
# The pitch of a tick follows the loss as the ball rolls (for visitors who cannot see the curve well).
loss_sound = true
# A line on screen for every sound cue.
captions = false

[look]
# Text size for every visitor, from 1.0 to 1.5.
text_size = 1.0
# A button on the attract loop lets a visitor make the text bigger (100 %, 125 %, 150 %) for their visit.
text_size_button = true
high_contrast = false
# Colours told apart with any colour vision (deuteranopia, protanopia, tritanopia).
colour_safe = false
# No glow pulses or screen shake (balls still move).
reduced_motion = false

[staff]
# Keys held together to call the PIN pad ("ctrl+alt+k"), or "corners": tap the four
# corners of the screen clockwise from the top left within 5 seconds.
exit_chord = "ctrl+alt+k"
# 4 to 8 digits, quoted. Change it.
pin = "2468"

[stats]
# Anonymous visit counts; empty: kiosk-stats.json in the game's user-data folder.
path = ""

[watchdog]
# The supervisor replaces a game that sends no heartbeat for this long (seconds) ...
heartbeat_timeout = 10
# ... or that has not drawn its first frame this long after starting.
startup_timeout = 60
# Pause before starting a new game after one ended.
restart_delay = 1
"""


class ConfigError(ValueError):
    """Bad kiosk settings: `lines` holds one line per problem (file:line: key: what)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


@dataclass(frozen=True)
class Chord:
    keys: tuple[str, ...] = ("ctrl", "alt", "k")  # or ("corners",)

    @property
    def corners(self) -> bool:
        return self.keys == (CORNERS,)

    def text(self) -> str:
        return "+".join(self.keys)


@dataclass(frozen=True)
class KioskConfig:
    levels: tuple[str, ...] = ()
    unlock_all: bool = True
    idle_seconds: float = 60.0
    countdown_seconds: float = 20.0
    attract_seconds: float = 8.0
    languages: tuple[str, ...] = ("en",)
    sound_on: bool = True
    volume: float = 0.6
    # every visitor's look (the game's Settings of the same names); the text size button lets a
    # visitor make the text bigger for their visit
    text_scale: float = 1.0
    high_contrast: bool = False
    colour_safe: bool = False
    reduced_motion: bool = False
    captions: bool = False
    loss_sound: bool = True
    text_size_button: bool = True
    exit_chord: Chord = field(default_factory=Chord)
    pin: str = "2468"
    stats_path: str = ""
    heartbeat_timeout: float = 10.0
    startup_timeout: float = 60.0
    restart_delay: float = 1.0
    source: str = "(defaults)"

    def stats_file(self) -> Path:
        if self.stats_path:
            return Path(self.stats_path).expanduser()
        from game.userdata import user_data_dir
        return user_data_dir() / "kiosk-stats.json"


# --- reading values --------------------------------------------------------------------------

def _number(lo: float, hi: float, whole: bool = False):
    def check(value):
        kind = "a whole number" if whole else "a number"
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not isinstance(value, int)):
            raise ValueError(f"must be {kind} from {lo:g} to {hi:g}, got {_show(value)}")
        if not (math.isfinite(value) and lo <= value <= hi):
            raise ValueError(f"must be {kind} from {lo:g} to {hi:g}, got {_show(value)}")
        return float(value)
    return check


def _bool(value):
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {_show(value)}")
    return value


def _string(value):
    if not isinstance(value, str):
        raise ValueError(f"must be a quoted string, got {_show(value)}")
    return value


def _levels(value):
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"must be a list of level ids such as [\"parabola\", \"paris\"], got {_show(value)}")
    if len(set(value)) != len(value):
        twice = next(v for v in value if value.count(v) > 1)
        raise ValueError(f"names level {twice!r} twice")
    return tuple(value)


def _languages(value):
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError(f"must be a non-empty list of language codes such as [\"en\", \"fr\"], got {_show(value)}")
    for code in value:
        if not LANGUAGE_CODE.match(code):
            raise ValueError(f"{code!r} is not a language code (two or three lower-case letters, like \"en\" or \"pt_BR\")")
    if len(set(value)) != len(value):
        raise ValueError("names a language twice")
    from game.kiosk.language import unknown_languages
    missing = unknown_languages(value)
    if missing:
        raise ValueError(f"the game has no translation for {', '.join(missing)}")
    return tuple(value)


def _pin(value):
    lo, hi = PIN_DIGITS
    if not isinstance(value, str):
        raise ValueError(f"must be a quoted string of {lo} to {hi} digits (so leading zeros survive), got {_show(value)}")
    if not (value.isascii() and value.isdigit() and lo <= len(value) <= hi):
        raise ValueError(f"must be {lo} to {hi} digits, got {value!r}")
    return value


def _chord(value):
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be keys joined by + such as \"ctrl+alt+k\", or \"corners\", got {_show(value)}")
    parts = tuple(p.strip().lower() for p in value.split("+"))
    if parts == (CORNERS,):
        return Chord(parts)
    if any(not p for p in parts):
        raise ValueError(f"has an empty key in {value!r}")
    *mods, key = parts
    bad = [m for m in mods if m not in MODIFIERS]
    if bad:
        raise ValueError(f"{bad[0]!r} is not a modifier ({', '.join(MODIFIERS)}); the last key goes last")
    if not mods:
        raise ValueError(f"needs at least one of {', '.join(MODIFIERS)} before the key, got {value!r}")
    if key in MODIFIERS or key_code(key) is None:
        raise ValueError(f"{key!r} is not a key name (such as k, f12, delete)")
    return Chord(parts)


def key_code(name: str) -> int | None:
    import warnings

    import pygame
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "pygame.init() has not been called": names need no init
            return pygame.key.key_code(name)
    except (ValueError, pygame.error):
        return None


# key path -> (field name, check)
KEYS: dict[tuple[str, ...], tuple[str, Any]] = {
    ("levels",): ("levels", _levels),
    ("unlock_all",): ("unlock_all", _bool),
    ("idle_seconds",): ("idle_seconds", _number(5, 86400)),
    ("countdown_seconds",): ("countdown_seconds", _number(3, 600)),
    ("attract_seconds",): ("attract_seconds", _number(3, 120)),
    ("languages",): ("languages", _languages),
    ("sound", "on"): ("sound_on", _bool),
    ("sound", "volume"): ("volume", _number(0, 1)),
    ("sound", "loss_sound"): ("loss_sound", _bool),
    ("sound", "captions"): ("captions", _bool),
    ("look", "text_size"): ("text_scale", _number(1.0, 1.5)),
    ("look", "text_size_button"): ("text_size_button", _bool),
    ("look", "high_contrast"): ("high_contrast", _bool),
    ("look", "colour_safe"): ("colour_safe", _bool),
    ("look", "reduced_motion"): ("reduced_motion", _bool),
    ("staff", "exit_chord"): ("exit_chord", _chord),
    ("staff", "pin"): ("pin", _pin),
    ("stats", "path"): ("stats_path", _string),
    ("watchdog", "heartbeat_timeout"): ("heartbeat_timeout", _number(0.2, 3600)),
    ("watchdog", "startup_timeout"): ("startup_timeout", _number(0.5, 3600)),
    ("watchdog", "restart_delay"): ("restart_delay", _number(0, 600)),
}
TABLES = sorted({path[0] for path in KEYS if len(path) > 1})


def load_config(path: str | Path | None, known_levels=None) -> KioskConfig:
    """Read `path` (None: the defaults). Raises ConfigError with one line per problem.
    `known_levels` (ids), when given, refuses level ids the game does not have."""
    if path is None:
        return KioskConfig()
    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError([f"{name}: no such file"]) from None
    except IsADirectoryError:
        raise ConfigError([f"{name}: is a folder, not a TOML file"]) from None
    except OSError as error:
        raise ConfigError([f"{name}: cannot read it ({error.strerror or error})"]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ConfigError([f"{name}:{line}: not valid UTF-8 (byte {error.start})"]) from None
    return parse_config(text, name, known_levels)


def parse_config(text: str, name: str = "<config>", known_levels=None) -> KioskConfig:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([_syntax_line(name, text, str(error))]) from None
    lines = key_lines(text)
    problems: list[str] = []
    values: dict[str, Any] = {}

    def where(key_path: tuple[str, ...]) -> str:
        line = lines.get(key_path) or lines.get(key_path[:1]) or 1
        return f"{name}:{line}: {'.'.join(key_path)}"

    for key, value in document.items():
        if (key,) in KEYS:
            continue
        if key in TABLES:
            if not isinstance(value, dict):
                problems.append(f"{where((key,))}: must be a table ([{key}]), got {_show(value)}")
                continue
            for sub in value:
                if (key, sub) not in KEYS:
                    known = ", ".join(p[1] for p in KEYS if p[0] == key)
                    problems.append(f"{where((key, sub))}: unknown key (known in [{key}]: {known})")
            continue
        known = ", ".join(sorted({p[0] for p in KEYS}))
        problems.append(f"{where((key,))}: unknown key (known: {known})")
    for key_path, (attr, check) in KEYS.items():
        node: Any = document
        for part in key_path:
            node = node.get(part, _MISSING) if isinstance(node, dict) else _MISSING
        if node is _MISSING:
            continue
        try:
            values[attr] = check(node)
        except ValueError as error:
            problems.append(f"{where(key_path)}: {error}")
    if "levels" in values and known_levels is not None:
        known = set(known_levels)
        for level_id in values["levels"]:
            if level_id not in known:
                problems.append(f"{where(('levels',))}: no level {level_id!r} (see `downhill levels`)")
    if problems:
        raise ConfigError(sorted(problems, key=_line_of))
    return KioskConfig(**values, source=name)


_MISSING = object()


def _line_of(problem: str) -> int:
    match = re.search(r":(\d+): ", problem)
    return int(match.group(1)) if match else 0


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Where each key is set: {("sound", "volume"): 12, ("sound",): 10, ...}, from the text.
    Understands [table] headers, dotted keys and quoted keys; a table's own line is its
    header (or the first dotted key that makes it)."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_multiline = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        if not line or line.startswith("#"):
            continue
        header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$", line)
        if header:
            table = _split_key(header.group(1))
            for i in range(1, len(table) + 1):
                found.setdefault(table[:i], number)
            continue
        assign = re.match(r'^((?:[A-Za-z0-9_\-]+|"[^"]*"|\'[^\']*\')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|\'[^\']*\'))*)\s*=(.*)$', line)
        if assign:
            key = table + _split_key(assign.group(1))
            for i in range(1, len(key) + 1):
                found.setdefault(key[:i], number)
            rest = assign.group(2)
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    in_multiline = quote
    return found


def _split_key(text: str) -> tuple[str, ...]:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([A-Za-z0-9_\-]+)', text)
    return tuple(a or b or c for a, b, c in parts)


def _syntax_line(name: str, text: str, message: str) -> str:
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    what = re.sub(r"\s*\(at [^)]*\)", "", message).strip()
    if match:
        return f"{name}:{match.group(1)}:{match.group(2)}: bad TOML: {what}"
    if "end of document" in message:
        last = len(text.splitlines()) or 1
        return f"{name}:{last}: bad TOML at the end of the file: {what}"
    return f"{name}: bad TOML: {what}"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, str):
        return repr(value)
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
