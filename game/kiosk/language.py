"""The kiosk's languages, over the game's translations (game/i18n.py): the codes it ships, the
active one, and each language's own name for the one button that cycles them."""

from __future__ import annotations

from game import i18n


def available_languages() -> tuple[str, ...]:
    return tuple(i18n.LANGUAGES)


def unknown_languages(codes) -> list[str]:
    have = set(available_languages())
    return [code for code in codes if code not in have]


def apply_language(code: str) -> None:
    i18n.use(code)


def language_name(code: str) -> str:
    return i18n.LANGUAGE_NAMES.get(code, code)
