"""Hostile level files under property-based fuzzing (Hypothesis, fixed seed, bounded examples):
every built-in level with one of its JSON values replaced, a key dropped or added, or its raw
bytes flipped, cut or spliced, goes through `downhill check-levels` and, when accepted,
`downhill run --json`. A file is accepted or refused in FILE:LINE:COL: $.path: ... lines; no
traceback ever; an accepted file plays headless."""

from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st

from game.cli import main
from game.levels import level_files
from game.sim.families import all_families

LEVEL_FILES = level_files()
SOURCES = {path.name: path.read_bytes() for path in LEVEL_FILES}
PROBLEM_LINE = re.compile(r"^.+\.json:\d+:\d+: \$.*: \S.*$")
SUMMARY_LINE = re.compile(r"^\d+ levels? OK(; \d+ problems? in \d+ files?)?$")
RUN_STEPS = "40"  # an accepted file plays this many steps at most (fast)
EXAMPLES = int(os.environ.get("DOWNHILL_FUZZ_EXAMPLES", "60"))  # more for a long hunt

# values a hostile hand might put anywhere: wrong types, edges of ranges, odd text, deep nesting
JSON_SCALARS = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, -1, 1, 1e-300, 1e300, 0.999999, 1000000, 1000001, 2**31]),
    st.text(max_size=30),
    st.sampled_from(["", "x", "x**2", "x**", "sin(x", "exp(1000*x)", "1/0", "x**-1", "log(x)", "__import__",
                     "gd", "adamw", "rmsprop", "curve", "network", "paris", "left", "converge", "loss_below"]),
)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=8)


def paths_in(value, prefix=()):
    """Every (path) to a value inside a parsed JSON document."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths_in(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths_in(child, (*prefix, index))


@st.composite
def mutated_json(draw):
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = json.loads(SOURCES[name])
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in paths_in(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(JSON_VALUES)
        elif action == "drop":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(JSON_VALUES)
        else:
            parent.append(draw(JSON_VALUES))
    return name, json.dumps(data, indent=2).encode("utf-8")


@st.composite
def mutated_numbers(draw):
    """Numbers moved to edges and extremes: files that often pass the checks and then play."""
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = json.loads(SOURCES[name])
    numbers = [p for p in paths_in(data) if p and isinstance(_at(data, p), (int, float))
               and not isinstance(_at(data, p), bool) and p[0] != "format"]
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(numbers))
        old = _at(data, path)
        new = draw(st.sampled_from([0, 1, -1, 1e-9, 1e-300, 1e6, 999999, 1000000, old * 10, old / 10, -old,
                                    old + 1e-12, old * 1000, 0.5, 2]))
        parent = _at(data, path[:-1])
        parent[path[-1]] = int(new) if isinstance(old, int) and float(new).is_integer() and abs(new) < 2**53 else new
    return name, json.dumps(data, indent=2).encode("utf-8")


def _at(data, path):
    for step in path:
        data = data[step]
    return data


@st.composite
def mutated_bytes(draw):
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = bytearray(SOURCES[name])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "splice"]))
        if action == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "cut":
            del data[at:at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            other = SOURCES[draw(st.sampled_from(sorted(SOURCES)))]
            start = draw(st.integers(0, len(other) - 1))
            data[at:at] = other[start:start + draw(st.integers(1, 60))]
    return name, bytes(data)


@pytest.fixture(autouse=True)
def no_par_search(monkeypatch):
    """Par's search over a hostile level's controls can be long (that is its cost, not its
    safety); this test plays the run and judge path with par left out (DOWNHILL_FUZZ_PAR=1: in)."""
    if os.environ.get("DOWNHILL_FUZZ_PAR") == "1":
        return
    for member in all_families().values():
        monkeypatch.setattr(type(member), "par_steps", lambda self, level, runner=None, backend="numpy": None)


def check_one(tmp_path_factory, capsys, name: str, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    code = main(["check-levels", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (0, 1), (code, out, err)
    lines = out.strip().splitlines()
    assert err == ""
    for line in lines[:-1]:
        assert PROBLEM_LINE.match(line) and line.startswith(str(path)), line
    assert SUMMARY_LINE.match(lines[-1]), lines[-1]
    event("refused" if code == 1 else "accepted, played")
    if code == 1:
        return
    code = main(["run", str(path), "--json", "--steps", RUN_STEPS])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 0, (code, err)
    result = json.loads(out)
    assert result["outcome"]["status"] in ("converged", "diverged", "max_steps")


@seed(int(os.environ.get("DOWNHILL_FUZZ_SEED", "20261202")))
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=mutated_json())
def test_mutated_json_values_are_refused_in_lines_or_play(tmp_path_factory, capsys, case):
    check_one(tmp_path_factory, capsys, *case)


@seed(int(os.environ.get("DOWNHILL_FUZZ_SEED", "20261202")) + 1)
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=mutated_numbers())
def test_numbers_moved_to_their_edges_are_refused_in_lines_or_play(tmp_path_factory, capsys, case):
    check_one(tmp_path_factory, capsys, *case)


@seed(int(os.environ.get("DOWNHILL_FUZZ_SEED", "20261202")) + 2)
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=mutated_bytes())
def test_mutated_bytes_are_refused_in_lines_or_play(tmp_path_factory, capsys, case):
    check_one(tmp_path_factory, capsys, *case)


CLI_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["0", "-0", "1", "-1", "0.5", "1e-300", "1e400", "-1e400", "nan", "inf", "-inf", "1_000", "0x10",
                     "2.5", "0.99", "0.999999", "1000000", "1000001", "-5", "5", "gd", "adamw", "rmsprop", "sgd", ""]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
FLAGS = ("--eta", "--mu", "--x0", "--steps", "--optimizer")


@seed(int(os.environ.get("DOWNHILL_FUZZ_SEED", "20261202")) + 3)
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(level=st.sampled_from(sorted(path.stem for path in LEVEL_FILES)),
       values=st.dictionaries(st.sampled_from(FLAGS), CLI_TEXT, max_size=4))
def test_cli_values_are_refused_in_one_line_or_play(capsys, level, values):
    argv = ["run", level, "--json"]
    for flag, text in values.items():
        argv.append(f"{flag}={text}")  # '=' so a value may start with '-'
    if "--steps" not in values:
        argv.append(f"--steps={RUN_STEPS}")
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    event("refused" if code == 2 else "played")
    if code == 2:
        assert out == "" and len(err.strip().splitlines()) == 1 and err.startswith("downhill run: "), err
    else:
        assert code == 0 and json.loads(out)["outcome"]["status"] in ("converged", "diverged", "max_steps")
