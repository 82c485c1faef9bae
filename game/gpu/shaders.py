"""Shader source assembly: `#include`, `#define` overrides and `#line`, so that a compiler error
names the file and line it came from; and a per-context cache of compiled compute programs.

Rules:
- `#version` is line 1 of the top file; overrides (`#define NAME value`) are injected right after
  it, and a file's own `#define NAME ...` for an overridden NAME becomes a comment.
- `#include "path"` names a file relative to the shaders folder (game.resources.shader_dir()),
  or one of the generated sources handed in as `virtual`; each file is included once.
- Each file gets an id k and its lines are numbered k * LINE_BLOCK + line. Drivers disagree on
  whether they report the id from `#line N k` (Mesa prints 0), but they all report the line, so
  the line alone says which file it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from game.gpu.context import release
from game.resources import shader_dir

LINE_BLOCK = 100_000

_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"\s*(//.*)?$')
_DEFINE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)")
_VERSION = re.compile(r"^\s*#\s*version\b")
_NAME = re.compile(r"^[A-Za-z_]\w*$")
# Mesa: "0:12(3): error: msg"; NVIDIA: "0(12) : error C1008: msg"; ANGLE/AMD: "ERROR: 0:12: msg".
_LOG_PATTERNS = (
    re.compile(r"^(?P<src>\d+):(?P<line>\d+)\(\d+\):\s*(?P<kind>error|warning)\s*:\s*(?P<msg>.*)$", re.I),
    re.compile(r"^(?P<src>\d+)\((?P<line>\d+)\)\s*:\s*(?P<kind>error|warning)\s*\w*\s*:\s*(?P<msg>.*)$", re.I),
    re.compile(r"^(?P<kind>error|warning)\s*:\s*(?P<src>\d+):(?P<line>\d+)\s*:\s*(?P<msg>.*)$", re.I),
)


class ShaderError(Exception):
    """A shader that could not be assembled or compiled; lines read 'shaders/x.glsl:LINE: message'."""


@dataclass(frozen=True)
class ShaderSource:
    text: str
    files: tuple[str, ...]  # files[k] is the display name of file id k


def _display_name(relative: str) -> str:
    return f"shaders/{relative}"


class _Assembler:
    def __init__(self, root: Path, defines: Mapping[str, object], virtual: Mapping[str, str]):
        self.root = root
        self.defines = {name: str(value) for name, value in defines.items()}
        self.virtual = dict(virtual)
        self.files: list[str] = []
        self.seen: set[str] = set()

    def read(self, relative: str, where: str) -> str:
        if relative in self.virtual:
            return self.virtual[relative]
        path = (self.root / relative).resolve()
        if self.root.resolve() not in path.parents:
            raise ShaderError(f"{where}: include {relative!r} leaves the shaders folder")
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            raise ShaderError(f"{where}: cannot read {_display_name(relative)}") from None

    def file_lines(self, relative: str, where: str, top: bool) -> list[str]:
        file_id = len(self.files)
        self.files.append(_display_name(relative) if relative not in self.virtual else f"<{relative}>")
        self.seen.add(relative)
        lines = self.read(relative, where).splitlines()
        name = self.files[file_id]
        out: list[str] = []
        start = 0
        if top:
            if not lines or not _VERSION.match(lines[0]):
                raise ShaderError(f"{name}:1: the first line must be #version")
            out.append(lines[0])
            out.extend(f"#define {key} {value}" for key, value in self.defines.items())
            start = 1
        out.append(f"#line {file_id * LINE_BLOCK + start + 1} {file_id}")
        for number, line in enumerate(lines[start:], start=start + 1):
            include = _INCLUDE.match(line)
            define = _DEFINE.match(line)
            if include:
                target = include.group(1)
                if target not in self.seen:
                    out.extend(self.file_lines(target, f"{name}:{number}", top=False))
                    out.append(f"#line {file_id * LINE_BLOCK + number + 1} {file_id}")
                else:
                    out.append(f"// {line.strip()} (already included)")
            elif _VERSION.match(line):
                if not top:
                    out.append(f"// {line.strip()} (only the top file's #version counts)")
                else:
                    raise ShaderError(f"{name}:{number}: #version may only be on line 1")
            elif define and define.group(1) in self.defines:
                out.append(f"// {line.strip()} (overridden)")
            else:
                out.append(line)
        return out


def assemble(name: str, defines: Mapping[str, object] | None = None,
             virtual: Mapping[str, str] | None = None, root: Path | None = None) -> ShaderSource:
    """Build the full source of shader `name` (a path under the shaders folder)."""
    defines = dict(defines or {})
    for key in defines:
        if not _NAME.match(key):
            raise ShaderError(f"#define override {key!r} is not a GLSL name")
    assembler = _Assembler(root or shader_dir(), defines, virtual or {})
    lines = assembler.file_lines(name, name, top=True)
    return ShaderSource("\n".join(lines) + "\n", tuple(assembler.files))


def translate_log(log: str, files: tuple[str, ...]) -> list[str]:
    """Rewrite a compiler log's locations as 'shaders/file.glsl:LINE: message' lines."""
    translated = []
    for raw in log.splitlines():
        raw = raw.strip()
        for pattern in _LOG_PATTERNS:
            match = pattern.match(raw)
            if match:
                encoded = int(match.group("line"))
                file_id, line = divmod(encoded, LINE_BLOCK)
                name = files[file_id] if file_id < len(files) else f"<source {match.group('src')}>"
                kind = match.group("kind").lower()
                prefix = "" if kind == "error" else "warning: "
                translated.append(f"{name}:{line}: {prefix}{match.group('msg').strip()}")
                break
    if not translated:
        translated = [line.strip() for line in log.splitlines() if line.strip() and set(line.strip()) != {"="}]
    return translated


class ShaderLibrary:
    """Compiles compute programs for one context, once per distinct assembled source."""

    def __init__(self, ctx, root: Path | None = None):
        self.ctx = ctx
        self.root = root
        self._programs: dict[str, object] = {}

    @property
    def compiled(self) -> int:
        return len(self._programs)

    def compute(self, name: str, defines: Mapping[str, object] | None = None,
                virtual: Mapping[str, str] | None = None):
        source = assemble(name, defines, virtual, self.root)
        program = self._programs.get(source.text)
        if program is None:
            try:
                program = self.ctx.compute_shader(source.text)
            except Exception as error:  # moderngl.Error carries the driver's log
                lines = translate_log(str(error), source.files)
                raise ShaderError("\n".join(lines)) from None
            self._programs[source.text] = program
        return program

    def release(self) -> None:
        for program in self._programs.values():
            release(program)
        self._programs.clear()
