"""What an import did not turn into ticket history, counted: nothing is dropped silently.

Every status, field, field value and comment kind the mapping does not map, and every
record of the export that is not ticket history, is counted once per name with the first
ticket it was seen on; the command lists them at the end (stderr, and in ``--json``).
What the mapping maps to ``ignore`` is counted too, apart, since it was chosen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from attrs import define, field, frozen

from plazo.dsl.visible import visible


@frozen
class Entry:
    what: str       # "status", "field", "value of priority", "comment kind", "audit event", ...
    name: str
    count: int
    first_ticket: str


@define
class Report:
    """Counts by (what, name), in the order first seen."""

    _unmapped: dict[tuple[str, str], list[Any]] = field(factory=dict)
    _ignored: dict[tuple[str, str], list[Any]] = field(factory=dict)

    def unmapped(self, what: str, name: str, ticket: str) -> None:
        _count(self._unmapped, what, name, ticket)

    def ignored(self, what: str, name: str, ticket: str) -> None:
        _count(self._ignored, what, name, ticket)

    def unmapped_entries(self) -> list[Entry]:
        return list(_entries(self._unmapped))

    def ignored_entries(self) -> list[Entry]:
        return list(_entries(self._ignored))

    def render(self) -> str:
        """The text the command prints on stderr (empty when there is nothing to say)."""
        lines = []
        for title, entries in (("not mapped (add them to the mapping, or map them to \"ignore\")",
                                self.unmapped_entries()),
                               ("ignored, as the mapping says", self.ignored_entries())):
            if entries:
                lines.append(f"{title}:")
                lines += [f"  {e.what} '{visible(e.name)}': {e.count} (first in ticket {visible(e.first_ticket)})"
                          for e in entries]
        return "".join(line + "\n" for line in lines)

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {"unmapped": [_entry_dict(e) for e in self.unmapped_entries()],
                "ignored": [_entry_dict(e) for e in self.ignored_entries()]}


def _count(table: dict[tuple[str, str], list[Any]], what: str, name: str, ticket: str) -> None:
    found = table.get((what, name))
    if found is None:
        table[(what, name)] = [1, ticket]
    else:
        found[0] += 1


def _entries(table: dict[tuple[str, str], list[Any]]) -> Iterator[Entry]:
    for (what, name), (count, ticket) in table.items():
        yield Entry(what, name, count, ticket)


def _entry_dict(e: Entry) -> dict[str, Any]:
    return {"what": e.what, "name": e.name, "count": e.count, "first_ticket": e.first_ticket}
