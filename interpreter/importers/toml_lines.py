"""Where a key of a TOML file is written: ``tomllib`` gives values without positions, and
an error in a mapping file must name its line.

A light scan, enough for the files a person writes: table headers (``[fields.priority]``),
``key = value`` lines with dotted or quoted keys, and the keys of an inline table
(``values = { urgent = "a" }``) on the line where they stand. A key it cannot place is
given the line of the nearest enclosing key or table it can.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"' + "|" + r"'[^']*'"
_KEY = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_ASSIGNMENT = re.compile(rf"^\s*({_DOTTED})\s*=")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY)

KeyPath = tuple[str, ...]


def _parts(dotted: str) -> KeyPath:
    out = []
    for part in _PART.findall(dotted):
        if part[:1] in "\"'":
            part = part[1:-1]
        out.append(part)
    return tuple(out)


class KeyLines:
    """The line of each key path of a TOML text (1-based)."""

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
        table: KeyPath = ()
        for number, line in enumerate(text.splitlines(), 1):
            header = _HEADER.match(line)
            if header:
                table = _parts(header.group(1))
                self._lines.setdefault(table, number)
                continue
            assignment = _ASSIGNMENT.match(line)
            if not assignment:
                continue
            key = (*table, *_parts(assignment.group(1)))
            self._lines.setdefault(key, number)
            rest = line[assignment.end():]
            if "{" in rest:
                for inner in _INLINE_KEY.finditer(rest):
                    self._lines.setdefault((*key, *_parts(inner.group(1))), number)

    def line(self, path: Sequence[str]) -> int | None:
        """The line of ``path``, else of its nearest enclosing key or table; None if none is known."""
        for n in range(len(path), 0, -1):
            found = self._lines.get(tuple(path[:n]))
            if found is not None:
                return found
        return None
