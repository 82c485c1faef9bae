"""Level files: JSON -> validated, frozen dataclasses.

A level file is read by game.jsonpos (strict JSON that remembers positions), checked against
levels/schema.json (JSON Schema, draft 2020-12) and then by the rules a schema cannot say (ranges
in order, x0 on the curve, expressions that parse, goals that name something real, ids unique).
Every problem becomes a LevelProblem naming FILE:LINE:COL and the JSON path, never an exception:

    levels = load_levels()                 # the built-in folder; broken files become problems
    for problem in levels.problems: print(problem)
    level = find_level("parabola")         # or LevelError with one line saying why not
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from game.i18n import N_, _, number
from game.jsonpos import Document, JsonError, format_path, parse_bytes
from game.resources import data_dir
from game.sim.families import UnknownFamily, all_families, family
from game.sim.families.base import is_number as _is_number
from game.sim.families.base import number_text as _number
from game.sim.families.network import NetworkSpec
from game.sim.goals import GOAL_TYPES, goal_args, goal_text
from game.sim.optim import OPTIMIZERS

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1024 * 1024
SCHEMA_FILE = "schema.json"
# what a params key is, for "a network level has no starting x"
PARAM_WORDS = {"eta": "learning rate", "mu": "momentum", "x0": "starting x"}

JsonPath = tuple[str | int, ...]


# ---------------------------------------------------------------------------------------------
# What a level is
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChapterRef:
    id: str
    title: str
    order: int

    @property
    def local_title(self) -> str:
        return _(self.title)


@dataclass(frozen=True)
class ParamRange:
    default: float
    min: float
    max: float
    locked: bool = False

    def allows(self, value: float) -> bool:
        return self.min <= value <= self.max


@dataclass(frozen=True)
class Goal:
    kind: str
    value: float | int | None  # the threshold, or the step budget for "within_steps"
    region: str | None  # for "end_in"
    text: str  # what the player reads, in English (the msgid; see game/i18n_catalogs.py)
    # a goal with no text of its own: the sentence's msgid and its numbers (see goal_text)
    template: str = field(default="", compare=False)
    args: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), compare=False)

    @property
    def local_text(self) -> str:
        """The text in the active language, numbers written the locale's way."""
        if self.template:
            return _(self.template).format(**{k: number(v) if isinstance(v, float) else v
                                              for k, v in self.args.items()})
        return _(self.text)


@dataclass(frozen=True)
class Level:
    id: str
    kind: str  # the level family (game/sim/families/): "curve", "network", ...
    chapter: ChapterRef
    order: int
    title: str
    lesson: tuple[str, ...]
    goals: tuple[Goal, ...]
    eta: ParamRange
    mu: ParamRange
    max_steps: int
    optimizer: str  # the default
    optimizers: tuple[str, ...]  # the allowed ones
    source: Path | None
    expr: str | None = None
    x_range: tuple[float, float] | None = None
    x0: ParamRange | None = None
    regions: Mapping[str, tuple[float, float]] = field(default_factory=lambda: MappingProxyType({}))
    network: NetworkSpec | None = None
    spec: Any = None  # what a family without fields of its own here builds from its keys

    @property
    def goal_line(self) -> str:
        """The goals in one line, for lists (English)."""
        return "; ".join(goal.text for goal in self.goals)

    # The player-facing texts in the active language (the English texts are the msgids).
    @property
    def local_title(self) -> str:
        return _(self.title)

    @property
    def local_lesson(self) -> tuple[str, ...]:
        return tuple(_(paragraph) for paragraph in self.lesson)

    @property
    def local_goal_line(self) -> str:
        return _("; ").join(goal.local_text for goal in self.goals)


@dataclass(frozen=True)
class LevelProblem:
    path: Path | str
    line: int
    col: int
    json_path: str
    message: str  # "what is wrong; what is expected"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.json_path}: {self.message}"


@dataclass(frozen=True)
class LevelSet:
    levels: tuple[Level, ...]
    problems: tuple[LevelProblem, ...]
    files: int = 0  # how many level files were read

    def by_id(self, level_id: str) -> Level | None:
        return next((level for level in self.levels if level.id == level_id), None)


