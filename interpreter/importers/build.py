"""A product's ticket (what happened to it) -> a plazo ticket in its JSON form, through
the mapping; whatever the mapping does not map is counted in the report.

Rules, the same for every product:

- the ticket's ``fields`` are the mapped values it was created with; a later change of
  a mapped field is a ``set`` event, and its ``events`` table may add events;
- a status change logs what ``[statuses]`` says; leaving a status of ``reopen_from`` for
  one that is not logs ``reopened`` first (a solved ticket answered again);
- a comment logs what ``[comments]`` says for its kind; the first comment of a kind in
  ``first_response`` logs ``first_response`` before it;
- happenings are taken in time order (a stable sort: the export's order within an
  instant), the creation first among those of its instant.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingType
from typing import Any

from plazo.interpreter.errors import TicketError
from plazo.interpreter.importers.happenings import Changed, Commented, Noted, Opened, Scalar, SourceTicket
from plazo.interpreter.importers.mapping import Emit, Mapping, value_key
from plazo.interpreter.importers.report import Report
from plazo.interpreter.run.ticket import Ticket

_UNMAPPED: Any = object()  # a product value the mapping does not translate


class _Builder:
    def __init__(self, ticket: SourceTicket, mapping: Mapping, report: Report) -> None:
        self.id, self.mapping, self.report = ticket.id, mapping, report
        self.fields: dict[str, Any] = {}
        self.events: list[dict[str, Any]] = []
        self.status: str | None = None
        self.answered = False

    def emit(self, emits: tuple[Emit, ...], at: str) -> None:
        self.events += [e.at(at) for e in emits]

    def opened(self, h: Opened) -> None:
        at = h.at.isoformat()
        self.events.append({"type": "created", "at": at})
        for name, value in h.values:
            if name == self.mapping.product.status_field:
                self.status_is(value, at, opening=True)
            else:
                self.field_is(name, value, at, opening=True)

    def status_is(self, value: Scalar, at: str, opening: bool = False) -> None:
        status = value_key(value)
        mapping = self.mapping
        if not opening and self.status in mapping.reopen_from and status not in mapping.reopen_from:
            self.events.append({"type": "reopened", "at": at})
        self.status = status
        emits = mapping.statuses.get(status)
        if emits is None:
            self.report.unmapped("status", status, self.id)
        elif not emits:
            self.report.ignored("status", status, self.id)
        else:
            self.emit(emits, at)

    def field_is(self, name: str, value: Scalar, at: str, opening: bool = False) -> None:
        if name not in self.mapping.fields:
            self.report.unmapped("field", name, self.id)
            return
        field = self.mapping.fields[name]
        if field is None:
            self.report.ignored("field", name, self.id)
            return
        key = value_key(value)
        if field.to is not None:
            mapped = self._translated(name, field.to, field.values, value)
            if mapped is _UNMAPPED:
                self.report.unmapped(f"value of {name}", key, self.id)  # the field keeps its value
            elif opening:
                if mapped is not None:
                    self.fields[field.to] = mapped
            else:
                self.events.append({"type": "set", "at": at, "field": field.to, "value": mapped})
        emits = field.events.get(key)
        if emits:
            self.emit(emits, at)

    def _translated(self, name: str, to: str, values: MappingType[str, Scalar] | None, value: Scalar) -> Any:
        """The policy's value for a product value; ``_UNMAPPED`` when the mapping has none
        (a table without it, or no table and a value the policy's field cannot hold)."""
        if value is None:  # the product cleared the field
            return None
        if values is not None:
            return values.get(value_key(value), _UNMAPPED)
        try:
            self.mapping.policy.fields[to].type.from_json(to, value, ())
        except TicketError:
            return _UNMAPPED
        return value

    def commented(self, h: Commented) -> None:
        at = h.at.isoformat()
        mapping = self.mapping
        if h.kind in mapping.first_response and not self.answered:
            self.answered = True
            self.events.append({"type": "first_response", "at": at})
        emits = mapping.comments.get(h.kind)
        if emits is None:
            self.report.unmapped("comment kind", h.kind, self.id)
        elif not emits:
            self.report.ignored("comment kind", h.kind, self.id)
        else:
            self.emit(emits, at)

    def noted(self, h: Noted) -> None:
        emits = self.mapping.records.get(h.name)
        if emits is None:
            self.report.unmapped("record", h.name, self.id)
        elif not emits:
            self.report.ignored("record", h.name, self.id)
        else:
            self.emit(emits, h.at.isoformat())



def build_ticket(source: SourceTicket, mapping: Mapping, report: Report) -> Ticket:
    """The plazo ticket, checked against the mapping's policy (a :class:`TicketError` if the
    export made it impossible, e.g. no creation)."""
    openings = [h for h in source.happenings if isinstance(h, Opened)]
    if len(openings) != 1:
        raise TicketError("the export does not say when the ticket was created" if not openings
                          else "the export creates the ticket more than once")
    # the creation sorts first among the happenings of its instant
    ordered = sorted(source.happenings, key=lambda h: (h.at, 0 if isinstance(h, Opened) else 1))
    builder = _Builder(source, mapping, report)
    for h in ordered:
        if isinstance(h, Opened):
            builder.opened(h)
        elif isinstance(h, Changed):
            if h.field == mapping.product.status_field:
                builder.status_is(h.value, h.at.isoformat())
            else:
                builder.field_is(h.field, h.value, h.at.isoformat())
        elif isinstance(h, Commented):
            builder.commented(h)
        else:
            builder.noted(h)
    ticket = Ticket.from_dict({"id": source.id, "fields": builder.fields, "events": builder.events})
    mapping.policy.validate(ticket)
    return ticket
