"""The one translation seam: GNU gettext catalogs (game/locale/<lang>/LC_MESSAGES/downhill.po),
managed with Babel, and the locale's way of writing numbers.

    from game.i18n import _, N_, ngettext, number

    _("Settings")                       # the text in the active language (English is the msgid)
    BUTTONS = (N_("Done"), ...)         # marked for extraction, translated later with _() where shown
    ngettext("{n} step", "{n} steps", n).format(n=n)
    number(0.05, ".2f")                 # '0.05' in English, '0,05' in German and French

Placeholders are named (`{value}`), never positional, so a translation may reorder them; the
catalog test checks every translation keeps the msgid's placeholders. Maths notation (x, η,
f'(x)) stays as it is in every language.

Which language is active: one ContextVar holding a language code (the only mutable state here,
which gettext needs: the chosen catalog), set by `use()` where the program starts (cli.main,
app.build_app, the Settings scene) and read by `_()`. Tests and tools switch with
`with using("de"): ...`. Precedence: `--lang` (which cli.main puts in DOWNHILL_LANG so child
processes follow), then DOWNHILL_LANG, then the saved setting, then the system locale, then English.

Catalogs are compiled when first used: a `downhill.mo` next to the `.po` is read when it is
newer; otherwise the `.po` is compiled in memory with Babel (a few ms), so a plain
`pip install .` needs no build step. A missing or broken catalog falls back to English with one
line on stderr. Lowest layer: imports only the standard library and Babel.
"""

from __future__ import annotations

import functools
import gettext
import io
import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

DOMAIN = "downhill"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "de", "fr", "es")
# Each language named in itself, so a player can find their own whatever is showing now.
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español"}
ENV_VAR = "DOWNHILL_LANG"

_active: ContextVar[str] = ContextVar("downhill_language", default=SOURCE_LANGUAGE)


class UnknownLanguage(ValueError):
    """A language code the game has no catalog for; the message lists the known ones."""


# -- choosing ------------------------------------------------------------------------------

def normalize(tag: str | None) -> str | None:
    """'de_DE.UTF-8', 'de-AT', 'DE' -> 'de'; None for anything we do not ship ('C', 'ja_JP', '')."""
    if not tag:
        return None
    code = re.split(r"[_.@\-]", tag.strip(), maxsplit=1)[0].lower()
    return code if code in LANGUAGES else None


def check(tag: str) -> str:
    """The language for a code a person typed, or UnknownLanguage saying which ones exist."""
    code = normalize(tag)
    if code is None:
        raise UnknownLanguage(_("unknown language {tag!r}; choose one of {languages}").format(
            tag=tag, languages=", ".join(LANGUAGES)))
    return code


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The first shipped language in the system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG,
    the order gettext reads them), or None."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for tag in env.get(name, "").split(":"):
            code = normalize(tag)
            if code:
                return code
    return None


def choose(saved: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: DOWNHILL_LANG (where `--lang` also lands), else the saved setting,
    else the system locale, else English. A DOWNHILL_LANG we do not ship is skipped with one line."""
    env = os.environ if environ is None else environ
    wanted = env.get(ENV_VAR, "")
    if wanted:
        code = normalize(wanted)
        if code:
            return code
        print("downhill: " + _("{variable}={value!r} is not a language the game has ({languages}); ignoring it").format(
            variable=ENV_VAR, value=wanted, languages=", ".join(LANGUAGES)), file=sys.stderr)
    return normalize(saved) or system_language(env) or SOURCE_LANGUAGE


# -- the active catalog --------------------------------------------------------------------

def use(language: str) -> str:
    """Make `language` the active one (a shipped code; anything else means English)."""
    code = normalize(language) or SOURCE_LANGUAGE
    _active.set(code)
    return code


@contextmanager
def using(language: str) -> Iterator[str]:
    token = _active.set(normalize(language) or SOURCE_LANGUAGE)
    try:
        yield _active.get()
    finally:
        _active.reset(token)


def language() -> str:
    return _active.get()


def catalog_path(language: str, suffix: str = ".po") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog for a language, made once (English: the msgids themselves)."""
    if language == SOURCE_LANGUAGE or language not in LANGUAGES:
        return gettext.NullTranslations()
    po, mo = catalog_path(language), catalog_path(language, ".mo")
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with open(mo, "rb") as file:
                return gettext.GNUTranslations(file)
        return gettext.GNUTranslations(io.BytesIO(compile_po(po, language)))
    except (OSError, ValueError, SyntaxError) as error:
        print(f"downhill: the {LANGUAGE_NAMES[language]} catalog {po} could not be read "
              f"({error}); showing English", file=sys.stderr)
        return gettext.NullTranslations()


def compile_po(po: Path, language: str) -> bytes:
    """A .po file compiled to .mo bytes with Babel (fuzzy entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as file:
        catalog = read_po(file, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _(message: str) -> str:
    """`message` (English) in the active language; itself where there is no translation."""
    if not message:
        return message
    return translations(_active.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_active.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (it is translated where shown)."""
    return message


# -- numbers a person reads ------------------------------------------------------------------

_SPEC = re.compile(r"^(?P<group>,)?(?:\.(?P<digits>\d+))?(?P<kind>[fgde%])?$")


@functools.cache
def _symbols(language: str) -> tuple[str, str, str, str]:
    """(decimal, group, percent prefix, percent suffix) from Babel's CLDR data."""
    from babel import Locale

    locale = Locale.parse(language)
    pattern = locale.percent_formats[None]
    decimal = locale.number_symbols["latn"]["decimal"]
    group = locale.number_symbols["latn"]["group"]
    return decimal, group, pattern.prefix[0], pattern.suffix[0]


def number(value: float, spec: str = "g", language: str | None = None) -> str:
    """`value` written for a person in the active (or given) language: `spec` is a Python format
    spec of the form [,][.N](f|g|e|%) and decides the digits exactly as format() would (so English
    is unchanged); the decimal mark, grouping and percent sign come from Babel's locale data
    (0.05 -> '0,05' in German and French; 0.8 with '.0%' -> '80 %' in German). Maths and JSON
    never go through here."""
    lang = language or _active.get()
    match = _SPEC.match(spec)
    if match is None:
        raise ValueError(f"number(): unsupported format spec {spec!r}")
    if match["kind"] == "%":
        plain = format(value * 100.0, f"{match['group'] or ''}.{match['digits'] or 0}f")
    else:
        plain = format(value, spec)
    if plain in ("nan", "inf", "-inf"):
        return plain
    decimal, group, prefix, suffix = _symbols(lang) if lang in LANGUAGES else (".", ",", "", "%")
    local = plain.translate({ord("."): "\0", ord(","): group}).replace("\0", decimal)
    if match["kind"] == "%":
        return f"{prefix}{local}{suffix}"
    return local
