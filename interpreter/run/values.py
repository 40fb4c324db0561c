"""A ticket's field values and events, checked against the policy that evaluates them
(only the policy knows its fields, values, statuses and events)."""

from __future__ import annotations

from typing import Any

from plazo.dsl.names import suggest
from plazo.dsl.visible import visible
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.errors import JsonPath, TicketError
from plazo.interpreter.run.ticket import Event, Ticket


def field_value(policy: CompiledPolicy, name: object, raw: object, path: JsonPath) -> Any:
    """A ticket's value for a field, checked and converted (datetimes parsed)."""
    if not isinstance(name, str):  # a Ticket built directly, not read by Ticket.from_dict
        raise TicketError(f"a field's name is a text, got a {type(name).__name__}", path)
    spec = policy.fields.get(name)
    if spec is None:
        raise TicketError(f"unknown field '{visible(name)}'", path, suggest(name, policy.fields) or None)
    return None if raw is None else spec.type.from_json(name, raw, path)


def validate(policy: CompiledPolicy, ticket: Ticket) -> dict[str, Any]:
    """The ticket's field values, checked, and its events checked against the policy;
    raises :class:`TicketError` naming the place."""
    values = field_values(policy, ticket)
    check_events(policy, ticket, 0)
    return values


def field_values(policy: CompiledPolicy, ticket: Ticket) -> dict[str, Any]:
    """The ticket's given field values, checked and converted (the first half of :func:`validate`)."""
    return {name: field_value(policy, name, raw, ("fields", name)) for name, raw in ticket.fields.items()}


def check_events(policy: CompiledPolicy, ticket: Ticket, first: int) -> None:
    """Checks the events from index ``first`` on (the second half of :func:`validate`)."""
    events = ticket.events
    for i in range(first, len(events)):
        event_value(policy, i, events[i])


def event_value(policy: CompiledPolicy, i: int, e: Event) -> Any:
    """Checks event ``i``: its type, its status, the field and value it sets. Returns the
    value a ``set`` event sets, checked and converted (None for other events)."""
    if e.type not in policy.known_events:
        raise TicketError(f"unknown event '{visible(e.type)}'", ("events", i, "type"),
                          suggest(e.type, sorted(policy.known_events)) or None)
    if e.type == "status" and e.status not in policy.statuses:
        declared = f"the policy declares: {', '.join(policy.statuses)}" if policy.statuses else \
            "the policy declares none"
        raise TicketError(f"unknown status '{visible(e.status)}'", ("events", i, "status"),
                          suggest(e.status or "", policy.statuses) or declared)
    if e.type == "set":
        name = e.field or ""
        return field_value(policy, name, e.value, ("events", i, "value" if name in policy.fields else "field"))
    return None
