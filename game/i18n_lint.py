"""Find player-facing string literals in game/scenes, game/ui and game/render that do not go
through the translation seam (an AST check; tests/unit/test_i18n_wrapped.py runs it).

A literal counts as player-facing when it
  - is the text given to a drawing or widget call (painter.text / text_block / wrap / fit_text,
    Button(...), Slider(...), label= / hint= / reason= / title= / caption= keywords, or an
    assignment to .label / .hint / .reason / .title / .caption / .message), or
  - reads like words anywhere else (two or more letters, not a lone identifier-like token),
and is not inside _(), N_() or ngettext(), a docstring, a dict key, a comparison, or a keyword
argument that names a style (face=, anchor=, name=, ...). Short non-player strings are listed in
ALLOWED with the reason they stay.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKED = ("scenes", "ui", "render", "sim/families")  # and sim/goals.py (CHECKED_FILES)
CHECKED_FILES = ("sim/goals.py",)  # goal texts and their hints
# Files outside those folders whose words a person reads on a terminal or the title screen: the
# save's notices, every command's output, its errors (`raise CliError(...)`) and its argparse help
# (help=, description=), the class server's startup lines. Checked the same way; print(), write()
# and CliError() count as shown there, and so do help= and description=. Command-line flags
# (--eta) and {placeholders} are not words to translate.
OUTPUT_FILES = ("store.py", "kiosk/stats.py", "cli.py", "commands/*.py")
OUTPUT_CALLS = {"print", "CliError", "write"}
ARGPARSE_KEYWORDS = {"metavar", "choices", "dest", "action", "prog", "default", "version"}
ARGPARSE_TEXT = {"help", "description", "epilog", "usage"}
FLAG_OR_FIELD = re.compile(r"(?<![\w-])--?[a-z][a-z0-9-]*|\{[^{}]*\}|\bdownhill(?: [a-z][a-z0-9-]*)*|\b[A-Z]{2,}\b")
WRAPPERS = {"_", "N_", "ngettext"}
TEXT_CALLS = {"text", "text_block", "wrap", "fit_text", "block_height", "caption"}
WIDGETS = {"Button", "Slider", "Toggle"}
TEXT_FUNCTIONS = {"fit_text", "panel"}  # plain functions whose text argument is shown
TEXT_KEYWORDS = {"label", "hint", "reason", "title", "caption", "message", "text"}
TEXT_ATTRS = {"label", "hint", "reason", "title", "caption", "message", "notice"}
STYLE_KEYWORDS = {"face", "anchor", "name", "kind", "mode", "dtype", "backend", "fmt", "key", "align",
                  "suffix", "sep", "end", "encoding", "errors", "uniform", "program"}
# Player-visible literals that are the same in every language: key caps, the game's name, a command.
ALLOWED = {"Esc", "Tab", "F11", "PgUp PgDn", "Downhill", "MNIST", "−log({}) = {}",
           'downhill run --curve "x**4 - 3*x**2 + x" --x0 2 --eta 0.05',
           "downhill levels:", "downhill kiosk stats: {}: {}",  # the program's name before a message
           "--backend gpu: {}", "lr-find {}:", "eta",  # a flag's value, a command, a maths name
           "NaN"}  # not a number: the same symbol in every language  # a flag's value or a command before the words that follow
# Functions whose strings are for programmers (the fuzzer's findings, reprs).
NOT_PLAYER_FUNCTIONS = {"problems", "__repr__", "__str__", "_check_int",  # _check_int: a StoreError's words
                        # a level file's problems, for its author (English, like every level-file error)
                        "check", "_wrong_then_expected"}
# Literals that are player-visible but are not words in any language: maths, units, symbols, keys.
WORDLIKE = re.compile(r"[A-Za-z]{2,}")
MATHS = re.compile(r"^[\s\dA-Za-z_()\[\]{}^*/+\-=<>.,:;'|·×−→←↑↓≈≤≥ηημθσΣ∂√²³⁴₀₁₂₃ⁿ…%]*$")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _literal_nodes(node: ast.AST) -> list[ast.AST]:
    """The str constants and f-strings that make up a shown text, also where it is a choice or a
    sum of them: `"a" if c else "b"`, `x or "b"`, `"a" + x` (what _() already wraps is not here)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) or isinstance(node, ast.JoinedStr):
        return [node]
    if isinstance(node, ast.IfExp):
        return _literal_nodes(node.body) + _literal_nodes(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [found for value in node.values for found in _literal_nodes(value)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal_nodes(node.left) + _literal_nodes(node.right)
    return []


def _strings_in(node: ast.AST) -> list[tuple[int, str]]:
    """The literal parts of a shown text (see _literal_nodes), an f-string's fields as {}."""
    found = []
    for part in _literal_nodes(node):
        if isinstance(part, ast.Constant):
            found.append((part.lineno, part.value))
        else:
            found.append((part.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in part.values)))
    return found


PROSE = re.compile(r"[A-Za-z]{3,}[^\n]*\s[^\n]*[A-Za-z]{2,}|(?<![A-Za-z])[A-Z][a-z]{2,}")


def reads_like_prose(text: str) -> bool:
    """Two words or a capitalised word: what a table of player texts holds ("Settled", "play / pause"),
    not identifiers ("curve", "move", "VERTEX_SHADER", "render/{}.glsl")."""
    if "_" in text or "/" in text.replace(" / ", "") or text.endswith((".glsl", ".otf", ".ttf", ".py")):
        return False
    return bool(PROSE.search(text))


def needs_words(text: str) -> bool:
    """Text a person would need translated: has a run of letters that is not only maths or a
    single symbol name like 'x0', 'f(x)', 'eta', 'Esc'."""
    return bool(WORDLIKE.search(text))


class _Visitor(ast.NodeVisitor):
    def __init__(self, path: str, allowed: set[str], output: bool = False) -> None:
        self.path = path
        self.allowed = allowed
        self.output = output  # a terminal-output file (OUTPUT_FILES): print() and CliError() are shown
        self.findings: list[Finding] = []
        self.safe: set[int] = set()  # ids of nodes that must not be reported

    def report(self, node: ast.AST, shown: bool = True) -> None:
        """`shown`: the literal is handed to a drawing call (any word counts); otherwise it only
        counts when it reads like prose (see reads_like_prose)."""
        if id(node) in self.safe:
            return
        for line, text in _strings_in(node):
            # in terminal output, `downhill map --eta {value}`: a command, a flag, a number and
            # METAVARS, no words to translate
            words = FLAG_OR_FIELD.sub("", text) if self.output else text
            judged = needs_words(words) if shown else reads_like_prose(words)
            if judged and text.strip() not in self.allowed:
                self.findings.append(Finding(self.path, line, text))
        self.safe.add(id(node))
        for part in _literal_nodes(node):  # judged once, as shown text
            self.mark_safe(part)

    def mark_safe(self, node: ast.AST) -> None:
        for sub in ast.walk(node):
            self.safe.add(id(sub))

    def visit_Module(self, node):  # docstrings
        self._skip_docstring(node)
        self.generic_visit(node)

    def visit_ClassDef(self, node):
        self._skip_docstring(node)
        self.generic_visit(node)

    def _skip_docstring(self, node) -> None:
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self.mark_safe(body[0])

    def visit_Call(self, node: ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in WRAPPERS:
            for arg in node.args:
                self.mark_safe(arg)
        elif self.output and name in OUTPUT_CALLS:
            for arg in node.args[:1]:
                for sub in ast.walk(arg):  # what _() / ngettext() already wrap inside it is fine
                    if isinstance(sub, ast.Call) and getattr(sub.func, "id", "") in WRAPPERS:
                        self.mark_safe(sub)
                for sub in ast.walk(arg):  # the literal parts, also inside a .format() or a join
                    if isinstance(sub, (ast.Constant, ast.JoinedStr)) and id(sub) not in self.safe:
                        self.report(sub)
                        self.mark_safe(sub)
        elif name in TEXT_CALLS and isinstance(func, ast.Attribute) or name in WIDGETS or name in TEXT_FUNCTIONS:
            if node.args:
                self.report(node.args[0])
        for kw in node.keywords:
            if kw.arg in STYLE_KEYWORDS or (self.output and kw.arg in ARGPARSE_KEYWORDS):
                self.mark_safe(kw.value)
            elif kw.arg in TEXT_KEYWORDS or (self.output and kw.arg in ARGPARSE_TEXT):
                self.report(kw.value)
        if name in {"getattr", "setattr", "hasattr", "get", "pop", "startswith", "endswith", "split",
                    "join", "replace", "format_map", "uniform", "ctx_program", "program", "load",
                    "texture", "buffer", "vertex_array", "Font", "get_metrics", "render_program",
                    "update_settings", "setdefault", "fromkeys", "isinstance", "ValueError", "RuntimeError",
                    "TypeError", "KeyError", "warn", "debug", "info", "error"} or (name == "print" and not self.output):
            for arg in node.args:
                self.mark_safe(arg)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign):
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            self.mark_safe(node)
        if any(isinstance(t, ast.Attribute) and t.attr in TEXT_ATTRS for t in node.targets):
            self.report(node.value)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict):
        for key, value in zip(node.keys, node.values):
            if key is not None:
                self.mark_safe(key)
            if isinstance(key, ast.Constant) and key.value == "description":  # a JSON Schema's, for level authors
                self.mark_safe(value)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript):
        self.mark_safe(node.slice)
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare):
        self.mark_safe(node)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant):
        if isinstance(node.value, str):
            self.report(node, shown=False)

    def visit_JoinedStr(self, node: ast.JoinedStr):
        self.report(node, shown=False)
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self._skip_docstring(node)
        if node.name in NOT_PLAYER_FUNCTIONS:
            self.mark_safe(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Raise(self, node: ast.Raise):  # errors for programmers, not players
        exc = node.exc.func if isinstance(node.exc, ast.Call) else None
        if not (self.output and getattr(exc, "id", "") in OUTPUT_CALLS):  # a CliError is one line a person reads
            self.mark_safe(node)
        self.generic_visit(node)


def scan_file(path: Path, allowed: set[str], output: bool = False) -> list[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    visitor = _Visitor(str(path.relative_to(PACKAGE.parent)), allowed, output)
    visitor.visit(tree)
    return visitor.findings


def scan(allowed: set[str] | None = None) -> list[Finding]:
    found = []
    for folder in CHECKED:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            found.extend(scan_file(path, ALLOWED if allowed is None else allowed))
    for name in CHECKED_FILES:
        found.extend(scan_file(PACKAGE / name, ALLOWED if allowed is None else allowed))
    for pattern in OUTPUT_FILES:
        for path in sorted(PACKAGE.glob(pattern)):
            found.extend(scan_file(path, ALLOWED if allowed is None else allowed, output=True))
    return found


if __name__ == "__main__":
    for finding in scan():
        print(finding)


def shadowed_underscore(root: Path | None = None) -> list[Finding]:
    """Places that bind `_` as a variable (`for _ in`, `a, _ = ...`) in a module that imports the
    translation function `_`: inside that function `_()` would then be the variable, not gettext."""
    found = []
    base = root or PACKAGE
    for path in sorted(base.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imports = any(isinstance(n, ast.ImportFrom) and n.module == "game.i18n" and any(a.name == "_" for a in n.names)
                      for n in tree.body)
        if not imports:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                found.append(Finding(str(path.relative_to(PACKAGE.parent)), node.lineno, "_ bound as a variable"))
    return found


def wrapped_inside_fstrings(root: Path | None = None) -> list[Finding]:
    """_() / N_() / ngettext() calls inside an f-string: Babel's extractor does not see them (the
    f-string is one token), so their text would never reach the catalogs. Format outside instead."""
    found = []
    base = root or PACKAGE
    for path in sorted(base.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for sub in ast.walk(node):
                    if (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in WRAPPERS
                            and any(isinstance(a, ast.Constant) for a in sub.args)):
                        found.append(Finding(str(path.relative_to(PACKAGE.parent)), sub.lineno,
                                             f"{sub.func.id}() inside an f-string"))
    return found


# -- the class dashboard's and projector's scripts ----------------------------------------------

WEB_SCRIPTS = ("classroom/web/dashboard.js", "classroom/web/projector.js")
# Statements whose strings a person reads: text put on the page or drawn on a canvas.
JS_SHOWN = {"textContent", "fillText", "innerText", "title", "placeholder", "say", "alert", "confirm", "append"}
# Strings that are keys, CSS, fonts or HTTP words, never shown: after these names (`class: "dim small"`).
JS_NOT_SHOWN_AFTER = {"class", "className", "font", "querySelector", "querySelectorAll", "classList"}
JS_ALLOWED = {"use strict", "Content-Type", "Accept-Language", "Bearer {}", "↯", "·", "{} +{}"}


def js_tokens(source: str):
    """Babel's JavaScript tokens (the lexer its extractor uses), comments left out."""
    import warnings

    from babel.messages.jslexer import tokenize

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Babel calls the lexer an implementation detail
        return [t for t in tokenize(source, jsx=False, template_string=True)
                if t.type not in ("linecomment", "multilinecomment")]


def scan_js(path: Path) -> list[Finding]:
    """Literals in a dashboard script that a person would read in English: a string or template
    (its ${...} parts left out) not inside _("..."), that reads like prose anywhere, or has any
    word in a statement that puts text on the page or the canvas (textContent, fillText, ...)."""
    tokens = js_tokens(path.read_text(encoding="utf-8"))
    found, statement = [], []
    for i, token in enumerate(tokens):
        if token.type == "operator" and token.value in (";", "{", "}"):
            statement = []
            continue
        if token.type == "name":
            statement.append(token.value.split(".")[-1])
        if token.type not in ("string", "template_string"):
            continue
        before = [t.value for t in tokens[max(0, i - 2):i]]
        if before == ["_", "("] or (len(before) == 2 and before[1] in (":", "=", "(")
                                    and before[0].split(".")[-1] in JS_NOT_SHOWN_AFTER):
            continue
        text = re.sub(r"\$\{[^{}]*\}", "{}", token.value[1:-1]).strip()
        if text in JS_ALLOWED or re.match(r"^(?:bold |italic )?\d+px ", text) or text[:1] in "#./":
            continue
        shown = any(name in JS_SHOWN for name in statement)
        if reads_like_prose(text) or (shown and needs_words(text) and " " in text):
            found.append(Finding(str(path.relative_to(PACKAGE.parent)), token.lineno, text))
    return found


def scan_web() -> list[Finding]:
    return [finding for name in WEB_SCRIPTS for finding in scan_js(PACKAGE / name)]
