"""The compiled calendar: business-time arithmetic over a calendar spec.

A compiled calendar keeps a *timeline*: the calendar's open intervals, as epoch
microseconds, over whole local years, with the running total of open time
before each interval and the sorted list of working days. Every question is
then a bisection in that table, so its cost does not depend on the duration
asked about; a duration that runs past the table extends it one year at a time
(the only cost that grows with the duration, and only once per year of the
calendar's life, since the table is kept).

Semantics (docs/semantics.md, "Business time"):

* ``add(t, d)``: the earliest instant ``T >= t`` at which the open time in
  ``[t, T)`` equals ``d`` *and* the calendar is open. So a start outside hours
  waits for the next opening, a zero duration outside hours is the next
  opening, and a result that lands on a close is reported as the next opening
  (no business time passes in between).
* ``subtract(t, d)``: the latest instant ``T <= t`` with open time in
  ``[T, t)`` equal to ``d``.
* ``elapsed(a, b)``: the open time in ``[a, b)``.
* ``add_business_days(t, n)``: from the next opening at or after ``t``, the same
  local time of day on the ``n``-th following working day, clamped into that
  day's hours (a time before, between or after its hours moves to the next
  opening). A working day is a local date on which an open interval starts, or
  which is open from midnight to midnight; the tail of an overnight interval
  does not make the next morning a working day.

The table is a cache, never state: answers depend only on the spec and the
arguments, and the table is replaced whole (never mutated in place), so a
compiled calendar can be shared between threads.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import accumulate

from attrs import frozen

from plazo.interpreter.errors import CalendarError, EmptyCalendarError
from plazo.interpreter.time import intervals as iv
from plazo.interpreter.time.instants import (
    US_PER_DAY,
    duration_us,
    from_us,
    local_date,
    to_us,
    wall_to_us,
)
from plazo.interpreter.time.sources import Source, build_source, zone
from plazo.interpreter.time.spec import CalendarSpec, spec_timezone

# A calendar that has been closed for this many consecutive years is taken to be
# closed for ever: searches stop there with EmptyCalendarError instead of looping.
MAX_CLOSED_YEARS = 4
_ONE_DAY = timedelta(days=1)
_FIRST_YEAR, _LAST_YEAR = 2, 9998  # years whose neighbours datetime can still represent


@frozen
class Closure:
    """A day on which the calendar's weekly hours did not apply (holiday or closed date)."""

    day: date
    name: str


@frozen
class OpenInterval:
    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


@frozen
class _Table:
    first_year: int
    last_year: int  # inclusive
    lo: int  # first covered instant (local midnight opening first_year)
    hi: int  # first instant after the covered years
    spans: tuple[iv.Span, ...]
    starts: list[int]
    ends: list[int]
    cum: list[int]  # open time in [lo, starts[i])
    cum_end: list[int]  # open time in [lo, ends[i])
    workdays: list[int]  # ordinals of working days within the covered years
    first_ordinal: int  # the first covered day (1 January of first_year)
    midnights: list[int]  # local midnight of each covered day, and of the day after the last
    clock_change_days: frozenset[int]  # days whose clock does not run 24 even hours
    year_open: tuple[bool, ...]  # per covered year: has it any open time?