class LevelError(ValueError):
    """A level that cannot be had: one line saying why; `problems` holds every problem found."""

    def __init__(self, message: str, problems: Sequence[LevelProblem] = ()):
        super().__init__(message)
        self.problems = tuple(problems)


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def level_files(where: Path | str | Iterable[Path | str] | None = None) -> list[Path]:
    """The level files named by `where`: folders give their *.json (not schema.json), sorted."""
    if where is None:
        where = [data_dir("levels")]
    elif isinstance(where, (str, Path)):
        where = [where]
    files: list[Path] = []
    for entry in map(Path, where):
        if entry.is_dir():
            files.extend(sorted(p for p in entry.glob("*.json") if p.name != SCHEMA_FILE))
        else:
            files.append(entry)
    return files


def load_levels(where: Path | str | Iterable[Path | str] | None = None) -> LevelSet:
    """Read every level file under `where` (default: the built-in levels). Never raises for a
    broken file: it becomes a problem and the other levels still load."""
    checker = _Checker()
    files = level_files(where)
    levels: list[Level] = []
    problems: list[LevelProblem] = []
    seen: dict[str, Level] = {}
    chapters: dict[str, Level] = {}
    for path in files:
        level, found = checker.read(path)
        if level is not None:
            found.extend(_clashes(level, checker.last_doc, seen, chapters))
        problems.extend(found)
        if level is not None and not found:
            levels.append(level)
            seen[level.id] = level
            chapters.setdefault(level.chapter.id, level)
    levels.sort(key=lambda lv: (lv.chapter.order, lv.chapter.id, lv.order, lv.id))
    return LevelSet(tuple(levels), tuple(problems), len(files))


def load_level(path: Path | str) -> Level:
    """Read one level file; raise LevelError (first problem as its message) if it has any."""
    level, problems = _Checker().read(Path(path))
    if problems or level is None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise LevelError(f"{problems[0]}{more}", problems)
    return level


def find_level(level_id: str, where: Path | str | Iterable[Path | str] | None = None) -> Level:
    """The level with this id among the built-in levels (or those under `where`)."""
    found = load_levels(where)
    level = found.by_id(level_id)
    if level is not None:
        return level
    broken = [p for p in found.problems if Path(p.path).stem == level_id]
    if broken:
        raise LevelError(f"level '{level_id}' cannot be loaded: {broken[0]}", broken)
    raise LevelError(f"unknown level '{level_id}'; try `downhill levels`")


def _clashes(level: Level, doc: Document | None, seen: Mapping[str, Level],
             chapters: Mapping[str, Level]) -> list[LevelProblem]:
    """Problems between files: a reused id, one chapter id with two titles or orders."""
    def at(path: JsonPath, message: str) -> LevelProblem:
        pos = doc.where(path) if doc else None
        return LevelProblem(level.source or "", pos.line if pos else 1, pos.col if pos else 1,
                            format_path(path), message)

    problems = []
    if level.id in seen:
        problems.append(at(("id",), f"id '{level.id}' is already used by {seen[level.id].source}; "
                                    "expected an id no other level has"))
    first = chapters.get(level.chapter.id)
    if first is not None:
        for key in ("title", "order"):
            mine, theirs = getattr(level.chapter, key), getattr(first.chapter, key)
            if mine != theirs:
                problems.append(at(("chapter", key), f"chapter '{level.chapter.id}' has {key} "
                                   f"{json.dumps(mine)} here but {json.dumps(theirs)} in {first.source}; "
                                   "expected the same in every level of a chapter"))
    return problems


# ---------------------------------------------------------------------------------------------
# Checking one file
# ---------------------------------------------------------------------------------------------


