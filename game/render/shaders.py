"""Render programs: one .glsl per program under shaders/render/ (moderngl-window's style).

A file holds every stage, each behind a guard (`#if defined VERTEX_SHADER` ...). Assembly
(`#version` on line 1, `#include`, `#define` overrides, `#line` so errors name file and line)
is game.gpu.shaders' — the same loader the compute kernels use; this module only splits the
stages and compiles them.
"""

from __future__ import annotations

import moderngl

from game.gpu.shaders import ShaderError, assemble, translate_log

STAGES = {
    "vertex_shader": "VERTEX_SHADER",
    "geometry_shader": "GEOMETRY_SHADER",
    "fragment_shader": "FRAGMENT_SHADER",
}

__all__ = ["ShaderError", "load_program", "stage_sources"]


def stage_sources(name: str, defines: dict[str, str] | None = None) -> tuple[dict[str, str], tuple[str, ...]]:
    """Each stage's full source for shaders/render/<name>.glsl, and the files it was built from.

    The stage guard is defined on the line after `#version`; the assembled source's own `#line`
    directives keep every later line numbered by the file it came from."""
    source = assemble(f"render/{name}.glsl", defines)
    head, rest = source.text.split("\n", 1)
    stages = {stage: f"{head}\n#define {guard} 1\n{rest}"
              for stage, guard in STAGES.items() if guard in rest}
    return stages, source.files


def load_program(ctx: moderngl.Context, name: str, defines: dict[str, str] | None = None) -> moderngl.Program:
    stages, files = stage_sources(name, defines)
    try:
        return ctx.program(**stages)
    except moderngl.Error as error:
        raise ShaderError("\n".join(translate_log(str(error), files))) from None
