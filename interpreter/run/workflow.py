"""Workflow rules over a ticket's log (docs/semantics.md, "Workflow").

A flow: the ticket starts at the flow's first step; a status change to a step may go
to the step after the last one reached, or back to any earlier one; a change further
forward skips steps and is a violation. Statuses outside the flow (a pause, a
cancellation) leave the place in the flow where it was. An order rule: each time its
event happens, each event it must follow has to have happened before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plazo.interpreter.compile.targets import Matcher
from plazo.interpreter.compile.workflow import CompiledFlow, CompiledOrder, Workflow
from plazo.interpreter.run.datetimes import Instants
from plazo.interpreter.run.results import WorkflowViolation
from plazo.interpreter.run.ticket import Event, Ticket


def _matches(event: Event, matcher: Matcher) -> bool:
    kind, argument = matcher
    return event.type == kind and (argument is None or event.status == argument)


def _written(event: Event) -> str:
    return f"status {event.status}" if event.type == "status" else event.type


def workflow_violations(workflow: Workflow, ticket: Ticket, at_us: int, env: Mapping[str, Any],
                        dt: Instants) -> tuple[WorkflowViolation, ...]:
    """Every violation up to ``at_us``, in the log's order (the rules' order at one event).
    A rule applies when its condition holds on the ticket's values as of ``at``."""
    events = [e for e in ticket.events if e.us <= at_us]
    found: list[tuple[int, int, WorkflowViolation]] = []
    for rank, flow in enumerate(workflow.flows):
        if flow.applies is None or flow.applies(env):
            found.extend((v.event_index, rank, v) for v in _flow(flow, events, dt))
    for rank, order in enumerate(workflow.orders, start=len(workflow.flows)):
        if order.applies is None or order.applies(env):
            found.extend((v.event_index, rank, v) for v in _order(order, events, dt))
    return tuple(v for _, _, v in sorted(found, key=lambda f: (f[0], f[1])))


def _flow(flow: CompiledFlow, events: list[Event], dt: Instants) -> list[WorkflowViolation]:
    found = []
    reached = 0  # the place of the last step the ticket was at
    status: str | None = None
    for i, e in enumerate(events):
        if e.type != "status":
            continue
        if e.status in flow.steps:
            step = flow.steps.index(e.status)
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
    after = order.after
    seen = [False] * len(after)
    status: str | None = None
    for i, e in enumerate(events):
        if _matches(e, order.event):
            missing = tuple(text for text, done in zip(order.written[1:], seen, strict=True) if not done)
            if missing:
                message = order.message or f"{order.written[0]} before {', '.join(missing)}"
                to_status = e.status if e.type == "status" else None
                found.append(WorkflowViolation(order.name, order.label, message, i, dt.instant(e.us), _written(e),
                                               status if to_status is not None else None, to_status, missing))
        kind = e.type
        # the matchers spelled out: this runs for every event and every event the rule names
        for j, (wanted, argument) in enumerate(after):
            if kind == wanted and (argument is None or e.status == argument):
                seen[j] = True
        if kind == "status":
            status = e.status
    return found
