"""Writing the pieces of a scenario file (grammar/scenario.lark): names, values and
instants as the scenario parser reads them back. A value that no token of the
language can carry is a :class:`TicketError` at its JSON path, never a file that fails
to parse."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import Any

from plazo.dsl.names import boolean_word
from plazo.dsl.syntax.strings import quote
from plazo.interpreter.errors import JsonPath, TicketError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_NUMBER = re.compile(r"\d+(\.\d+)?\Z")
# words the scenario grammar reads as keywords where a value could stand
_KEYWORDS = frozenset({"none", "open", "closed", "allowed", "emergency", "status", "set", "at", "expect"})


def is_name(text: str) -> bool:
    return bool(_NAME.match(text))


def ticket_id(text: str) -> str:
    """A ticket's id: a bare name when it is one, else quoted (``"ALD-1042"``)."""
    return text if is_name(text) and text not in _KEYWORDS else text_token(text, ("id",))


def text_token(text: str, path: JsonPath) -> str:
    """A quoted text; a line break cannot be written in one."""
    if "\n" in text or "\r" in text:
        raise TicketError("a line break in a text, which a scenario cannot write", path,
                          "write the text on one line, or leave the field out of the snapshot's ticket")
    return quote(text)


def instant(t: datetime, tz: tzinfo | None = None) -> str:
    """``2026-03-06 17:30-05:00``: in ``tz`` (default: its own zone), always with the
    offset, so that it is one instant whatever zone reads it; seconds when there are some."""
    local = t.astimezone(tz) if tz is not None else t
    text = local.isoformat(timespec="seconds" if local.second or local.microsecond else "minutes")
    if local.microsecond:
        raise TicketError(f"{t.isoformat()} has a fraction of a second, which a scenario cannot write", (),
                          "round the instant to the second")
    return text.replace("T", " ", 1)


def value(v: Any, path: JsonPath, tz: tzinfo) -> str:
    """A field's value as a scenario writes it: a bare name when the parser gives the same
    text back (not a boolean word, not a keyword), ``true``/``false``, a number, an
    instant with its offset, else a quoted text."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime):
        return instant(v, tz)
    if isinstance(v, int | float):
        text = format(v, "g") if isinstance(v, float) else str(v)
        if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
            text = str(int(v))
        if not _NUMBER.match(text):
            raise TicketError(f"the number {text}: a scenario writes numbers of digits and a point only "
                              "(no sign, no exponent)", path, "give the field a value of 0 or more")
        return text
    text = str(v)
    if is_name(text) and text not in _KEYWORDS and boolean_word(text) is None:
        return text
    return text_token(text, path)
