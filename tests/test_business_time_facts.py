"""Business-time facts worked out by hand from the seed documents.

Each expected value is computed in the comment beside it, from the seed's hours
and the 2026 calendar (March 2026: Sun 1, Sat 7, Sun 8; April 2026: Thu 2,
Mon 6), not from the program's output.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plazo.interpreter import (
    CalendarError,
    ComplementCalendar,
    DifferenceCalendar,
    EmptyCalendarError,
    HolidaySet,
    NaiveDatetimeError,
    SpecialDay,
    UnionCalendar,
    WeeklyCalendar,
    compile_calendar,
)
from plazo.interpreter.time.spec import Hours

BOG = ZoneInfo("America/Bogota")
NY = ZoneInfo("America/New_York")
GT = ZoneInfo("America/Guatemala")
H = timedelta(hours=1)
NOT_A_TIMEDELTA: Any = 2  # what an untyped caller may pass

# WeKall (seed 000), "Horarios de atención": Lunes a Viernes 7:30 a.m. a 9:00 p.m.;
# Sábado 8 am - 12:30 pm y 2:00 pm - 6:00 p.m.; Colombia time; "HORA HABIL" -> CO holidays.
WEKALL = compile_calendar(
    WeeklyCalendar.of(
        "America/Bogota",
        {"mon-fri": "07:30-21:00", "sat": "08:00-12:30, 14:00-18:00"},
        holidays=(HolidaySet("CO"),),
    ),
    "soporte",
)
# Aldeamo (seed 001), incidents by e-mail/WhatsApp: lunes a viernes (8am a 6pm Co), "hábiles".
ALDEAMO_EMAIL = compile_calendar(
    WeeklyCalendar.of("America/Bogota", {"mon-fri": "08:00-18:00"}, holidays=(HolidaySet("CO"),))
)
# Aldeamo backoffice reports: lunes a viernes (7am a 9pm Co).
ALDEAMO_BACKOFFICE = compile_calendar(
    WeeklyCalendar.of("America/Bogota", {"mon-fri": "07:00-21:00"}, holidays=(HolidaySet("CO"),))
)
# Aldeamo maintenance window 22:00 - 06:00, every night.
ALDEAMO_MAINTENANCE = compile_calendar(WeeklyCalendar.of("America/Bogota", {"mon-sun": "22:00-06:00"}))
# Intcomex (seed 002): lunes a viernes 6:00 a 22:00 EST, sábado y domingo 9:00 a 17:00 EST.
INTCOMEX = compile_calendar(
    WeeklyCalendar.of("America/New_York", {"mon-fri": "06:00-22:00", "sat-sun": "09:00-17:00"})
)
NY_24X7 = compile_calendar(WeeklyCalendar.always("America/New_York"))
# iKhodi (seed 004): Lunes a viernes de 8:00am a 5:00pm, Guatemala; out of hours is the rest.
IKHODI_OFFICE = WeeklyCalendar.of("America/Guatemala", {"mon-fri": "08:00-17:00"}, holidays=(HolidaySet("GT"),))
IKHODI = compile_calendar(IKHODI_OFFICE)
IKHODI_OUT = compile_calendar(ComplementCalendar(IKHODI_OFFICE))


def bog(*a: int) -> datetime:
    return datetime(*a, tzinfo=BOG)


def ny(*a: int, fold: int = 0) -> datetime:
    return datetime(*a, tzinfo=NY, fold=fold)


def gt(*a: int) -> datetime:
    return datetime(*a, tzinfo=GT)


# ------------------------------------------------------------------ WeKall


def test_wekall_saturday_split_shift() -> None:
    # Sat 7 Mar 12:00, 6 business hours (incident "Alta"): 12:00-12:30 = 0.5 h,
    # 14:00-18:00 = 4 h (4.5 h), Sunday closed, Monday 07:30 + 1.5 h = 09:00.
    assert WEKALL.add(bog(2026, 3, 7, 12, 0), 6 * H) == bog(2026, 3, 9, 9, 0)


def test_wekall_lunch_break_waits_and_close_is_next_opening() -> None:
    # Sat 12:45 is in the lunch break: the clock starts at 14:00; + 4 h = 18:00, the
    # Saturday close, reported as the next opening: Monday 07:30.
    assert WEKALL.add(bog(2026, 3, 7, 12, 45), 4 * H) == bog(2026, 3, 9, 7, 30)
    assert WEKALL.next_open(bog(2026, 3, 7, 12, 45)) == bog(2026, 3, 7, 14, 0)


def test_wekall_friday_evening_runs_into_saturday_afternoon() -> None:
    # Fri 20 Mar 19:00, 10 h ("Normal"): Fri 19:00-21:00 = 2 h; Sat 08:00-12:30 = 4.5 h
    # (6.5 h); 3.5 h more from 14:00 = 17:30 Saturday.
    assert WEKALL.add(bog(2026, 3, 20, 19, 0), 10 * H) == bog(2026, 3, 21, 17, 30)


def test_wekall_skips_san_jose_holiday() -> None:
    # Sat 21 Mar 17:30, 16 h ("Baja"): Sat 17:30-18:00 = 0.5 h; Mon 23 Mar is "Día de San
    # José (observado)", closed; Tue 24 07:30-21:00 = 13.5 h (14 h); Wed 25 07:30 + 2 h = 09:30.
    assert WEKALL.add(bog(2026, 3, 21, 17, 30), 16 * H) == bog(2026, 3, 25, 9, 30)
    names = [(c.day, c.name) for c in WEKALL.closures(bog(2026, 3, 21), bog(2026, 3, 25))]
    assert names == [(date(2026, 3, 23), "Día de San José (observado)")]


def test_wekall_elapsed_over_a_weekend() -> None:
    # Sat 7 Mar 00:00 -> Mon 9 Mar 00:00: Saturday's 4.5 h + 4 h; Sunday nothing.
    assert WEKALL.elapsed(bog(2026, 3, 7), bog(2026, 3, 9)) == timedelta(hours=8, minutes=30)


# ------------------------------------------------------------------ Aldeamo


def test_aldeamo_medium_incident_over_holy_week() -> None:
    # Thu 2 Apr 2026 (Jueves Santo) 10:00, 2 business hours: Thursday and Friday (Viernes
    # Santo) are holidays, the weekend is closed: Mon 6 Apr 08:00 + 2 h = 10:00.
    assert ALDEAMO_EMAIL.add(bog(2026, 4, 2, 10, 0), 2 * H) == bog(2026, 4, 6, 10, 0)


def test_aldeamo_low_incident_over_a_weekend() -> None:
    # Fri 6 Mar 16:30, 6 business hours: 16:30-18:00 = 1.5 h; Mon 9 Mar 08:00 + 4.5 h = 12:30.
    assert ALDEAMO_EMAIL.add(bog(2026, 3, 6, 16, 30), 6 * H) == bog(2026, 3, 9, 12, 30)


def test_aldeamo_report_three_business_days_keeps_time_of_day() -> None:
    # Wed 18 Mar 15:00, "< 3 meses: 3 días hábiles": Thu 19, Fri 20, (Mon 23 holiday),
    # Tue 24 -> Tue 24 Mar 15:00.
    assert ALDEAMO_BACKOFFICE.add_business_days(bog(2026, 3, 18, 15, 0), 3) == bog(2026, 3, 24, 15, 0)


def test_aldeamo_business_days_from_after_hours_start_at_next_opening() -> None:
    # Fri 6 Mar 22:00 is after the 21:00 close: the clock starts Mon 9 Mar 07:00;
    # 2 working days later (Tue 10, Wed 11) at 07:00.
    assert ALDEAMO_BACKOFFICE.add_business_days(bog(2026, 3, 6, 22, 0), 2) == bog(2026, 3, 11, 7, 0)


def test_aldeamo_overnight_maintenance_window() -> None:
    # The 22:00-06:00 window belongs to the day it starts; it is open at 23:00 and at 05:59,
    # closed at 06:00, and a whole night is 8 hours.
    assert ALDEAMO_MAINTENANCE.is_open(bog(2026, 3, 7, 23, 0))
    assert ALDEAMO_MAINTENANCE.is_open(bog(2026, 3, 8, 5, 59))
    assert not ALDEAMO_MAINTENANCE.is_open(bog(2026, 3, 8, 6, 0))
    assert ALDEAMO_MAINTENANCE.elapsed(bog(2026, 3, 7, 12), bog(2026, 3, 8, 12)) == 8 * H
    # one opening per night: Sat 7 22:00 -> Sun 8 06:00
    pieces = ALDEAMO_MAINTENANCE.open_intervals(bog(2026, 3, 7, 12), bog(2026, 3, 8, 12))
    assert [(p.start, p.end) for p in pieces] == [(bog(2026, 3, 7, 22), bog(2026, 3, 8, 6))]


# ------------------------------------------------------------------ Intcomex (DST)


def test_intcomex_severity_c_over_spring_forward_weekend() -> None:
    # Sat 7 Mar 16:00 EST, 4 h in hours: Sat 16:00-17:00 = 1 h; Sun 8 Mar (clocks went
    # forward at 02:00, before the 09:00 opening) 09:00 + 3 h = 12:00 EDT.
    assert INTCOMEX.add(ny(2026, 3, 7, 16, 0), 4 * H) == ny(2026, 3, 8, 12, 0)
    assert INTCOMEX.add(ny(2026, 3, 7, 16, 0), 4 * H).utcoffset() == timedelta(hours=-4)


def test_clock_hours_are_real_hours_across_dst() -> None:
    # 24x7 in New York. Sat 7 Mar 23:00 EST = 04:00 UTC; + 4 h = 08:00 UTC = 04:00 EDT
    # (the wall clock moves 5 hours).
    assert NY_24X7.add(ny(2026, 3, 7, 23, 0), 4 * H) == ny(2026, 3, 8, 4, 0)
    # Sat 31 Oct 23:00 EDT = 03:00 UTC; + 4 h = 07:00 UTC = 02:00 EST (wall clock moves 3 h).
    assert NY_24X7.add(ny(2026, 10, 31, 23, 0), 4 * H) == ny(2026, 11, 1, 2, 0)
    # a whole local day is 23 h in March and 25 h in November
    assert NY_24X7.elapsed(ny(2026, 3, 8), ny(2026, 3, 9)) == 23 * H
    assert NY_24X7.elapsed(ny(2026, 11, 1), ny(2026, 11, 2)) == 25 * H


def test_overnight_interval_lasts_what_it_really_lasts_on_dst_nights() -> None:
    nightly = compile_calendar(WeeklyCalendar.of("America/New_York", {"mon-sun": "22:00-06:00"}))
    # Sat 7 Mar 22:00 EST (03:00 UTC) -> Sun 8 Mar 06:00 EDT (10:00 UTC) = 7 h
    assert nightly.elapsed(ny(2026, 3, 7, 12), ny(2026, 3, 8, 12)) == 7 * H
    # Sat 31 Oct 22:00 EDT (02:00 UTC) -> Sun 1 Nov 06:00 EST (11:00 UTC) = 9 h
    assert nightly.elapsed(ny(2026, 10, 31, 12), ny(2026, 11, 1, 12)) == 9 * H


def test_nonexistent_and_repeated_wall_times() -> None:
    # Sun 8 Mar: 02:30 does not exist; an interval 02:30-04:00 opens when the clocks
    # jump (03:00 EDT) and lasts 1 h. Sun 1 Nov: 01:30 happens twice; 01:30-05:00 starts
    # at the first 01:30 (EDT) and lasts 4.5 h of real time.
    gap = compile_calendar(WeeklyCalendar.of("America/New_York", {"sun": "02:30-04:00"}))
    assert gap.next_open(ny(2026, 3, 8, 0, 0)) == ny(2026, 3, 8, 3, 0)
    assert gap.elapsed(ny(2026, 3, 8), ny(2026, 3, 9)) == 1 * H
    repeat = compile_calendar(WeeklyCalendar.of("America/New_York", {"sun": "01:30-05:00"}))
    assert repeat.next_open(ny(2026, 11, 1, 0, 0)) == ny(2026, 11, 1, 1, 30, fold=0)
    assert repeat.next_open(ny(2026, 11, 1, 0, 0)).utcoffset() == timedelta(hours=-4)
    assert repeat.elapsed(ny(2026, 11, 1), ny(2026, 11, 2)) == timedelta(hours=4, minutes=30)


# ------------------------------------------------------------------ iKhodi


def test_ikhodi_p3_resolution_24_business_hours() -> None:
    # Mon 2 Mar 09:00, 24 business hours on 08:00-17:00 (9 h a day): Mon 09-17 = 8 h,
    # Tue 9 h (17 h), Wed 08:00 + 7 h = 15:00.
    assert IKHODI.add(gt(2026, 3, 2, 9, 0), 24 * H) == gt(2026, 3, 4, 15, 0)


def test_ikhodi_p4_three_business_days_over_semana_santa() -> None:
    # Thu 2 Apr 10:00 is Jueves Santo; Fri 3 Viernes Santo, Sat 4 Sábado Santo: the clock
    # starts Mon 6 Apr 08:00; 3 working days later: Thu 9 Apr 08:00.
    assert IKHODI.add_business_days(gt(2026, 4, 2, 10, 0), 3) == gt(2026, 4, 9, 8, 0)
    names = [c.name for c in IKHODI.closures(gt(2026, 4, 1), gt(2026, 4, 6))]
    assert names == ["Jueves Santo", "Viernes Santo"]  # Saturday is closed anyway


def test_ikhodi_out_of_hours_is_the_complement_of_office_hours() -> None:
    # Out of hours: weekday evenings and nights, weekends and holidays.
    assert IKHODI_OUT.is_open(gt(2026, 3, 7, 12, 0))  # Saturday
    assert not IKHODI_OUT.is_open(gt(2026, 3, 2, 12, 0))  # Monday noon
    assert IKHODI_OUT.is_open(gt(2026, 4, 2, 12, 0))  # Jueves Santo
    assert IKHODI_OUT.next_open(gt(2026, 3, 2, 10, 0)) == gt(2026, 3, 2, 17, 0)
    # Mon 17:00 -> Tue 08:00 is 15 h of out-of-hours time
    assert IKHODI_OUT.elapsed(gt(2026, 3, 2, 12), gt(2026, 3, 3, 12)) == 15 * H
    # a week: 168 h in all, 45 h of office hours
    assert IKHODI_OUT.elapsed(gt(2026, 3, 2), gt(2026, 3, 9)) == (168 - 45) * H


# ------------------------------------------------------------------ combinations, special days


def test_union_and_difference() -> None:
    # WeKall's phone (the on-call line "fuera de estos horarios") plus office hours is 24x7
    on_call = ComplementCalendar(WEKALL.spec)
    both = compile_calendar(UnionCalendar((WEKALL.spec, on_call)))
    assert both.elapsed(bog(2026, 3, 2), bog(2026, 3, 9)) == 168 * H
    # office hours minus a lunch break 12:00-13:00 Mon-Fri: 13.5 h - 1 h = 12.5 h a weekday
    lunch = WeeklyCalendar.of("America/Bogota", {"mon-fri": "12:00-13:00"})
    no_lunch = compile_calendar(DifferenceCalendar(WEKALL.spec, lunch))
    assert no_lunch.elapsed(bog(2026, 3, 2), bog(2026, 3, 3)) == timedelta(hours=12, minutes=30)


def test_special_hours_and_closed_dates() -> None:
    cal = compile_calendar(
        WeeklyCalendar.of(
            "America/Bogota",
            {"mon-fri": "08:00-18:00"},
            special_days=(
                SpecialDay(date(2026, 12, 24), (Hours.parse("08:00-12:00"),), "Nochebuena"),
                SpecialDay(date(2026, 12, 31), (), "Fin de año"),
            ),
        )
    )
    # Thu 24 Dec has 08:00-12:00 only: 11:00 + 2 h = 1 h on the 24th, Fri 25 (no
    # holidays in this calendar) 08:00 + 1 h = 09:00
    assert cal.add(bog(2026, 12, 24, 11), 2 * H) == bog(2026, 12, 25, 9)
    # Thu 31 Dec is closed: Wed 30 17:00 + 2 h -> 1 h Wed, Fri 1 Jan 09:00
    assert cal.add(bog(2026, 12, 30, 17), 2 * H) == bog(2027, 1, 1, 9)
    assert [c.name for c in cal.closures(bog(2026, 12, 20), bog(2027, 1, 2))] == ["Fin de año"]


def test_end_at_midnight_joins_the_next_day() -> None:
    cal = compile_calendar(WeeklyCalendar.of("America/Bogota", {"mon": "20:00-24:00", "tue": "00:00-02:00"}))
    pieces = cal.open_intervals(bog(2026, 3, 2), bog(2026, 3, 4))
    assert [(p.start, p.end) for p in pieces] == [(bog(2026, 3, 2, 20), bog(2026, 3, 3, 2))]


def test_long_durations_cross_years() -> None:
    # 24x7, 1,000 days of clock time (Bogota has no DST): 1 Mar 2026 -> 1 Mar 2028 is
    # 365 + 366 = 731 days (29 Feb 2028 falls in between); 269 more: Mar-Oct 2028 hold
    # 31+30+31+30+31+31+30+31 = 245 -> 1 Nov, + 24 -> 25 Nov 2028.
    always = compile_calendar(WeeklyCalendar.always("America/Bogota"))
    assert always.add(bog(2026, 3, 1), timedelta(days=1000)) == bog(2028, 11, 25)
    # subtract runs back across years too
    assert always.subtract(bog(2028, 11, 25), timedelta(days=1000)) == bog(2026, 3, 1)


# ------------------------------------------------------------------ errors


def test_naive_datetimes_are_rejected_with_a_hint() -> None:
    with pytest.raises(NaiveDatetimeError, match="no time zone"):
        WEKALL.add(datetime(2026, 3, 7, 12), H)
    with pytest.raises(NaiveDatetimeError):
        WEKALL.is_open(datetime(2026, 3, 7, 12))


def test_bad_arguments() -> None:
    with pytest.raises(CalendarError, match="negative"):
        WEKALL.add(bog(2026, 3, 7), -H)
    with pytest.raises(CalendarError, match="negative"):
        WEKALL.subtract(bog(2026, 3, 7), -H)
    with pytest.raises(CalendarError, match="timedelta"):
        WEKALL.add(bog(2026, 3, 7), NOT_A_TIMEDELTA)
    with pytest.raises(CalendarError, match="before start"):
        WEKALL.elapsed(bog(2026, 3, 7), bog(2026, 3, 6))
    with pytest.raises(CalendarError, match="whole number"):
        WEKALL.add_business_days(bog(2026, 3, 7), -1)


def test_empty_calendars() -> None:
    with pytest.raises(EmptyCalendarError, match="never open"):
        compile_calendar(WeeklyCalendar.of("America/Bogota", {}), "vacío")
    nothing = compile_calendar(DifferenceCalendar(WEKALL.spec, WEKALL.spec), "nada")
    assert nothing.elapsed(bog(2026, 1, 1), bog(2026, 12, 31)) == timedelta(0)
    with pytest.raises(EmptyCalendarError, match="'nada'"):
        nothing.add(bog(2026, 3, 7), H)


def test_unknown_zone_and_country() -> None:
    with pytest.raises(CalendarError, match="IANA"):
        compile_calendar(WeeklyCalendar.of("America/Bogotá", {"mon": "08:00-09:00"}))
    with pytest.raises(CalendarError, match="did you mean 'CO'"):
        compile_calendar(WeeklyCalendar.of("America/Bogota", {"mon": "08:00-09:00"}, holidays=(HolidaySet("Co"),)))


def test_answers_do_not_depend_on_the_order_of_questions() -> None:
    # The table grows forwards and backwards a year at a time; a calendar asked about
    # 2027 first, then 2025 and 2026, must answer as calendars asked one question each.
    spec = WeeklyCalendar.of(
        "America/New_York", {"mon-fri": "06:00-22:00", "sat-sun": "09:00-17:00"}, holidays=(HolidaySet("US"),)
    )
    questions = [ny(2027, 6, 1, 10), ny(2025, 12, 31, 21), ny(2026, 3, 7, 16), ny(2026, 12, 31, 20)]
    shared = compile_calendar(spec)
    for t in questions:
        fresh = compile_calendar(spec)
        assert shared.add(t, 30 * H) == fresh.add(t, 30 * H)
        assert shared.add_business_days(t, 3) == compile_calendar(spec).add_business_days(t, 3)
        assert shared.subtract(t, 30 * H) == compile_calendar(spec).subtract(t, 30 * H)
        assert shared.elapsed(ny(2025, 12, 1), t) == compile_calendar(spec).elapsed(ny(2025, 12, 1), t)


# 1900-01-01T00:00Z, the first supported instant: 70 years of 365 days and 17 leap days before 1970
FIRST_SUPPORTED_US = -(70 * 365 + 17) * 86_400 * 1_000_000


@given(st.integers(FIRST_SUPPORTED_US, 2**52 - 1))
def test_epoch_microseconds_round_trip_exactly(us: int) -> None:
    # from_us takes a float shortcut below 2**52 microseconds (until 2112); it must never be off by one
    from plazo.interpreter.time.instants import from_us, to_us

    assert to_us(from_us(us, ZoneInfo("America/New_York"))) == us
