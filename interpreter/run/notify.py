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
                         env: Mapping[str, Any], dt: Instants, out_of_scope: str | None = None,
                         first_event: Mapping[Matcher, int] | None = None) -> tuple[NotificationResult, ...]:
    """Each duty as of ``at_us``; ``out_of_scope``: a reject's reason, which makes every
    duty not applicable, as it does every target. ``first_event``: the replay's first
    instant of each event up to ``at_us``, which saves scanning the log for it."""
    if not duties:
        return ()
    return tuple([_duty(d, ticket.events, at_us, env, dt, out_of_scope, first_event) for d in duties])


def _not_applicable(duty: CompiledNotify, reason: str) -> NotificationResult:
    """The duty's result when it does not apply for one of its own reasons: built once."""
    found: NotificationResult | None = duty.kept.get(reason)
    if found is None:
        found = duty.kept[reason] = NotificationResult(*duty.head, "not_applicable", reason=reason)
    return found


def _duty(duty: CompiledNotify, events: tuple[Event, ...], at_us: int, env: Mapping[str, Any], dt: Instants,
          out_of_scope: str | None, first_event: Mapping[Matcher, int] | None) -> NotificationResult:
    head = duty.head
    if out_of_scope is not None:
        return NotificationResult(*head, "not_applicable", None, None, None, None, out_of_scope)
    if duty.applies is not None and not duty.applies(env):
        return _not_applicable(duty, duty.unless_condition)
    seen = first_event if first_event is not None and duty.indexed else None
    opened = seen.get(duty.start) if seen is not None else _first(events, duty.start, None, at_us)
    if opened is None:
        return _not_applicable(duty, duty.unless_opened)
    due = opened + duty.clock_us if duty.clock_us is not None else duty.deadline.instant(opened, {})
    assert due is not None  # a duration from an instant always gives one
    if seen is None:
        met = _first(events, duty.met_by, opened, at_us)
    else:
        met = seen.get(duty.met_by)
        if met is not None and met < opened:  # the first came before the opening: a later one may meet it
            met = _first(events, duty.met_by, opened, at_us)
    # positional arguments and dt[...] (the instants are known): the result is built on every evaluation
    if met is not None:
        if met > due:
            return NotificationResult(*head, "breached", dt[opened], dt[due], dt[met], dt[due])
        return NotificationResult(*head, "met", dt[opened], dt[due], dt[met])
    if at_us > due:
        return NotificationResult(*head, "breached", dt[opened], dt[due], None, dt[due])
    return NotificationResult(*head, "pending", dt[opened], dt[due])
