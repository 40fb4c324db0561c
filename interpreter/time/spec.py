"""Calendars as plain data: what a policy's `calendar` blocks compile to.

These classes describe *when* a calendar is open; :mod:`plazo.interpreter.time.calendar`
turns them into a compiled calendar that answers business-time questions. They
stand on their own so that the engine can be used (and tested) without the
language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from attrs import field, frozen

from plazo.dsl.dates import Rule
from plazo.dsl.names import WEEKDAYS, interval_text
from plazo.interpreter.errors import CalendarError

MINUTES_PER_DAY = 24 * 60
_HOURS_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def _minute(hour: int, minute: int, *, end: bool) -> int:
    value = hour * 60 + minute
    top = MINUTES_PER_DAY if end else MINUTES_PER_DAY - 1
    if minute > 59 or value > top:
        raise CalendarError(f"{hour:02d}:{minute:02d} is not a time of day")
    return value


@frozen
class Hours:
    """One local-time interval ``[start, end)`` of a day, in minutes after midnight.

    ``end`` may be 1440 (24:00). An ``end`` before ``start`` crosses midnight: the
    interval belongs to the day it starts on and ends on the next day. An ``end`` equal
    to ``start`` is refused (:class:`CalendarError`), as ``plazo check`` refuses
    ``09:00-09:00``: a whole day is ``00:00-24:00``.
    """

    start: int
    end: int

    def __attrs_post_init__(self) -> None:
        for value, what, top in ((self.start, "start", MINUTES_PER_DAY - 1), (self.end, "end", MINUTES_PER_DAY)):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
                raise CalendarError(f"{what} {value!r} is not a minute of the day (0 to {top})")
        if self.end == self.start:
            raise CalendarError(f"{self} is empty: an end equal to the start is refused; "
                                "for a whole day write 00:00-24:00")

    @classmethod
    def parse(cls, text: str) -> Hours:
        """``"08:00-12:30"``, ``"19:00-05:00"`` or ``"00:00-24:00"``."""
        match = _HOURS_RE.match(text) if isinstance(text, str) else None
        if not match:
            raise CalendarError(f"hours must look like 08:00-12:30, got {text!r}")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        return cls(_minute(h1, m1, end=False), _minute(h2, m2, end=True))

    def __str__(self) -> str:
        return interval_text(self.start, self.end)


DayHours = tuple[Hours, ...]



@frozen
class HolidaySet:
    """The public holidays of a country (ISO 3166 code), optionally of one subdivision."""

    country: str
    subdivision: str | None = None


@frozen
class SpecialDay:
    """A date with its own hours (replacing the weekly pattern); no hours means closed."""

    day: date
    hours: DayHours = ()
    name: str = ""


@frozen
class RecurringDay:
    """A yearly rule (``dec-24``, ``last fri of dec``, ``dec-24 to dec-31``) with its own hours;
    no hours means closed.

    A dated :class:`SpecialDay` wins over it, a holiday closes it, and of two rules that
    fall on the same date the first listed applies."""

    rule: Rule
    hours: DayHours = ()
    name: str = ""


@frozen
class WeeklyCalendar:
    """A weekly pattern of local hours in one time zone, with its closed and special days.

    ``day_length_us``: how much open time one business day is (``day 9.5 business hours``);
    None keeps the rule of the same time of day N working days later."""

    timezone: str
    week: tuple[DayHours, DayHours, DayHours, DayHours, DayHours, DayHours, DayHours]
    holidays: tuple[HolidaySet, ...] = ()
    special_days: tuple[SpecialDay, ...] = ()
    recurring: tuple[RecurringDay, ...] = ()
    day_length_us: int | None = None

    @classmethod
    def of(
        cls,
        timezone: str,
        hours: Mapping[str, str],
        *,
        holidays: tuple[HolidaySet, ...] = (),
        special_days: tuple[SpecialDay, ...] = (),
    ) -> WeeklyCalendar:
        """Build from ``{"mon-fri": "07:30-21:00", "sat": "08:00-12:30, 14:00-18:00"}``."""
        week: list[list[Hours]] = [[] for _ in WEEKDAYS]
        for days, text in hours.items():
            intervals = [Hours.parse(part) for part in text.split(",") if part.strip()]
            for day in _weekday_range(days):
                week[day].extend(intervals)
        mon, tue, wed, thu, fri, sat, sun = (tuple(sorted(d, key=lambda h: h.start)) for d in week)
        return cls(timezone, (mon, tue, wed, thu, fri, sat, sun), holidays, special_days)

    @classmethod
    def always(cls, timezone: str, *, holidays: tuple[HolidaySet, ...] = ()) -> WeeklyCalendar:
        """24x7 (closed on ``holidays`` if any are given)."""
        return cls.of(timezone, {"mon-sun": "00:00-24:00"}, holidays=holidays)


def weekday_range(first: str, last: str | None = None) -> list[int]:
    """The weekdays from ``first`` to ``last`` (wrapping past Sunday), as 0 = Monday."""
    a, b = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
    return [(a + i) % 7 for i in range((b - a) % 7 + 1)]


def _weekday_range(text: str) -> list[int]:
    names = [part.strip().lower() for part in text.split("-")]
    if not 1 <= len(names) <= 2 or any(n not in WEEKDAYS for n in names):
        raise CalendarError(f"weekdays must look like 'mon' or 'mon-fri', got {text!r}")
    return weekday_range(names[0], names[-1])


def _specs(parts: Iterable[CalendarSpec]) -> tuple[CalendarSpec, ...]:
    return tuple(parts)


@frozen
class UnionCalendar:
    """Open when any part is open. Results are given in ``timezone`` (default: the first part's)."""

    parts: tuple[CalendarSpec, ...] = field(converter=_specs)
    timezone: str | None = None


@frozen
class DifferenceCalendar:
    """Open when ``base`` is open and ``minus`` is not."""

    base: CalendarSpec
    minus: CalendarSpec
    timezone: str | None = None


@frozen
class ComplementCalendar:
    """Open exactly when ``of`` is closed (e.g. out-of-hours attention)."""

    of: CalendarSpec
    timezone: str | None = None


CalendarSpec = WeeklyCalendar | UnionCalendar | DifferenceCalendar | ComplementCalendar


def spec_timezone(spec: CalendarSpec) -> str:
    """The time zone a calendar reports in and counts business days in."""
    if isinstance(spec, WeeklyCalendar):
        return spec.timezone
    if spec.timezone is not None:
        return spec.timezone
    if isinstance(spec, UnionCalendar):
        if not spec.parts:
            raise CalendarError("a union of calendars needs at least one part")
        return spec_timezone(spec.parts[0])
    if isinstance(spec, DifferenceCalendar):
        return spec_timezone(spec.base)
    return spec_timezone(spec.of)
