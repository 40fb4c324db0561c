"""The datetime methods' shortcuts answer what the integer methods answer, to the attribute.

``BusinessCalendar.add`` and ``add_business_days`` answer most questions without the
general path (``to_us``, the ``*_us`` method, ``from_us``): a start in the calendar's zone
on a plain day (no clock change) of the chunk last asked about is read as that day's
midnight plus its wall time, and a result on a plain day is the start's wall clock moved
(see interpreter/time/calendar.py). These tests ask each question both ways, on calendars
with DST changes, overnight and 24:00 intervals and a union across zones, in years before
and past 2112 (where ``from_us`` stops using floats) and at the ends of the supported
range, and compare the datetimes field by field (fold and time zone included) and the
errors by type and message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from examples_budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from plazo.interpreter import (
    BusinessCalendar,
    CalendarError,
    HolidaySet,
    UnionCalendar,
    WeeklyCalendar,
    compile_calendar,
)
from plazo.interpreter.time.instants import KNOWN_DURATIONS_US, duration_us, from_us, to_us, zone_year

CALENDARS = [
    compile_calendar(
        WeeklyCalendar.of("America/Bogota", {"mon-fri": "08:00-12:00, 14:00-18:00"}, holidays=(HolidaySet("CO"),))
    ),
    # intervals inside, across and next to the hours New York skips and repeats, and one from a
    # plain Saturday night into the Sunday of a change
    compile_calendar(
        WeeklyCalendar.of("America/New_York", {"mon-fri": "09:00-17:00", "sat": "01:00-03:00, 05:00-06:00, 22:00-04:00",
                                               "sun": "01:30-02:30, 22:00-02:00"})
    ),
    compile_calendar(WeeklyCalendar.of("America/Guatemala", {"mon-fri": "22:00-06:00", "sat": "10:00-24:00"})),
    compile_calendar(WeeklyCalendar.of("Europe/London", {"mon-fri": "00:30-01:30, 02:00-03:00, 08:00-18:00"})),
    compile_calendar(WeeklyCalendar.always("Europe/London")),
    # a half-hour DST change
    compile_calendar(WeeklyCalendar.of("Australia/Lord_Howe", {"mon-sat": "01:00-03:00, 09:00-17:00"})),
    compile_calendar(
        UnionCalendar((WeeklyCalendar.of("America/New_York", {"mon-fri": "09:00-12:00"}),
                       WeeklyCalendar.of("America/Bogota", {"mon-fri": "13:00-15:00"})))
    ),
]
NOT_A_TIMEDELTA: Any = 5  # what an untyped caller may pass
NOT_A_WHOLE_NUMBER: Any = 2.0
# years of the range's ends, around 2112 (FLOAT_EXACT_US) and today's, the last drawn most
YEARS = st.sampled_from([1900, 1901, 2025, 2026, 2026, 2026, 2111, 2112, 2113, 2998, 2999])
# wall times: any minute, the DST hours' edges and the calendars' openings and closings
MINUTES = st.one_of(st.integers(0, 1439), st.sampled_from([0, 30, 60, 90, 120, 150, 180, 480, 540, 720, 1079, 1080]))
DURATIONS = st.one_of(
    st.sampled_from([timedelta(0), timedelta(hours=1), timedelta(hours=400), timedelta(microseconds=1)]),
    st.integers(0, 5000 * 60).map(lambda m: timedelta(minutes=m)),
    st.builds(timedelta, seconds=st.integers(0, 10**6), microseconds=st.integers(0, 999_999)),
)


def described(answer: Callable[[], datetime]) -> tuple[object, ...]:
    """Everything a caller can see of an answer: the datetime's fields, fold and zone, or the error."""
    try:
        t = answer()
    except CalendarError as exc:
        return (type(exc).__name__, str(exc))
    return (type(t), t.isoformat(), t.fold, t.tzinfo, t.utcoffset())


