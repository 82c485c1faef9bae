"""Keeping the catalogs: the Babel extractor for level files, and `update` (extract + merge).

How a level file carries its translations: it does not. Its English texts (chapter title, title,
lesson paragraphs, goal texts) are the msgids, extracted by `extract_levels` below into the same
catalog as the code's strings, each with a comment naming the level and JSON path for the
translator. The game shows them through `_()` (Level.local_title and friends in game/levels.py).
A level file that is not shipped (a teacher's own) simply shows its English where the catalogs have
no entry; for shipped levels, tests/unit/test_i18n.py checks every text is in every catalog.

    python -m game.i18n_catalogs update   # after adding or changing strings: refresh .pot and .po
                                          # (new entries come in empty: translate them)
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from game.i18n import DOMAIN, LANGUAGE_NAMES, LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
# Babel's method map (what babel.cfg would say; a cfg section cannot name a module:function
# extractor, so it lives here): the code's _(), N_(), ngettext() calls, and the level files.
METHOD_MAP = [
    ("game/**.py", "python"),
    ("levels/*.json", "game.i18n_catalogs:extract_levels"),
    ("game/classroom/web/index.html", "game.i18n_catalogs:extract_html"),  # the teacher's dashboard
    ("game/classroom/web/projector.html", "game.i18n_catalogs:extract_html"),  # the class's race, projected
    ("game/classroom/web/dashboard.js", "javascript"),
    ("game/classroom/web/projector.js", "javascript"),
]
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)  # no header churn: catalogs merge cleanly


def level_texts(data: object) -> Iterator[tuple[tuple, str]]:
    """(JSON path, English text) of every player-facing text in a parsed level file."""
    if not isinstance(data, dict) or "id" not in data:
        return
    chapter = data.get("chapter")
    if isinstance(chapter, dict) and isinstance(chapter.get("title"), str):
        yield ("chapter", "title"), chapter["title"]
    if isinstance(data.get("title"), str):
        yield ("title",), data["title"]
    for i, paragraph in enumerate(data.get("lesson") or ()):
        if isinstance(paragraph, str):
            yield ("lesson", i), paragraph
    regions = data.get("regions")
    if isinstance(regions, dict):  # region names are shown on the curve ("left", "right")
        for name in regions:
            yield ("regions", name), name
    network = data.get("network")
    if isinstance(network, dict) and isinstance(network.get("labels"), list):  # class names (Cat, Dog, Bird)
        for i, label in enumerate(network["labels"]):
            if isinstance(label, str):
                yield ("network", "labels", i), label
    if isinstance(network, dict) and isinstance(network.get("answer_label"), str):  # P(right capital)
        yield ("network", "answer_label"), network["answer_label"]
    for i, goal in enumerate(data.get("goals") or ()):
        if isinstance(goal, dict) and isinstance(goal.get("text"), str) and goal["text"]:
            yield ("goals", i, "text"), goal["text"]
    question = data.get("classify", {}).get("question") if isinstance(data.get("classify"), dict) else None
    if isinstance(question, dict):  # a classify level's question, its choices and the word after
        for key in ("text", "explain"):
            if isinstance(question.get(key), str):
                yield ("classify", "question", key), question[key]
        for i, choice in enumerate(question.get("choices") or ()):
            if isinstance(choice, str):
                yield ("classify", "question", "choices", i), choice


def extract_levels(fileobj, keywords, comment_tags, options):
    """Babel extraction method for levels/*.json (named in babel.cfg)."""
    from game.jsonpos import JsonError, format_path, parse_bytes

    try:
        doc = parse_bytes(fileobj.read())
    except JsonError as error:
        print(f"extract: skipping a level file that does not parse: {error}", file=sys.stderr)
        return
    level_id = doc.value.get("id", "?") if isinstance(doc.value, dict) else "?"
    for path, text in level_texts(doc.value):
        yield doc.where(path).line, None, text, [f"level {level_id}: {format_path(path)}"]


def extract_html(fileobj, keywords, comment_tags, options):
    """Babel extraction method for the dashboard page: its words between tags and in
    placeholder / title / aria-label (game.classroom.web_text.page_texts)."""
    from game.classroom.web_text import page_texts

    for line, text in page_texts(fileobj.read().decode("utf-8")):
        yield line, None, text, ["the class dashboard or projector (web page)"]


def extract_all():
    """Every message the game shows, as a Babel Catalog (the .pot), extracted from the source
    tree with babel.cfg."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="downhill", version="", domain=DOMAIN, charset="utf-8",
                      creation_date=FIXED_DATE, revision_date=FIXED_DATE)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), METHOD_MAP, {}, comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        catalog.add(message, None, [], auto_comments=comments, context=context)
    return catalog


def update() -> int:
    """Write the .pot from the source and merge it into every language's .po (sorted, no
    line numbers, so parallel edits merge cleanly). Prints how many entries each lacks."""
    from babel.messages.pofile import read_po, write_po

    template = extract_all()
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    with open(TEMPLATE, "wb") as file:
        write_po(file, template, omit_header=False, sort_output=True, no_location=True, width=100)
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(template)} messages")
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if po.is_file():
            with open(po, "rb") as file:
                catalog = read_po(file, locale=lang, domain=DOMAIN)
        else:
            from babel.messages.catalog import Catalog
            catalog = Catalog(locale=lang, domain=DOMAIN, project="downhill", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.revision_date = catalog.creation_date = FIXED_DATE
        catalog.last_translator = "Downhill team"
        catalog.language_team = f"{LANGUAGE_NAMES[lang]}"
        with open(po, "wb") as file:
            write_po(file, catalog, sort_output=True, no_location=True, width=100)
        missing = sum(1 for m in catalog if m.id and (not m.string or m.fuzzy))
        print(f"{po.relative_to(ROOT)}: {len(catalog)} messages, {missing} to translate")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["update"]:
        print("usage: python -m game.i18n_catalogs update", file=sys.stderr)
        sys.exit(2)
    sys.exit(update())
