"""The compiled calendar: business-time arithmetic over a calendar spec.

A compiled calendar keeps a *timeline* in yearly chunks: for each local year it
was asked about, the calendar's open intervals in it, as epoch microseconds, with
the running total of open time before each interval, the year's total and its
working days. A question inside one year is a bisection in that year's chunk, so
its cost does not depend on the duration asked about; one that crosses years walks
the chunks in between, using each year's total (the only cost that grows with the
duration: one chunk per year crossed, built once and kept). A question about a year
far ahead builds that year alone, so asking 500 years ahead costs what asking next
year does.

Limits (docs/semantics.md, "Limits"): instants come in through
:func:`~plazo.interpreter.time.instants.to_us`, which refuses those outside the
supported range; a search (``add``, ``subtract``, ``next_open``,
``add_business_days``) looks at most ``HORIZON_YEARS`` years past the year it
starts in and then raises :class:`HorizonError`; a calendar without open time for
``MAX_CLOSED_YEARS`` years in a row is taken to be closed for ever
(:class:`EmptyCalendarError`).

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

The datetime methods ``add`` and ``add_business_days`` answer the common case without
converting at all (a Python call or a datetime conversion costs more than the search):
a start in the calendar's zone on a *plain* day of the chunk asked about last (one UTC
offset all day, inside the supported range), not the second of a repeated wall time
(``fold=1``: the evening before a change just after midnight repeats, as St John's did
until 2010), is that day's midnight plus its wall time,
and a result on a plain day is the start's wall clock moved by a timedelta (the duration,
whole days, or the duration plus the closed time between, kept per interval as
``walls``), which is the datetime ``fromtimestamp`` would build. Anything else takes
``to_us``, the ``*_us`` method and ``from_us``; tests/test_calendar_shortcuts.py checks
the two agree to the attribute.

The chunks are a cache, never state: answers depend only on the spec and the
arguments. A chunk is immutable and is only ever added to the calendar's dict of
years (one atomic ``setdefault``; two threads building the same year keep one of two
equal chunks), never changed in place, so a compiled calendar can be shared between
threads.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, tzinfo
from itertools import accumulate

from attrs import frozen

from plazo.dsl.limits import HORIZON_YEARS
from plazo.interpreter.errors import CalendarError, EmptyCalendarError, HorizonError, InstantError
from plazo.interpreter.time import intervals as iv
from plazo.interpreter.time.instants import (
    END_US,
    END_YEAR,
    FIRST_US,
    FIRST_YEAR,
    FLOAT_EXACT_US,
    KNOWN_DURATIONS_US,
    RANGE_HINT,
    US_PER_DAY,
    US_PER_S,
    ZoneYear,
    day_index,
    duration_us,
    from_us,
    local_date,
    to_us,
    wall_to_us,
    zone_year,
)
from plazo.interpreter.time.sources import Source, build_source, zone
from plazo.interpreter.time.spec import CalendarSpec, WeeklyCalendar, spec_timezone

# A calendar that has been closed for this many consecutive years is taken to be
# closed for ever: searches stop there with EmptyCalendarError instead of looping.
MAX_CLOSED_YEARS = 4
_ONE_DAY = timedelta(days=1)
# the local years a chunk may cover: those of supported instants in any time zone
_FIRST_TABLE_YEAR, _LAST_TABLE_YEAR = FIRST_YEAR - 1, END_YEAR
_UTC_YEAR_US = 365 * US_PER_DAY  # a year's span, for the bound on instants a chunk can hold
# looked up once: the attribute lookup is a tenth of what building the result costs
_fromtimestamp = datetime.fromtimestamp
# whole days, for moving a wall clock on plain days: adding one is a quarter of fromtimestamp's cost
_DAYS = tuple(timedelta(days=k) for k in range(64))
_ONE_US = timedelta(microseconds=1)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


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
class _Year:
    """One local year of the timeline: [lo, hi) from its first local midnight to the next year's."""

    year: int
    lo: int
    hi: int
    spans: tuple[iv.Span, ...]  # clipped to [lo, hi): an overnight interval on 31 December is cut at hi
    starts: list[int]
    ends: list[int]
    cum: list[int]  # open time in [lo, starts[i])
    cum_end: list[int]  # open time in [lo, ends[i])
    base: list[int]  # cum[i] - starts[i]: an instant x in interval i has base[i] + x of open time before it
    # For an interval inside one plain day: its start's wall clock (local time since 1970-01-01)
    # less the open time before it; None for others. From u in interval i to v in interval j the
    # wall clock moves by the open time in [u, v) plus walls[j] - walls[i] (the closed time between).
    walls: list[timedelta | None]
    total: int  # open time in [lo, hi)
    workdays: list[int]  # ordinals of the year's working days
    first_ordinal: int  # 1 January
    midnights: tuple[int, ...]  # local midnight of each day, and of the next 1 January
    clock_change_days: frozenset[int]  # days whose clock does not run 24 even hours
    # by ordinal, each day whose clock runs 24 even hours at one offset and which lies in the
    # supported range: its midnight (an instant on it is the midnight plus its wall time) and
    # the bounds (lo, hi) in `starts` of a bisection for an instant on it
    plain: dict[int, tuple[int, int, int]]


