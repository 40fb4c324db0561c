"""The limits of business time (docs/semantics.md, "Limits"), and the calendar checks of
`plazo check` that keep a policy inside them.

Expected values are worked out by hand or with plain date arithmetic (Bogotá has no DST,
so a week there is always 168 hours), never read from the engine's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from plazo.dsl.loader import check_text
from plazo.interpreter import CalendarError, Hours, WeeklyCalendar, compile_calendar
from plazo.interpreter.errors import HorizonError, InstantError, TicketError
from plazo.interpreter.time import calendar as engine
from plazo.interpreter.time.instants import local_instant, parse_instant, to_us

BOG = ZoneInfo("America/Bogota")
NY = ZoneInfo("America/New_York")
H = timedelta(hours=1)


def cal(hours: dict[str, str], zone: str = "America/Bogota") -> engine.BusinessCalendar:
    return compile_calendar(WeeklyCalendar.of(zone, hours), "c")


# ---------------------------------------------------------------- the supported range


def test_the_range_is_1900_to_2999_utc() -> None:
    first = datetime(1900, 1, 1, tzinfo=UTC)
    last = datetime(3000, 1, 1, tzinfo=UTC) - timedelta(microseconds=1)
    # 1900-01-01 is 70 years of 365 days and 17 leap days (1904 ... 1968) before 1970
    assert to_us(first) == -(70 * 365 + 17) * 86_400 * 10**6
    assert to_us(last) > 0
    for outside in (first - timedelta(microseconds=1), last + timedelta(microseconds=1),
                    datetime.max.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC),
                    datetime.max.replace(tzinfo=BOG), datetime(1, 1, 1, tzinfo=BOG)):
        with pytest.raises(InstantError, match="outside the supported range") as caught:
            to_us(outside, "at")
        assert caught.value.what == "at" and "1900-01-01" in (caught.value.hint or "")


def test_every_calendar_question_refuses_instants_out_of_range() -> None:
    soporte = cal({"mon-fri": "09:00-18:00"})
    inside = datetime(2026, 3, 6, 10, tzinfo=BOG)
    far = datetime(9999, 12, 31, tzinfo=BOG)
    calls = [lambda: soporte.add(far, H), lambda: soporte.subtract(far, H), lambda: soporte.is_open(far),
             lambda: soporte.next_open(far), lambda: soporte.elapsed(inside, far),
             lambda: soporte.add_business_days(far, 1), lambda: soporte.open_intervals(inside, far),
             lambda: soporte.closures(inside, far), lambda: soporte.working_days(date(2026, 1, 1), date(9999, 1, 1))]
    for call in calls:
        with pytest.raises(InstantError):
            call()


def test_a_ticket_instant_out_of_range_names_its_place() -> None:
    with pytest.raises(TicketError, match="outside the supported range") as caught:
        parse_instant("0001-01-01T00:00:00+00:00", ("events", 0, "at"))
    assert caught.value.path == ("events", 0, "at")
    assert parse_instant("1900-01-01T00:00:00+00:00", ("at",)) == datetime(1900, 1, 1, tzinfo=UTC)


# ---------------------------------------------------------------- local times a user writes


def test_a_local_time_inside_a_jump_is_refused_with_the_rule() -> None:
    # New York, 8 March 2026: 02:00 EST becomes 03:00 EDT, so 02:30 is never shown
    with pytest.raises(InstantError) as caught:
        local_instant(datetime(2026, 3, 8, 2, 30), NY, "--at")
    error = caught.value
    assert error.what == "--at"
    assert error.problem == "2026-03-08T02:30 does not exist in America/New_York: the clocks jump from 02:00 to 03:00"
    assert error.hint is not None and error.hint.endswith("e.g. 2026-03-08T03:30-04:00")
    assert isinstance(error, CalendarError)


def test_a_repeated_local_time_is_its_first_occurrence_and_others_are_read_in_the_zone() -> None:
    # 1 November 2026: 01:00-02:00 happens twice, first in EDT (-04:00)
    assert local_instant(datetime(2026, 11, 1, 1, 30), NY, "--at").isoformat() == "2026-11-01T01:30:00-04:00"
    assert local_instant(datetime(2026, 3, 8, 3, 30), NY, "--at").isoformat() == "2026-03-08T03:30:00-04:00"
    aware = datetime(2026, 3, 8, 2, 30, tzinfo=UTC)  # an offset given: taken as it is
    assert local_instant(aware, NY, "--at") is aware
    with pytest.raises(InstantError, match="outside the supported range"):
        local_instant(datetime(9999, 12, 31), NY, "--at")


# ---------------------------------------------------------------- arguments


def test_intervals_ending_at_their_start_are_refused_and_earlier_ends_cross_midnight() -> None:
    for start, end in ((540, 540), (0, 0)):
        with pytest.raises(CalendarError, match="00:00-24:00"):
            Hours(start, end)
    with pytest.raises(CalendarError, match="00:00-24:00"):
        WeeklyCalendar.of("America/Bogota", {"mon": "09:00-09:00"})
    # Friday 6 March 22:00 to Saturday 06:00 is 8 hours
    nights = cal({"fri": "22:00-06:00"})
    assert nights.elapsed(datetime(2026, 3, 6, tzinfo=BOG), datetime(2026, 3, 8, tzinfo=BOG)) == 8 * H
    whole = cal({"fri": "00:00-24:00"})
    assert whole.elapsed(datetime(2026, 3, 6, tzinfo=BOG), datetime(2026, 3, 8, tzinfo=BOG)) == 24 * H


def test_host_dependent_zones_are_refused() -> None:
    for name in ("localtime", "posixrules", "Factory", "right/UTC", "posix/America/Bogota"):
        with pytest.raises(CalendarError, match="IANA"):
            cal({"mon": "09:00-10:00"}, name)


# ---------------------------------------------------------------- the table, year by year


def test_an_overnight_interval_runs_across_new_year() -> None:
    assert date(2026, 12, 31).weekday() == 3  # a Thursday
    nights = cal({"thu": "22:00-06:00"})
    eve = datetime(2026, 12, 31, 20, tzinfo=BOG)
    assert nights.is_open(datetime(2027, 1, 1, 3, tzinfo=BOG))
    assert nights.add(datetime(2026, 12, 31, 23, tzinfo=BOG), 5 * H) == datetime(2027, 1, 1, 4, tzinfo=BOG)
    assert nights.subtract(datetime(2027, 1, 1, 4, tzinfo=BOG), 5 * H) == datetime(2026, 12, 31, 23, tzinfo=BOG)
    assert nights.elapsed(eve, datetime(2027, 1, 1, 12, tzinfo=BOG)) == 8 * H
    [night] = nights.open_intervals(eve, datetime(2027, 1, 1, 12, tzinfo=BOG))  # one interval, not two
    assert (night.start, night.end) == (datetime(2026, 12, 31, 22, tzinfo=BOG), datetime(2027, 1, 1, 6, tzinfo=BOG))
    # ending exactly at 06:00 on 1 January: the on-a-close rule gives the next opening, Thursday 7 January
    assert nights.add(eve, 8 * H) == datetime(2027, 1, 7, 22, tzinfo=BOG)


def test_long_counts_cross_many_years() -> None:
    friday = datetime(2026, 3, 6, 10, tzinfo=BOG)
    weekdays = cal({"mon-fri": "09:00-18:00"})
    # 10,000 working days of a Monday-to-Friday week are 2,000 weeks: the same Friday time
    assert weekdays.add_business_days(friday, 10_000) == friday + timedelta(weeks=2_000)
    # 45 open hours a week: 4,500 hours are 100 weeks; ending on Friday 10:00 exactly
    assert weekdays.add(friday, 4_500 * H) == friday + timedelta(weeks=100)
    assert weekdays.subtract(friday + timedelta(weeks=100), 4_500 * H) == friday
    always = compile_calendar(WeeklyCalendar.always("America/Bogota"))
    start, end = datetime(2026, 1, 1, tzinfo=BOG), datetime(2526, 1, 1, tzinfo=BOG)
    assert always.elapsed(start, end) == timedelta(days=(date(2526, 1, 1) - date(2026, 1, 1)).days)


def test_a_question_far_ahead_answers_as_a_fresh_calendar_does() -> None:
    warm = cal({"mon-fri": "09:00-18:00"})
    warm.add(datetime(2026, 3, 6, 10, tzinfo=BOG), 8 * H)
    ahead = datetime(2526, 3, 6, 10, tzinfo=BOG)
    fresh = cal({"mon-fri": "09:00-18:00"})
    assert warm.add(ahead, 30 * H) == fresh.add(ahead, 30 * H)
    assert warm.elapsed(datetime(2026, 3, 6, tzinfo=BOG), ahead) == \
        fresh.elapsed(datetime(2026, 3, 6, tzinfo=BOG), ahead)


# ---------------------------------------------------------------- the horizon


def test_the_horizon_stops_searches_that_would_run_for_ever() -> None:
    minute = cal({"mon": "09:00-09:01"})
    friday = datetime(2026, 3, 6, 10, tzinfo=BOG)
    first_monday = datetime(2026, 3, 9, 9, tzinfo=BOG)
    # one minute a week: 60 minutes end at 09:01 on the 60th Monday, a close, so the answer
    # is the 61st Monday's opening
    assert minute.add(friday, H) == first_monday + timedelta(weeks=60)
    # 80 hours (4,800 Mondays, 92 years) are inside the horizon; 100 hours (115 years) are not
    assert minute.add(friday, 80 * H) == first_monday + timedelta(weeks=4_800)
    with pytest.raises(HorizonError, match="100 years") as caught:
        minute.add(friday, 100 * H)
    assert caught.value.calendar == "c" and caught.value.years == engine.HORIZON_YEARS
    with pytest.raises(HorizonError):
        cal({"mon-fri": "09:00-18:00"}).add_business_days(friday, 10**6)
    with pytest.raises(HorizonError):
        minute.subtract(friday, 100 * H)


# ---------------------------------------------------------------- plazo check


def diagnostics(text: str) -> list[tuple[int, str, str]]:
    _, found = check_text(text, "p.plazo")
    return [(d.span.line, d.code, d.message) for d in found if d.severity == "error"]


POLICY = """policy p version 1
timezone America/Bogota
holidays CO
calendar soporte { mon-fri 08:00-18:00 }
calendar siempre { always }
calendar festivos { always; closed on holidays }
calendar un_dia { mon 09:00-17:00 }
calendar un_minuto { mon 09:00-09:01 }
calendar madrid {
  timezone Europe/Madrid
  mon 09:00-17:00
}
"""


def target(*clauses: str) -> str:
    return "field s { a b c d }\ntarget t {\n  start on created\n" + "".join(f"  {c}\n" for c in clauses) + "}\n"


def test_durations_past_ten_years_are_refused() -> None:
    ok = target("when s = a: 3650 days", "when s = b: 87600 hours", "when s = c: 5256000 minutes",
                "otherwise: 3650 business days on soporte")
    assert diagnostics(POLICY + ok) == []
    too_long = target("when s = a: 3651 days", "when s = b: 87601 hours", "when s = c: 5256001 minutes",
                      "otherwise: 100000000 business days on soporte")
    found = diagnostics(POLICY + too_long)
    # POLICY is lines 1-12, then `field` and `target` lines and `start on`: the clauses are lines 16-19
    assert [(line, code) for line, code, _ in found] == [(16, "range"), (17, "range"), (18, "range"), (19, "range")]
    assert found[3][2] == "100,000,000 business days is longer than plazo allows"


def test_business_durations_a_calendar_cannot_give_within_the_horizon() -> None:
    # 1,000 hours at one minute a week: 60,000 weeks, about 1,150 years
    # 3,650 working days at one a week: 3,650 weeks, about 70 years (inside)
    # 87,600 hours at 8 hours a week: 10,950 weeks, about 210 years
    text = POLICY + target("when s = a: 1000 business hours on un_minuto", "when s = b: 3650 business days on un_dia",
                           "when s = c: 87600 business hours on un_dia", "otherwise: 87600 business hours on soporte")
    found = diagnostics(text)
    assert [(line, code) for line, code, _ in found] == [(16, "range"), (18, "range")]
    assert found[0][2] == "1,000 business hours on un_minuto take about 1,150 years: un_minuto is open 1 minute a week"
    assert "about 210 years: un_dia is open 8 hours a week" in found[1][2]


def test_calendars_that_are_never_open_are_refused() -> None:
    never = """calendar a = soporte - soporte
