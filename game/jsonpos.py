"""A strict JSON reader that remembers where every value came from.

Python's json module accepts NaN and Infinity, keeps only the last of two equal keys and forgets
positions. Level files need the opposite: strict RFC 8259 JSON, and for every value its line and
column, so a problem found later (by JSON Schema or by hand) can point at the exact character.

    doc = parse_bytes(data)          # raises JsonError(line, col, path, message)
    doc.value                        # plain dicts, lists, str, int, float, bool, None
    doc.where(("params", "eta"))     # Pos(line, col, offset) of that value
    doc.key_where(("params", "x"))   # Pos of the key "x" itself
    doc.char_in_string(("curve", "expr"), 4)  # Pos of the 5th character of that string

Lines and columns are 1-based and count characters (code points), as editors do; a tab is one
column. A path is a tuple of keys (str) and indices (int).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, NamedTuple

Path = tuple[str | int, ...]

MAX_DEPTH = 200
WHITESPACE = " \t\n\r"
ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
LITERALS = {"true": True, "false": False, "null": None}
NOT_JSON_LITERALS = ("NaN", "Infinity", "-Infinity")
DIGITS = "0123456789"
HEX = "0123456789abcdefABCDEF"


class Pos(NamedTuple):
    line: int
    col: int
    offset: int


class JsonError(ValueError):
    """The text is not strict JSON: what is wrong, where (line, col) and inside what (path)."""

    def __init__(self, line: int, col: int, path: Path, message: str):
        super().__init__(f"{line}:{col}: {format_path(path)}: {message}")
        self.line = line
        self.col = col
        self.path = path
        self.message = message


def format_path(path: Path) -> str:
    """('goals', 0, 'type') -> '$.goals[0].type'; odd keys are quoted: $["a b"]."""
    parts = ["$"]
    for step in path:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif step.isidentifier():
            parts.append(f".{step}")
        else:
            parts.append("[" + _quote(step) + "]")
    return "".join(parts)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'


@dataclass(frozen=True)
class Document:
    value: Any
    text: str
    values: dict[Path, int] = field(repr=False)  # path -> offset of the value's first character
    keys: dict[Path, int] = field(repr=False)  # path of a member -> offset of its key's quote
    line_starts: tuple[int, ...] = field(repr=False)

    def pos(self, offset: int) -> Pos:
        line = bisect_right(self.line_starts, offset)
        return Pos(line, offset - self.line_starts[line - 1] + 1, offset)

    def where(self, path: Path) -> Pos:
        """Position of the value at `path`, or of its nearest ancestor that exists."""
        return self.pos(self.values[self.nearest(path)])

    def key_where(self, path: Path) -> Pos:
        """Position of the key naming the member at `path` (the value's position for indices)."""
        if path in self.keys:
            return self.pos(self.keys[path])
        return self.where(path)

    def nearest(self, path: Path) -> Path:
        while path not in self.values:
            path = path[:-1]
        return path

    def char_in_string(self, path: Path, index: int) -> Pos:
        """Position in the file of character `index` (0-based) of the string value at `path`.

        Escapes count as one character of the string, so the position is that of the backslash;
        an index at or past the end points at the closing quote.
        """
        offset = self.values[path]
        if self.text[offset] != '"':
            return self.pos(offset)
        i = offset + 1
        count = 0
        while self.text[i] != '"':
            if count == index:
                return self.pos(i)
            if self.text[i] == "\\":
                i += 2
                if self.text[i - 1] == "u":
                    unit = int(self.text[i:i + 4], 16)
                    i += 4
                    if 0xD800 <= unit < 0xDC00:  # a surrogate pair is one character
                        i += 6
            else:
                i += 1
            count += 1
        return self.pos(i)


def parse_bytes(data: bytes) -> Document:
    """Decode UTF-8 (a leading byte order mark is skipped) and parse; errors carry positions."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[:error.start]
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8")) + 1
        raise JsonError(before.count(b"\n") + 1, col, (),
                        f"invalid UTF-8 (byte 0x{data[error.start]:02x}); expected a UTF-8 text file") from None
    return parse_text(text)


def parse_text(text: str) -> Document:
    parser = _Parser(text)
    value = parser.document()
    return Document(value, text, parser.values, parser.keys, parser.line_starts)


class _Parser:
    """Recursive descent over the text; each value's start offset is recorded under its path."""

    def __init__(self, text: str):
        self.text = text
        self.i = 0
        self.values: dict[Path, int] = {}
        self.keys: dict[Path, int] = {}
        starts = [0]
        index = text.find("\n")
        while index >= 0:
            starts.append(index + 1)
            index = text.find("\n", index + 1)
        self.line_starts = tuple(starts)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def fail(self, message: str, path: Path, offset: int | None = None) -> JsonError:
        return JsonError(*self.line_col(self.i if offset is None else offset), path, message)

    def skip_space(self) -> None:
        text, i = self.text, self.i
        while i < len(text) and text[i] in WHITESPACE:
            i += 1
        self.i = i

    def peek(self) -> str:
        return self.text[self.i] if self.i < len(self.text) else ""

    def document(self) -> Any:
        self.skip_space()
        if self.i >= len(self.text):
            raise self.fail("the file is empty; expected a JSON object", ())
        value = self.value((), 0)
        self.skip_space()
        if self.i < len(self.text):
            raise self.fail(f"unexpected {self.describe()} after the end of the JSON value; "
                            "expected nothing more", ())
        return value

    def describe(self) -> str:
        char = self.peek()
        if not char:
            return "end of file"
        for word in NOT_JSON_LITERALS:
            if self.text.startswith(word, self.i):
                return f"'{word}'"
        return f"character {char!r}" if char.isprintable() else f"character U+{ord(char):04X}"

    def value(self, path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels deep; expected a flatter file", path)
        self.values[path] = self.i
        char = self.peek()
        if char == "{":
            return self.object(path, depth)
        if char == "[":
            return self.array(path, depth)
        if char == '"':
            return self.string(path)
        if char == "-" or char in DIGITS:
            if self.text.startswith("-Infinity", self.i):
                raise self.not_json_literal(path)
            return self.number(path)
        for word, literal in LITERALS.items():
            if self.text.startswith(word, self.i):
                self.i += len(word)
                return literal
        if self.text.startswith(("NaN", "Infinity"), self.i):
            raise self.not_json_literal(path)
        raise self.fail(f"unexpected {self.describe()}; expected a JSON value "
                        "(object, array, string, number, true, false or null)", path)

    def not_json_literal(self, path: Path) -> JsonError:
        return self.fail(f"{self.describe()} is not JSON; expected a finite number", path)

    def object(self, path: Path, depth: int) -> dict[str, Any]:
        self.i += 1
        result: dict[str, Any] = {}
        self.skip_space()
        if self.peek() == "}":
            self.i += 1
            return result
        while True:
            self.skip_space()
            if self.peek() != '"':
                raise self.fail(f"unexpected {self.describe()}; expected a key in double quotes", path)
            key_offset = self.i
            key = self.string(path)
            member = (*path, key)
            if key in result:
                line, col = self.line_col(self.keys[member])
                raise self.fail(f"duplicate key {_quote(key)} (first at line {line}, column {col}); "
                                "expected each key once", member, key_offset)
            self.keys[member] = key_offset
            self.skip_space()
            if self.peek() != ":":
                raise self.fail(f"unexpected {self.describe()}; expected ':' after the key", member)
            self.i += 1
            self.skip_space()
            result[key] = self.value(member, depth + 1)
            self.skip_space()
            char = self.peek()
            self.i += 1
            if char == "}":
                return result
            if char != ",":
                self.i -= 1
                raise self.fail(f"unexpected {self.describe()}; expected ',' or '}}'", path)

    def array(self, path: Path, depth: int) -> list[Any]:
        self.i += 1
        result: list[Any] = []
        self.skip_space()
        if self.peek() == "]":
            self.i += 1
            return result
        while True:
            self.skip_space()
            result.append(self.value((*path, len(result)), depth + 1))
            self.skip_space()
            char = self.peek()
            self.i += 1
            if char == "]":
                return result
            if char != ",":
                self.i -= 1
                raise self.fail(f"unexpected {self.describe()}; expected ',' or ']'", path)

    def string(self, path: Path) -> str:
        text = self.text
        opening = self.i
        self.i += 1
        chunks: list[str] = []
        start = self.i
        while True:
            if self.i >= len(text):
                raise self.fail("the string never ends; expected a closing '\"'", path, opening)
            char = text[self.i]
            if char == '"':
                chunks.append(text[start:self.i])
                self.i += 1
                return "".join(chunks)
            if char < " ":
                raise self.fail(f"a raw control character U+{ord(char):04X} in a string; "
                                "expected it written as an escape like \\n", path)
            if char == "\\":
                chunks.append(text[start:self.i])
                chunks.append(self.escape(path))
                start = self.i
            else:
                self.i += 1

    def escape(self, path: Path) -> str:
        at = self.i
        kind = self.text[self.i + 1:self.i + 2]
        if kind in ESCAPES:
            self.i += 2
            return ESCAPES[kind]
        if kind != "u":
            raise self.fail(f"bad escape '\\{kind}'; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
                            path, at)
        unit = self.hex4(path, at)
        if 0xDC00 <= unit < 0xE000:
            raise self.fail("a lone low surrogate escape; expected a valid UTF-16 pair", path, at)
        if 0xD800 <= unit < 0xDC00:
            if self.text[self.i:self.i + 2] != "\\u":
                raise self.fail("a lone high surrogate escape; expected a valid UTF-16 pair", path, at)
            low = self.hex4(path, self.i)
            if not 0xDC00 <= low < 0xE000:
                raise self.fail("a high surrogate escape not followed by a low one; "
                                "expected a valid UTF-16 pair", path, at)
            return chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
        return chr(unit)

    def hex4(self, path: Path, at: int) -> int:
        digits = self.text[self.i + 2:self.i + 6]
        if len(digits) != 4 or any(c not in HEX for c in digits):
            raise self.fail("bad \\u escape; expected four hex digits", path, at)
        self.i += 6
        return int(digits, 16)

    def number(self, path: Path) -> int | float:
        text, start = self.text, self.i
        i = start
        if text[i] == "-":
            i += 1
        if i < len(text) and text[i] == "0":
            i += 1
        elif i < len(text) and text[i] in DIGITS:
            while i < len(text) and text[i] in DIGITS:
                i += 1
        else:
            raise self.fail("a '-' without digits; expected a number", path, start)
        is_int = True
        if i < len(text) and text[i] == ".":
            i += 1
            if not (i < len(text) and text[i] in DIGITS):
                raise self.fail("a number ending in '.'; expected digits after the point", path, i)
            while i < len(text) and text[i] in DIGITS:
                i += 1
            is_int = False
        if i < len(text) and text[i] in "eE":
            i += 1
            if i < len(text) and text[i] in "+-":
                i += 1
            if not (i < len(text) and text[i] in DIGITS):
                raise self.fail("an exponent without digits; expected a number like 1e-3", path, i)
            while i < len(text) and text[i] in DIGITS:
                i += 1
            is_int = False
        if i < len(text) and text[i] in DIGITS:  # "01": a leading zero
            raise self.fail("a number with a leading zero; expected a plain number like 1 or 0.1", path, start)
        self.i = i
        literal = text[start:i]
        try:
            number = int(literal) if is_int else float(literal)
        except ValueError:  # an integer longer than Python converts
            raise self.fail("a number with too many digits; expected a shorter number", path, start) from None
        try:
            finite = math.isfinite(float(number))
        except OverflowError:  # an integer beyond the largest float
            finite = False
        if not finite:
            shown = literal if len(literal) <= 20 else literal[:17] + "..."
            raise self.fail(f"{shown} is too large to represent; expected a finite number", path, start)
        return number
