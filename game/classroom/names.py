"""Nicknames: cleaned, capped, checked against a kept word list, or made up kindly.

The word list is better-profanity's (a maintained list with leetspeak variants, pure Python, no
network): a nickname is refused if the whole of it, or any word in it (split at spaces,
punctuation, digits and camelCase humps), is on the list.
"""

from __future__ import annotations

import re
import secrets
import threading
import unicodedata
from functools import lru_cache

from game.i18n import N_, _

MAX_LENGTH = 24
ADJECTIVES = ("Brave", "Calm", "Clever", "Curious", "Eager", "Gentle", "Happy", "Jolly", "Kind",
              "Lucky", "Mighty", "Nimble", "Quick", "Quiet", "Rolling", "Steady", "Sunny", "Swift",
              "Tiny", "Wise", "Bold", "Bright", "Cosmic", "Daring")
ANIMALS = ("Otter", "Falcon", "Panda", "Badger", "Heron", "Koala", "Lynx", "Marmot", "Newt",
           "Owl", "Puffin", "Quokka", "Robin", "Seal", "Tapir", "Walrus", "Yak", "Zebra", "Fox",
           "Gecko", "Ibex", "Lemur", "Moose", "Wombat")

_lock = threading.Lock()


class NicknameError(ValueError):
    """A nickname the server will not take: str() is the one line in English; `msgid` and
    `fields` word it in the student's language (`said()`; the server uses the socket's language)."""

    def __init__(self, msgid: str, **fields) -> None:
        super().__init__(msgid.format(**fields))
        self.msgid, self.fields = msgid, fields

    def said(self) -> str:
        return _(self.msgid).format(**self.fields)


@lru_cache(maxsize=1)
def _filter():
    from better_profanity import Profanity

    return Profanity()


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    return [w for w in re.split(r"[^A-Za-z]+", spaced) if w]


def is_offensive(name: str) -> bool:
    candidates = [name, " ".join(_words(name)), "".join(_words(name))]
    with _lock:  # the library keeps its state on the instance; one reader at a time
        check = _filter().contains_profanity
        return any(check(text) for text in candidates) or any(check(w) for w in _words(name))


def clean(name: str) -> str:
    """The nickname as shown: NFKC, control and format characters dropped, spaces squeezed.
    Raises NicknameError for an empty, too long or offensive one."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in ("C",))
    text = " ".join(text.split())
    if not text:
        raise NicknameError(N_("nickname is empty; type one or take a made-up one"))
    if len(text) > MAX_LENGTH:
        raise NicknameError(N_("nickname is {length} characters; at most {most}"), length=len(text), most=MAX_LENGTH)
    if is_offensive(text):
        raise NicknameError(N_("that nickname is not allowed in class; choose another"))
    return text


def friendly(rng=secrets) -> str:
    """A made-up kind nickname like 'Swift Otter 42'."""
    return f"{rng.choice(ADJECTIVES)} {rng.choice(ANIMALS)} {10 + rng.randbelow(90)}"