class BusinessCalendar:
    """A compiled calendar: business-time arithmetic on timezone-aware datetimes.

    Results are datetimes in the calendar's time zone. Naive datetimes, negative
    durations and calendars without open time raise :class:`CalendarError`
    subclasses with a message saying what to do instead.
    """

    __slots__ = ("_source", "_table", "name", "spec", "tz")

    def __init__(self, spec: CalendarSpec, name: str = "calendar") -> None:
        self.name = name
        self.spec = spec
        self.tz: tzinfo = zone(spec_timezone(spec))
        self._source: Source = build_source(spec)
        if not self._source.may_open:
            raise EmptyCalendarError(f"calendar {name!r} has no hours: it is never open")
        self._table: _Table | None = None

    def __repr__(self) -> str:
        return f"BusinessCalendar({self.name!r}, tz={self.tz})"

    # ----------------------------------------------------------------- queries

    def is_open(self, t: datetime) -> bool:
        return self.is_open_us(to_us(t))

    def next_open(self, t: datetime) -> datetime:
        """``t`` itself when open, else the next opening."""
        return from_us(self.next_open_us(to_us(t)), self.tz)

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        """Open time in ``[a, b)``."""
        x, y = to_us(a, "start"), to_us(b, "end")
        if y < x:
            raise CalendarError(f"elapsed: end {b.isoformat()} is before start {a.isoformat()}")
        return timedelta(microseconds=self.elapsed_us(x, y))

    def add(self, t: datetime, d: timedelta) -> datetime:
        """The instant at which ``d`` of open time has passed since ``t`` (see module doc)."""
        return from_us(self.add_us(to_us(t), duration_us(d)), self.tz)

    def subtract(self, t: datetime, d: timedelta) -> datetime:
        """The latest instant ``T <= t`` with ``d`` of open time in ``[T, t)``."""
        x = to_us(t)
        need = duration_us(d)
        tb = self._covering(x)
        while _open_before(tb, x) < need:
            tb = self._extend_backward(tb)
        target = _open_before(tb, x) - need
        j = bisect_right(tb.cum_end, target)
        if j == len(tb.starts):
            return t.astimezone(self.tz)  # d == 0 after the last opening
        return from_us(min(x, tb.starts[j] + target - tb.cum[j]), self.tz)

    def add_business_days(self, t: datetime, n: int) -> datetime:
        """The same local time ``n`` working days later, clamped into that day's hours."""
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise CalendarError(f"business days must be a whole number >= 0, got {n!r}")
        return from_us(self.add_business_days_us(to_us(t), n), self.tz)

    # ------------------------------------------------- the same on epoch microseconds
    # The evaluator works on integers: no datetime is built on its hot path.

    def is_open_us(self, x: int) -> bool:
        tb = self._covering(x)
        i = bisect_right(tb.starts, x) - 1
        return i >= 0 and x < tb.ends[i]

    def elapsed_us(self, x: int, y: int) -> int:
        tb = self._covering(x, y)
        return _open_before(tb, y) - _open_before(tb, x)

    def add_us(self, x: int, need: int) -> int:
        tb = self._covering(x)
        target = _open_before(tb, x) + need
        while True:
            j = bisect_right(tb.cum_end, target)
            if j < len(tb.starts):
                return tb.starts[j] + target - tb.cum[j]
            tb = self._extend_forward(tb)

    def add_business_days_us(self, x: int, n: int) -> int:
        x = self.next_open_us(x)
        if n == 0:
            return x
        tb = self._covering(x)
        index = bisect_right(tb.midnights, x) - 1
        ordinal = tb.first_ordinal + index
        # on a day the clocks change, the time of day is the wall clock's, not time since midnight
        time_of_day = (_wall_time_us(from_us(x, self.tz)) if ordinal in tb.clock_change_days
                       else x - tb.midnights[index])
        k = bisect_right(tb.workdays, ordinal) + n - 1
        while k >= len(tb.workdays):
            tb = self._extend_forward(tb)
        target = tb.workdays[k]
        if target in tb.clock_change_days:
            y = wall_to_us(date.fromordinal(target), timedelta(microseconds=time_of_day), self.tz)
        else:
            y = tb.midnights[target - tb.first_ordinal] + time_of_day
        return self.next_open_us(y)

    def open_intervals(self, a: datetime, b: datetime) -> list[OpenInterval]:
        """The open intervals within ``[a, b)``, clipped to it (for explanations and timelines)."""
        return [OpenInterval(from_us(s, self.tz), from_us(e, self.tz)) for s, e in self._spans(a, b)]

    def open_spans_us(self, x: int, y: int) -> list[tuple[int, int]]:
        """The open intervals within ``[x, y)`` in epoch microseconds, clipped to it."""
        return list(self._spans_us(x, y))

    def closures(self, a: datetime, b: datetime) -> list[Closure]:
        """Holidays and closed dates (with their names) between two instants, inclusive of days."""
        first, last = local_date(to_us(a), self.tz), local_date(to_us(b), self.tz)
        return [Closure(d, name) for d, name in self._source.closures(first, last).items()]

    def working_days(self, first: date, last: date) -> list[date]:
        """Working days in ``[first, last]`` (see module doc)."""
        tb = self._covering(wall_to_us(first, time(), self.tz), wall_to_us(last, time(), self.tz))
        lo, hi = bisect_left(tb.workdays, first.toordinal()), bisect_right(tb.workdays, last.toordinal())
        return [date.fromordinal(o) for o in tb.workdays[lo:hi]]

    # --------------------------------------------------------------- internals

    def _spans(self, a: datetime, b: datetime) -> Iterator[iv.Span]:
        return self._spans_us(to_us(a, "start"), to_us(b, "end"))

    def _spans_us(self, x: int, y: int) -> Iterator[iv.Span]:
        if y <= x:
            return iter(())
        tb = self._covering(x, y)
        i = max(bisect_right(tb.starts, x) - 1, 0)
        merged: list[iv.Span] = []
        iv.append_merging(merged, iv.clip(list(tb.spans[i:bisect_left(tb.starts, y)]), x, y))
        return iter(merged)

    def next_open_us(self, x: int) -> int:
        tb = self._covering(x)
        i = bisect_right(tb.starts, x) - 1
        if i >= 0 and x < tb.ends[i]:
            return x
        while True:
            j = bisect_right(tb.starts, x)
            if j < len(tb.starts):
                return tb.starts[j]
            tb = self._extend_forward(tb)

    def _covering(self, x: int, y: int | None = None) -> _Table:
        """The table, extended so that it covers instants ``x`` (and ``y``)."""
        tb = self._table
        y = x if y is None else y
        if tb is not None and tb.lo <= x and y < tb.hi:
            return tb
        if tb is None:
            tb = self._table = self._assemble(local_date(x, self.tz).year, None, True)
        while x < tb.lo:
            tb = self._extend_backward(tb)
        while y >= tb.hi:
            tb = self._extend_forward(tb)
        return tb

    def _extend_forward(self, tb: _Table) -> _Table:
        closed = len(tb.year_open) - 1 - max((i for i, o in enumerate(tb.year_open) if o), default=-1)
        if closed >= MAX_CLOSED_YEARS or tb.last_year >= _LAST_YEAR:
            raise EmptyCalendarError(
                f"calendar {self.name!r} is never open after {tb.last_year - closed}"
            )
        self._table = new = self._assemble(tb.last_year + 1, tb, True)
        return new

    def _extend_backward(self, tb: _Table) -> _Table:
        closed = next((i for i, o in enumerate(tb.year_open) if o), len(tb.year_open))
        if closed >= MAX_CLOSED_YEARS or tb.first_year <= _FIRST_YEAR:
            raise EmptyCalendarError(
                f"calendar {self.name!r} is never open before {tb.first_year + closed}"
            )
        self._table = new = self._assemble(tb.first_year - 1, tb, False)
        return new

    def _assemble(self, year: int, old: _Table | None, after: bool) -> _Table:
        """``old``'s table with one more local year, after or before it."""
        year_midnights, year_changes = self._midnights(year)
        lo, hi = year_midnights[0], year_midnights[-1]
        # A margin of two days on each side: overnight intervals reach into the
        # year, and whether its first day is a working day depends on the day before.
        margin = self._source.spans(lo - 2 * US_PER_DAY, hi + 2 * US_PER_DAY)
        year_spans = iv.clip(margin, lo, hi)
        year_workdays = self._working_days_of(margin, year)
        if old is None:
            year_open: tuple[bool, ...] = (bool(year_spans),)
            spans, workdays = year_spans, year_workdays
            midnights, changes = year_midnights, year_changes
            first_year = last_year = year
        elif after:
            spans = list(old.spans)
            iv.append_merging(spans, year_spans)
            workdays = old.workdays + year_workdays
            midnights = old.midnights[:-1] + year_midnights
            changes = old.clock_change_days | year_changes
            year_open = (*old.year_open, bool(year_spans))
            first_year, last_year, hi = old.first_year, year, hi
            lo = old.lo
        else:
            spans = year_spans
            iv.append_merging(spans, list(old.spans))
            workdays = year_workdays + old.workdays
            midnights = year_midnights[:-1] + old.midnights
            changes = old.clock_change_days | year_changes
            year_open = (bool(year_spans), *old.year_open)
            first_year, last_year, hi = year, old.last_year, old.hi
        cum_end = list(accumulate(e - s for s, e in spans))
        return _Table(
            first_year=first_year,
            last_year=last_year,
            lo=lo,
            hi=hi,
            spans=tuple(spans),
            starts=[s for s, _ in spans],
            ends=[e for _, e in spans],
            cum=[c - (e - s) for c, (s, e) in zip(cum_end, spans, strict=True)],
            cum_end=cum_end,
            workdays=workdays,
            first_ordinal=date(first_year, 1, 1).toordinal(),
            midnights=midnights,
            clock_change_days=changes,
            year_open=year_open,
        )

    def _midnights(self, year: int) -> tuple[list[int], frozenset[int]]:
        """Local midnights of a year's days (and of the next 1 January), and its clock-change days."""
        first = date(year, 1, 1)
        days = (date(year + 1, 1, 1) - first).days
        midnights = [wall_to_us(first + timedelta(days=k), time(), self.tz) for k in range(days + 1)]
        changes = set()
        for k in range(days):
            # 24 h between midnights and the same offset at both: no change inside the day
            a, b = midnights[k], midnights[k + 1]
            if b - a != US_PER_DAY or from_us(a, self.tz).utcoffset() != from_us(b, self.tz).utcoffset():
                changes.add(first.toordinal() + k)
        return midnights, frozenset(changes)

    def _working_days_of(self, spans: list[iv.Span], year: int) -> list[int]:
        days: set[int] = set()
        for s, e in spans:
            day = local_date(s, self.tz)
            days.add(day.toordinal())
            # whole days covered by an interval that began on an earlier day
            day += _ONE_DAY
            while wall_to_us(day + _ONE_DAY, time(), self.tz) <= e:
                days.add(day.toordinal())
                day += _ONE_DAY
        first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        return sorted(d for d in days if first <= d <= last)


def _wall_time_us(t: datetime) -> int:
    """Microseconds after midnight shown by the wall clock at ``t``."""
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _open_before(tb: _Table, x: int) -> int:
    """Open time in ``[tb.lo, x)`` for a covered ``x``."""
    i = bisect_right(tb.starts, x) - 1
    if i < 0:
        return 0
    s = tb.starts[i]
    e = tb.ends[i]
    return tb.cum[i] + ((x if x < e else e) - s)


def compile_calendar(spec: CalendarSpec, name: str = "calendar") -> BusinessCalendar:
    """Compile a calendar spec (see :mod:`plazo.interpreter.time.spec`)."""
    return BusinessCalendar(spec, name)
