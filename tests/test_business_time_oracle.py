"""The business-time engine against the minute-by-minute oracle, on random calendars.

Random weekly patterns (split shifts, overnight intervals, 24:00 ends, empty
days), random closed dates and special hours, unions, differences and
complements, in America/Bogota, America/Guatemala and America/New_York around
both DST changes.

Building a calendar (drawing it, painting the oracle's minute row, compiling the
engine's year table) costs far more than a question, so each example draws one
calendar and asks it ``QUERIES`` rounds of questions with ``st.data()``. The
questions are drawn knowing the calendar: starts fall anywhere, on an opening or
a closing (or a minute either side), or within three hours of a DST change;
durations are random or exactly the open time up to (or back to) an opening or a
closing, which is where the "lands on a close" rule acts. A question whose
answer lies past the oracle's window is skipped, not asked.

The DST rules act only on wall times inside or at the edges of the hour the
clocks skip or repeat, so the generator draws such times often (DST_EDGES on
every day, and each window's own change hour on the change day and the day
before; see clock_changes). A broken rule for the skipped hour was once caught
only that way.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import pairwise

import business_time_oracle as oracle
from examples_budget import SCALE, examples
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from plazo.interpreter import (
    BusinessCalendar,
    ComplementCalendar,
    DifferenceCalendar,
    Hours,
    SpecialDay,
    UnionCalendar,
    WeeklyCalendar,
    compile_calendar,
)

# (zone, first local day of the window); the DST changes fall mid-window so that
# random queries cross them often
WINDOWS = [
    ("America/Bogota", "2026-03-16T00:00:00-05:00"),
    ("America/Guatemala", "2026-12-24T00:00:00-06:00"),  # crosses into 2027
    ("America/New_York", "2026-03-01T00:00:00-05:00"),  # spring forward on Sunday 8 March
    ("America/New_York", "2026-10-25T00:00:00-04:00"),  # fall back on Sunday 1 November
]
# the windows with DST changes twice as often as the others
WINDOW = st.sampled_from([*WINDOWS, *WINDOWS[2:]])
DAYS = 14
MARGIN = 3 * 24 * 60  # queries start this far from the window's edges
FIRST, LAST = MARGIN, DAYS * 24 * 60 - MARGIN  # the range of query starts
MAX_MINUTES = 40 * 60  # the longest duration asked about

# rounds of questions per calendar; each round checks several answers
QUERIES = 30

# wall times inside or at the edge of New York's DST changes (01:00-03:00): the hour
# repeated in November is 01:00-02:00, the hour skipped in March 02:00-03:00
DST_EDGES = [60, 75, 90, 105, 120, 130, 135, 150, 165, 175, 180]

# quarter hours, with the DST edges and 24:00 drawn often on purpose
START = st.one_of(st.integers(0, 95).map(lambda q: q * 15), st.sampled_from(DST_EDGES))
END = st.one_of(st.integers(1, 96).map(lambda q: q * 15), st.sampled_from([*DST_EDGES, 1440]))
# an end equal to the start is refused (Hours raises); an end before it crosses midnight
INTERVAL = st.tuples(START, END).filter(lambda i: i[0] != i[1])
DAY_PATTERN = st.lists(INTERVAL, max_size=3)
QUARTERS = st.integers(0, 96).map(lambda q: q * 15)
OFFSETS = st.integers(0, DAYS + 1)

Pattern = list[tuple[int, int]]  # a day's intervals, minutes after midnight
Painted = tuple[list[Pattern], set[date], dict[date, Pattern]]  # a weekly calendar: week, closed, special


@cache
def clock_changes(start_iso: str) -> tuple[list[date], st.SearchStrategy[Pattern], st.SearchStrategy[Pattern]]:
    """The window's DST change dates, and the day patterns drawn on them and on the day before.

    On a change day (its weekday, and often a special day on the date itself) intervals
    mostly start or end inside or at the edges of the hour the clocks skip or repeat,
    where the DST rules act: often disjoint intervals (no other interval of the day hides
    their edges), sometimes overlapping ones, sometimes an ordinary day. The day before
    is often disjoint intervals too, so that no overnight interval hides the early hours.
    """
    zone = next(z for z, s in WINDOWS if s == start_iso)
    w = oracle.window(zone, start_iso, DAYS)
    if not w.changes:
        return [], DAY_PATTERN, DAY_PATTERN
    c = w.changes[0]
    before, after = w.walls[c - 1] + timedelta(minutes=1), w.walls[c]
    hour = min(before, after)  # 02:00 when the clocks skip 02:00-03:00, 01:00 when they repeat 01:00-02:00
    h0 = hour.hour * 60 + hour.minute
    times = st.sampled_from([h0, h0 + 10, h0 + 15, h0 + 30, h0 + 45, h0 + 55, h0 + 60])
    interval = st.one_of(st.tuples(times, END), st.tuples(START, times), st.tuples(times, times)).filter(
        lambda i: i[0] != i[1])
    cuts = st.sets(st.one_of(times, times, QUARTERS), min_size=2, max_size=5)
    disjoint = cuts.map(sorted).map(lambda c: [(c[i], c[i + 1]) for i in range(0, len(c) - 1, 2)])
    change_day = st.one_of(disjoint, disjoint, st.lists(interval, min_size=1, max_size=3), DAY_PATTERN)
    eve = st.one_of(disjoint, DAY_PATTERN)
    return sorted({w.walls[k].date() for k in w.changes}), change_day, eve


@st.composite
def weekly(draw: st.DrawFn, zone: str, start_iso: str, start: date) -> tuple[WeeklyCalendar, Painted]:
    changes, change_day, eve = clock_changes(start_iso)
    change_weekdays = {d.weekday() for d in changes}
    eves = {(k - 1) % 7 for k in change_weekdays}
    week = [draw(change_day if k in change_weekdays else eve if k in eves else DAY_PATTERN) for k in range(7)]
    if not any(week):
        week[draw(st.integers(0, 6))] = [draw(INTERVAL)]
    closed = {start + timedelta(days=k) for k in draw(st.sets(OFFSETS, max_size=4))}
    special = {start + timedelta(days=k): draw(DAY_PATTERN) for k in draw(st.sets(OFFSETS, max_size=2))}
    if changes and draw(st.booleans()):
        special[draw(st.sampled_from(changes))] = draw(change_day)
    spec = WeeklyCalendar(
        zone,
        tuple(tuple(Hours(s, e) for s, e in day) for day in week),  # type: ignore[arg-type]
        special_days=tuple(
            [SpecialDay(d, ()) for d in sorted(closed - special.keys())]
            + [SpecialDay(d, tuple(Hours(s, e) for s, e in p)) for d, p in sorted(special.items())]
        ),
    )
    return spec, (week, closed, special)


class Case:
    """One random calendar: its spec, the oracle's minute row, and what questions are drawn from."""

    def __init__(self, spec: object, w: oracle.Window, row: bytearray) -> None:
        self.spec, self.w, self.row = spec, w, row
        self._engine: BusinessCalendar | None = None
        # minutes at which the calendar opens or closes
        self.edges = [k for k in range(1, len(row)) if row[k] != row[k - 1]]
        self.workdays = oracle.working_days(w, row)
        near_edges = [k for k in self.edges if FIRST + 1 <= k <= LAST - 1]
        changes = [c for c in w.changes if FIRST + 180 <= c <= LAST - 180]
        anywhere = st.integers(FIRST, LAST)
        self.starts = st.one_of(
            anywhere,
            anywhere,
            # on an opening or a closing, or a minute either side
            st.tuples(st.sampled_from(near_edges), st.integers(-1, 1)).map(sum) if near_edges else anywhere,
            # within three hours of a DST change
            st.tuples(st.sampled_from(changes), st.integers(-180, 180)).map(sum) if changes else anywhere,
        )

    @property
    def engine(self) -> BusinessCalendar:
        """The compiled calendar, compiled on first use."""
        if self._engine is None:
            self._engine = compile_calendar(self.spec)  # type: ignore[arg-type]
        return self._engine

    def __repr__(self) -> str:
        return f"Case({self.spec!r}, window from {self.w.instant(0).isoformat()} in {self.w.tz.key})"

    def edge_after(self, i: int, k: int) -> int | None:
        """The ``k``-th opening or closing after minute ``i`` (0: the first), if any."""
        n = bisect_right(self.edges, i) + k
        return self.edges[n] if n < len(self.edges) else None

    def edge_before(self, i: int, k: int) -> int | None:
        """The ``k``-th opening or closing before minute ``i`` (0: the last), if any."""
        n = bisect_left(self.edges, i) - 1 - k
        return self.edges[n] if n >= 0 else None


