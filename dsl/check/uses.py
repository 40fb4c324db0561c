"""Walks the passes share: where a policy uses each kind of name, its conditions and its durations."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TypeVar

from plazo.dsl import ast
from plazo.dsl.diagnostics import Span

Atom = ast.Comparison | ast.Membership | ast.Truthy
_UNIT_MINUTES = {"minutes": 1, "hours": 60, "days": 1440}
_I = TypeVar("_I")


def items_of(policy: ast.Policy, kind: type[_I]) -> Iterator[_I]:
    """The policy's items of one kind, in order."""
    return (item for item in policy.items if isinstance(item, kind))


def conditions_of(item: ast.Item) -> Iterator[ast.Condition]:
    if isinstance(item, ast.ChannelDecl):
        yield from (s.condition for s in item.statements if isinstance(s, ast.ChannelTakes))
    elif isinstance(item, ast.DeriveDecl):
        yield from (c.condition for c in item.cases if c.condition is not None)
    elif isinstance(item, ast.TargetDecl):
        for s in item.statements:
            if isinstance(s, (ast.PauseWhile, ast.Clause)) and s.condition is not None:
                yield s.condition
    elif isinstance(item, (ast.EscalationDecl, ast.RouteDecl, ast.RejectDecl, ast.ForbidDecl)):
        if item.condition is not None:
            yield item.condition
    elif isinstance(item, ast.RequireDecl):
        yield item.condition
        if item.when is not None:
            yield item.when
    elif isinstance(item, ast.CommitmentDecl):
        yield from (s.condition for s in item.statements if isinstance(s, ast.CommitWhen))
    elif isinstance(item, (ast.FlowDecl, ast.OrderDecl, ast.NotifyDecl)) and item.condition is not None:
        yield item.condition


def atoms(cond: ast.Condition) -> Iterator[Atom]:
    if isinstance(cond, (ast.And, ast.Or)):
        for operand in cond.operands:
            yield from atoms(operand)
    elif isinstance(cond, ast.Not):
        yield from atoms(cond.operand)
    else:
        yield cond


def calendar_refs(expr: ast.CalendarExpr | ast.CalChoice) -> Iterator[ast.CalRef]:
    """The calendars a calendar expression (or a per-ticket choice) names."""
    if isinstance(expr, ast.CalChoice):
        yield from (case.calendar for case in expr.cases)
    elif isinstance(expr, ast.CalRef):
        yield expr
    elif isinstance(expr, ast.CalComplement):
        yield from calendar_refs(expr.operand)
    else:
        yield from calendar_refs(expr.left)
        yield from calendar_refs(expr.right)


def calendar_uses(policy: ast.Policy) -> Iterator[tuple[str, Span]]:
    """Every place a calendar is named."""
    for item in policy.items:
        if isinstance(item, ast.CalendarExprDecl):
            yield from ((ref.name, ref.span) for ref in calendar_refs(item.expr))
        elif isinstance(item, ast.ChannelDecl):
            yield from ((s.calendar, s.span) for s in item.statements if isinstance(s, ast.ChannelHours))
        elif isinstance(item, ast.TargetDecl):
            for s in item.statements:
                if isinstance(s, ast.Clause) and isinstance(
                    s.deadline, (ast.DurationDeadline, ast.EndOfDay, ast.NextDayAt)
                ) and s.deadline.calendar:
                    yield s.deadline.calendar, s.deadline.span
        elif isinstance(item, ast.EscalationDecl):
            for level in item.levels:
                if isinstance(level.time, ast.LevelAfter) and level.time.calendar:
                    yield level.time.calendar, level.time.span
        elif isinstance(item, ast.MaintenanceDecl):
            for m in item.statements:
                if isinstance(m, ast.Notice) and m.calendar:
                    yield m.calendar, m.span
        elif isinstance(item, ast.NotifyDecl) and item.calendar:
            yield item.calendar, item.within.span


