"""What an evaluation answers, as frozen classes with a stable JSON form.

``EvaluationResult.to_dict()`` is the JSON form (docs/semantics.md, "Results"):
instants are ISO 8601 with their offset (in the policy's time zone), durations
are seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal, Protocol, TypeVar

import cattrs
from attrs import frozen

from plazo.interpreter.compile.rules import Rejection, Route, Violation
from plazo.interpreter.errors import UnknownNameError

# The classes built on every evaluation (a dozen or more per ticket) keep their fields in a
# __dict__ rather than slots: a frozen attrs class with slots sets each field through
# object.__setattr__, one call per field, where a dict class fills its __dict__ directly,
# about twice as fast to build. Still frozen: no field can be set after __init__.

TargetStatus = Literal["not_applicable", "running", "paused", "met", "breached"]


class _Named(Protocol):
    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=_Named)


def by_name(items: Sequence[N], name: str, what: str) -> N:
    """The item called ``name``; an :class:`UnknownNameError` (a KeyError) listing the names there are."""
    for item in items:
        if item.name == name:
            return item
    raise UnknownNameError(what, name, [i.name for i in items])


@frozen(slots=False)
class Cycle:
    """One round of a repeating target (``restart on`` or ``after each``)."""

    started: datetime
    due: datetime | None
    stopped: datetime | None
    status: TargetStatus
    breached_at: datetime | None = None


@frozen(slots=False)
class TargetResult:
    name: str
    label: str | None
    clause: str | None  # the clause that chose the deadline, as written ("otherwise" too)
    calendar: str | None  # None: clock time
    status: TargetStatus
    started: datetime | None = None
    due: datetime | None = None
    stopped: datetime | None = None
    breached_at: datetime | None = None
    elapsed_seconds: float | None = None
    remaining_seconds: float | None = None
    warn_at: datetime | None = None
    warning: bool = False
    reason: str | None = None  # why it does not apply (none "...", cancelled, not started, a reject's
    # reason, handed off to a team by an external route)
    cycles: tuple[Cycle, ...] | None = None


@frozen(slots=False)
class LevelResult:
    number: int | float
    name: str | None
    role: str | None
    contacts: tuple[str, ...]
    at: datetime | None  # None: a level of an ordered list without times


@frozen(slots=False)
class EscalationResult:
    name: str
    label: str | None
    started: datetime | None
    current_level: int | float | None
    levels: tuple[LevelResult, ...]
    next_at: datetime | None
    stopped: datetime | None = None


@frozen
class HandOff:
    """An external route took the ticket out of the support team: its targets stopped applying."""

    route: str
    team: str
    at: datetime  # the event after which the route held


@frozen
class WorkflowViolation:
    """An event that came before what a flow or an order rule says must precede it."""

    rule: str  # the flow or order rule
    label: str | None
    message: str
    event_index: int  # the event's place in the ticket's log, from 0
    at: datetime
    event: str  # as a policy writes it: `status cerrado`, `closed`
    from_status: str | None  # a status change: the status before (None: none yet) and after
    to_status: str | None
    missing: tuple[str, ...]  # the steps skipped, or the events that had not happened


NotificationStatus = Literal["not_applicable", "pending", "met", "breached"]


@frozen(slots=False)
class NotificationResult:
    """A notification duty: who must be told, by what medium and by when."""

    name: str
    label: str | None
    audience: str
    contact: str | None
    medium: str
    deadline: str  # as the policy writes it: `1 hour`, `2 business hours on soporte`
    status: NotificationStatus
    opened: datetime | None = None  # the event the deadline counts from
    due: datetime | None = None
    met_at: datetime | None = None
    breached_at: datetime | None = None
    reason: str | None = None  # why it does not apply


@frozen(slots=False)
class EvaluationResult:
    ticket: str
    at: datetime
    fields: dict[str, Any]
    route: Route | None
    rejected: Rejection | None
    violations: tuple[Violation, ...]
    targets: tuple[TargetResult, ...]
    escalations: tuple[EscalationResult, ...]
    channels_open: tuple[str, ...]
    status: str | None = None  # the ticket's status at `at` (the last status event)
    handed_off: HandOff | None = None  # an external route took the ticket (its targets stopped there)
    workflow: tuple[WorkflowViolation, ...] = ()  # flows and order rules broken, in the log's order
    notifications: tuple[NotificationResult, ...] = ()

    def target(self, name: str) -> TargetResult:
        return by_name(self.targets, name, "target")

    def escalation(self, name: str) -> EscalationResult:
        return by_name(self.escalations, name, "escalation")

    def notification(self, name: str) -> NotificationResult:
        return by_name(self.notifications, name, "notification")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = converter.unstructure(self)  # cattrs is untyped here: Any
        return data


@frozen
class MaintenanceProblem:
    rule: Literal["notice", "window", "emergency"]
    message: str


converter = cattrs.Converter()
converter.register_unstructure_hook(datetime, lambda t: t.isoformat())
converter.register_unstructure_hook(date, lambda d: d.isoformat())
converter.register_unstructure_hook(
    dict, lambda d: {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in d.items()}
)
