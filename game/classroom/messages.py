"""The classroom message contract: schema.json (shipped beside this file) and one-line refusals.

`parse(text, allowed)` turns a received WebSocket frame into a dict, or raises MessageError with
one line saying what is wrong: too big, not JSON, NaN/Infinity, unknown type, or the first schema
violation with its JSON path.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import jsonschema

MAX_BYTES = 64 * 1024  # 64 KiB: any message over this is refused unread
CLIENT_TYPES = ("join", "rejoin", "run", "ping")  # what a student may send
TEACHER_TYPES = ("teacher", "ping")  # what a dashboard may send


class MessageError(ValueError):
    """A message the server refuses: str() is the one line the sender gets back."""


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(resources.files("game.classroom").joinpath("schema.json").read_text("utf-8"))


@lru_cache(maxsize=8)
def _validator(kind: str):
    root = schema()
    sub = {"$ref": f"#/$defs/{kind}", "$defs": root["$defs"]}
    return jsonschema.Draft202012Validator(sub)


def _no_constant(name: str):
    raise MessageError(f"{name} is not a number this server takes; send finite numbers")


def parse(data: str | bytes, allowed: tuple[str, ...] = CLIENT_TYPES) -> dict:
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size > MAX_BYTES:
        raise MessageError(f"message of {size} bytes is over the {MAX_BYTES}-byte limit")
    try:
        message = json.loads(data, parse_constant=_no_constant)
    except MessageError:
        raise
    except (ValueError, UnicodeDecodeError) as error:
        raise MessageError(f"message is not JSON: {error}") from None
    if not isinstance(message, dict):
        raise MessageError("message is not a JSON object; expected {\"type\": ...}")
    kind = message.get("type")
    if not isinstance(kind, str) or kind not in allowed:
        raise MessageError(f"unknown message type {kind!r}; expected one of {', '.join(allowed)}")
    validate(message, kind)
    return message


def validate(message: dict, kind: str) -> None:
    """Raise MessageError with the first (best) schema problem of `message` as a `kind` message."""
    error = jsonschema.exceptions.best_match(_validator(kind).iter_errors(message))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "message"
        text = error.message if len(error.message) <= 160 else error.message[:150] + " ..."
        raise MessageError(f"{kind} message: {where}: {text}")


def dumps(message: dict) -> str:
    return json.dumps(message, allow_nan=False, separators=(",", ":"))
