"""Why each deadline falls where it does: the facts behind an evaluation.

For every target and every cycle of it: the clause that chose the deadline, the
stretches of time that counted (the calendar's open hours inside the time the
clock ran, carried on to the due instant while the target is still running), the
pauses, the days skipped because the calendar was closed (holidays with their
names, and days without hours), and the due instant. :mod:`.explain_text` turns
these facts into sentences; ``Explanation.to_dict()`` is their JSON form.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from attrs import frozen

from plazo.interpreter.compile.deadlines import Counted, DeadlineKind, NoDeadline
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.explain.labels import LabelledValue, labelled_values
from plazo.interpreter.explain.stretches import EmptyStretch, empty_stretches
from plazo.interpreter.run.cycles import Env, TargetState
from plazo.interpreter.run.datetimes import Instants
from plazo.interpreter.run.notify import notification_results
from plazo.interpreter.run.outcomes import CycleOutcome
from plazo.interpreter.run.replay import replay
from plazo.interpreter.run.results import NotificationResult, TargetStatus, WorkflowViolation, by_name, converter
from plazo.interpreter.run.targets import out_of_scope, target_outcome
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.run.workflow import workflow_violations
from plazo.interpreter.time.calendar import BusinessCalendar
from plazo.interpreter.time.clock import Counter
from plazo.interpreter.time.instants import from_us
from plazo.interpreter.time.spec import spec_timezone

MAX_DAYS = 400  # skipped days are listed over at most this many days after a cycle starts


@frozen
class Stretch:
    """``[start, end)``; ``projected``: after the evaluation instant (the clock will run then)."""

    start: datetime
    end: datetime
    seconds: float
    projected: bool = False


@frozen
class Pause:
    start: datetime
    end: datetime | None  # None: still paused at the evaluation instant


@frozen
class SkippedDay:
    day: date
    kind: Literal["holiday", "closed"]  # holiday or closed date / a day without hours
    name: str | None = None


@frozen
class CycleExplanation:
    started: datetime
    stopped: datetime | None
    status: TargetStatus
    due: datetime | None
    breached_at: datetime | None
    allowed_seconds: float | None  # None: a deadline that is not a duration (agreed, end of day)
    counted_seconds: float | None
    counted: tuple[Stretch, ...]
    pauses: tuple[Pause, ...]
    skipped: tuple[SkippedDay, ...]
    # a field change picked the clause at `changed_at`; `field change: from change` counts it from
    # there (`counted_from`), else the time since the start carries over (`counted_from` None)
    changed_at: datetime | None = None
    counted_from: datetime | None = None
    # the closed gaps in the counted span that hold a holiday or a dated closure (stretches.py)
    empty: tuple[EmptyStretch, ...] = ()


@frozen
class TargetExplanation:
    name: str
    label: str | None
    status: TargetStatus
    clause: str | None
    deadline: DeadlineKind | None
    calendar: str | None  # None: clock time (24x7); a calendar chosen per ticket: the one chosen
    timezone: str  # the zone of the target's instants: its calendar's, else the policy's
    reason: str | None
    cycles: tuple[CycleExplanation, ...]
    on_change: Literal["start", "change"] = "start"  # the target's `field change: from ...`


@frozen
class Explanation:
    policy: str
    label: str | None
    language: str
    timezone: str
    ticket: str
    at: datetime
    fields: dict[str, Any]
    targets: tuple[TargetExplanation, ...]
    values: tuple[LabelledValue, ...] = ()  # the fields again, with the policy's labels
    workflow: tuple[WorkflowViolation, ...] = ()  # as evaluate gives them
    notifications: tuple[NotificationResult, ...] = ()

    def target(self, name: str) -> TargetExplanation:
        return by_name(self.targets, name, "target")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = converter.unstructure(self)  # cattrs is untyped here: Any
        return data


def explain(policy: CompiledPolicy, ticket: Ticket, at: datetime) -> Explanation:
    """The explanation of ``evaluate(policy, ticket, at)``."""
    r = replay(policy, ticket, at)
    tz = policy.zone_for(r.values)  # the ticket's reference zone (docs/semantics.md, "Time zones")
    dt = Instants(tz)
    # as evaluate decides it: a ticket a reject rule puts out of scope has no target that applies
    rejected = policy.rules.decide(r.values).rejected
    reason = None if rejected is None else rejected.reason
    targets = tuple(_target(state, r.values, r.at, dt, policy.calendars, tz.key, reason)
                    for state in r.targets)
    shown = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.values.items() if k != "status"}
    return Explanation(policy.name, policy.label, policy.language, tz.key, ticket.id,
                       at.astimezone(tz), shown, targets,
                       labelled_values(policy.ast, shown, policy.language),
                       workflow_violations(policy.workflow, ticket, r.at, r.values, dt),
                       notification_results(policy.notifications, ticket, r.at, r.values, dt, reason))


def _target(state: TargetState, env: Env, at: int, dt: Instants,
            calendars: dict[str, BusinessCalendar], policy_zone: str, rejected: str | None) -> TargetExplanation:
    o = out_of_scope(state, env, rejected) if rejected is not None else target_outcome(state, env, at, dt)
    result = o.result
    clause = o.cycles[-1].clause if o.cycles else state.target.choose(env)
    # shown as the result shows them: in the zone of the calendar that counted (a Lima
    # ticket in Lima time), the policy's for clock time
    counting = calendars.get(result.calendar or "")
    zone = policy_zone if counting is None else spec_timezone(counting.spec)
    dt = dt.zone(None if counting is None else counting.tz)
    cycles = tuple(_cycle(c, at, dt, calendars) for c in o.cycles
                   if c.clause is not None and not isinstance(c.clause.deadline, NoDeadline))
    return TargetExplanation(result.name, result.label, result.status, result.clause,
                             clause.deadline.kind if clause is not None else None, result.calendar, zone,
                             result.reason, cycles, "change" if state.target.from_change else "start")


def _cycle(o: CycleOutcome, at: int, dt: Instants, calendars: dict[str, BusinessCalendar]) -> CycleExplanation:
    # from a change (`field change: from change`): the part of the cycle its clause counts
    cycle, clause = o.counting, o.clause
    assert clause is not None
    deadline = clause.deadline
    # the time that counted, and the days that were closed, on the counter of the deadline
    counted_on: Counter | None = o.counter if isinstance(deadline, Counted) else \
        calendars.get(deadline.calendar or "")
    ran = list(cycle.segments)
    if cycle.open_from is not None:
        # still running: the clock runs on to the due instant (or to `at`, if that is later)
        horizon = max(at, o.due if o.due is not None else at)
        if horizon > cycle.open_from:
            ran.append((cycle.open_from, horizon))
    counted: list[Stretch] = []
    if isinstance(deadline, Counted):
        for a, b in ran:
            for s, e in _open_within(o.counter, a, b):
                counted.extend(_split_at(s, e, at, dt))
    pauses: list[Pause] = []
    previous = cycle.start
    for a, b in ran:
        if a > previous:
            pauses.append(Pause(dt.instant(previous), dt.instant(a)))
        previous = b
    if cycle.open_from is None and cycle.stop is None:
        pauses.append(Pause(dt.instant(previous), None))
    last = max(x for x in (o.due, cycle.stop, at if cycle.stop is None else None, cycle.start) if x is not None)
    skipped = _skipped(counted_on, cycle.start, last)
    empty = empty_stretches(dt.instant(cycle.start), [(s.start, s.end) for s in counted],
                            [(p.start, p.end) for p in pauses],
                            [(d.day, d.name if d.kind == "holiday" else None) for d in skipped])
    return CycleExplanation(
        dt.instant(o.cycle.start), dt[cycle.stop], o.status, dt[o.due], dt[o.breached_at],
        None if o.need is None else o.need / 1e6, None if o.elapsed is None else o.elapsed / 1e6,
        tuple(counted), tuple(pauses), skipped, dt[o.changed_at],
        dt[o.counted_from], empty,
    )


def _open_within(cal: Counter, a: int, b: int) -> list[tuple[int, int]]:
    if not isinstance(cal, BusinessCalendar):  # the clock is always open
        return [(a, b)] if b > a else []
    return cal.open_spans_us(a, b)


def _split_at(s: int, e: int, at: int, dt: Instants) -> list[Stretch]:
    if e <= at:
        return [Stretch(dt.instant(s), dt.instant(e), (e - s) / 1e6)]
    if s >= at:
        return [Stretch(dt.instant(s), dt.instant(e), (e - s) / 1e6, True)]
    return [Stretch(dt.instant(s), dt.instant(at), (at - s) / 1e6),
            Stretch(dt.instant(at), dt.instant(e), (e - at) / 1e6, True)]


def _skipped(cal: Counter | None, a: int, b: int) -> tuple[SkippedDay, ...]:
    """Days from ``a``'s to ``b``'s (local) on which the calendar did not open."""
    if not isinstance(cal, BusinessCalendar):  # the clock never closes
        return ()
    start, end = from_us(a, cal.tz), from_us(b, cal.tz)
    first, last = start.date(), min(end.date(), start.date() + timedelta(days=MAX_DAYS))
    if last < first:
        return ()
    named = {c.day: c.name for c in cal.closures(start, end)}
    open_days = {iv.start.date() for iv in cal.open_intervals(
        datetime.combine(first, datetime.min.time(), cal.tz), datetime.combine(last + timedelta(days=1),
                                                                                datetime.min.time(), cal.tz))}
    out = []
    day = first
    while day <= last:
        if day in named:
            out.append(SkippedDay(day, "holiday", named[day]))
        elif day not in open_days:
            out.append(SkippedDay(day, "closed"))
        day += timedelta(days=1)
    return tuple(out)