@st.composite
def calendars(draw: st.DrawFn) -> Case:
    zone, start_iso = draw(WINDOW)
    w = oracle.window(zone, start_iso, DAYS)
    first = w.walls[0].date()
    spec, painted = draw(weekly(zone, start_iso, first))
    shape = draw(st.sampled_from(["plain", "plain", "union", "difference", "complement"]))
    painted2 = None
    if shape == "complement":
        spec = ComplementCalendar(spec)
    elif shape in ("union", "difference"):
        spec2, painted2 = draw(weekly(zone, start_iso, first))
        spec = UnionCalendar((spec, spec2)) if shape == "union" else DifferenceCalendar(spec, spec2)
    case = cached_case(w, spec, shape, painted, painted2)
    # a calendar closed for the whole window has no question the oracle can answer
    assume(case is not None)
    return case


_cases: dict[tuple[datetime, object], Case | None] = {}


def cached_case(w: oracle.Window, spec: object, shape: str, painted: Painted, painted2: Painted | None) -> Case | None:
    # hypothesis shrinks the questions on an unchanged calendar: paint and compile each calendar once
    key = (w.start, spec)
    if key not in _cases:
        if len(_cases) > 64:
            _cases.clear()
        row = oracle.paint_weekly(w, *painted)  # type: ignore[arg-type]
        if shape == "complement":
            row = oracle.complement(row)
        elif painted2 is not None:
            row2 = oracle.paint_weekly(w, *painted2)  # type: ignore[arg-type]
            row = oracle.union(row, row2) if shape == "union" else oracle.difference(row, row2)
        _cases[key] = Case(spec, w, row) if any(row[FIRST:LAST]) else None
    return _cases[key]


