"""Translations: complete catalogs that match the source, placeholders kept, fonts that cover
every glyph, numbers the locale's way, and the language chosen by --lang, DOWNHILL_LANG, the
saved setting and the system locale, in that order."""

from __future__ import annotations

import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from game import i18n
from game.cli import main
from game.i18n_catalogs import TEMPLATE, extract_all, level_texts
from game.levels import custom_curve_level, load_levels
from game.store import Settings, Store, StoreError

TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE_LANGUAGE]


def read_catalog(lang: str):
    with open(i18n.catalog_path(lang), "rb") as file:
        return read_po(file, locale=lang, domain=i18n.DOMAIN)


PERCENT_FIELD = re.compile(r"%\([A-Za-z_]+\)[sdr]|%[sdr](?![A-Za-z])")  # argparse's %(prog)s, %s, %r


def placeholders(text: str) -> set[str]:
    """The {named} fields of a str.format template and the %-style ones argparse fills in
    (game/i18n_argparse.py); a lone % (95%) is a percent sign, not a field."""
    fields = set()
    if "{" in text or "}" in text:
        for _literal, name, spec, _conv in string.Formatter().parse(text):
            if name is not None:
                fields.add(f"{{{name}{':' + spec if spec else ''}}}")
    fields.update(PERCENT_FIELD.findall(text))
    return fields


def entry_problems(catalog, template_ids: set) -> list[str]:
    problems = []
    ids = set()
    for message in catalog:
        if not message.id:
            continue
        ids.add(message.id)
        singular = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {singular!r}")
        if not all(forms):
            problems.append(f"empty: {singular!r}")
            continue
        wanted = set().union(*(placeholders(i) for i in (message.id if isinstance(message.id, tuple) else (message.id,))))
        for form in forms:
            if placeholders(form) != wanted:
                problems.append(f"placeholders {sorted(placeholders(form))} != {sorted(wanted)}: {singular!r}")
    problems += [f"missing: {m!r}" for m in sorted(template_ids - ids, key=str)]
    return problems


def test_the_template_matches_what_the_source_says():
    """Every _()/N_()/ngettext string in game/ and every level text is in the .pot, and the .pot has
    nothing the source no longer says. Fix: `python -m game.i18n_catalogs update`, then translate."""
    extracted = {m.id for m in extract_all() if m.id}
    with open(TEMPLATE, "rb") as file:
        template = {m.id for m in read_po(file) if m.id}
    assert sorted(extracted - template, key=str) == [], "not in the catalogs yet: run `python -m game.i18n_catalogs update`"
    assert sorted(template - extracted, key=str) == [], "stale entries: run `python -m game.i18n_catalogs update`"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalog_is_complete_with_the_same_placeholders(lang):
    with open(TEMPLATE, "rb") as file:
        template_ids = {m.id for m in read_po(file) if m.id}
    problems = entry_problems(read_catalog(lang), template_ids)
    assert problems == [], f"{lang}: {len(problems)} problems, first: {problems[:5]}"


def test_the_catalog_check_catches_what_it_should():
    po = (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
          b'msgid "Loss {value}"\nmsgstr "Verlust {wert}"\n\n'
          b'msgid "%(prog)s: error: %(message)s"\nmsgstr "%(prog)s: Fehler: %s"\n\n'
          b'#, fuzzy\nmsgid "Done"\nmsgstr "Fertig"\n\n'
          b'msgid "Empty"\nmsgstr ""\n')
    catalog = read_po(io.BytesIO(po), locale="de")
    problems = entry_problems(catalog, {"Loss {value}", "%(prog)s: error: %(message)s", "Done", "Empty", "Gone"})
    kinds = sorted(p.split(":")[0].split(" ")[0] for p in problems)
    assert kinds == ["empty", "fuzzy", "missing", "placeholders", "placeholders"]
    assert placeholders("Reach 95% of it") == set() and placeholders("unrecognized arguments: %s") == {"%s"}


def test_level_texts_are_msgids_in_every_catalog():
    levels = load_levels()
    assert levels.levels and not levels.problems
    catalogs = {lang: read_catalog(lang) for lang in TRANSLATED}
    import json
    for level in levels.levels:
        data = json.loads(level.source.read_text(encoding="utf-8"))
        texts = [text for _path, text in level_texts(data)]
        assert level.title in texts and level.lesson[0] in texts
        for lang, catalog in catalogs.items():
            for text in texts:
                assert catalog.get(text) is not None and catalog.get(text).string, (lang, level.id, text)


def test_the_game_shows_level_texts_translated():
    level = next(lv for lv in load_levels().levels if lv.id == "parabola")
    with i18n.using("de"):
        assert level.local_title == "Gleiten"
        assert level.chapter.local_title == "Die Steigung"
        assert level.local_lesson[0].startswith("Die Kugel ist")
        assert level.goals[0].local_text == "Komm am Talboden zur Ruhe"
    assert level.local_title == level.title == "Glide"


def test_generated_goal_texts_translate_with_local_numbers():
    level = custom_curve_level("x**2", 1.0, (-2.0, 2.0))
    with i18n.using("fr"):
        assert level.goals[0].local_text == "S'immobiliser"
    from game.levels import _goal
    goal = _goal("loss_below", 0.05, None, None, {})
    assert goal.text == "Finish with loss below 0.05"
    with i18n.using("de"):
        assert goal.local_text == "Ende mit einem Verlust unter 0,05"


