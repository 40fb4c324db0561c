"""A ticket's field values and events, checked against the policy that evaluates them
(only the policy knows its fields, values, statuses and events)."""

from __future__ import annotations

from typing import Any

from plazo.dsl.names import suggest
from plazo.dsl.visible import visible
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.errors import JsonPath, TicketError
from plazo.interpreter.run.ticket import Ticket


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
    values = {name: field_value(policy, name, raw, ("fields", name)) for name, raw in ticket.fields.items()}
    known = policy.known_events
    for i, e in enumerate(ticket.events):
        if e.type not in known:
            raise TicketError(f"unknown event '{visible(e.type)}'", ("events", i, "type"),
                              suggest(e.type, sorted(known)) or None)
        if e.type == "status" and e.status not in policy.statuses:
            declared = f"the policy declares: {', '.join(policy.statuses)}" if policy.statuses else \
                "the policy declares none"
            raise TicketError(f"unknown status '{visible(e.status)}'", ("events", i, "status"),
                              suggest(e.status or "", policy.statuses) or declared)
        if e.type == "set":
            name = e.field or ""
            field_value(policy, name, e.value, ("events", i, "value" if name in policy.fields else "field"))
    return values
