"""A ticket's field values and events, checked against the policy that evaluates them
(only the policy knows its fields, values, statuses and events)."""

from __future__ import annotations

from typing import Any

from plazo.dsl.names import suggest
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.errors import JsonPath, TicketError
from plazo.interpreter.run.ticket import Ticket, parse_instant


def field_value(policy: CompiledPolicy, name: str, raw: Any, path: JsonPath) -> Any:
    """A ticket's value for a field, checked and converted (datetimes parsed)."""
    spec = policy.fields.get(name)
    if spec is None:
        raise TicketError(f"unknown field '{name}'", path, suggest(name, policy.fields) or None)
    if raw is None:
        return None
    if spec.kind == "enum":
        if not isinstance(raw, str) or raw not in spec.values:
            raise TicketError(f"unknown value '{raw}' for field {name}", path,
                              suggest(str(raw), spec.values) or f"one of {', '.join(spec.values)}")
        return raw
    if spec.kind == "number":
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise TicketError(f"field {name} is a number, got {raw!r}", path)
        return float(raw)
    if spec.kind == "boolean":
        if not isinstance(raw, bool):
            raise TicketError(f"field {name} is true or false, got {raw!r}", path)
        return raw
    if spec.kind == "datetime":
        return parse_instant(raw, path)
    if not isinstance(raw, str):
        raise TicketError(f"field {name} is a text, got {raw!r}", path)
    return raw


def validate(policy: CompiledPolicy, ticket: Ticket) -> dict[str, Any]:
    """The ticket's field values, checked, and its events checked against the policy;
    raises :class:`TicketError` naming the place."""
    values = {name: field_value(policy, name, raw, ("fields", name)) for name, raw in ticket.fields.items()}
    known = policy.known_events
    for i, e in enumerate(ticket.events):
        if e.type not in known:
            raise TicketError(f"unknown event '{e.type}'", ("events", i, "type"),
                              suggest(e.type, sorted(known)) or None)
        if e.type == "status" and e.status not in policy.statuses:
            declared = f"the policy declares: {', '.join(policy.statuses)}" if policy.statuses else \
                "the policy declares none"
            raise TicketError(f"unknown status '{e.status}'", ("events", i, "status"),
                              suggest(e.status or "", policy.statuses) or declared)
        if e.type == "set":
            name = e.field or ""
            field_value(policy, name, e.value, ("events", i, "value" if name in policy.fields else "field"))
    return values
