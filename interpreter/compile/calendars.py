"""A policy's `calendar` blocks and calendar expressions -> calendar specs, then
compiled calendars (the business-time engine); and its per-ticket calendars
(``calendar habil by country { ... }``) -> the calendar each value of the field chooses."""

from __future__ import annotations

from decimal import Decimal

from attrs import frozen

from plazo.dsl import ast
from plazo.interpreter.time.calendar import BusinessCalendar
from plazo.interpreter.time.spec import (
    CalendarSpec,
    ComplementCalendar,
    DifferenceCalendar,
    HolidaySet,
    Hours,
    RecurringDay,
    SpecialDay,
    UnionCalendar,
    WeeklyCalendar,
    weekday_range,
)

_US_PER_HOUR = 3_600_000_000


@frozen
class CalendarChoice:
    """A calendar chosen by a ticket field: ``by country { cl: habil_cl  pe: habil_pe }``."""

    name: str
    field: str
    cases: tuple[tuple[str, str], ...]  # (value, calendar name), in the order written
    otherwise: str | None  # the calendar for every other value (None: every value is listed)

    @classmethod
    def of(cls, name: str, choice: ast.CalChoice) -> CalendarChoice:
        cases = tuple((value, case.calendar.name) for case in choice.cases for value in case.values)
        otherwise = next((case.calendar.name for case in choice.cases if not case.values), None)
        return cls(name, choice.field, cases, otherwise)

    @property
    def calendars(self) -> tuple[str, ...]:
        """The calendars it may choose, each once, in the order written."""
        names = [c for _, c in self.cases] + ([self.otherwise] if self.otherwise else [])
        return tuple(dict.fromkeys(names))


def calendar_choices(policy: ast.Policy) -> dict[str, CalendarChoice]:
    return {i.name: CalendarChoice.of(i.name, i.expr) for i in policy.items
            if isinstance(i, ast.CalendarExprDecl) and isinstance(i.expr, ast.CalChoice)}


def calendar_specs(policy: ast.Policy) -> dict[str, CalendarSpec]:
    """Each calendar's spec by name; a calendar without its own time zone or holiday
    country takes the policy's. Calendars chosen per ticket are not here (see
    :func:`calendar_choices`)."""
    zone = policy.timezone.zone if policy.timezone else "UTC"
    region = policy.holidays.region if policy.holidays else None
    blocks = {i.name: i for i in policy.items if isinstance(i, ast.CalendarDecl)}
    exprs = {i.name: i for i in policy.items
             if isinstance(i, ast.CalendarExprDecl) and not isinstance(i.expr, ast.CalChoice)}
    specs: dict[str, CalendarSpec] = {}

    def weekly(decl: ast.CalendarDecl) -> WeeklyCalendar:
        own_zone, own_region, closes = zone, region, False
        week: list[list[Hours]] = [[] for _ in range(7)]
        special: list[SpecialDay] = []
        recurring: list[RecurringDay] = []
        day_length: Decimal | None = None
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
            elif isinstance(s, ast.ClosedEvery):
                recurring.extend(RecurringDay(r.rule, (), s.label or "") for r in s.dates)
            elif isinstance(s, ast.HoursEvery):
                hours = tuple(Hours(i.start, i.end) for i in s.hours)
                recurring.extend(RecurringDay(r.rule, hours, s.label or "") for r in s.dates)
            elif isinstance(s, ast.DayLength):
                day_length = s.hours
        holidays = (HolidaySet(own_region.country, own_region.subdivision),) if closes and own_region else ()
        mon, tue, wed, thu, fri, sat, sun = (tuple(sorted(d, key=lambda h: h.start)) for d in week)
        return WeeklyCalendar(own_zone, (mon, tue, wed, thu, fri, sat, sun), holidays, tuple(special),
                              tuple(recurring), None if day_length is None else int(day_length * _US_PER_HOUR))

    def resolve(name: str) -> CalendarSpec:
        if name not in specs:
            specs[name] = weekly(blocks[name]) if name in blocks else expression(exprs[name].expr)
        return specs[name]

    def expression(e: ast.CalendarExpr | ast.CalChoice) -> CalendarSpec:
        assert not isinstance(e, ast.CalChoice), "the checker refuses a per-ticket calendar in an expression"
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