DURATIONS = st.integers(0, MAX_MINUTES)
NEXT_EDGE = st.integers(0, 5)
ONE_MINUTE = st.integers(-1, 1)


def forward_minutes(data: st.DataObject, case: Case, i: int) -> int:
    """A duration from ``i``: random, or the open time up to a coming opening or closing (+-1 minute)."""
    if data.draw(st.booleans(), label="up to an edge"):
        k = case.edge_after(i, data.draw(NEXT_EDGE, label="edges ahead"))
        if k is not None:
            d = oracle.elapsed(case.row, i, k) + data.draw(ONE_MINUTE, label="minute off")
            if 0 <= d <= MAX_MINUTES:
                return d
    return data.draw(DURATIONS, label="minutes")


def backward_minutes(data: st.DataObject, case: Case, i: int) -> int:
    """A duration back from ``i``: random, or the open time since an earlier opening or closing."""
    if data.draw(st.booleans(), label="back to an edge"):
        k = case.edge_before(i, data.draw(NEXT_EDGE, label="edges back"))
        if k is not None:
            d = oracle.elapsed(case.row, k, i) + data.draw(ONE_MINUTE, label="minute off")
            if 0 <= d <= MAX_MINUTES:
                return d
    return data.draw(DURATIONS, label="minutes")


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def utc(t: datetime) -> datetime:
    """Instants are compared in UTC: Python compares two datetimes of one zone by their wall
    clocks, blind to which of the two 01:30s of a repeated hour each one is."""
    return t.astimezone(UTC)


@settings(max_examples=examples(60))
@given(calendars(), st.data())
def test_add_and_elapsed_match_oracle(case: Case, data: st.DataObject) -> None:
    w, row = case.w, case.row
    engine = case.engine
    # the open time of each whole local day, midnight to midnight (a 23 or 25 hour day at a change)
    for day in w.local_dates():
        midnight = datetime.combine(day, datetime.min.time())
        a, b = w.resolve(midnight), w.resolve(midnight + timedelta(days=1))
        if FIRST <= a < b <= LAST:
            assert engine.elapsed(w.instant(a), w.instant(b)) == minutes(oracle.elapsed(row, a, b)), day
    for _ in range(QUERIES):
        i = data.draw(case.starts, label="start")
        t = w.instant(i)
        assert engine.is_open(t) == bool(row[i]), t
        # the open time between any two starts (across the DST changes, from and to edges)
        j = data.draw(case.starts, label="other end")
        a, b = min(i, j), max(i, j)
        assert engine.elapsed(w.instant(a), w.instant(b)) == minutes(oracle.elapsed(row, a, b)), (a, b)
        d = forward_minutes(data, case, i)
        expected = oracle.add(row, i, d)
        if expected is None:
            continue
        got = engine.add(t, minutes(d))
        assert utc(got) == utc(w.instant(expected)), (t, d)
        assert engine.elapsed(t, got) == minutes(d), (t, d)
        j = min(i + d * 2, len(row) - 1)
        assert engine.elapsed(t, w.instant(j)) == minutes(oracle.elapsed(row, i, j)), (t, d)


