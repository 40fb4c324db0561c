"""Reading an export's JSON by its documented shape: each accessor checks the type it
expects and names the JSON path when the export does not have it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from plazo.dsl.visible import visible
from plazo.interpreter.errors import ExportError, JsonPath
from plazo.interpreter.time.instants import RANGE_HINT, in_range

INSTANT_HINT = "the products write instants like 2026-03-09T14:05:00Z or 2026-03-09T09:05:00.000-0500"


def kind_of(raw: object) -> str:
    """What a JSON value is, as a message says it."""
    if raw is None:
        return "null"
    if isinstance(raw, bool):
        return "true or false"
    return {dict: "an object", list: "a list", str: "a text", int: "a number", float: "a number"}.get(
        type(raw), type(raw).__name__)


def obj(raw: object, path: JsonPath) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ExportError(f"expected an object, got {kind_of(raw)}", path)
    return raw


def items(raw: object, path: JsonPath) -> list[Any]:
    if not isinstance(raw, list):
        raise ExportError(f"expected a list, got {kind_of(raw)}", path)
    return raw


def member(data: Mapping[str, Any], key: str, path: JsonPath) -> Any:
    """``data[key]``, which the documented shape requires."""
    if key not in data:
        raise ExportError(f"missing key '{key}'", path)
    return data[key]


def text(raw: object, path: JsonPath) -> str:
    if not isinstance(raw, str):
        raise ExportError(f"expected a text, got {kind_of(raw)}", path)
    return raw


def boolean(raw: object, path: JsonPath) -> bool:
    if not isinstance(raw, bool):
        raise ExportError(f"expected true or false, got {kind_of(raw)}", path)
    return raw


def ident(raw: object, path: JsonPath) -> str:
    """An id: a text, or a whole number (the products write both)."""
    if isinstance(raw, str) and raw:
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    raise ExportError(f"expected an id (a text or a whole number), got {kind_of(raw)}", path)


def instant(raw: object, path: JsonPath) -> datetime:
    """An aware instant; one without a UTC offset is refused, never read in a guessed zone."""
    value = text(raw, path)
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise ExportError(f"'{visible(value[:80])}' is not an ISO 8601 instant", path, INSTANT_HINT) from None
    if at.utcoffset() is None:
        raise ExportError(f"'{visible(value[:80])}' has no UTC offset", path, INSTANT_HINT)
    if not in_range(at):
        raise ExportError(f"'{visible(value[:80])}' is outside the supported range", path, RANGE_HINT)
    return at
