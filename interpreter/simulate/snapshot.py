"""A scenario from a real ticket (``plazo simulate POLICY TICKET --to-scenario``): the
ticket's fields and events, and after each instant at which something happened an
``expect`` block holding what the policy gives today: each target's status, due
instant (with its offset), breach and cycles, and each ladder's level. It is a
snapshot, not a judgement: QA reads it, corrects what the SLA says otherwise, and
keeps it as a test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import groupby

from plazo.dsl.visible import visible
from plazo.interpreter.policy import Policy
from plazo.interpreter.run.results import EscalationResult, EvaluationResult, TargetResult
from plazo.interpreter.run.ticket import Event, Ticket
from plazo.interpreter.simulate.scenario_text import instant, text_token, ticket_id, value

INDENT = "  "


def snapshot(policy: Policy, ticket: Ticket, policy_path: str, source: str = "") -> str:
    """The scenario text. ``policy_path``: the policy as the scenario names it (relative
    to the scenario's folder); ``source``: where the ticket was read, for the header."""
    policy.validate(ticket)  # a ticket the policy refuses is an error here, not a scenario that fails to load
    tz = policy.tz
    header = [
        f"# A snapshot of ticket {visible(ticket.id)}{f' ({visible(source)})' if source else ''} under "
        f"{visible(policy.name)}, written by plazo simulate --to-scenario.",
        "# Every expectation is what plazo computes today, not what the SLA promises: review each",
        "# one against the agreement, correct it where they differ, then keep the file as a test.",
        "# Instants carry their offset: each names one instant in any zone.",
        f"scenario {text_token(f'snapshot of {ticket.id}', ('id',))}",
        f"policy {text_token(policy_path, ())}",
        "",
        f"ticket {ticket_id(ticket.id)} {{",
    ]
    body = [f"{INDENT}{name} = {value(v, ('fields', name), tz)}" for name, v in ticket.fields.items()]
    index = 0
    for at, same in groupby(ticket.events, key=lambda e: e.at):
        for e in same:
            body.append(f"{INDENT}{instant(e.at, tz)}  {_event(e, index, policy)}")
            index += 1
        body.append(f"{INDENT}at {instant(at, tz)} expect {{")
        body += [f"{INDENT * 2}{line}" for line in expectations(policy, policy.evaluate(ticket, at))]
        body.append(f"{INDENT}}}")
    return "\n".join([*header, *body, "}"]) + "\n"


def _event(e: Event, index: int, policy: Policy) -> str:
    if e.type == "status":
        return f"status {e.status}"
    if e.type == "set":
        return f"set {e.field} = {value(e.value, ('events', index, 'value'), policy.tz)}"
    return e.type


def expectations(policy: Policy, r: EvaluationResult) -> Iterator[str]:
    """The expectations that hold for ``r``: every target, then every ladder of the policy."""
    for t in r.targets:
        yield from _target(t)
    applying = {e.name: e for e in r.escalations}
    for ladder in policy.ladders:
        e = applying.get(ladder.name)
        yield f"escalation {ladder.name} not_applicable" if e is None else _level(e)


def _target(t: TargetResult) -> Iterator[str]:
    yield f"target {t.name} {t.status}"
    if t.status == "not_applicable":
        return
    yield f"{t.name} due {_instant(t.due)}"
    if t.breached_at is not None:
        yield f"{t.name} breached at {instant(t.breached_at)}"
    if t.cycles is None:
        return
    yield f"{t.name} cycles {len(t.cycles)}"
    for n, c in enumerate(t.cycles, 1):
        yield f"{t.name} cycle {n} {c.status}"
        yield f"{t.name} cycle {n} due {_instant(c.due)}"


def _level(e: EscalationResult) -> str:
    level = e.current_level
    if level is None:
        return f"escalation {e.name} level none"
    if isinstance(level, float) and not level.is_integer():
        # the scenario language writes whole levels; the line keeps the fact for the reader
        return f"# escalation {e.name} is at level {format(level, 'g')} (not expressible: levels are whole numbers)"
    return f"escalation {e.name} level {int(level)}"


def _instant(t: datetime | None) -> str:
    return "none" if t is None else instant(t)