def event_uses(policy: ast.Policy) -> Iterator[ast.EventRef]:
    for item in policy.items:
        if isinstance(item, ast.TargetDecl):
            for s in item.statements:
                if isinstance(s, (ast.OnEvents, ast.ResumeOn)):
                    yield from s.events
        elif isinstance(item, ast.EscalationDecl) and isinstance(item.start, ast.LadderOnEvent):
            yield item.start.event
        elif isinstance(item, ast.OrderDecl):
            yield item.event
            yield from item.after
        elif isinstance(item, ast.NotifyDecl):
            yield item.start
            yield item.met_by


def contact_uses(policy: ast.Policy) -> Iterator[tuple[str, Span]]:
    for item in policy.items:
        if isinstance(item, ast.ChannelDecl):
            yield from ((s.contact, s.span) for s in item.statements if isinstance(s, ast.ChannelContact))
        elif isinstance(item, ast.EscalationDecl):
            for level in item.levels:
                yield from ((c, level.span) for c in level.contacts)
        elif isinstance(item, ast.RouteDecl) and item.via:
            yield item.via, item.span
        elif isinstance(item, ast.NotifyDecl) and isinstance(item.audience, ast.ContactAudience):
            yield item.audience.contact, item.audience.span


def target_uses(policy: ast.Policy) -> Iterator[tuple[str, Span]]:
    for item in policy.items:
        if isinstance(item, ast.EscalationDecl):
            if isinstance(item.start, ast.LadderOnBreach):
                yield item.start.target, item.start.span
            for level in item.levels:
                if isinstance(level.time, (ast.LevelAtFraction, ast.LevelOffset)):
                    yield level.time.target, level.time.span
        elif isinstance(item, ast.CommitmentDecl):
            yield from ((s.target, s.span) for s in item.statements if isinstance(s, ast.CommitTarget))


def field_uses(policy: ast.Policy) -> Iterator[tuple[str, Span]]:
    if isinstance(policy.timezone, ast.TimezoneChoice):
        yield policy.timezone.field, policy.timezone.span
    for item in policy.items:
        for cond in conditions_of(item):
            yield from ((a.field, a.span) for a in atoms(cond))
        if isinstance(item, ast.CalendarExprDecl) and isinstance(item.expr, ast.CalChoice):
            yield item.expr.field, item.expr.span
        if isinstance(item, ast.MatrixDecl):
            yield item.row_field, item.span
            yield item.column_field, item.span
            yield item.name, item.span
        elif isinstance(item, ast.DeriveDecl):
            yield item.name, item.span
        elif isinstance(item, ast.TargetDecl):
            for s in item.statements:
                if isinstance(s, ast.Clause) and isinstance(s.deadline, ast.Agreed):
                    yield s.deadline.field, s.deadline.span


def durations(policy: ast.Policy) -> Iterator[tuple[ast.Duration, str]]:
    """Every duration with what it is for ("deadline", "level", "notice")."""
    for item in policy.items:
        if isinstance(item, ast.TargetDecl):
            for s in item.statements:
                if isinstance(s, ast.Clause) and isinstance(s.deadline, ast.DurationDeadline):
                    yield s.deadline.duration, "deadline"
                elif isinstance(s, ast.ResumeOn):
                    yield s.within, "resume"
        elif isinstance(item, ast.EscalationDecl):
            for level in item.levels:
                if isinstance(level.time, (ast.LevelAfter, ast.LevelOffset)):
                    yield level.time.duration, "level"
        elif isinstance(item, ast.MaintenanceDecl):
            for m in item.statements:
                if isinstance(m, ast.Notice):
                    yield m.minimum, "notice"
                    if m.maximum is not None:
                        yield m.maximum, "notice"
        elif isinstance(item, ast.NotifyDecl):
            yield item.within, "notify"


def minutes(duration: ast.Duration) -> Decimal:
    """A duration in minutes, a day counted as 24 hours (to compare two durations)."""
    return duration.amount * _UNIT_MINUTES[duration.unit]
