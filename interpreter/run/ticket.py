"""Tickets: declared field values and an ordered log of events, read from JSON.

``Ticket.from_dict`` checks the shape (instants with an offset, events in order,
the keys each event type needs); the policy checks the names and values when it
evaluates (``CompiledPolicy.validate``), since only it knows its fields.
Every error names the place in the JSON, ``@ $.events[2].at``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
import cattrs
from attrs import field, frozen

from plazo.interpreter.errors import JsonPath, TicketError
from plazo.interpreter.time.instants import parse_instant, to_us

EVENT_KEYS = {"status": ("status",), "set": ("field", "value")}


@frozen
class Event:
    """One entry of the log: ``created``, ``status`` (with ``status``), ``set`` (with
    ``field`` and ``value``), another built-in event or one the policy declares."""

    type: str
    at: datetime
    status: str | None = None
    field: str | None = None
    value: Any = None
    # the instant in epoch microseconds, computed once: a ticket is often evaluated many
    # times (at several instants, against two policy versions), and a naive `at` fails here
    us: int = attrs.field(init=False, repr=False, eq=False)

    @us.default
    def _us(self) -> int:
        return to_us(self.at, "event instant")


@frozen
class Ticket:
    id: str
    fields: Mapping[str, Any] = field(factory=dict)
    events: tuple[Event, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ticket:
        """The JSON form: ``{"id", "fields": {...}, "events": [{"type", "at", ...}]}``."""
        return _converter.structure(data, Ticket)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _converter.unstructure(self)  # cattrs is untyped here: Any
        return data


def _structure_ticket(data: Any, _: type) -> Ticket:
    if not isinstance(data, Mapping):
        raise TicketError(f"a ticket is a JSON object, got {type(data).__name__}")
    unknown = set(data) - {"id", "fields", "events"}
    if unknown:
        raise TicketError(f"unknown key '{sorted(unknown)[0]}'", (), "a ticket has id, fields and events")
    ticket_id = data.get("id", "")
    if not isinstance(ticket_id, (str, int)) or isinstance(ticket_id, bool):
        raise TicketError("the id must be a text or a number", ("id",))
    fields = data.get("fields", {})
    if not isinstance(fields, Mapping):
        raise TicketError("fields must be a JSON object", ("fields",))
    events_data = data.get("events", [])
    if not isinstance(events_data, list):
        raise TicketError("events must be a JSON list", ("events",))
    events = tuple(_structure_event(e, ("events", i)) for i, e in enumerate(events_data))
    for i in range(1, len(events)):
        if events[i].at < events[i - 1].at:
            raise TicketError(
                f"events out of order: {events[i].at.isoformat()} is before the previous event "
                f"({events[i - 1].at.isoformat()})", ("events", i, "at"))
    return Ticket(str(ticket_id), dict(fields), events)


def _structure_event(data: Any, where: JsonPath) -> Event:
    # the common event, {"type": "first_response", "at": "..."}, read without the checks
    # below (a history has millions); anything else takes the long way and its error
    if type(data) is dict and len(data) == 2:
        kind, at = data.get("type"), data.get("at")
        if type(kind) is str and kind and kind not in EVENT_KEYS and type(at) is str:
            try:
                instant = datetime.fromisoformat(at)
            except ValueError:
                instant = None
            if instant is not None and instant.utcoffset() is not None:
                return Event(kind, instant)
    if not isinstance(data, Mapping):
        raise TicketError(f"an event is a JSON object, got {type(data).__name__}", where)
    kind = data.get("type")
    if not isinstance(kind, str) or not kind:
        raise TicketError("an event needs a 'type'", where)
    if "at" not in data:
        raise TicketError("an event needs an 'at' instant", where)
    needed = EVENT_KEYS.get(kind, ())
    for key in needed:
        if key not in data:
            raise TicketError(f"a '{kind}' event needs '{key}'", where)
    unknown = set(data) - {"type", "at", *needed}
    if unknown:
        raise TicketError(f"unknown key '{sorted(unknown)[0]}' for a '{kind}' event", where)
    status = data.get("status")
    if kind == "status" and not isinstance(status, str):
        raise TicketError("a status is a name", (*where, "status"))
    name = data.get("field")
    if kind == "set" and not isinstance(name, str):
        raise TicketError("a field is a name", (*where, "field"))
    return Event(kind, parse_instant(data["at"], (*where, "at")), status, name, data.get("value"))


def _unstructure_event(event: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"type": event.type, "at": event.at.isoformat()}
    if event.type == "status":
        out["status"] = event.status
    if event.type == "set":
        out["field"] = event.field
        out["value"] = event.value.isoformat() if isinstance(event.value, datetime) else event.value
    return out


_converter = cattrs.Converter()
_converter.register_structure_hook(Ticket, _structure_ticket)
_converter.register_unstructure_hook(Event, _unstructure_event)
_converter.register_unstructure_hook(
    Ticket, lambda t: {"id": t.id, "fields": {k: (v.isoformat() if isinstance(v, datetime) else v)
                                             for k, v in t.fields.items()},
                       "events": [_unstructure_event(e) for e in t.events]})
