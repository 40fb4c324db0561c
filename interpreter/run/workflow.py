"""Workflow rules over a ticket's log (docs/semantics.md, "Workflow").

A flow: the ticket starts at the flow's first step; a status change to a step may go
to the step after the last one reached, or back to any earlier one; a change further
forward skips steps and is a violation. Statuses outside the flow (a pause, a
cancellation) leave the place in the flow where it was. An order rule: each time its
event happens, each event it must follow has to have happened before.
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import attrgetter, itemgetter
from typing import Any

from plazo.interpreter.compile.workflow import CompiledFlow, CompiledOrder, Workflow
from plazo.interpreter.run.datetimes import Instants
from plazo.interpreter.run.results import WorkflowViolation
from plazo.interpreter.run.ticket import Event, Ticket

_type = attrgetter("type")
_place = itemgetter(0, 1)  # a violation's event, then its rule's rank


def _written(event: Event) -> str:
    return f"status {event.status}" if event.type == "status" else event.type


def workflow_violations(workflow: Workflow, ticket: Ticket, at_us: int, env: Mapping[str, Any],
                        dt: Instants) -> tuple[WorkflowViolation, ...]:
    """Every violation up to ``at_us``, in the log's order (the rules' order at one event).
    A rule applies when its condition holds on the ticket's values as of ``at``."""
    triggers = workflow.triggers
    # most logs hold no event that can break a rule (the policy's flows need a status change):
    # then nothing is replayed, and the types are read in C
    if not triggers or triggers.isdisjoint(map(_type, ticket.events)):
        return ()
    events = [e for e in ticket.events if e.us <= at_us]
    found: list[tuple[int, int, WorkflowViolation]] = []
    for rank, flow in enumerate(workflow.flows):
        if flow.applies is None or flow.applies(env):
            found.extend([(v.event_index, rank, v) for v in _flow(flow, events, dt)])
    for rank, order in enumerate(workflow.orders, start=len(workflow.flows)):
        if order.applies is None or order.applies(env):
            found.extend([(v.event_index, rank, v) for v in _order(order, events, dt)])
    if not found:
        return ()
    found.sort(key=_place)  # stable, as sorted() is
    return tuple([v for _, _, v in found])


def _flow(flow: CompiledFlow, events: list[Event], dt: Instants) -> list[WorkflowViolation]:
    found = []
    places = flow.places
    reached = 0  # the place of the last step the ticket was at
    status: str | None = None
    for i, e in enumerate(events):
        if e.type != "status":
            continue
        step = places.get(e.status or "")
        if step is not None:
            if step > reached + 1:
                skipped = flow.steps[reached + 1:step]
                found.append(WorkflowViolation(
                    flow.name, flow.label, f"skips {', '.join(skipped)}: flow {flow.name} is "
                    + " -> ".join(flow.steps), i, dt.instant(e.us), _written(e), status, e.status, skipped))
            reached = step
        status = e.status
    return found


def _order(order: CompiledOrder, events: list[Event], dt: Instants) -> list[WorkflowViolation]:
    found = []
    event_kind, event_status = order.event
    marks = order.marks
    seen = [False] * len(order.after)
    status: str | None = None
    for i, e in enumerate(events):
        kind = e.type
        if kind == event_kind and (event_status is None or e.status == event_status):
            missing = tuple(text for text, done in zip(order.written[1:], seen, strict=True) if not done)
            if missing:
                message = order.message or f"{order.written[0]} before {', '.join(missing)}"
                to_status = e.status if e.type == "status" else None
                found.append(WorkflowViolation(order.name, order.label, message, i, dt.instant(e.us), _written(e),
                                               status if to_status is not None else None, to_status, missing))
        for j, argument in marks.get(kind, ()):
            if argument is None or e.status == argument:
                seen[j] = True
        if kind == "status":
            status = e.status
    return found
