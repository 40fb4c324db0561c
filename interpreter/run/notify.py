"""Notification duties over a ticket's log (docs/semantics.md, "Notification duties").

A duty opens at the first time its opening event happens; it is due its deadline
later (clock time, or a calendar's open time); the first time its meeting event
happens at or after the opening meets it, in time when at or before the due
instant. Not met by ``at`` and past due: breached at the due instant.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plazo.interpreter.compile.notify import CompiledNotify
from plazo.interpreter.compile.targets import Matcher
from plazo.interpreter.run.datetimes import Instants
from plazo.interpreter.run.results import NotificationResult
from plazo.interpreter.run.ticket import Event, Ticket


def _first(events: tuple[Event, ...], matcher: Matcher, since: int | None, until: int) -> int | None:
    """The instant of the first event in the log (its order) that ``matcher`` names and that
    happened within ``[since, until]`` (``since`` None: any time up to ``until``)."""
    kind, argument = matcher
    for e in events:
        if e.type == kind and (argument is None or e.status == argument) and e.us <= until \
                and (since is None or e.us >= since):
            return e.us
    return None


def notification_results(duties: tuple[CompiledNotify, ...], ticket: Ticket, at_us: int,
                         env: Mapping[str, Any], dt: Instants,
                         out_of_scope: str | None = None) -> tuple[NotificationResult, ...]:
    """Each duty as of ``at_us``; ``out_of_scope``: a reject's reason, which makes every
    duty not applicable, as it does every target."""
    return tuple(_duty(d, ticket, at_us, env, dt, out_of_scope) for d in duties)


def _duty(duty: CompiledNotify, ticket: Ticket, at_us: int, env: Mapping[str, Any], dt: Instants,
          out_of_scope: str | None) -> NotificationResult:
    head = duty.head
    if out_of_scope is not None:
        return NotificationResult(*head, "not_applicable", reason=out_of_scope)
    if duty.applies is not None and not duty.applies(env):
        return NotificationResult(*head, "not_applicable", reason=duty.unless_condition)
    events = ticket.events
    opened = _first(events, duty.start, None, at_us)
    if opened is None:
        return NotificationResult(*head, "not_applicable", reason=duty.unless_opened)
    due = duty.deadline.instant(opened, {})
    assert due is not None  # a duration from an instant always gives one
    met = _first(events, duty.met_by, opened, at_us)
    if met is not None:
        late = met > due
        return NotificationResult(*head, "breached" if late else "met", dt.instant(opened), dt.instant(due),
                                  dt.instant(met), dt.instant(due) if late else None)
    if at_us > due:
        return NotificationResult(*head, "breached", dt.instant(opened), dt.instant(due),
                                  breached_at=dt.instant(due))
    return NotificationResult(*head, "pending", dt.instant(opened), dt.instant(due))
