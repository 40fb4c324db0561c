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
from plazo.interpreter.run.values import field_value, validate
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
    env = policy.derive({**validate(policy, ticket), "status": None})
    states = tuple([TargetState(t) for t in policy.targets])
    first_event: dict[Matcher, int] = {}
    resolved_at = None
    handed_off: tuple[Route, int] | None = None
    watch = policy.rules.hands_off
    decided: dict[str, Any] | None = None  # the values the route was last decided on
    for i, e in enumerate(ticket.events):
        x = e.us
        if x > at_us:
            break  # not yet happened
        kind, status = e.type, e.status
        if kind == "set":
            name = e.field or ""
            env = policy.derive({**env, name: field_value(policy, name, e.value, ("events", i, "value"))})
        elif kind == "status":
            env = {**env, "status": status}
            first_event.setdefault((kind, status), x)
        elif kind == "resolved" and resolved_at is None:
            resolved_at = x
        elif kind == "reopened":
            resolved_at = None
        first_event.setdefault((kind, None), x)
        if handed_off is not None:
            continue  # the targets stopped applying at the hand-off
        for state in states:
            steps_on = state.target.steps_on
            if steps_on is None or kind in steps_on:
                state.step(x, kind, status, env)
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


def hand_off_reason(route: Route) -> str:
    return f"handed off to {route.team} by route {route.name}"