class _Checker:
    """Reads and checks level files; holds the compiled schema for a batch of files."""

    def __init__(self):
        from jsonschema import Draft202012Validator

        self.schema = level_schema()
        self.validator = Draft202012Validator(self.schema)
        self.last_doc: Document | None = None

    def read(self, path: Path) -> tuple[Level | None, list[LevelProblem]]:
        self.last_doc = None
        data = _read_capped(path)
        if isinstance(data, LevelProblem):
            return None, [data]
        try:
            doc = parse_bytes(data)
        except JsonError as error:
            return None, [LevelProblem(path, error.line, error.col, format_path(error.path), error.message)]
        self.last_doc = doc
        report = _Report(path, doc)
        value = doc.value
        if not isinstance(value, dict):
            report.add((), f"the top level is {_describe(value)}; expected a JSON object (a level)")
            return None, report.problems
        if value.get("format") != FORMAT_VERSION or isinstance(value.get("format"), bool):
            if "format" not in value:
                report.add((), f"missing key 'format'; expected \"format\": {FORMAT_VERSION}")
            else:
                report.add(("format",), f"unsupported format version {_describe(value['format'])}; "
                                        f"expected {FORMAT_VERSION}, the version this game reads")
            return None, report.problems
        for error in self.validator.iter_errors(value):
            self.schema_problem(error, report)
        report.schema_done = True
        _check_meaning(value, report)
        if report.problems:
            return None, report.sorted()
        return _build(value, path), []

    def schema_problem(self, error, report: _Report) -> None:
        path = tuple(error.absolute_path)
        keyword = error.validator
        instance = error.instance
        if "propertyNames" in error.absolute_schema_path:
            report.add((*path, instance), f"the name {json.dumps(instance)} is not allowed; "
                       f"expected {_expected_of(error.schema, self.schema)}", at_key=True)
        elif keyword == "additionalProperties" and error.validator_value is False:
            known = list(error.schema.get("properties", {}))
            for key in instance:
                if key not in known:
                    report.add((*path, key), f"unknown key {_quote(key)}; expected one of {', '.join(known)}",
                               at_key=True)
        elif keyword == "required":
            for key in error.validator_value:
                if key not in instance:
                    report.add(path, f"missing key '{key}'; expected \"{key}\": {self.expected((*path, key))}")
        elif keyword == "type":
            report.add(path, f"got {_describe(instance)}; expected {self.expected(path)}")
        elif keyword in ("enum", "const"):
            report.add(path, f"got {_describe(instance)}; expected {_expected_of(error.schema, self.schema)}")
        elif keyword in _BOUNDS:
            report.add(path, f"got {_describe(instance)}; expected {_bound_words(error.schema)}")
        elif keyword == "pattern":
            report.add(path, f"got {_describe(instance)}; expected {self.expected(path)}")
        elif keyword in ("minLength", "maxLength"):
            wanted = "some text" if keyword == "minLength" else f"at most {error.validator_value} characters"
            report.add(path, f"got {_describe(instance)}; expected {wanted}")
        elif keyword in ("minItems", "maxItems"):
            report.add(path, f"got {len(instance)} item{'s' if len(instance) != 1 else ''}; "
                             f"expected {self.expected(path)}")
        elif keyword == "uniqueItems":
            repeated = next(item for i, item in enumerate(instance) if item in instance[:i])
            report.add(path, f"{_describe(repeated)} appears more than once; expected each once")
        else:
            report.add(path, f"{error.message}; expected {self.expected(path)}")

    def expected(self, path: JsonPath) -> str:
        return _expected_of(_schema_at(self.schema, path), self.schema)


def level_schema() -> dict:
    """levels/schema.json (what every level has) with what the tables add: the families' kinds,
    their own keys and what each requires, the optimizers, and the goal types with their keys."""
    schema_path = data_dir("levels") / SCHEMA_FILE
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LevelError(f"cannot read the level schema {schema_path} ({error}); "
                         "expected it installed with the game") from None
    return compose_schema(schema)


