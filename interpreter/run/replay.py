"""Evaluation is a replay of a ticket's event log up to an instant.

Pure: the replay depends only on the compiled policy, the ticket and ``at``; events
after ``at`` have not happened yet. Instants are epoch microseconds inside (see
:mod:`plazo.interpreter.time.instants`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from attrs import frozen

from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.compile.rules import Route
from plazo.interpreter.compile.targets import Matcher
from plazo.interpreter.errors import TicketError
from plazo.interpreter.run.cycles import TargetState
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.run.values import check_events, event_value, field_values
from plazo.interpreter.time.instants import to_us


@frozen
class Replay:
    """A ticket's event log replayed up to ``at``."""

    values: dict[str, Any]  # the field values (given and derived) and `status`, as of `at`
    targets: tuple[TargetState, ...]  # each target's cycles, in the policy's order
    first_event: dict[Matcher, int]  # the first instant of each event (and of each status)
    resolved_at: int | None  # when the ticket was resolved (None: not, or reopened since)
    at: int
    handed_off: tuple[Route, int] | None = None  # the external route that took the ticket, and when


def replay(policy: CompiledPolicy, ticket: Ticket, at: datetime) -> Replay:
    if not isinstance(ticket, Ticket):
        raise TicketError("evaluate takes a Ticket", (), "use Ticket.from_dict for JSON")
    at_us = to_us(at, "at")
    # the checks of values.validate are made as the log is read, in its order (the same error
    # for the same ticket), and a set event's value is read once
    env = policy.derive({**field_values(policy, ticket), "status": None})
    states = tuple([TargetState(t) for t in policy.targets])
    first_event: dict[Matcher, int] = {}
    resolved_at = None
    handed_off: tuple[Route, int] | None = None
    watch = policy.rules.hands_off
    decided: dict[str, Any] | None = None  # the values the route was last decided on
    plan = policy.replay_plan
    steps, watchers = plan.steps, plan.watchers
    settles = policy.derive_settles
    known, statuses = policy.known_events, policy.statuses
    for i, e in enumerate(ticket.events):
        kind, status = e.type, e.status
        if kind not in known or (kind == "status" and status not in statuses):
            event_value(policy, i, e)  # raises: an unknown event or status
        x = e.us
        if x > at_us:
            check_events(policy, ticket, i)  # not yet happened: checked, not replayed
            break
        before = env
        key = (kind, status)
        if kind == "set":
            name = e.field or ""
            value = event_value(policy, i, e)
            if not (settles and same_value(env.get(name, _ABSENT), value)):
                env = policy.derive({**env, name: value})
        elif kind == "status":
            if env["status"] != status:  # the same status again changes no value: the same env
                env = {**env, "status": status}
            first_event.setdefault(key, x)
        elif kind == "resolved" and resolved_at is None:
            resolved_at = x
        elif kind == "reopened":
            resolved_at = None
        first_event.setdefault(key if status is None else (kind, None), x)
        if handed_off is not None:
            continue  # the targets stopped applying at the hand-off
        stepped = steps.get(key)
        if stepped is None:  # a status no matcher names: the kind's row for any status
            key = (kind, None)
            stepped = steps.get(key, ())
        for j, roles in stepped:
            states[j].step(x, kind, roles, env)
        if env is not before:
            for j in watchers.get(key, ()):
                states[j].recheck(x, kind, env)
        if watch and env is not decided:
            # the route depends on the values only: unchanged values (most events) keep the
            # route decided after an earlier event, which did not hand the ticket off
            decided = env
            route = policy.rules.decide(env).route
            if route is not None and route.external:
                # the event after which the route holds hands the ticket off; once handed
                # off it stays so, even if a later change would route it elsewhere
                handed_off = (route, x)
                reason = hand_off_reason(route)
                for state in states:
                    state.hand_off(x, env, reason)
    return Replay(env, states, first_event, resolved_at, at_us, handed_off)


_ABSENT = object()


def same_value(old: object, new: object) -> bool:
    """Whether a value set again is the one there, as results show it too: a text or a
    true/false equal to it, a number equal to it and not zero (0.0 and -0.0 are equal but
    written apart). Datetimes are never the same (an equal instant in another offset is
    written apart)."""
    kind = type(new)
    if type(old) is not kind or old != new:
        return False
    return kind is str or kind is bool or (kind is float and new != 0)


def hand_off_reason(route: Route) -> str:
    return f"handed off to {route.team} by route {route.name}"
