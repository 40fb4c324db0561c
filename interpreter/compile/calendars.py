"""A policy's `calendar` blocks and calendar expressions -> calendar specs, then
compiled calendars (the business-time engine)."""

from __future__ import annotations

from plazo.dsl import ast
from plazo.interpreter.time.calendar import BusinessCalendar
from plazo.interpreter.time.spec import (
    CalendarSpec,
    ComplementCalendar,
    DifferenceCalendar,
    HolidaySet,
    Hours,
    SpecialDay,
    UnionCalendar,
    WeeklyCalendar,
    weekday_range,
)


def calendar_specs(policy: ast.Policy) -> dict[str, CalendarSpec]:
    """Each calendar's spec by name; a calendar without its own time zone or holiday
    country takes the policy's."""
    zone = policy.timezone.zone if policy.timezone else "UTC"
    region = policy.holidays.region if policy.holidays else None
    blocks = {i.name: i for i in policy.items if isinstance(i, ast.CalendarDecl)}
    exprs = {i.name: i for i in policy.items if isinstance(i, ast.CalendarExprDecl)}
    specs: dict[str, CalendarSpec] = {}

    def weekly(decl: ast.CalendarDecl) -> WeeklyCalendar:
        own_zone, own_region, closes = zone, region, False
        week: list[list[Hours]] = [[] for _ in range(7)]
        special: list[SpecialDay] = []
        for s in decl.statements:
            if isinstance(s, ast.TimezoneDecl):
                own_zone = s.zone
            elif isinstance(s, ast.HolidaysDecl):
                own_region = s.region
            elif isinstance(s, ast.ClosedOnHolidays):
                closes = True
            elif isinstance(s, ast.Always):
                for day in week:
                    day.append(Hours(0, 24 * 60))
            elif isinstance(s, ast.WeeklyHours):
                for r in s.days:
                    for d in weekday_range(r.first, r.last):
                        week[d].extend(Hours(i.start, i.end) for i in s.hours)
            elif isinstance(s, ast.ClosedDate):
                special.append(SpecialDay(s.day, (), s.label or ""))
            elif isinstance(s, ast.SpecialHours):
                special.append(SpecialDay(s.day, tuple(Hours(i.start, i.end) for i in s.hours), s.label or ""))
        holidays = (HolidaySet(own_region.country, own_region.subdivision),) if closes and own_region else ()
        mon, tue, wed, thu, fri, sat, sun = (tuple(sorted(d, key=lambda h: h.start)) for d in week)
        return WeeklyCalendar(own_zone, (mon, tue, wed, thu, fri, sat, sun), holidays, tuple(special))

    def resolve(name: str) -> CalendarSpec:
        if name not in specs:
            specs[name] = weekly(blocks[name]) if name in blocks else expression(exprs[name].expr)
        return specs[name]

    def expression(e: ast.CalendarExpr) -> CalendarSpec:
        if isinstance(e, ast.CalRef):
            return resolve(e.name)
        if isinstance(e, ast.CalUnion):
            return UnionCalendar((expression(e.left), expression(e.right)))
        if isinstance(e, ast.CalDifference):
            return DifferenceCalendar(expression(e.left), expression(e.right))
        return ComplementCalendar(expression(e.operand))

    for name in [*blocks, *exprs]:
        resolve(name)
    return specs


def compile_calendars(policy: ast.Policy) -> dict[str, BusinessCalendar]:
    return {name: BusinessCalendar(spec, name) for name, spec in calendar_specs(policy).items()}
