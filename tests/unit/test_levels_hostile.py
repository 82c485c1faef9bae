"""Every hostile level file is refused by `downhill check-levels` with one compiler-style line,
FILE:LINE:COL: $.json.path: what is wrong; what is expected -- and never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "levels"
BASE = (FIXTURES / "slope-test.json").read_text(encoding="utf-8")
NET = (FIXTURES / "net-test.json").read_text(encoding="utf-8")
LINE_SHAPE = re.compile(r"^.+:\d+:\d+: \$\S*: .+; expected .+$")


def line_col(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Independent reference: where the nth occurrence of needle starts (1-based line, col)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def variant(old: str, new: str, base: str = BASE) -> str:
    assert base.count(old) == 1, f"fixture has {base.count(old)} of {old!r}"
    return base.replace(old, new)


def check(tmp_path: Path, capsys, content: str | bytes, name: str = "level.json") -> tuple[Path, list[str]]:
    """Run check-levels on one file; return its problem lines (exit 1, no traceback)."""
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code = main(["check-levels", str(path)])
    out, err = capsys.readouterr()
    assert code == 1, out
    assert "Traceback" not in out + err and err == ""
    lines = [line for line in out.splitlines() if line.startswith(f"{path}:")]
    assert lines, out
    for line in lines:
        assert LINE_SHAPE.match(line), line
    return path, lines


def expect(lines: list[str], path: Path, text: str, needle: str, json_path: str, *gist: str,
           nth: int = 0) -> str:
    line, col = line_col(text, needle, nth)
    prefix = f"{path}:{line}:{col}: {json_path}: "
    found = [entry for entry in lines if entry.startswith(prefix)]
    assert found, f"no line starting {prefix!r} in {lines}"
    for part in gist:
        assert part in found[0], found[0]
    return found[0]


def test_the_fixtures_are_clean(capsys):
    assert main(["check-levels", str(FIXTURES)]) == 0
    out, _ = capsys.readouterr()
    assert out.strip().splitlines()[-1] == "2 levels OK"


# --- not JSON at all ------------------------------------------------------------------------


def test_bad_json_syntax_points_at_the_error(tmp_path, capsys):
    text = variant('"order": 2,', '"order": 2')
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, '"title"', "$", "expected ',' or '}'", nth=1)


def test_invalid_utf8_points_at_the_first_bad_byte(tmp_path, capsys):
    text = variant("A test slope", "A t\x00st slope")
    data = text.encode("utf-8").replace(b"\x00", b"\xff")
    path, lines = check(tmp_path, capsys, data)
    expect(lines, path, text, "\x00", "$", "invalid UTF-8", "0xff")


def test_an_empty_file(tmp_path, capsys):
    path, lines = check(tmp_path, capsys, "")
    assert lines == [f"{path}:1:1: $: the file is empty; expected a JSON object"]


@pytest.mark.parametrize("content, word", [("[1, 2]", "an array"), ('"hello"', "the string"),
                                           ("3", "3"), ("null", "null")])
def test_a_top_level_that_is_not_an_object(tmp_path, capsys, content, word):
    path, lines = check(tmp_path, capsys, content)
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:1:1: $: the top level is {word}")
    assert lines[0].endswith("expected a JSON object (a level)")


@pytest.mark.parametrize("word, where, json_path", [
    ("NaN", '"default": 0.1', "$.params.eta.default"),
    ("Infinity", '"max": 0.9}', "$.params.mu.max"),
    ("-Infinity", '"min": -2.5', "$.params.x0.min"),
])
def test_nan_and_infinity_literals(tmp_path, capsys, word, where, json_path):
    key = where.split(":")[0]
    text = variant(where, f"{key}: {word}" + ("}" if where.endswith("}") else ""))
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, word, json_path, f"'{word}' is not JSON", "expected a finite number")


def test_duplicate_keys(tmp_path, capsys):
    text = variant('"order": 2,', '"order": 2,\n  "order": 3,')
    path, lines = check(tmp_path, capsys, text)
    line = expect(lines, path, text, '"order"', "$.order", "duplicate key", nth=2)
    assert "first at line 6, column 3" in line


def test_a_file_over_1_mib_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    path = tmp_path / "huge.json"
    path.write_bytes(BASE.encode("utf-8") + b" " * (1024 * 1024))

    opened = Path.open

    def open_unless_huge(self, *args, **kwargs):
        if self == path:
            raise AssertionError(f"{self} was opened")
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_unless_huge)
    assert main(["check-levels", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == (f"{path}:1:1: $: the file is over 1 MiB; "
                                   "expected a level file of at most 1048576 bytes")
    assert "Traceback" not in out + err


def test_a_file_of_exactly_1_mib_is_read(tmp_path, capsys):
    data = BASE.encode("utf-8")
    data += b" " * (1024 * 1024 - len(data))
    (tmp_path / "big.json").write_bytes(data)
    assert main(["check-levels", str(tmp_path / "big.json")]) == 0
    assert capsys.readouterr().out.strip() == "1 level OK"


# --- shape: keys and types ------------------------------------------------------------------


def test_unknown_keys_at_the_top_and_nested(tmp_path, capsys):
    text = variant('"order": 2,', '"order": 2,\n  "colour": "red",')
    text = variant('"max": 1.5}', '"max": 1.5, "step": 0.1}', text)
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, '"colour"', "$.colour", "unknown key 'colour'", "expected one of", "title")
    expect(lines, path, text, '"step"', "$.params.eta.step", "unknown key 'step'", "default, min, max, locked")


def test_missing_required_keys(tmp_path, capsys):
    text = variant('  "title": "A test slope",\n', "")
    text = variant('"min": 0.01, ', "", text)
    path, lines = check(tmp_path, capsys, text)
    assert lines[0] == f"{path}:1:1: $: missing key 'title'; expected \"title\": a string"
    expect(lines, path, text, '{"default": 0.1', "$.params.eta", "missing key 'min'")


def test_missing_curve_in_a_curve_level(tmp_path, capsys):
    text = variant('  "curve": {"expr": "x**2 - 2*x", "x_range": [-3, 4]},\n', "")
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, "{", "$", "missing key 'curve'", "expr, x_range")


@pytest.mark.parametrize("old, new, needle, json_path, gist", [
    ('"max_steps": 300', '"max_steps": "300"', '"300"', "$.max_steps", ('got the string "300"', "a whole number")),
    ('"max_steps": 300', '"max_steps": 2.5', "2.5,\n", "$.max_steps", ("got 2.5", "a whole number")),
    ('["A parabola to test the loader with."]', '"A parabola"', '"A parabola"', "$.lesson",
     ("got the string", "an array of strings")),
    ('"locked": false', '"locked": 0', "0}", "$.params.x0.locked", ("got 0", "true or false")),
    ('"x_range": [-3, 4]', '"x_range": [-3, "4"]', '"4"', "$.curve.x_range[1]", ("got the string", "a number")),
    ('"x_range": [-3, 4]', '"x_range": [-3]', "[-3]", "$.curve.x_range", ("got 1 item", "[lo, hi]")),
    ('"kind": "curve"', '"kind": "ball"', '"ball"', "$.kind", ("got the string", "expected one of curve, ", "network")),
    ('"id": "slope-test"', '"id": "Slope Test"', '"Slope Test"', "$.id", ("lowercase letters",)),
    ('"eta": {"default"', '"eta": [{"default"', "[{", "$.params.eta", ("got an array", "an object with default, min, max")),
])
def test_wrong_types(tmp_path, capsys, old, new, needle, json_path, gist):
    text = variant(old, new)
    if new.endswith('[{"default"'):
        text = variant('"max": 1.5}', '"max": 1.5}]', text)
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, needle, json_path, *gist)


def test_format_version(tmp_path, capsys):
    text = variant('"format": 1', '"format": 2')
    path, lines = check(tmp_path, capsys, text)
    line = expect(lines, path, text, "2,", "$.format", "unsupported format version 2", "expected 1")
    assert lines == [line]  # nothing else is checked in a format this game does not read
    text = variant('  "format": 1,\n', "")
    path, lines = check(tmp_path, capsys, text)
    assert lines == [f"{path}:1:1: $: missing key 'format'; expected \"format\": 1"]


# --- meaning: ranges, curves, goals ---------------------------------------------------------


@pytest.mark.parametrize("old, new, needle, json_path, gist", [
    ('"default": 0.1', '"default": 0', "0,", "$.params.eta.default", ("got 0", "a number > 0")),
    ('"min": 0.01', '"min": -0.1', "-0.1", "$.params.eta.min", ("got -0.1", "a number > 0")),
    ('"min": 0.01', '"min": 0.5', "0.1", "$.params.eta.default", ("outside min..max", "within")),
    ('"max": 1.5', '"max": 5000', "5000", "$.params.eta.max", ("got 5000", "<= 1000")),
    ('"max": 1.5', '"max": 0.005', "0.01", "$.params.eta.min", ("min 0.01 is above max 0.005", "min <= max")),
    ('"max": 0.9', '"max": 1.0', "1.0", "$.params.mu.max", ("got 1", "< 1")),
    ('"mu": {"default": 0.0', '"mu": {"default": -0.1', "-0.1", "$.params.mu.default", ("got -0.1", ">= 0")),
    ('"max": 3.5', '"max": 5', '5, "locked"', "$.params.x0.max", ("off the curve", "inside x_range [-3, 4]")),
    ('"x_range": [-3, 4]', '"x_range": [4, -3]', "[4, -3]", "$.curve.x_range", ("lo < hi",)),
    ('"x_range": [-3, 4]', '"x_range": [1, 1]', "[1, 1]", "$.curve.x_range", ("is empty", "lo < hi")),
    ('"right": [0, 4]', '"right": [2, 0]', "[2, 0]", "$.regions.right", ("lo < hi",)),
    ('"max_steps": 300', '"max_steps": 0', '0,\n  "regions"', "$.max_steps", ("got 0", ">= 1")),
])
def test_ranges(tmp_path, capsys, old, new, needle, json_path, gist):
    text = variant(old, new)
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, needle, json_path, *gist)


@pytest.mark.parametrize("expr, needle, gist", [
    ("x**2 - 2*", '", "x_range"', ("column 10", "found the end")),  # the end: the closing quote
    ("x**2 - 2*foo(x)", "foo", ("unknown name 'foo'",)),
    ("x**2 - 2*x)", ")\"", ("column 11",)),
    ("x**2 + import(x)", "import", ("unknown name 'import'",)),
    ("(" * 40 + "x" + ")" * 40, "(" * 8 + "x", ("too deeply",)),  # the 33rd of 40 '(': 8 before x
    ("x+" * 250 + "x", "x" + '",', ("too long", "at most 500")),
])
def test_expressions_point_at_the_character_in_the_file(tmp_path, capsys, expr, needle, gist):
    text = variant('"expr": "x**2 - 2*x"', f'"expr": "{expr}"')
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, needle, "$.curve.expr", "in the expression at column", *gist)


def test_expression_columns_count_an_escape_as_one_character(tmp_path, capsys):
    text = variant('"expr": "x**2 - 2*x"', '"expr": "\\u0078**2 - 2*foo(x)"')
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, "foo", "$.curve.expr", "at column 10", "unknown name 'foo'")


@pytest.mark.parametrize("old, new, needle, json_path, gist", [
    ('"region": "right"', '"region": "left"', '"left"', "$.goals[1].region",
     ("region 'left' is not defined", "'regions' (right)")),
    ('{"type": "converge"}', '{"type": "teleport"}', '"teleport"', "$.goals[0].type",
     ("got the string \"teleport\"", "one of converge")),
    ('{"type": "converge"}', '{"type": "loss_below"}', '{"type": "loss_below"}', "$.goals[0]",
     ("missing key 'value'",)),
    ('{"type": "converge"}', '{"type": "end_in"}', '{"type": "end_in"}', "$.goals[0]",
     ("missing key 'region'",)),
    ('"steps": 50, ', "", '{"type": "within_steps"', "$.goals[2]", ("missing key 'steps'",)),
    ('{"type": "converge"}', '{"type": "converge", "value": 3}', '"value"', "$.goals[0].value",
     ("takes no 'value'",)),
    ('{"type": "converge"}', '{"type": "p_target_at_least", "value": 0.9}', '"p_target_at_least"',
     "$.goals[0].type", ("not a goal for a curve level",)),
    ('{"type": "converge"}', '{"type": "eta_at_least", "value": 2}', "2}", "$.goals[0].value",
     ("above the level's eta max 1.5",)),
])
def test_goals_that_refer_to_nothing(tmp_path, capsys, old, new, needle, json_path, gist):
    text = variant(old, new)
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, needle, json_path, *gist)


def test_goal_with_no_regions_at_all(tmp_path, capsys):
    text = variant('  "regions": {"right": [0, 4]},\n', "")
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, '"right"', "$.goals[1].region", "none are defined")


@pytest.mark.parametrize("old, new, needle, json_path, gist", [
    ('"allowed": ["gd", "momentum"]', '"allowed": ["gd", "sgd"]', '"sgd"', "$.optimizer.allowed[1]",
     ("got the string \"sgd\"", "one of gd, momentum, nesterov, adam")),
    ('"default": "gd"', '"default": "adam"', '"adam"', "$.optimizer.default",
     ("'adam' is not allowed here", "gd, momentum")),
    ('"allowed": ["gd", "momentum"]', '"allowed": ["gd", "gd"]', '["gd", "gd"]', "$.optimizer.allowed",
     ("appears more than once",)),
])
def test_optimizers(tmp_path, capsys, old, new, needle, json_path, gist):
    text = variant(old, new)
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, needle, json_path, *gist)


def test_keys_of_the_other_kind_of_level(tmp_path, capsys):
    text = variant('  "max_steps": 300,', '  "max_steps": 300,\n  "network": {"preset": "paris"},')
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, '"network"', "$.network", "a curve level has no 'network'")
    text = variant('"params": {\n', '"params": {\n    "x0": {"default": 1, "min": 0, "max": 2},\n', NET)
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, '"x0"', "$.params.x0", "network level has no starting x")


def test_network_without_preset_and_unknown_preset(tmp_path, capsys):
    text = variant('"preset": "calculus"', '"preset": "resnet"', NET)
    path, lines = check(tmp_path, capsys, text)
    expect(lines, path, text, '"resnet"', "$.network.preset", "one of calculus, neuron, backprop, paris, landscape")


def test_network_config_problems_point_into_the_network_object(tmp_path, capsys):
    pytest.importorskip("game.sim.nets_presets")
    text = variant('"x": 2.0', '"x": "two"', NET)
    path, lines = check(tmp_path, capsys, text)
    line, col = line_col(text, '"two"')
    assert any(entry.startswith(f"{path}:{line}:{col}: $.network.x: ") for entry in lines), lines


def test_duplicate_ids_across_files(tmp_path, capsys):
    (tmp_path / "a.json").write_text(BASE, encoding="utf-8")
    (tmp_path / "b.json").write_text(BASE, encoding="utf-8")
    assert main(["check-levels", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    line, col = line_col(BASE, '"slope-test"')
    first, summary = out.strip().splitlines()
    assert first == (f"{tmp_path / 'b.json'}:{line}:{col}: $.id: id 'slope-test' is already used by "
                     f"{tmp_path / 'a.json'}; expected an id no other level has")
    assert summary == "1 level OK; 1 problem in 1 file"


def test_a_chapter_with_two_titles(tmp_path, capsys):
    (tmp_path / "a.json").write_text(BASE, encoding="utf-8")
    text = variant('"title": "Test chapter"', '"title": "Other title"', NET)
    (tmp_path / "b.json").write_text(text, encoding="utf-8")
    assert main(["check-levels", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    line, col = line_col(text, '"Other title"')
    assert out.startswith(f"{tmp_path / 'b.json'}:{line}:{col}: $.chapter.title: chapter 'test-chapter' has title")


def test_an_unreadable_entry(tmp_path, capsys):
    (tmp_path / "folder.json").mkdir()
    assert main(["check-levels", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{tmp_path / 'folder.json'}:1:1: $: cannot read the file (")
    assert "Traceback" not in out + err


def test_one_bad_file_does_not_stop_the_others(tmp_path, capsys):
    (tmp_path / "a.json").write_text("{", encoding="utf-8")
    (tmp_path / "b.json").write_text(BASE, encoding="utf-8")
    (tmp_path / "c.json").write_text(NET, encoding="utf-8")
    (tmp_path / "schema.json").write_text("not even json", encoding="utf-8")  # never a level
    assert main(["check-levels", str(tmp_path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 2 and out[0].startswith(f"{tmp_path / 'a.json'}:1:2: $: ")
    assert out[1] == "2 levels OK; 1 problem in 1 file"