# the chunk `_last` holds before any question: it holds no instant and no day
_NO_YEAR = _Year(year=0, lo=0, hi=0, spans=(), starts=[], ends=[], cum=[], cum_end=[], base=[], walls=[], total=0,
                 workdays=[], first_ordinal=0, midnights=(), clock_change_days=frozenset(), plain={})


class BusinessCalendar:
    """A compiled calendar: business-time arithmetic on timezone-aware datetimes.

    Results are datetimes in the calendar's time zone. Naive datetimes, instants out
    of the supported range, negative durations, arguments of the wrong type, calendars
    without open time and searches past the horizon raise :class:`CalendarError`
    subclasses with a message saying what to do instead.
    """

    __slots__ = ("_last", "_source", "_years", "name", "spec", "tz")

    def __init__(self, spec: CalendarSpec, name: str = "calendar") -> None:
        self.name = name
        self.spec = spec
        self.tz: tzinfo = zone(spec_timezone(spec))
        self._source: Source = build_source(spec)
        if not self._source.may_open:
            raise EmptyCalendarError(f"calendar {name!r} has no hours: it is never open")
        self._years: dict[int, _Year] = {}
        self._last: _Year = _NO_YEAR  # the chunk of the last question: the next is most often in it

    def __repr__(self) -> str:
        return f"BusinessCalendar({self.name!r}, tz={self.tz})"

    @property
    def day_length_us(self) -> int | None:
        """The open time one business day is (``day 9.5 business hours``); None: not declared."""
        return self.spec.day_length_us if isinstance(self.spec, WeeklyCalendar) else None

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
        # The common case runs here alone, calling C only (a Python call costs a tenth of an
        # add): ``t`` in the calendar's zone on a plain day of the last chunk asked about, so
        # it is that day's midnight plus its wall time, and ``d`` a duration seen before.
        # Anything else takes the general path, with every check and message.
        yr = self._last
        # (fold=1: the second of a repeated wall time, which a plain day can show too, on its
        # evening before a change just after midnight: not its midnight plus its wall time)
        day = yr.plain.get(t.toordinal()) if type(t) is datetime and t.tzinfo is self.tz and not t.fold else None
        need = KNOWN_DURATIONS_US.get(d) if type(d) is timedelta else None
        if day is None or need is None:
            us = self.add_us(to_us(t), duration_us(d))
        else:
            midnight, lo, hi = day
            time_of_day = ((t.hour * 60 + t.minute) * 60 + t.second) * US_PER_S + t.microsecond
            x = midnight + time_of_day
            i = bisect_right(yr.starts, x, lo, hi) - 1
            if i >= 0 and x < (end := yr.ends[i]):
                us = x + need
                if us < end:  # in the interval t is in (landing on its end is the next opening)
                    if time_of_day + need < US_PER_DAY:
                        # on t's plain day, so the wall clock moves by d: adding it is the cheap way
                        # to the same datetime fromtimestamp gives (fold 0, the calendar's zone)
                        return t + d
                else:
                    base = yr.base
                    target = base[i] + us
                    j = bisect_right(yr.cum_end, target, i + 1)
                    if j < len(base):
                        walls = yr.walls
                        if (wall_j := walls[j]) is not None and (wall_i := walls[i]) is not None:
                            # both on plain days: moving t's wall clock is the cheap way to the result
                            return t + (d + (wall_j - wall_i))
                        us = target - base[j]
                    else:
                        us = self._add_past(yr, x, need, target - yr.total)
            else:
                us = self.add_us(x, need)  # t outside hours
        if -FLOAT_EXACT_US < us < FLOAT_EXACT_US:  # from_us, inlined: the call is a fifth of an add
            return _fromtimestamp(us / 1e6, self.tz)
        return from_us(us, self.tz)

    def subtract(self, t: datetime, d: timedelta) -> datetime:
        """The latest instant ``T <= t`` with ``d`` of open time in ``[T, t)``."""
        return from_us(self.subtract_us(to_us(t), duration_us(d)), self.tz)

    def add_business_days(self, t: datetime, n: int) -> datetime:
        """The same local time ``n`` working days later, clamped into that day's hours."""
        # As in add: the common case (t open, on a plain day of the last chunk asked about,
        # landing on a plain day of it) runs here alone; anything else takes the general path.
        yr = self._last
        ordinal = t.toordinal() if type(t) is datetime and t.tzinfo is self.tz and not t.fold else 0
        day = yr.plain.get(ordinal)
        if day is None or type(n) is not int or n <= 0:
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise CalendarError(f"business days must be a whole number >= 0, got {n!r}")
            us = self.add_business_days_us(to_us(t), n)
        else:
            midnight, lo, hi = day
            # on a plain day the time of day is both the wall clock's and the time since midnight
            time_of_day = ((t.hour * 60 + t.minute) * 60 + t.second) * US_PER_S + t.microsecond
            x = midnight + time_of_day
            starts, ends, workdays = yr.starts, yr.ends, yr.workdays
            i = bisect_right(starts, x, lo, hi) - 1
            k = bisect_right(workdays, ordinal) + n - 1
            if (i >= 0 and x < ends[i] and k < len(workdays)
                    and (target := yr.plain.get(workdays[k])) is not None):
                midnight, lo, hi = target
                us = midnight + time_of_day
                i = bisect_right(starts, us, lo, hi)
                if i and us < ends[i - 1]:
                    if (days := workdays[k] - ordinal) < len(_DAYS):
                        # t's wall time on another plain day: adding whole days is the cheap way
                        # to the same datetime fromtimestamp gives (fold 0, the calendar's zone)
                        return t + _DAYS[days]
                else:  # closed then: the next opening
                    us = starts[i] if i < len(starts) else self.next_open_us(us)
            else:
                us = self.add_business_days_us(x, n)
        if -FLOAT_EXACT_US < us < FLOAT_EXACT_US:
            return _fromtimestamp(us / 1e6, self.tz)
        return from_us(us, self.tz)

    # ------------------------------------------------- the same on epoch microseconds
    # The evaluator works on integers: no datetime is built on its hot path.

    def is_open_us(self, x: int) -> bool:
        yr = self._last
        if not yr.lo <= x < yr.hi:
            yr = self._year_at(x)
        i = bisect_right(yr.starts, x) - 1
        return i >= 0 and x < yr.ends[i]

    def elapsed_us(self, x: int, y: int) -> int:
        """Open time in ``[x, y)`` (negative when ``y < x``)."""
        if y < x:
            return -self.elapsed_us(y, x)
        first = self._last
        if not first.lo <= x < first.hi:
            first = self._year_at(x)
        if y < first.hi:
            # _open_before twice, inlined: the evaluator asks this of every clause it counts
            starts, ends, base = first.starts, first.ends, first.base
            i = bisect_right(starts, x) - 1
            j = bisect_right(starts, y, i + 1) - 1  # y >= x: not before x's interval
            before_y = 0 if j < 0 else (base[j] + y if y < ends[j] else first.cum_end[j])
            return before_y - (0 if i < 0 else (base[i] + x if x < ends[i] else first.cum_end[i]))
        last = self._year_at(y)
        between = sum(self._chunk(year).total for year in range(first.year + 1, last.year))
        return first.total - _open_before(first, x) + between + _open_before(last, y)

    def add_us(self, x: int, need: int) -> int:
        yr = self._last
        if not yr.lo <= x < yr.hi:
            yr = self._year_at(x)
        # _open_before, inlined: this is the evaluator's innermost call
        ends, base = yr.ends, yr.base
        i = bisect_right(yr.starts, x) - 1
        if i < 0:
            target = need
        elif x < (end := ends[i]):
            if x + need < end:  # within the interval x is in (landing on its end is the next opening)
                return x + need
            target = base[i] + x + need
        else:
            target = yr.cum_end[i] + need
        j = bisect_right(yr.cum_end, target)
        if j < len(base):
            return target - base[j]
        return self._add_past(yr, x, need, target - yr.total)

    def _add_past(self, yr: _Year, x: int, need: int, rest: int) -> int:
        """:meth:`add_us` from ``x`` in ``yr`` when ``rest`` of ``need`` is left at the year's end.

        A result on 1 January's first instant is the next opening, as the on-a-close rule
        wants of an interval cut at the year's end."""
        following = self._years.get(yr.year + 1)
        if following is not None and rest < following.total:  # the first step of _forward, when built
            j = bisect_right(following.cum_end, rest)
            return rest - following.base[j]
        for chunk in self._forward(yr, x, lambda: _hours(need)):
            if rest < chunk.total:
                j = bisect_right(chunk.cum_end, rest)
                return rest - chunk.base[j]
            rest -= chunk.total
        raise AssertionError("unreachable: _forward ends by raising")

    def subtract_us(self, x: int, need: int) -> int:
        """The latest instant ``T <= x`` with ``need`` of open time in ``[T, x)``."""
        yr = self._year_at(x)
        before = _open_before(yr, x)
        if need <= before:
            target = before - need
            j = bisect_right(yr.cum_end, target)
            if j == len(yr.starts):
                return x  # need == 0 after the year's last opening
            return min(x, yr.starts[j] + target - yr.cum[j])
        rest = need - before
        for chunk in self._backward(yr, x, lambda: f"{_hours(need)} back"):
            if rest <= chunk.total:
                j = bisect_right(chunk.cum_end, chunk.total - rest)
                return chunk.starts[j] + chunk.total - rest - chunk.cum[j]
            rest -= chunk.total
        raise AssertionError("unreachable: _backward ends by raising")

    def add_business_days_us(self, x: int, n: int) -> int:
        yr = self._last
        if not yr.lo <= x < yr.hi:
            yr = self._year_at(x)
        # next_open_us, inlined
        j = bisect_right(yr.starts, x)
        if not (j and x < yr.ends[j - 1]):
            if j < len(yr.starts):
                x = yr.starts[j]
            else:
                x = self.next_open_us(x)
                yr = self._year_at(x)
        if n == 0:
            return x
        index = bisect_right(yr.midnights, x) - 1
        ordinal = yr.first_ordinal + index
        # on a day the clocks change, the time of day is the wall clock's, not time since midnight
        time_of_day = (_wall_time_us(from_us(x, self.tz)) if ordinal in yr.clock_change_days
                       else x - yr.midnights[index])
        k = bisect_right(yr.workdays, ordinal) + n - 1
        chunk = yr
        if k >= len(yr.workdays):
            k -= len(yr.workdays)
            for chunk in self._forward(yr, x, lambda: f"{n} business days"):
                if k < len(chunk.workdays):
                    break
                k -= len(chunk.workdays)
        target = chunk.workdays[k]
        if target in chunk.clock_change_days:
            y = wall_to_us(date.fromordinal(target), timedelta(microseconds=time_of_day), self.tz)
        else:
            y = chunk.midnights[target - chunk.first_ordinal] + time_of_day
        last = self._last
        if last.lo <= y < last.hi:  # next_open_us, inlined (its other paths check the range)
            starts = last.starts
            j = bisect_right(starts, y)
            if j and y < last.ends[j - 1]:
                return y
            if j < len(starts):
                return starts[j]
        return self.next_open_us(y)

    def next_open_us(self, x: int) -> int:
        yr = self._last
        if not yr.lo <= x < yr.hi:
            yr = self._year_at(x)
        j = bisect_right(yr.starts, x)
        if j > 0 and x < yr.ends[j - 1]:
            return x
        if j < len(yr.starts):
            return yr.starts[j]
        for chunk in self._forward(yr, x, lambda: "the next opening"):
            if chunk.starts:
                return chunk.starts[0]
        raise AssertionError("unreachable: _forward ends by raising")

    def open_intervals(self, a: datetime, b: datetime) -> list[OpenInterval]:
        """The open intervals within ``[a, b)``, clipped to it (for explanations and timelines)."""
        return [OpenInterval(from_us(s, self.tz), from_us(e, self.tz))
                for s, e in self._spans_us(to_us(a, "start"), to_us(b, "end"))]

    def open_spans_us(self, x: int, y: int) -> list[tuple[int, int]]:
        """The open intervals within ``[x, y)`` in epoch microseconds, clipped to it."""
        return self._spans_us(x, y)

    def closures(self, a: datetime, b: datetime) -> list[Closure]:
        """Holidays and closed dates (with their names) between two instants, inclusive of days."""
        first, last = local_date(to_us(a, "start"), self.tz), local_date(to_us(b, "end"), self.tz)
        return [Closure(d, name) for d, name in self._source.closures(first, last).items()]

    def working_days(self, first: date, last: date) -> list[date]:
        """Working days in ``[first, last]`` (see module doc)."""
        for day, what in ((first, "first"), (last, "last")):
            if not isinstance(day, date) or isinstance(day, datetime):
                raise CalendarError(f"working_days: {what} must be a date, not {type(day).__name__}")
            if not FIRST_YEAR <= day.year < END_YEAR:
                raise InstantError(what, f"{day.isoformat()} is outside the supported range", RANGE_HINT)
        lo, hi = first.toordinal(), last.toordinal()
        return [date.fromordinal(o) for year in range(first.year, last.year + 1)
                for chunk in (self._chunk(year),)
                for o in chunk.workdays[bisect_left(chunk.workdays, lo):bisect_right(chunk.workdays, hi)]]

    # --------------------------------------------------------------- internals

    def _spans_us(self, x: int, y: int) -> list[iv.Span]:
        if y <= x:
            return []
        merged: list[iv.Span] = []
        first, last = self._year_at(x), self._year_at(y - 1)
        for year in range(first.year, last.year + 1):
            chunk = self._chunk(year)
            i = max(bisect_right(chunk.starts, x) - 1, 0)
            iv.append_merging(merged, iv.clip(list(chunk.spans[i:bisect_left(chunk.starts, y)]), x, y))
        return merged

    def _year_at(self, x: int) -> _Year:
        """The chunk of the local year that holds instant ``x``."""
        last = self._last
        if last.lo <= x < last.hi:
            return last
        if not FIRST_US - _UTC_YEAR_US <= x < END_US + _UTC_YEAR_US:
            raise InstantError("instant", f"{x} microseconds after 1970 is outside the supported range",
                               RANGE_HINT)
        # the local year is the UTC year or one next to it (offsets are under a day)
        year = (date(1970, 1, 1) + timedelta(microseconds=x)).year
        chunk = self._chunk(year)
        if x < chunk.lo:
            chunk = self._chunk(year - 1)
        elif x >= chunk.hi:
            chunk = self._chunk(year + 1)
        self._last = chunk
        return chunk

    def _chunk(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is None:
            if not _FIRST_TABLE_YEAR <= year <= _LAST_TABLE_YEAR:
                raise InstantError("year", f"{year} is outside the supported range", RANGE_HINT)
            found = self._years.setdefault(year, self._build(year))
        return found

    def _forward(self, first: _Year, x: int, asked: Callable[[], str]) -> Iterator[_Year]:
        """The years after ``first``, up to the horizon or the end of the range."""
        return self._walk(first, x, asked, 1)

    def _backward(self, first: _Year, x: int, asked: Callable[[], str]) -> Iterator[_Year]:
        """The years before ``first``, back to the horizon or the start of the range."""
        return self._walk(first, x, asked, -1)

    def _walk(self, first: _Year, x: int, asked: Callable[[], str], step: int) -> Iterator[_Year]:
        chunk, closed = first, 0 if first.total else 1
        edge = _LAST_TABLE_YEAR if step > 0 else _FIRST_TABLE_YEAR
        while True:
            if closed >= MAX_CLOSED_YEARS:
                side, year = ("after", chunk.year - closed) if step > 0 else ("before", chunk.year + closed)
                raise EmptyCalendarError(f"calendar {self.name!r} is never open {side} {year} "
                                         f"(no open time in {closed} years in a row)")
            travelled = (chunk.year - first.year) * step
            if travelled >= HORIZON_YEARS or chunk.year == edge:
                raise self._horizon(x, asked(), travelled)
            chunk = self._chunk(chunk.year + step)
            closed = 0 if chunk.total else closed + 1
            yield chunk

    def _horizon(self, x: int, asked: str, years: int) -> HorizonError:
        start = from_us(x, self.tz).isoformat()
        if years >= HORIZON_YEARS:
            return HorizonError(self.name, asked, start, HORIZON_YEARS,
                                f"business time searches at most {HORIZON_YEARS} years; "
                                "the calendar is open too little for what is asked")
        return HorizonError(self.name, asked, start, years, f"the search reached the end of the range: {RANGE_HINT}")

    def _build(self, year: int) -> _Year:
        """The chunk of one local year."""
        zy = zone_year(self.tz, year)
        lo, hi = zy.midnights[0], zy.midnights[-1]
        # A margin of two days on each side: overnight intervals reach into the
        # year, and whether its first day is a working day depends on the day before.
        margin = self._source.spans(lo - 2 * US_PER_DAY, hi + 2 * US_PER_DAY)
        spans = iv.clip(margin, lo, hi)
        cum_end = list(accumulate(e - s for s, e in spans))
        cum = [c - (e - s) for c, (s, e) in zip(cum_end, spans, strict=True)]
        starts = [s for s, _ in spans]
        mids, first = zy.midnights, zy.first_ordinal
        plain = {first + k: (mids[k], bisect_right(starts, mids[k]), bisect_left(starts, mids[k + 1]))
                 for k in range(len(mids) - 1)
                 if first + k not in zy.changes and mids[k] >= FIRST_US and mids[k + 1] <= END_US}
        walls: list[timedelta | None] = []
        for s, e, c in zip(starts, (e for _, e in spans), cum, strict=True):
            k = bisect_right(mids, s) - 1
            # a plain day's wall clock is the instant plus the day's offset (local midnight - midnight)
            walls.append(_ONE_US * ((first + k - _EPOCH_ORDINAL) * US_PER_DAY - mids[k] + s - c)
                         if first + k in plain and e <= mids[k + 1] else None)
        return _Year(
            year=year,
            lo=lo,
            hi=hi,
            spans=tuple(spans),
            starts=starts,
            ends=[e for _, e in spans],
            cum=cum,
            cum_end=cum_end,
            base=[c - s for c, s in zip(cum, starts, strict=True)],
            walls=walls,
            total=cum_end[-1] if cum_end else 0,
            workdays=self._working_days_of(margin, zy),
            first_ordinal=zy.first_ordinal,
            midnights=zy.midnights,
            clock_change_days=zy.changes,
            plain=plain,
        )

    def _working_days_of(self, spans: list[iv.Span], zy: ZoneYear) -> list[int]:
        """The year's working days: those an interval starts on, and those an interval
        that began on an earlier day covers from midnight to midnight."""
        days: set[int] = set()
        last = len(zy.midnights) - 1  # the index of the next 1 January
        for s, e in spans:
            if e <= zy.midnights[0] or s >= zy.midnights[last]:
                continue  # in the margin around the year; the day before matters only if it spills in
            index = day_index(s, zy)
            if index >= 0:
                days.add(zy.first_ordinal + index)
            index += 1
            while index < last and zy.midnights[index + 1] <= e:
                days.add(zy.first_ordinal + index)
                index += 1
        return sorted(days)


def _hours(us: int) -> str:
    """``1000 business hours``, for messages."""
    return f"{us / 3_600_000_000:,.6g} business hours"


def _wall_time_us(t: datetime) -> int:
    """Microseconds after midnight shown by the wall clock at ``t``."""
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _open_before(yr: _Year, x: int) -> int:
    """Open time in ``[yr.lo, x)`` for an ``x`` in the year."""
    i = bisect_right(yr.starts, x) - 1
    if i < 0:
        return 0
    s = yr.starts[i]
    e = yr.ends[i]
    return yr.cum[i] + ((x if x < e else e) - s)


def compile_calendar(spec: CalendarSpec, name: str = "calendar") -> BusinessCalendar:
    """Compile a calendar spec (see :mod:`plazo.interpreter.time.spec`)."""
    return BusinessCalendar(spec, name)