@pytest.mark.parametrize("lang, spec, value, expected", [
    ("en", ".2f", 0.05, "0.05"),
    ("de", ".2f", 0.05, "0,05"),
    ("fr", ".2f", 0.05, "0,05"),
    ("es", ".2f", 0.05, "0,05"),
    ("de", "g", 1e-05, "1e-05"),
    ("de", ".3g", -12.345, "-12,3"),
    ("en", ",.1f", 12345.67, "12,345.7"),
    ("de", ",.1f", 12345.67, "12.345,7"),
    ("fr", ",.1f", 12345.67, "12\u202f345,7"),
    ("en", ".0%", 0.8, "80%"),
    ("de", ".0%", 0.8, "80\u00a0%"),
    ("es", ".0%", 0.8, "80\u00a0%"),
    ("de", ".2f", float("nan"), "nan"),
])
def test_numbers_are_written_the_locales_way(lang, spec, value, expected):
    assert i18n.number(value, spec, lang) == expected


def test_number_follows_the_active_language_and_refuses_odd_specs():
    with i18n.using("de"):
        assert i18n.number(0.5, ".1f") == "0,5"
    assert i18n.number(0.5, ".1f") == "0.5"
    with pytest.raises(ValueError):
        i18n.number(1.0, "{:x}")


def test_choosing_the_language():
    env = {"LANG": "fr_FR.UTF-8"}
    assert i18n.choose(None, env) == "fr"
    assert i18n.choose("es", env) == "es"
    assert i18n.choose("es", {**env, "DOWNHILL_LANG": "de"}) == "de"
    assert i18n.choose(None, {"LANGUAGE": "ja:de_AT", "LANG": "fr_FR"}) == "de"
    assert i18n.choose(None, {"LANG": "C.UTF-8"}) == "en"
    assert i18n.choose(None, {}) == "en"
    assert i18n.normalize("de-AT") == "de" and i18n.normalize("pt_BR") is None


def test_an_unknown_downhill_lang_is_one_line_and_skipped(capsys):
    assert i18n.choose("fr", {"DOWNHILL_LANG": "klingon"}) == "fr"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DOWNHILL_LANG='klingon'" in err


def test_the_choice_is_saved_with_the_settings(tmp_path):
    store = Store.open(tmp_path)
    assert store.settings.language == ""
    store.update_settings(language="es")
    assert Store.open(tmp_path).settings.language == "es"
    with pytest.raises(StoreError, match="language"):
        store.update_settings(language="xx")
    with pytest.raises(StoreError):
        Settings(language=3)


def test_lang_works_with_any_subcommand(capsys):
    for argv in (["--lang", "de", "levels"], ["levels", "--lang=de"], ["levels", "--lang", "de"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[0].split()[:2] == ["ID", "KAPITEL"], argv
        assert "Gleiten" in out and "Komm am Talboden zur Ruhe" in out


def test_downhill_lang_and_bad_lang(capsys, monkeypatch):
    monkeypatch.setenv("DOWNHILL_LANG", "es")
    assert main(["levels"]) == 0
    assert "Deslizar" in capsys.readouterr().out
    assert main(["--lang", "xx", "levels"]) == 2
    err = capsys.readouterr().err  # said in the language otherwise chosen (DOWNHILL_LANG here)
    assert err.count("\n") == 1 and "idioma desconocido 'xx'" in err
    monkeypatch.delenv("DOWNHILL_LANG")
    assert main(["--lang", "xx", "levels"]) == 2
    assert "unknown language 'xx'; choose one of en, de, fr, es" in capsys.readouterr().err


def test_levels_json_stays_english_data(capsys):
    assert main(["--lang", "fr", "levels", "--json"]) == 0
    import json
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["title"] == load_levels().levels[0].title


def test_a_catalog_compiles_at_load_and_a_newer_mo_wins(tmp_path, monkeypatch):
    po = tmp_path / "de" / "LC_MESSAGES" / "downhill.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Done"\nmsgstr "Erledigt"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        assert i18n.translations("de").gettext("Done") == "Erledigt"
        mo = po.with_suffix(".mo")
        mo.write_bytes(i18n.compile_po(po, "de").replace(b"Erledigt", b"Fertig!!"))
        i18n.translations.cache_clear()
        assert i18n.translations("de").gettext("Done") == "Fertig!!"
        po.write_text("not a po file {{{", encoding="utf-8")
        mo.unlink()
        i18n.translations.cache_clear()
        assert i18n.translations("de").gettext("Done") == "Done"  # broken: English, not a crash
    finally:
        i18n.translations.cache_clear()


def catalog_characters() -> set[str]:
    chars = set()
    for lang in TRANSLATED:
        for message in read_catalog(lang):
            for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
                chars.update(text or "")
    for lang in i18n.LANGUAGES:  # what number() and the language button can print
        chars.update(i18n.number(-12345.678, ",.2f", lang) + i18n.number(0.5, ".0%", lang))
        chars.update(i18n.LANGUAGE_NAMES[lang])
    return {c for c in chars if c not in "\n\t"}


def test_the_bundled_fonts_cover_every_glyph_the_catalogs_use():
    pygame = pytest.importorskip("pygame")
    import pygame.freetype

    from game.render.text import FACE_FILES, bundled_font

    pygame.freetype.init()
    chars = catalog_characters()
    assert "ä" in chars and "é" in chars and "ñ" in chars and "\u00a0" in chars
    for face in ("regular", "bold"):
        path = bundled_font(face)
        assert path is not None, f"the bundled {FACE_FILES[face]} is missing"
        font = pygame.freetype.Font(str(path), 16)
        missing = sorted(c for c in chars if font.get_metrics(c)[0] is None)
        assert missing == [], f"{face}: no glyph for {[f'U+{ord(c):04X}' for c in missing]}"
