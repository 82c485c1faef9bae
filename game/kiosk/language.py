"""The one seam between the kiosk and the game's translations (game/i18n.py, the languages
issue). Until that module exists the game speaks English only: `unknown_languages` accepts
"en" alone and `apply_language` is a no-op for it. When it lands, it is used through the few
names below and nothing else in the kiosk changes."""

from __future__ import annotations

import importlib

FALLBACK = ("en",)


def _i18n():
    try:
        return importlib.import_module("game.i18n")
    except ImportError:
        return None


def available_languages() -> tuple[str, ...]:
    module = _i18n()
    if module is None:
        return FALLBACK
    for name in ("available_languages", "languages", "LANGUAGES"):
        found = getattr(module, name, None)
        if callable(found):
            found = found()
        if found:
            return tuple(found)
    return FALLBACK


def unknown_languages(codes) -> list[str]:
    have = set(available_languages())
    return [code for code in codes if code not in have]


def apply_language(code: str) -> None:
    module = _i18n()
    if module is None:
        return
    for name in ("set_language", "use_language", "activate"):
        setter = getattr(module, name, None)
        if callable(setter):
            setter(code)
            return


def language_name(code: str) -> str:
    module = _i18n()
    namer = getattr(module, "language_name", None) if module is not None else None
    if callable(namer):
        try:
            return str(namer(code))
        except Exception:  # a translation table without this name: show the code
            return code
    return {"en": "English", "fr": "Français", "de": "Deutsch", "es": "Español"}.get(code, code)


def translate(text: str) -> str:
    """The game's `_()` where it exists, else the text itself."""
    module = _i18n()
    underscore = getattr(module, "_", None) if module is not None else None
    return underscore(text) if callable(underscore) else text
