"""Tickets: declared field values and an ordered log of events, read from JSON.

``Ticket.from_dict`` checks the shape (instants with an offset, events in order,
the keys each event type needs); the policy checks the names and values when it
evaluates (``CompiledPolicy.validate``), since only it knows its fields.
Every error names the place in the JSON, ``@ $.events[2].at``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import attrs
import cattrs
from attrs import field, frozen

from plazo.dsl.visible import visible
from plazo.interpreter.errors import JsonPath, TicketError
from plazo.interpreter.time.instants import END_US, FIRST_US, parse_instant, to_us

EVENT_KEYS = {"status": ("status",), "set": ("field", "value")}
TICKET_KEYS = frozenset({"id", "fields", "events"})


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
    def from_dict(cls, data: object) -> Ticket:
        """The JSON form: ``{"id", "fields": {...}, "events": [{"type", "at", ...}]}``
        (anything else is a :class:`TicketError`)."""
        return _structure_ticket(data, Ticket)  # the converter's hook, without its dispatch

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _converter.unstructure(self)  # cattrs is untyped here: Any
        return data


# Below this many microseconds from the epoch (the year 2041; the supported range starts after
# -2**51, in 1900), round(timestamp * 1e6) is the exact instant: the two float roundings
# together are off by less than 0.4 microsecond.
FLOAT_ROUND_US = 2**51
_FLOAT_END_US = min(END_US, FLOAT_ROUND_US)
_fromisoformat = datetime.fromisoformat
_new = object.__new__
# The slots of an Event, written directly: Event() would compute `us` again, which the
# common path below has just computed (a history has millions of events).
_EVENT_SLOTS = ("type", "at", "status", "field", "value", "us")
if tuple(a.name for a in attrs.fields(Event)) != _EVENT_SLOTS:  # a new field must be set in _event too
    raise TypeError(f"Event's fields changed: update _EVENT_SLOTS and _event ({attrs.fields(Event)})")
_set_type, _set_at, _set_status, _set_field, _set_value, _set_us = (Event.__dict__[n].__set__ for n in _EVENT_SLOTS)


def _event(kind: str, at: datetime, us: int) -> Event:
    """``Event(kind, at)``, its ``us`` (the epoch microseconds of ``at``) given."""
    event: Event = _new(Event)
    _set_type(event, kind)
    _set_at(event, at)
    _set_status(event, None)
    _set_field(event, None)
    _set_value(event, None)
    _set_us(event, us)
    return event


def _structure_ticket(data: Any, _: type) -> Ticket:
    if not isinstance(data, Mapping):
        raise TicketError(f"a ticket is a JSON object, got {type(data).__name__}")
    if not TICKET_KEYS.issuperset(data):
        unknown = set(data) - TICKET_KEYS
        raise TicketError(f"unknown key {_key_text(_first_key(unknown))}", (),
                          "a ticket has id, fields and events")
    ticket_id = _id_text(data.get("id", ""))
    fields = data.get("fields", {})
    if not isinstance(fields, Mapping):
        raise TicketError("fields must be a JSON object", ("fields",))
    for name in fields:
        if not isinstance(name, str):  # only through the API: JSON keys are texts
            raise TicketError(f"a field's name is a text, got {_key_text(name)}", ("fields",),
                              "name each field as the policy does, e.g. {'severity': 'alto'}")
    events_data = data.get("events", [])
    if not isinstance(events_data, list):
        raise TicketError("events must be a JSON list", ("events",))
    events: list[Event] = []
    stamps: list[int] = []  # each event's epoch microseconds
    fixed = True  # every instant has a fixed offset: comparing epoch microseconds is comparing instants
    for i, e in enumerate(events_data):
        # the common event, {"type": "first_response", "at": "..."} with an instant in range, is
        # read here with one conversion of its instant and none of _structure_event's checks (a
        # history has millions); anything else takes the long way, and its error
        if type(e) is dict and len(e) == 2:
            kind, at = e.get("type"), e.get("at")
            if type(kind) is str and kind and kind not in EVENT_KEYS and type(at) is str:
                try:
                    instant = _fromisoformat(at)
                    # fromisoformat's offset is a fixed timezone: with one, utcoffset is not None
                    us = END_US if instant.tzinfo is None else round(instant.timestamp() * 1e6)
                except (ValueError, OverflowError):
                    us = END_US
                if FIRST_US <= us < _FLOAT_END_US:
                    events.append(_event(kind, instant, us))
                    stamps.append(us)
                    continue
        event = _structure_event(e, ("events", i))
        fixed = fixed and type(event.at.tzinfo) is timezone
        events.append(event)
        stamps.append(event.us)
    # every event is read before the order is checked: the first event that cannot be read is
    # the error, wherever the order goes wrong (sorted: one pass in C over events in order)
    if not fixed or stamps != sorted(stamps):
        for i in range(1, len(events)):
            if (stamps[i] < stamps[i - 1]) if fixed else (events[i].at < events[i - 1].at):
                raise TicketError(
                    f"events out of order: {events[i].at.isoformat()} is before the previous event "
                    f"({events[i - 1].at.isoformat()})", ("events", i, "at"))
    return Ticket(ticket_id, dict(fields), tuple(events))


MAX_ID_DIGITS = 100  # a numeric id longer than this is a mistake, not a ticket number


def _id_text(raw: object) -> str:
    """The id as a text: a text, or a whole number written in digits. A fraction (``1.5``)
    is refused, since JSON writes the same number as ``1.5`` and ``15e-1``."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        if raw.bit_length() > MAX_ID_DIGITS * 3.33:  # checked before str(), which fails past 4,300 digits
            raise TicketError(f"the id is a number of more than {MAX_ID_DIGITS} digits", ("id",),
                              "write the id as a text")
        return str(raw)
    if isinstance(raw, float):
        raise TicketError(f"the id must be a text or a whole number, got {raw!r}", ("id",),
                          f'write it as a text, "{raw!r}"' if raw == raw and abs(raw) != float("inf") else None)
    raise TicketError(f"the id must be a text or a whole number, got {_kind(raw)}", ("id",))


def _kind(raw: object) -> str:
    return {bool: "true or false", type(None): "null", dict: "a JSON object", list: "a JSON list"}.get(
        type(raw), type(raw).__name__)


def _first_key(keys: set[object]) -> object:
    """The key a message names: the first text in order, else any (through the API a key
    can be anything hashable)."""
    texts = sorted(k for k in keys if isinstance(k, str))
    return texts[0] if texts else next(iter(keys))


def _key_text(key: object) -> str:
    if isinstance(key, str):
        return "'" + visible(key if len(key) <= 80 else key[:80] + "…") + "'"
    return f"a key of type {type(key).__name__}"


def _structure_event(data: Any, where: JsonPath) -> Event:
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
            raise TicketError(f"a '{visible(kind)}' event needs '{key}'", where)
    unknown = set(data) - {"type", "at", *needed}
    if unknown:
        raise TicketError(f"unknown key {_key_text(_first_key(unknown))} for a '{visible(kind)}' event",
                          where)
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