calendar b = not siempre
calendar c = soporte - (siempre + madrid)
calendar d = un_dia - madrid
calendar e = not festivos
calendar f = soporte - un_dia
"""
    found = diagnostics(POLICY + never + target("otherwise: 1 business hours on a"))
    # a, b and c leave nothing; d is in two zones (the hours move with the offsets), e opens
    # on holidays and f on Tuesday to Friday
    assert [(line, code) for line, code, _ in found] == [(13, "empty-calendar"), (14, "empty-calendar"),
                                                         (15, "empty-calendar")]


def test_host_dependent_zones_are_refused_by_check() -> None:
    found = diagnostics("policy p version 1\ntimezone localtime\n")
    assert [(line, code) for line, code, _ in found] == [(2, "unknown-timezone")]


def test_a_long_chain_of_calendars_is_checked_without_recursion() -> None:
    chain = "".join(f"calendar c{i} = c{i - 1} - un_minuto\n" for i in range(1, 3_000))
    text = POLICY.replace("calendar soporte", "calendar c0") + chain + "calendar z = c2999 - c0\n"
    # POLICY's 12 lines, 2,999 calendars on lines 13-3011, z on line 3012
    assert diagnostics(text) == [(3012, "empty-calendar", "calendar z is never open: its expression leaves no hour "
                                                          "of the week open")]


def test_the_policies_stay_inside_the_limits() -> None:
    for path in sorted(Path(__file__).parent.parent.joinpath("policies").glob("*.plazo")):
        _, found = check_text(path.read_text(encoding="utf-8"), path.name)
        assert [d for d in found if d.severity == "error"] == [], path.name
