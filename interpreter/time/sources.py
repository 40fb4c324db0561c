"""Open intervals of a calendar spec over any stretch of absolute time.

A source answers one question: which instants in ``[lo, hi)`` are open, as a
normal interval list (see :mod:`plazo.interpreter.time.intervals`). Weekly calendars
work it out day by day in their own time zone; unions, differences and
complements combine the lists of their parts, so parts may live in different
time zones.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from plazo.dsl.dates import dates_in
from plazo.interpreter.errors import CalendarError
from plazo.interpreter.time import intervals as iv
from plazo.interpreter.time.holidays import holidays_of_year, validate
from plazo.interpreter.time.instants import US_PER_MIN, local_date, plain_midnight, wall_us
from plazo.interpreter.time.spec import (
    MINUTES_PER_DAY,
    CalendarSpec,
    ComplementCalendar,
    DifferenceCalendar,
    Hours,
    UnionCalendar,
    WeeklyCalendar,
)

_ONE_DAY = timedelta(days=1)


class Source(Protocol):
    def spans(self, lo: int, hi: int) -> list[iv.Span]:
        """Open intervals within ``[lo, hi)``, normal."""

    def closures(self, first: date, last: date) -> dict[date, str]:
        """Dates in ``[first, last]`` on which the calendar's pattern is closed by name."""

    @property
    def may_open(self) -> bool:
        """False when the calendar can be seen to be never open without looking at time."""


# not places: `localtime` follows the host's /etc/localtime (the same policy would give
# other answers elsewhere), `posixrules` is a template, `Factory` a placeholder; the
# `posix/` and `right/` trees are copies of the database (`right/` counting leap seconds)
HOST_ZONES = frozenset({"localtime", "posixrules", "Factory"})
_COPIES = ("posix/", "right/")


def zone(name: str) -> tzinfo:
    """The IANA time zone ``name`` (:class:`CalendarError` for an unknown or host-dependent one)."""
    if not isinstance(name, str) or name in HOST_ZONES or name.startswith(_COPIES):
        raise CalendarError(f"{name!r} is not a time zone plazo accepts: use an IANA name such as America/Bogota")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CalendarError(f"unknown time zone {name!r}: use an IANA name such as America/Bogota") from exc


def _offsets(hours: Hours) -> tuple[int, int]:
    """Start and end in microseconds after the day's midnight (an end not after the start is the next day's)."""
    end = hours.end if hours.end > hours.start else hours.end + MINUTES_PER_DAY
    return hours.start * US_PER_MIN, end * US_PER_MIN


