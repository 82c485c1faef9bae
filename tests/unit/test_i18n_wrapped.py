"""The translation seam is used the way extraction can see it (AST checks over game/)."""

from __future__ import annotations

from game.i18n_lint import shadowed_underscore, wrapped_inside_fstrings


def test_no_function_binds_underscore_where_it_is_the_translation_function():
    assert [str(f) for f in shadowed_underscore()] == []


def test_no_literal_is_translated_inside_an_f_string():
    assert [str(f) for f in wrapped_inside_fstrings()] == []


def test_every_player_facing_literal_in_scenes_ui_render_is_wrapped():
    """A text handed to painter.text / Button / Slider / panel titles, or one that reads like words,
    goes through _() or N_() (allow-list: game.i18n_lint.ALLOWED, with reasons)."""
    from game.i18n_lint import scan

    assert [str(f) for f in scan()] == []


def test_the_check_finds_an_unwrapped_label(tmp_path):
    from game.i18n_lint import scan_file, PACKAGE

    source = PACKAGE / "scenes" / "_lint_probe_tmp.py"
    source.write_text(
        'from game.i18n import _, N_\n'
        'TABLE = ("Shown to players", N_("Wrapped table entry"))\n'
        'def draw(painter, Button):\n'
        '    """A docstring is not shown."""\n'
        '    painter.text("Score", 0, 0, 12, None, anchor="topleft", face="bold")\n'
        '    painter.text(_("Fine"), 0, 0, 12, None)\n'
        '    Button("Go", None, hint="Esc")\n'
        '    return {"key words": 1}["key words"]\n', encoding="utf-8")
    try:
        found = sorted(f.text for f in scan_file(source, {"Esc"}))
    finally:
        source.unlink()
    assert found == ["Go", "Score", "Shown to players"]


def test_the_check_reads_terminal_output_files_too(tmp_path):
    """In OUTPUT_FILES (the save's notices, `downhill levels / check-levels / kiosk stats`) what
    print() shows, a CliError says, a .notice holds and argparse help= / description= give must be
    wrapped; flags, metavars and wrapped texts pass."""
    from game.i18n_lint import PACKAGE, scan_file

    source = PACKAGE / "commands" / "_lint_output_probe_tmp.py"
    source.write_text(
        'from game.i18n import _, ngettext\n'
        'def run(args, parser, stats, n):\n'
        '    parser.add_argument("--x", metavar="NAME", help="argparse help is shown too")\n'
        '    parser.add_argument("--y", help=_("a wrapped help line"))\n'
        '    if n < 0:\n'
        '        raise CliError(f"--x {n} is below zero")\n'
        '    print(f"downhill bench frames --scene NAME: {n}")\n'
        '    print(f"{n} levels checked")\n'
        '    print(ngettext("{count} level OK", "{count} levels OK", n).format(count=n))\n'
        '    stats.notice = "cannot write the stats"\n', encoding="utf-8")
    try:
        found = sorted(f.text for f in scan_file(source, set(), output=True))
    finally:
        source.unlink()
    assert found == ["--x {} is below zero", "argparse help is shown too", "cannot write the stats", "{} levels checked"]


def test_the_dashboard_and_projector_scripts_show_no_hard_coded_english():
    """What a teacher reads from dashboard.js and projector.js goes through their _() (the
    catalog's words from /api/text): an English sentence, or any words put on the page or the
    canvas (textContent, fillText, ...), outside _() fails. CSS classes, fonts, HTTP words pass."""
    from game.i18n_lint import scan_web

    assert [str(f) for f in scan_web()] == []


def test_the_script_check_finds_hard_coded_words():
    from game.i18n_lint import PACKAGE, scan_js

    probe = PACKAGE / "classroom" / "web" / "_lint_probe_tmp.js"
    probe.write_text(
        '"use strict";\n'
        'const _ = (m) => m;\n'
        'box.textContent = "Class is over";\n'
        'ctx.font = "bold 22px DejaVu Sans Mono, monospace";\n'
        'ctx.fillText(`step ${n}`, 24, 32);\n'
        'el("span", { class: "dim small" }, _("Wrapped words"));\n'
        'say(_("Cannot reach the class server: {error}", { error: e.message }), "bad");\n'
        'const note = ok ? "All runs checked." : _("Still checking");\n', encoding="utf-8")
    try:
        found = [f.text for f in scan_js(probe)]
    finally:
        probe.unlink()
    assert found == ["Class is over", "step {}", "All runs checked."]


def test_the_check_looks_inside_a_choice_of_texts():
    """`painter.text("step = −η∇f" if gd else "step", ...)` hid both words from the check (the
    play view's update arrow was English in every language): a ternary, an `or` and a `+` of
    texts are judged part by part, and what _() wraps in them passes."""
    from game.i18n_lint import PACKAGE, scan_file

    source = PACKAGE / "render" / "_lint_choice_probe_tmp.py"
    source.write_text(
        'from game.i18n import _\n'
        'def draw(painter, gd, name):\n'
        '    painter.text("step = −η∇f" if gd else "step", 0, 0, 12, None)\n'
        '    painter.text(name or "nobody", 0, 0, 12, None)\n'
        '    painter.text(_("step") + " = −η∇f" if gd else _("step"), 0, 0, 12, None)\n'
        '    painter.text("Loss: " + name, 0, 0, 12, None)\n', encoding="utf-8")
    try:
        found = [f.text for f in scan_file(source, set())]
    finally:
        source.unlink()
    assert found == ["step = −η∇f", "step", "nobody", "Loss: "]
