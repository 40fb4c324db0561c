"""What a product's export says happened to a ticket, in words common to every product.

Each product's reader (zendesk, jira, zammad) turns its export into these records, one
class per kind; :mod:`~plazo.interpreter.importers.build` turns them into a plazo ticket
through the mapping. Field values stay the product's own (texts, numbers), and statuses
are a field like the others, named by the product (Zendesk and Jira ``status``, Zammad
``state``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from attrs import frozen

Scalar = str | int | float | bool | None


@frozen
class Opened:
    """The ticket was created at ``at`` with these values (the status among them)."""

    at: datetime
    values: tuple[tuple[str, Scalar], ...]


@frozen
class Changed:
    """The product's ``field`` took ``value`` at ``at``."""

    at: datetime
    field: str
    value: Scalar


@frozen
class Commented:
    """A comment (an article, a note) of one of the product's comment ``kind``\\ s."""

    at: datetime
    kind: str


@frozen
class Noted:
    """Another record of the product's history (a notification sent, a merge, a comment
    redacted): ``name`` is its kind, which the mapping's ``[records]`` may turn into an event."""

    at: datetime
    name: str


Happening = Opened | Changed | Commented | Noted


@frozen
class SourceTicket:
    """One ticket of an export: its id and what happened to it, in the export's order."""

    id: str
    happenings: Sequence[Happening]


@frozen
class Rejected:
    """A ticket of the export that could not be read: its id (when known) and why."""

    id: str | None
    reason: str


def opening_values(now: Mapping[str, Scalar], changes: Iterable[tuple[Changed, Scalar]]
                   ) -> tuple[tuple[str, Scalar], ...]:
    """A ticket's field values when it was opened: today's values, except that a field
    that changed has the value from before its first change (``changes`` in time order,
    each with the value it replaced)."""
    values = dict(now)
    first: dict[str, Scalar] = {}
    for change, before in changes:
        first.setdefault(change.field, before)
    values.update(first)
    return tuple(values.items())
