"""Load one render program per .glsl file under shaders/render/ (moderngl-window's style).

A file holds every stage, each behind a guard (`#if defined VERTEX_SHADER` ...); `#version` is
line 1; `#include "name.glsl"` pulls a file from shaders/include/; `#line` directives keep
compiler messages pointing at the right file and line. Paths come from game.resources.
"""

from __future__ import annotations

import re
from pathlib import Path

import moderngl

from game.resources import data_dir

STAGES = {
    "vertex_shader": "VERTEX_SHADER",
    "geometry_shader": "GEOMETRY_SHADER",
    "fragment_shader": "FRAGMENT_SHADER",
}
INCLUDE = re.compile(r'^\s*#include\s+"([^"]+)"\s*$')


class ShaderError(Exception):
    """A render shader that is missing or does not compile: one line naming the file."""


def _expand(path: Path, file_number: int, seen: tuple[Path, ...]) -> list[str]:
    if path in seen:
        raise ShaderError(f"{path.name}: #include cycle")
    lines = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = INCLUDE.match(line)
        if match:
            included = data_dir("shaders") / "include" / match.group(1)
            if not included.is_file():
                raise ShaderError(f"{path.name}:{number}: cannot find include {match.group(1)!r}")
            lines.append(f"#line 1 {file_number + 1}")
            lines.extend(_expand(included, file_number + 1, seen + (path,)))
            lines.append(f"#line {number + 1} {file_number}")
        else:
            lines.append(line)
    return lines


def program_source(name: str, defines: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """The expanded source of shaders/render/<name>.glsl and the stages it defines."""
    path = data_dir("shaders") / "render" / f"{name}.glsl"
    if not path.is_file():
        raise ShaderError(f"no render shader {path}")
    body = _expand(path, 0, ())
    if not body or not body[0].startswith("#version"):
        raise ShaderError(f"{path.name}: #version must be on line 1")
    text = "\n".join(body[1:])
    stages = [stage for stage, guard in STAGES.items() if guard in text]
    extra = "".join(f"#define {key} {value}\n" for key, value in (defines or {}).items())
    return body[0] + "\n" + extra + "#line 2 0\n" + text + "\n", stages


def load_program(ctx: moderngl.Context, name: str, defines: dict[str, str] | None = None) -> moderngl.Program:
    source, stages = program_source(name, defines)
    head, rest = source.split("\n", 1)
    kwargs = {stage: f"{head}\n#define {STAGES[stage]} 1\n{rest}" for stage in stages}
    try:
        return ctx.program(**kwargs)
    except moderngl.Error as error:
        first = str(error).strip().splitlines()
        raise ShaderError(f"shaders/render/{name}.glsl: {' '.join(first[:3])}") from None
