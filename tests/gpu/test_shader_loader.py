"""The shader loader: #include, #define overrides, #line mapping of compiler errors, the cache."""

from __future__ import annotations

import pytest

from game.gpu.shaders import LINE_BLOCK, ShaderError, ShaderLibrary, assemble, translate_log

pytestmark = pytest.mark.gpu

TOP = """#version 430
#define SIZE 8
layout(local_size_x = SIZE) in;
#include "include/helpers.glsl"
layout(std430, binding = 0) buffer Out { float values[]; };
void main() {
    values[gl_GlobalInvocationID.x] = twice(float(SIZE));
}
"""
HELPERS = """// helpers
#ifndef HELPERS
#define HELPERS
float twice(float a) { return 2.0 * a; }
#endif
"""


@pytest.fixture
def shader_root(tmp_path):
    (tmp_path / "compute").mkdir()
    (tmp_path / "include").mkdir()
    (tmp_path / "compute" / "top.glsl").write_text(TOP)
    (tmp_path / "include" / "helpers.glsl").write_text(HELPERS)
    return tmp_path


def test_include_is_spliced_once_and_version_stays_on_line_1(shader_root):
    (shader_root / "compute" / "twice.glsl").write_text(
        TOP.replace('#include "include/helpers.glsl"', '#include "include/helpers.glsl"\n#include "include/helpers.glsl"'))
    source = assemble("compute/twice.glsl", root=shader_root)
    lines = source.text.splitlines()
    assert lines[0] == "#version 430"
    assert source.text.count("float twice(float a)") == 1
    assert source.files == ("shaders/compute/twice.glsl", "shaders/include/helpers.glsl")


def test_define_override_replaces_the_files_own_value(ctx, shader_root):
    import numpy as np

    library = ShaderLibrary(ctx, shader_root)
    program = library.compute("compute/top.glsl", {"SIZE": 16})
    out = ctx.buffer(reserve=16 * 4)
    out.bind_to_storage_buffer(0)
    program.run(1)
    values = np.frombuffer(out.read(), dtype=np.float32)
    out.release()
    assert values.tolist() == [32.0] * 16  # all 16 invocations ran, each writing twice(16)


@pytest.mark.parametrize("where, line", [("include/helpers.glsl", 4), ("compute/top.glsl", 7)])
def test_compile_error_names_the_file_and_line(ctx, shader_root, where, line):
    path = shader_root / where
    lines = path.read_text().splitlines()
    lines[line - 1] = lines[line - 1].replace("2.0 * a", "2.0 * undeclared_a").replace(
        "twice(float(SIZE))", "twice(undeclared_b)")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ShaderError) as caught:
        ShaderLibrary(ctx, shader_root).compute("compute/top.glsl")
    first = str(caught.value).splitlines()[0]
    assert first.startswith(f"shaders/{where}:{line}: "), first
    assert "undeclared" in first


def test_missing_include_names_the_including_file_and_line(shader_root):
    (shader_root / "compute" / "top.glsl").write_text(TOP.replace("helpers.glsl", "nowhere.glsl"))
    with pytest.raises(ShaderError, match=r"compute/top.glsl:4: cannot read shaders/include/nowhere.glsl"):
        assemble("compute/top.glsl", root=shader_root)


def test_include_may_not_leave_the_shaders_folder(shader_root):
    (shader_root / "compute" / "top.glsl").write_text(TOP.replace("include/helpers.glsl", "../../etc/passwd"))
    with pytest.raises(ShaderError, match="leaves the shaders folder"):
        assemble("compute/top.glsl", root=shader_root)


def test_version_must_be_line_1(shader_root):
    (shader_root / "compute" / "top.glsl").write_text("// a comment first\n" + TOP)
    with pytest.raises(ShaderError, match=r"top.glsl:1: the first line must be #version"):
        assemble("compute/top.glsl", root=shader_root)


def test_bad_define_name_is_refused():
    with pytest.raises(ShaderError, match="not a GLSL name"):
        assemble("compute/balls.glsl", {"NOT A NAME": 1})


def test_log_formats_of_other_drivers_translate_too():
    files = ("shaders/a.glsl", "shaders/b.glsl")
    encoded = LINE_BLOCK + 12
    assert translate_log(f"0({encoded}) : error C1008: undefined variable", files) == \
        ["shaders/b.glsl:12: undefined variable"]
    assert translate_log(f"ERROR: 1:{encoded}: 'x' : undeclared identifier", files) == \
        ["shaders/b.glsl:12: 'x' : undeclared identifier"]


def test_same_source_compiles_once(ctx):
    library = ShaderLibrary(ctx)
    defines = {"CURVE_F": "(x * x)", "CURVE_DF": "(2.0 * x)", "OPTIMIZER": 1}
    first = library.compute("compute/balls.glsl", defines)
    again = library.compute("compute/balls.glsl", dict(defines))
    assert first is again and library.compiled == 1
    library.compute("compute/balls.glsl", defines | {"OPTIMIZER": 0})
    assert library.compiled == 2
    library.release()


@pytest.mark.parametrize("kernel", ["compute/balls.glsl", "compute/fate.glsl"])
@pytest.mark.parametrize("optimizer", range(4))
def test_shipped_kernels_compile_for_every_optimizer(ctx, kernel, optimizer):
    library = ShaderLibrary(ctx)
    library.compute(kernel, {"OPTIMIZER": optimizer})
    library.release()
