"""Level families, keyed by the level's "kind": one module each, behind one protocol
(game/sim/families/base.py). A module of this package that defines `FAMILY` (a Family) is a
family: adding one is adding its module, nothing else here.

    family("curve")         the ball family
    family_of(level)        the family that plays a level
    all_families()          every family, by kind

A family module that fails to import is an error the caller sees (never skipped quietly).
"""

from __future__ import annotations

import importlib
import pkgutil

from game.sim.families.base import Family

_FAMILIES: dict[str, Family] = {}


class UnknownFamily(LookupError):
    """No family plays this kind of level; the message says which kinds there are."""


def all_families() -> dict[str, Family]:
    """Every family, by kind (found on first use)."""
    if not _FAMILIES:
        found = {}
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            module = importlib.import_module(f"{__name__}.{info.name}")
            member = getattr(module, "FAMILY", None)
            if isinstance(member, Family):
                if member.kind in found:
                    raise RuntimeError(f"two level families claim kind {member.kind!r}: "
                                       f"{type(found[member.kind]).__name__} and {type(member).__name__}")
                found[member.kind] = member
        _FAMILIES.update(found)
    return dict(_FAMILIES)


def register(member: Family) -> None:
    """Add a family that lives outside this package (tests, plug-ins); replaces one of its kind."""
    all_families()
    _FAMILIES[member.kind] = member


def unregister(kind: str) -> None:
    _FAMILIES.pop(kind, None)


def kinds() -> tuple[str, ...]:
    return tuple(all_families())


def family(kind: str) -> Family:
    found = all_families().get(kind)
    if found is None:
        raise UnknownFamily(f"no level family plays kind {kind!r}; expected one of {', '.join(kinds())}")
    return found


def family_of(level) -> Family:
    return family(level.kind)


__all__ = ["Family", "UnknownFamily", "all_families", "register", "unregister", "kinds", "family", "family_of"]
