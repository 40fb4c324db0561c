"""The business-time engine against the minute-by-minute oracle, on random calendars.

Random weekly patterns (split shifts, overnight intervals, 24:00 ends, empty
days), random closed dates and special hours, random starts and durations, in
America/Bogota, America/Guatemala and America/New_York around both DST changes.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import business_time_oracle as oracle
from examples_budget import SCALE, examples
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from plazo.interpreter import (
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
DAYS = 14
MARGIN = 3 * 24 * 60  # queries start this far from the window's edges


# wall times inside or at the edge of New York's DST changes (01:00-03:00)
DST_EDGES = [60, 90, 105, 120, 135, 150, 165, 180]


def interval() -> st.SearchStrategy[tuple[int, int]]:
    # quarter hours, with the DST edges and 24:00 drawn often on purpose
    start = st.one_of(st.integers(0, 95).map(lambda q: q * 15), st.sampled_from(DST_EDGES))
    end = st.one_of(st.integers(1, 96).map(lambda q: q * 15), st.sampled_from([*DST_EDGES, 1440]))
    return st.tuples(start, end)


def day_pattern() -> st.SearchStrategy[list[tuple[int, int]]]:
    return st.lists(interval(), max_size=3)


@st.composite
def weekly(draw: st.DrawFn, zone: str, start: date) -> tuple[WeeklyCalendar, object]:
    week = [draw(day_pattern()) for _ in range(7)]
    if not any(week):
        week[draw(st.integers(0, 6))] = [draw(interval())]
    offsets = st.integers(0, DAYS + 1)
    closed = {start + timedelta(days=k) for k in draw(st.sets(offsets, max_size=4))}
    special = {start + timedelta(days=k): draw(day_pattern()) for k in draw(st.sets(offsets, max_size=2))}
    spec = WeeklyCalendar(
        zone,
        tuple(tuple(Hours(s, e) for s, e in day) for day in week),  # type: ignore[arg-type]
        special_days=tuple(
            [SpecialDay(d, ()) for d in sorted(closed - special.keys())]
            + [SpecialDay(d, tuple(Hours(s, e) for s, e in p)) for d, p in sorted(special.items())]
        ),
    )
    return spec, (week, closed, special)


@st.composite
def calendars(draw: st.DrawFn) -> tuple[object, oracle.Window, bytearray]:
    zone, start_iso = draw(st.sampled_from(WINDOWS))
    w = oracle.window(zone, start_iso, DAYS)
    first = w.walls[0].date()
    spec, (week, closed, special) = draw(weekly(zone, first))
    row = oracle.paint_weekly(w, week, closed, special)
    shape = draw(st.sampled_from(["plain", "plain", "union", "difference", "complement"]))
    if shape == "complement":
        return ComplementCalendar(spec), w, oracle.complement(row)
    if shape in ("union", "difference"):
        spec2, (week2, closed2, special2) = draw(weekly(zone, first))
        row2 = oracle.paint_weekly(w, week2, closed2, special2)
        if shape == "union":
            return UnionCalendar((spec, spec2)), w, oracle.union(row, row2)
        return DifferenceCalendar(spec, spec2), w, oracle.difference(row, row2)
    return spec, w, row


_compiled: dict[object, object] = {}


def compiled(spec: object):
    # hypothesis shrinks through equal specs; compiling each once keeps the run short
    if spec not in _compiled:
        if len(_compiled) > 64:
            _compiled.clear()
        _compiled[spec] = compile_calendar(spec)  # type: ignore[arg-type]
    return _compiled[spec]


starts = st.integers(MARGIN, DAYS * 24 * 60 - MARGIN)
durations = st.integers(0, 40 * 60)


@settings(max_examples=examples(700))
@given(calendars(), starts, durations)
def test_add_and_elapsed_match_oracle(cal: tuple, i: int, d: int) -> None:
    spec, w, row = cal
    engine = compiled(spec)
    expected = oracle.add(row, i, d)
    assume(expected is not None)
    t = w.instant(i)
    got = engine.add(t, timedelta(minutes=d))
    assert got == w.instant(expected)
    assert engine.elapsed(t, got) == timedelta(minutes=d)
    j = min(i + d * 2, len(row) - 1)
    assert engine.elapsed(t, w.instant(j)) == timedelta(minutes=oracle.elapsed(row, i, j))
    assert engine.is_open(t) == bool(row[i])


@settings(max_examples=examples(400))
@given(calendars(), starts, durations, durations)
def test_add_is_associative_and_monotonic(cal: tuple, i: int, d1: int, d2: int) -> None:
    spec, w, row = cal
    engine = compiled(spec)
    assume(oracle.add(row, i, d1 + d2 + 1) is not None)
    t = w.instant(i)
    a, b = timedelta(minutes=d1), timedelta(minutes=d2)
    assert engine.add(t, a + b) == engine.add(engine.add(t, a), b)
    # monotonic in the duration and in the start
    assert engine.add(t, a) <= engine.add(t, a + b)
    assert engine.add(t, a) <= engine.add(w.instant(i + d2), a)


@settings(max_examples=examples(500))
@given(calendars(), starts, durations)
def test_subtract_matches_oracle_and_inverts_add(cal: tuple, i: int, d: int) -> None:
    spec, w, row = cal
    engine = compiled(spec)
    expected = oracle.subtract(row, i, d)
    assume(expected is not None and expected >= MARGIN // 3)
    t = w.instant(i)
    got = engine.subtract(t, timedelta(minutes=d))
    assert got == w.instant(expected)
    assert engine.elapsed(got, t) == timedelta(minutes=d)
    if row[i]:  # where t is open, subtract and add undo each other
        assert engine.add(got, timedelta(minutes=d)) == t
        forward = engine.add(t, timedelta(minutes=d))
        assert engine.subtract(forward, timedelta(minutes=d)) == t


@settings(max_examples=examples(400))
@given(calendars(), starts, st.integers(0, 6))
def test_business_days_match_oracle(cal: tuple, i: int, n: int) -> None:
    spec, w, row = cal
    engine = compiled(spec)
    expected = oracle.add_business_days(w, row, i, n)
    assume(expected is not None and expected < len(row) - 2 * 24 * 60)
    assert engine.add_business_days(w.instant(i), n) == w.instant(expected)


@settings(max_examples=examples(200))
@given(calendars(), starts, st.integers(0, 3 * 24 * 60))
def test_open_intervals_and_next_open_match_oracle(cal: tuple, i: int, span: int) -> None:
    spec, w, row = cal
    engine = compiled(spec)
    j = min(i + span, len(row) - 1)
    intervals = engine.open_intervals(w.instant(i), w.instant(j))
    painted = bytearray(j - i)
    for piece in intervals:
        assert piece.start < piece.end
        for k in range(w.index(piece.start), w.index(piece.end)):
            painted[k - i] = 1
    assert painted == row[i:j]
    # consecutive pieces never touch: each end is a real close
    assert all(a.end < b.start for a, b in itertools.pairwise(intervals))
    nxt = oracle.add(row, i, 0)
    assume(nxt is not None)
    assert engine.next_open(w.instant(i)) == w.instant(nxt)


def test_examples_in_ci_reach_two_thousand() -> None:
    tests = [
        test_add_and_elapsed_match_oracle,
        test_add_is_associative_and_monotonic,
        test_subtract_matches_oracle_and_inverts_add,
        test_business_days_match_oracle,
        test_open_intervals_and_next_open_match_oracle,
    ]
    total = sum(t._hypothesis_internal_use_settings.max_examples for t in tests)
    assert total >= 2000 * SCALE, total