class WeeklySource:
    def __init__(self, spec: WeeklyCalendar) -> None:
        self.tz = zone(spec.timezone)
        for holiday_set in spec.holidays:
            validate(holiday_set.country, holiday_set.subdivision)
        self._holiday_sets = spec.holidays
        self._week = [[_offsets(h) for h in day] for day in spec.week]
        self._special = {s.day: [_offsets(h) for h in s.hours] for s in spec.special_days}
        self._special_names = {s.day: s.name for s in spec.special_days if not s.hours}
        self._recurring_rules = spec.recurring
        self._recurring_years: dict[int, dict[date, tuple[list[tuple[int, int]], str]]] = {}
        self.may_open = any(self._week) or any(self._special.values()) or any(r.hours for r in spec.recurring)

    def _recurring(self, year: int) -> dict[date, tuple[list[tuple[int, int]], str]]:
        """The year's dates of the recurring rules, with their hours (none: closed) and name;
        of two rules on one date the first listed applies."""
        found = self._recurring_years.get(year)
        if found is None:
            found = {}
            for r in self._recurring_rules:
                hours = [_offsets(h) for h in r.hours]
                for day in dates_in(r.rule, year):
                    found.setdefault(day, (hours, r.name))
            found = self._recurring_years.setdefault(year, found)
        return found

    def _holidays(self, year: int) -> dict[date, str]:
        found: dict[date, str] = {}
        for h in self._holiday_sets:
            for day, name in holidays_of_year(h.country, h.subdivision, year).items():
                found.setdefault(day, name)
        return found

    def closures(self, first: date, last: date) -> dict[date, str]:
        """Holidays and closed dates that fall on a day the weekly pattern would open."""
        found: dict[date, str] = {}
        for year in range(first.year, last.year + 1):
            for day, (hours_of, name) in self._recurring(year).items():
                if not hours_of:
                    found[day] = name or "closed"
            for day, name in self._holidays(year).items():
                found[day] = name  # a holiday closes a recurring day too, under its own name
        for day, hours in self._special.items():
            if hours:
                found.pop(day, None)  # special hours open a holiday
            else:
                found[day] = self._special_names.get(day) or "closed"
        return {
            d: n for d, n in sorted(found.items()) if first <= d <= last and self._week[d.weekday()]
        }

    def spans(self, lo: int, hi: int) -> list[iv.Span]:
        if lo >= hi:
            return []
        first = local_date(lo, self.tz) - _ONE_DAY  # its overnight interval may reach lo
        last = local_date(hi - 1, self.tz)
        closed: dict[date, str] = {}
        recurring: dict[date, tuple[list[tuple[int, int]], str]] = {}
        for year in range(first.year, last.year + 1):
            closed.update(self._holidays(year))
            if self._recurring_rules:
                recurring.update(self._recurring(year))
        found: list[iv.Span] = []
        day = first
        while day <= last:
            special = self._special.get(day)
            if special is not None:
                pattern = special
            elif day in closed:
                pattern = []
            elif day in recurring:
                pattern = recurring[day][0]
            else:
                pattern = self._week[day.weekday()]
            if pattern:
                # on a day without a clock change (nor one the next day, for overnight
                # intervals) a wall time is the day's midnight plus the offset
                midnight = plain_midnight(day, self.tz)
                for start, end in pattern:
                    if midnight is not None:
                        found.append((midnight + start, midnight + end))
                    else:
                        found.append((wall_us(day, start, self.tz), wall_us(day, end, self.tz)))
            day += _ONE_DAY
        return iv.clip(iv.normalize(found), lo, hi)


class UnionSource:
    def __init__(self, parts: list[Source]) -> None:
        self.parts = parts
        self.may_open = any(p.may_open for p in parts)

    def spans(self, lo: int, hi: int) -> list[iv.Span]:
        out: list[iv.Span] = []
        for part in self.parts:
            out = iv.union(out, part.spans(lo, hi))
        return out

    def closures(self, first: date, last: date) -> dict[date, str]:
        found: dict[date, str] = {}
        for part in self.parts:
            for day, name in part.closures(first, last).items():
                found.setdefault(day, name)
        return dict(sorted(found.items()))


class DifferenceSource:
    def __init__(self, base: Source, minus: Source) -> None:
        self.base, self.minus = base, minus
        self.may_open = base.may_open

    def spans(self, lo: int, hi: int) -> list[iv.Span]:
        return iv.difference(self.base.spans(lo, hi), self.minus.spans(lo, hi))

    def closures(self, first: date, last: date) -> dict[date, str]:
        return self.base.closures(first, last)


class ComplementSource:
    def __init__(self, of: Source) -> None:
        self.of = of
        self.may_open = True  # only "always" has an empty complement; the search finds that

    def spans(self, lo: int, hi: int) -> list[iv.Span]:
        return iv.complement(self.of.spans(lo, hi), lo, hi)

    def closures(self, first: date, last: date) -> dict[date, str]:
        return {}


def build_source(spec: CalendarSpec) -> Source:
    if isinstance(spec, WeeklyCalendar):
        return WeeklySource(spec)
    if isinstance(spec, UnionCalendar):
        if not spec.parts:
            raise CalendarError("a union of calendars needs at least one part")
        return UnionSource([build_source(p) for p in spec.parts])
    if isinstance(spec, DifferenceCalendar):
        return DifferenceSource(build_source(spec.base), build_source(spec.minus))
    if isinstance(spec, ComplementCalendar):
        return ComplementSource(build_source(spec.of))
    raise TypeError(f"not a calendar spec: {spec!r}")
