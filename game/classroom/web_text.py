"""The teacher's dashboard and the projector view in the teacher's language, from the game's own
gettext catalogs.

The pages (web/index.html, web/projector.html) are written in English; their words are msgids.
`page_texts` finds them (text between tags, and the placeholder / title / aria-label attributes):
Babel extracts them through game.i18n_catalogs.extract_html, and the server swaps them for their
translation when it serves the page (`translate_page`), with `<html lang>` set. The scripts
(web/dashboard.js, web/projector.js) mark their words with `_("...")`, which Babel's JavaScript
extractor reads (game.i18n_lint.scan_web checks nothing shown is left out); a page asks
/api/text?lang=xx for their translations (`script_texts`).

Which language: the page's own choice (`?lang=de`, kept in the browser), else the browser's
Accept-Language, else English (`page_language`).
"""

from __future__ import annotations

import functools
import html
import re
from importlib import resources

from game import i18n

WEB = "web"
TRANSLATED_PAGES = ("index.html", "projector.html")
SCRIPTS = ("dashboard.js", "projector.js")  # /api/text serves the words of both
_TEXT = re.compile(r">([^<>]+)<")
_ATTRIBUTE = re.compile(r'\b(placeholder|title|aria-label)="([^"]+)"')
_WORDS = re.compile(r"[^\W\d_]{2,}")
NOT_WORDS = {"Downhill", *i18n.LANGUAGE_NAMES.values()}  # the game's name; each language named in itself


def _msgid(raw: str) -> str | None:
    text = " ".join(html.unescape(raw).split())
    return text if _WORDS.search(text) and text not in NOT_WORDS else None


def page_texts(source: str) -> list[tuple[int, str]]:
    """(line, English text) of every word a person reads in an HTML page, scripts and styles left out."""
    body = re.sub(r"<(script|style)\b.*?</\1>", lambda m: "\n" * m.group(0).count("\n"), source, flags=re.S)
    found = []
    for pattern, group in ((_TEXT, 1), (_ATTRIBUTE, 2)):
        for match in pattern.finditer(body):
            text = _msgid(match.group(group))
            if text:
                found.append((body.count("\n", 0, match.start()) + 1, text))
    return sorted(found)


def translate_page(source: str, language: str) -> str:
    """The page with its words in `language` (English: unchanged but for nothing) and <html lang> set."""
    def swap(raw: str) -> str:
        text = _msgid(raw)
        if text is None:
            return raw
        lead, trail = raw[: len(raw) - len(raw.lstrip())], raw[len(raw.rstrip()):]
        return lead + html.escape(i18n._(text), quote=True) + trail

    with i18n.using(language) as code:
        out = _TEXT.sub(lambda m: ">" + swap(m.group(1)) + "<", source)
        out = _ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{swap(m.group(2))}"', out)
    return re.sub(r'<html lang="[^"]*">', f'<html lang="{code}">', out, count=1)


@functools.cache
def script_msgids() -> tuple[str, ...]:
    """The msgids the dashboard's script shows (its _("...") calls), read once with Babel's extractor."""
    from babel.messages.extract import extract_javascript

    found = []
    for name in SCRIPTS:
        with resources.files("game.classroom").joinpath(WEB, name).open("rb") as file:
            for _line, _func, message, _comments in extract_javascript(file, ["_"], [], {}):
                if isinstance(message, str) and message not in found:
                    found.append(message)
    return tuple(found)


def script_texts(language: str) -> dict[str, str]:
    """{English: translation} of every text the script shows, in `language`."""
    with i18n.using(language):
        return {message: i18n._(message) for message in script_msgids()}


def page_language(asked: str | None, accept_language: str | None) -> str:
    """The language to serve: the page's choice if the game has it, else the first of the
    browser's Accept-Language (by q) that it has, else English."""
    chosen = i18n.normalize(asked)
    if chosen:
        return chosen
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag))
    for _q, _position, tag in sorted(ranked):
        code = i18n.normalize(tag)
        if code:
            return code
    return i18n.SOURCE_LANGUAGE