def compose_schema(base: Mapping) -> dict:
    schema = copy.deepcopy(dict(base))
    properties = schema["properties"]
    families = all_families()
    properties["kind"] = {"enum": list(families)}
    schema["$defs"]["optimizer"] = {"enum": list(OPTIMIZERS)}
    rules = schema.setdefault("allOf", [])
    for kind, member in families.items():
        for key, section in member.sections.items():
            properties[key] = copy.deepcopy(section)
        then: dict[str, Any] = {}
        if member.required:
            then["required"] = list(member.required)
        if member.required_params:
            then["properties"] = {"params": {"required": list(member.required_params)}}
        if then:
            rules.append({"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}, "then": then})
    goal = schema["$defs"]["goal"]
    goal["properties"]["type"] = {"enum": list(GOAL_TYPES)}
    goal_rules = goal.setdefault("allOf", [])
    for name, goal_type in GOAL_TYPES.items():
        when = {"properties": {"type": {"const": name}}, "required": ["type"]}
        if goal_type.keys:
            goal_rules.append({"if": when, "then": {"required": list(goal_type.keys)}})
        if goal_type.value_schema:
            goal_rules.append({"if": when, "then": {"properties": {"value": dict(goal_type.value_schema)}}})
    return schema


def _read_capped(path: Path) -> bytes | LevelProblem:
    """The file's bytes, refusing a file over MAX_FILE_BYTES before reading it all."""
    too_big = f"the file is over 1 MiB; expected a level file of at most {MAX_FILE_BYTES} bytes"
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return LevelProblem(path, 1, 1, "$", too_big)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return LevelProblem(path, 1, 1, "$", f"cannot read the file ({reason.lower()}); "
                                             "expected a readable level file")
    if len(data) > MAX_FILE_BYTES:
        return LevelProblem(path, 1, 1, "$", too_big)
    return data


class _Report:
    """Collects a file's problems, each placed at a value (or its key) in the document."""

    def __init__(self, path: Path, doc: Document):
        self.path = path
        self.doc = doc
        self.problems: list[LevelProblem] = []
        self.schema_done = False  # after the schema pass, a path with a problem gets no second one

    def add(self, json_path: JsonPath, message: str, at_key: bool = False) -> None:
        pos = self.doc.key_where(json_path) if at_key else self.doc.where(json_path)
        self.put(json_path, pos.line, pos.col, message)

    def add_in_string(self, json_path: JsonPath, index: int, message: str) -> None:
        pos = self.doc.char_in_string(json_path, index)
        self.put(json_path, pos.line, pos.col, message)

    def put(self, json_path: JsonPath, line: int, col: int, message: str) -> None:
        problem = LevelProblem(self.path, line, col, format_path(json_path), message)
        if self.schema_done and any(p.json_path == problem.json_path for p in self.problems):
            return
        if problem not in self.problems:
            self.problems.append(problem)

    def sorted(self) -> list[LevelProblem]:
        return sorted(self.problems, key=lambda p: (p.line, p.col))


# ---------------------------------------------------------------------------------------------
# Plain words for schema errors
# ---------------------------------------------------------------------------------------------

_BOUNDS = {"minimum": ">=", "exclusiveMinimum": ">", "maximum": "<=", "exclusiveMaximum": "<"}
_TYPE_WORDS = {"number": "a number", "integer": "a whole number", "string": "a string",
               "boolean": "true or false", "array": "an array", "object": "an object", "null": "null"}


def _describe(value: Any) -> str:
    """A value in words for a message: 'the string "abc"', 'an array', 'true', '2.5'."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return "an empty string" if not value else f"the string {json.dumps(shown, ensure_ascii=False)}"
    if isinstance(value, list):
        return "an array" if value else "an empty array"
    return "an object" if value else "an empty object"


def _quote(text: str) -> str:
    """Text from the file, quoted for a one-line message: control characters and quotes escaped."""
    return f"'{text}'" if text.isprintable() and "'" not in text else json.dumps(text)


def _quote_if_odd(text: str) -> str:
    """A name as it is when it reads cleanly, else escaped like _quote."""
    return text if text.isprintable() and "'" not in text else json.dumps(text)


def _resolve(schema: Any, root: Mapping) -> Any:
    while isinstance(schema, Mapping) and "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        if "properties" in target and "properties" in schema:  # a $ref narrowed by its siblings
            mine = schema["properties"]
            merged["properties"] = {key: {**sub, **mine.get(key, {})} for key, sub in target["properties"].items()}
        schema = merged
    return schema


def _schema_at(root: Mapping, path: JsonPath) -> Mapping:
    """The subschema describing the value at `path` (following properties, items and $refs)."""
    schema = _resolve(root, root)
    for step in path:
        schema = _resolve(schema, root)
        if isinstance(step, int):
            prefix = schema.get("prefixItems", [])
            schema = prefix[step] if step < len(prefix) else schema.get("items", {})
        elif step in schema.get("properties", {}):
            schema = schema["properties"][step]
        else:
            schema = schema.get("additionalProperties", {})
        if not isinstance(schema, Mapping):
            return {}
    return _resolve(schema, root)


def _expected_of(schema: Mapping, root: Mapping) -> str:
    schema = _resolve(schema, root)
    if "const" in schema:
        return json.dumps(schema["const"])
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "object" and schema.get("required"):
        return "an object with " + ", ".join(schema["required"])
    if kind == "array" and "description" in schema:
        return f"an array {schema['description']}"
    if kind == "array" and "items" in schema:
        return f"an array of {_expected_of(schema['items'], root).removeprefix('a ').removeprefix('an ')}s"
    if kind == "string" and "description" in schema:
        return schema["description"]
    if kind in ("number", "integer") and any(k in schema for k in _BOUNDS):
        return _bound_words(schema)
    return _TYPE_WORDS.get(kind, "a valid value")


def _bound_words(schema: Mapping) -> str:
    kind = "a whole number" if schema.get("type") == "integer" else "a number"
    limits = [f"{sign} {_number(schema[key])}" for key, sign in _BOUNDS.items() if key in schema]
    return f"{kind} {' and '.join(limits)}"


# ---------------------------------------------------------------------------------------------
# The rules a schema cannot say
# ---------------------------------------------------------------------------------------------


def _check_meaning(level: dict, report: _Report) -> None:
    kind = level.get("kind")
    params = level.get("params") if isinstance(level.get("params"), dict) else {}
    try:
        member = family(kind) if isinstance(kind, str) else None
    except UnknownFamily:
        member = None
    if member is not None:
        for other_kind, other in all_families().items():
            for key in other.sections:
                if key in level and key not in member.sections:
                    report.add((key,), f"a {kind} level has no '{key}'; expected it removed "
                                       f"(only {other_kind} levels use it)", at_key=True)
        for name in params:
            if name not in member.controls:
                report.add(("params", name), f"a {kind} level has no {PARAM_WORDS.get(name, repr(name))}; "
                                             "expected it removed", at_key=True)
    for name, value in params.items():
        _check_range(("params", name), value, report)
    _check_optimizer(level.get("optimizer"), report)
    if member is not None:
        member.check(level, report)
    _check_goals(level, member, params, report)


def _check_range(path: JsonPath, value: Any, report: _Report) -> None:
    if not isinstance(value, dict):
        return
    low, default, high = value.get("min"), value.get("default"), value.get("max")
    if _is_number(low) and _is_number(high) and low > high:
        report.add((*path, "min"), f"min {_number(low)} is above max {_number(high)}; expected min <= max")
    elif all(map(_is_number, (low, default, high))) and not low <= default <= high:
        report.add((*path, "default"), f"default {_number(default)} is outside min..max "
                   f"({_number(low)} to {_number(high)}); expected a default within them")


def _check_optimizer(optimizer: Any, report: _Report) -> None:
    if not isinstance(optimizer, dict):
        return
    allowed = optimizer.get("allowed")
    allowed = allowed if isinstance(allowed, list) else []
    default = optimizer.get("default")
    if isinstance(default, str) and allowed and all(isinstance(n, str) for n in allowed) \
            and default not in allowed:
        report.add(("optimizer", "default"), f"default optimizer {_quote(default)} is not allowed here; "
                   f"expected one of the allowed: {', '.join(map(_quote_if_odd, allowed))}")


def _some(names: list[str], shown: int = 10) -> str:
    more = f", ... ({len(names) - shown} more)" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _check_goals(level: dict, member, params: dict, report: _Report) -> None:
    goals = level.get("goals")
    regions = level.get("regions") if isinstance(level.get("regions"), dict) else {}
    eta = params.get("eta") if isinstance(params.get("eta"), dict) else {}
    for i, goal in enumerate(goals if isinstance(goals, list) else ()):
        if not isinstance(goal, dict) or not isinstance(goal.get("type"), str):
            continue
        goal_type = goal["type"]
        if goal_type not in GOAL_TYPES:
            continue
        takes = GOAL_TYPES[goal_type].keys
        for key in ("region", "steps", "value"):
            if key in goal and key not in takes:
                wanted = f"only {', '.join(repr(k) for k in takes)}" if takes else "no value"
                report.add(("goals", i, key), f"a goal of type '{goal_type}' takes no '{key}'; "
                           f"expected {wanted} (and an optional 'text')", at_key=True)
        if member is not None and goal_type not in member.goals:
            report.add(("goals", i, "type"), f"'{goal_type}' is not a goal for a {member.kind} level; "
                       f"expected one of {', '.join(member.goals)}")
        region = goal.get("region")
        if goal_type == "end_in" and isinstance(region, str) and region not in regions:
            names = _some(list(regions)) if regions else "none are defined"
            report.add(("goals", i, "region"), f"region {_quote(region)} is not defined; "
                       f"expected a name from 'regions' ({names})")
        value, eta_max = goal.get("value"), eta.get("max")
        if goal_type == "eta_at_least" and _is_number(value) and _is_number(eta_max) and value > eta_max:
            report.add(("goals", i, "value"), f"{_number(value)} is above the level's eta max "
                       f"{_number(eta_max)}; expected a goal the player can meet")


# ---------------------------------------------------------------------------------------------
# Building the dataclasses (the dict is known to be valid here)
# ---------------------------------------------------------------------------------------------


def _range(value: Mapping | None, fallback: ParamRange) -> ParamRange:
    if value is None:
        return fallback
    return ParamRange(float(value["default"]), float(value["min"]), float(value["max"]),
                      bool(value.get("locked", False)))


def _goal(kind: str, value, region, text: str | None, regions) -> Goal:
    if text:
        return Goal(kind, value, region, text)
    return Goal(kind, value, region, goal_text(kind, value, region, regions), GOAL_TYPES[kind].template,
                MappingProxyType(goal_args(kind, value, region, regions)))


def _build(data: dict, source: Path | None) -> Level:
    member = family(data["kind"])
    own = member.build(data)
    regions = own.get("regions", {})
    goals = []
    for goal in data["goals"]:
        kind = goal["type"]
        value = int(goal["steps"]) if kind == "within_steps" else goal.get("value")
        value = float(value) if isinstance(value, float | int) and kind != "within_steps" else value
        region = goal.get("region")
        goals.append(_goal(kind, value, region, goal.get("text"), regions))
    chapter = data["chapter"]
    params = data["params"]
    fields: dict[str, Any] = dict(
        id=data["id"], kind=data["kind"],
        chapter=ChapterRef(chapter["id"], chapter["title"], int(chapter["order"])),
        order=int(data["order"]), title=data["title"], lesson=tuple(data["lesson"]), goals=tuple(goals),
        eta=_range(params["eta"], ParamRange(0.1, 0.1, 0.1, True)),
        mu=_range(params.get("mu"), ParamRange(0.0, 0.0, 0.0, True)),
        max_steps=int(data["max_steps"]), optimizer=data["optimizer"]["default"],
        optimizers=tuple(data["optimizer"]["allowed"]), source=source,
    )
    for name in member.controls:
        if name not in ("eta", "mu"):
            fields[name] = _range(params.get(name), ParamRange(0.0, 0.0, 0.0, True))
    fields.update(own)
    return Level(**fields)


def custom_curve_level(expr: str, x0: float, x_range: tuple[float, float], eta: float = 0.1,
                       mu: float = 0.0, optimizer: str = "gd", max_steps: int = 1000) -> Level:
    """An ad-hoc curve with no file (the sandbox, `downhill run --curve`): id 'custom', goal:
    come to rest. Every control is free; raises ExprError for an expression that does not parse."""
    from game.sim.expr import parse

    parse(expr)
    lo, hi = x_range
    return Level(
        id="custom", kind="curve", chapter=ChapterRef("sandbox", N_("Sandbox"), 0), order=0,
        title=N_("Your curve"), lesson=(N_("A curve of your own: try the learning rate and momentum on it."),),
        goals=(_goal("converge", None, None, None, {}),),
        eta=ParamRange(eta, min(eta, 1e-6), max(eta, 10.0)), mu=ParamRange(mu, 0.0, 0.999),
        max_steps=max_steps, optimizer=optimizer, optimizers=OPTIMIZERS, source=None,
        expr=expr, x_range=(float(lo), float(hi)), x0=ParamRange(x0, float(lo), float(hi)),
    )