@st.composite
def starts(draw: st.DrawFn, cal: BusinessCalendar) -> datetime:
    year = draw(YEARS)
    changes = sorted(zone_year(cal.tz, year).changes)
    near_a_change: bool = draw(st.booleans())
    if changes and near_a_change:  # a day of a clock change or next to one, half the time
        day = datetime.fromordinal(draw(st.sampled_from(changes)) + draw(st.integers(-1, 1)))
    else:
        day = datetime(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    wall = day + timedelta(minutes=draw(MINUTES), seconds=draw(st.sampled_from([0, 0, 1, 59])),
                           microseconds=draw(st.sampled_from([0, 0, 1, 999_999])))
    zone = draw(st.sampled_from([cal.tz, cal.tz, cal.tz, cal.tz, UTC, timezone(timedelta(hours=-5)),
                                 ZoneInfo("Asia/Tokyo")]))
    return wall.replace(tzinfo=zone, fold=draw(st.sampled_from([0, 0, 1])))


def check_add(cal: BusinessCalendar, t: datetime, d: timedelta) -> None:
    """``cal.add(t, d)`` answers as the general path does."""
    expected = described(lambda: from_us(cal.add_us(to_us(t), duration_us(d)), cal.tz))
    assert described(lambda: cal.add(t, d)) == expected, (cal, t, d)


def check_add_business_days(cal: BusinessCalendar, t: datetime, n: int) -> None:
    """``cal.add_business_days(t, n)`` answers as the general path does."""
    expected = described(lambda: from_us(cal.add_business_days_us(to_us(t), n), cal.tz))
    assert described(lambda: cal.add_business_days(t, n)) == expected, (cal, t, n)


@settings(max_examples=examples(60))
@given(st.sampled_from(CALENDARS), st.data())
def test_add_answers_as_the_general_path(cal: BusinessCalendar, data: st.DataObject) -> None:
    for _ in range(20):
        t, d = data.draw(starts(cal), label="start"), data.draw(DURATIONS, label="duration")
        # asked twice: the first question may build t's year and make it the chunk asked about last
        check_add(cal, t, d)
        check_add(cal, t, d)


@settings(max_examples=examples(60))
@given(st.sampled_from(CALENDARS), st.data())
def test_add_business_days_answers_as_the_general_path(cal: BusinessCalendar, data: st.DataObject) -> None:
    for _ in range(20):
        t, n = data.draw(starts(cal), label="start"), data.draw(st.integers(0, 70), label="business days")
        check_add_business_days(cal, t, n)
        check_add_business_days(cal, t, n)


def test_the_shortcuts_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    # else the tests above compare the general path with itself
    cal = compile_calendar(WeeklyCalendar.of("America/Bogota", {"mon-fri": "08:00-12:00, 14:00-18:00"}))
    t = datetime(2026, 3, 4, 11, 30, tzinfo=cal.tz)  # a Wednesday
    KNOWN_DURATIONS_US.clear()  # a cache: emptied, it cannot be emptied again while the durations below fill it
    for minutes in (20, 60, 990, 1020):  # builds 2026; a duration is read without dividing once it has been seen
        cal.add(t, timedelta(minutes=minutes))

    def refused(*args: object) -> int:
        raise AssertionError("the general path was taken")

    for name in ("add_us", "add_business_days_us", "next_open_us"):
        monkeypatch.setattr(BusinessCalendar, name, refused)
    assert cal.add(t, timedelta(minutes=20)) == datetime(2026, 3, 4, 11, 50, tzinfo=cal.tz)  # the same interval
    assert cal.add(t, timedelta(hours=1)) == datetime(2026, 3, 4, 14, 30, tzinfo=cal.tz)  # over the lunch break
    # 4.5 hours on Wednesday, 8 on Thursday, then Friday: 16.5 end on its 12:00 close, so its next opening
    assert cal.add(t, timedelta(hours=16.5)) == datetime(2026, 3, 6, 14, tzinfo=cal.tz)
    assert cal.add(t, timedelta(hours=17)) == datetime(2026, 3, 6, 14, 30, tzinfo=cal.tz)
    assert cal.add_business_days(t, 2) == datetime(2026, 3, 6, 11, 30, tzinfo=cal.tz)
    # from Thursday over the weekend
    assert cal.add_business_days(t.replace(day=5, hour=17, minute=59), 2) == datetime(2026, 3, 9, 17, 59, tzinfo=cal.tz)


def test_wrong_arguments_still_get_their_messages() -> None:
    cal = CALENDARS[0]
    t = datetime(2026, 3, 4, 9, tzinfo=cal.tz)
    cal.add(t, timedelta(hours=1))
    bad: list[tuple[Callable[[], object], str]] = [
        (lambda: cal.add(t.replace(tzinfo=None), timedelta(hours=1)), "has no time zone"),
        (lambda: cal.add(t, timedelta(hours=-1)), "must not be negative"),
        (lambda: cal.add(t, NOT_A_TIMEDELTA), "must be a timedelta"),
        (lambda: cal.add_business_days(t, -1), "whole number >= 0"),
        (lambda: cal.add_business_days(t, True), "whole number >= 0"),
        (lambda: cal.add_business_days(t, NOT_A_WHOLE_NUMBER), "whole number >= 0"),
        (lambda: cal.add_business_days(t.replace(tzinfo=None), 2), "has no time zone"),
        (lambda: cal.add(t.replace(year=3000), timedelta(hours=1)), "outside the supported range"),
    ]
    for call, message in bad:
        with pytest.raises(CalendarError, match=message):
            call()


@pytest.mark.parametrize("year", [2026, 2113])
def test_around_clock_changes(year: int) -> None:
    # a start each hour of the days around each change, a duration each half hour up to two days
    # (every third one from odd hours): results land in the skipped and repeated hours and in
    # intervals running into them
    for cal in CALENDARS:
        for change in sorted(zone_year(cal.tz, year).changes):
            for hour in range(3 * 24):
                t = datetime.fromordinal(change - 2).replace(tzinfo=cal.tz) + timedelta(hours=hour)
                cal.add(t, timedelta(0))  # t's year is the chunk asked about last
                for half_hours in range(0, 4 * 24, 3 if hour % 2 else 1):
                    check_add(cal, t, timedelta(minutes=30 * half_hours))
                for n in (1, 2):
                    check_add_business_days(cal, t, n)


def test_the_ends_of_the_range() -> None:
    # the first and last local days hold instants outside the range in most zones: they must still be refused
    for cal in CALENDARS:
        for warm, day in ((datetime(2999, 6, 1), datetime(2999, 12, 31)),
                          (datetime(1900, 6, 1), datetime(1899, 12, 31)), (datetime(1900, 6, 1), datetime(1900, 1, 1))):
            cal.add(warm.replace(tzinfo=cal.tz), timedelta(hours=1))  # the chunk asked about last
            # both ways through the day: an answer inside the range makes its chunk the last asked about
            for hour in (*range(24), *reversed(range(24))):
                t = day.replace(hour=hour, minute=30, tzinfo=cal.tz)
                for d in (timedelta(0), timedelta(hours=1), timedelta(hours=30)):
                    check_add(cal, t, d)
                check_add_business_days(cal, t, 1)


@pytest.mark.parametrize(("zone", "change"), [("America/St_Johns", datetime(2006, 10, 29, 3, 0, tzinfo=UTC)),
                                              ("Antarctica/Casey", datetime(2010, 3, 4, 17, 0, tzinfo=UTC))])
def test_a_repeated_evening_before_a_change_just_after_midnight(zone: str, change: datetime) -> None:
    """St John's turned its clocks back from 00:01 to 23:01 (1987-2010), Casey from 00:00 to
    21:00 on 5 March 2010: the day before is plain (24 hours at one offset), yet its last wall
    hours come again after the change, with fold=1. Such a start is the later instant (found
    by a differential review: the shortcut read it as the earlier one)."""
    cal = compile_calendar(WeeklyCalendar.always(zone))
    for minutes in range(0, 4 * 60, 10):  # starts through the repeated hours, both folds
        t = (change + timedelta(minutes=minutes - 120)).astimezone(cal.tz)
        cal.add(t, timedelta(0))  # t's year is the chunk asked about last
        for d in (timedelta(0), timedelta(minutes=10), timedelta(hours=2), timedelta(hours=30)):
            check_add(cal, t, d)
        for n in (1, 2):
            check_add_business_days(cal, t, n)
    # the reviewer's instance: 23:30 at -03:30 (fold=1), after the change
    t = datetime(2006, 10, 28, 23, 30, tzinfo=ZoneInfo("America/St_Johns"), fold=1)
    assert t.utcoffset() == timedelta(hours=-3, minutes=-30)
    st_johns = compile_calendar(WeeklyCalendar.always("America/St_Johns"))
    st_johns.add(t, timedelta(0))
    assert st_johns.add(t, timedelta(minutes=10)).astimezone(UTC) == datetime(2006, 10, 29, 3, 10, tzinfo=UTC)