@settings(max_examples=examples(30))
@given(calendars(), st.data())
def test_add_is_associative_and_monotonic(case: Case, data: st.DataObject) -> None:
    w, row = case.w, case.row
    engine = case.engine
    for _ in range(QUERIES):
        i = data.draw(case.starts, label="start")
        d1 = forward_minutes(data, case, i)
        d2 = data.draw(DURATIONS, label="second minutes")
        if oracle.add(row, i, d1 + d2 + 1) is None:
            continue
        t = w.instant(i)
        a, b = minutes(d1), minutes(d2)
        assert utc(engine.add(t, a + b)) == utc(engine.add(engine.add(t, a), b)), (t, d1, d2)
        # monotonic in the duration and in the start
        assert utc(engine.add(t, a)) <= utc(engine.add(t, a + b)), (t, d1, d2)
        assert utc(engine.add(t, a)) <= utc(engine.add(w.instant(i + d2), a)), (t, d1, d2)


@settings(max_examples=examples(40))
@given(calendars(), st.data())
def test_subtract_matches_oracle_and_inverts_add(case: Case, data: st.DataObject) -> None:
    w, row = case.w, case.row
    engine = case.engine
    for _ in range(QUERIES):
        i = data.draw(case.starts, label="start")
        d = backward_minutes(data, case, i)
        expected = oracle.subtract(row, i, d)
        if expected is None or expected < MARGIN // 3:
            continue
        t = w.instant(i)
        got = engine.subtract(t, minutes(d))
        assert utc(got) == utc(w.instant(expected)), (t, d)
        assert engine.elapsed(got, t) == minutes(d), (t, d)
        if row[i]:  # where t is open, subtract and add undo each other
            assert utc(engine.add(got, minutes(d))) == utc(t), (t, d)
            forward = engine.add(t, minutes(d))
            assert utc(engine.subtract(forward, minutes(d))) == utc(t), (t, d)


@settings(max_examples=examples(40))
@given(calendars(), st.data())
def test_business_days_match_oracle(case: Case, data: st.DataObject) -> None:
    w, row = case.w, case.row
    engine = case.engine
    for _ in range(QUERIES):
        i = data.draw(case.starts, label="start")
        n = data.draw(st.integers(0, 6), label="business days")
        expected = oracle.add_business_days(w, row, i, n, case.workdays)
        if expected is None or expected >= len(row) - 2 * 24 * 60:
            continue
        assert utc(engine.add_business_days(w.instant(i), n)) == utc(w.instant(expected)), (w.instant(i), n)


def check_open_intervals(engine: BusinessCalendar, w: oracle.Window, row: bytearray, i: int, j: int) -> None:
    intervals = engine.open_intervals(w.instant(i), w.instant(j))
    painted = bytearray(j - i)
    for piece in intervals:
        assert utc(piece.start) < utc(piece.end)
        for k in range(w.index(piece.start), w.index(piece.end)):
            painted[k - i] = 1
    assert painted == row[i:j], (w.instant(i), w.instant(j))
    # consecutive pieces never touch: each end is a real close
    assert all(utc(a.end) < utc(b.start) for a, b in pairwise(intervals))


@settings(max_examples=examples(30))
@given(calendars(), st.data())
def test_open_intervals_and_next_open_match_oracle(case: Case, data: st.DataObject) -> None:
    w, row = case.w, case.row
    engine = case.engine
    check_open_intervals(engine, w, row, FIRST, LAST)  # the whole stretch the questions start in
    for _ in range(QUERIES):
        i = data.draw(case.starts, label="start")
        if data.draw(st.booleans(), label="to another start"):
            i, j = sorted((i, data.draw(case.starts, label="other end")))
        else:
            j = min(i + data.draw(st.integers(0, 3 * 24 * 60), label="span"), len(row) - 1)
        check_open_intervals(engine, w, row, i, j)
        nxt = oracle.add(row, i, 0)
        if nxt is None:
            continue
        assert utc(engine.next_open(w.instant(i))) == utc(w.instant(nxt)), w.instant(i)


PROPERTY_TESTS = [
    test_add_and_elapsed_match_oracle,
    test_add_is_associative_and_monotonic,
    test_subtract_matches_oracle_and_inverts_add,
    test_business_days_match_oracle,
    test_open_intervals_and_next_open_match_oracle,
]


def test_rounds_of_questions_in_ci_reach_six_thousand() -> None:
    # the budget is in questions asked, not in calendars drawn
    rounds = sum(t._hypothesis_internal_use_settings.max_examples * QUERIES for t in PROPERTY_TESTS)
    assert rounds >= 6000 * SCALE, rounds
