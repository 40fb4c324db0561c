"""Calendars, round 2 (issue 14): a calendar per ticket, recurring dates, day lengths,
calendar days, maintenance windows by weekday, and what the checker and the renderer say.

The property test compares the engine with the minute oracle (tests/business_time_oracle.py),
which shares no code with it: a random policy has two calendars in two time zones (with
and without DST: America/Santiago, America/New_York, Europe/Madrid; America/Lima,
America/Bogota) chosen per ticket by a field, each with a random week, a random day
length, and recurring dates drawn as dates of the window and written as the rules that
name them (``dec-24``, ``last fri of dec``); the oracle paints those dates directly, the
engine finds them with ``dateutil.rrule``. A ticket's ``N business days`` must be due
where the oracle's N x day length of open minutes ends, shown in the zone of the
calendar its country chose; ``N calendar days`` at the local midnight that ends the
N-th date after the start.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import business_time_oracle as oracle
import pytest
from examples_budget import examples
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from plazo.dsl.loader import check_text
from plazo.interpreter import Ticket, load_policy, loads_policy
from plazo.interpreter.present.document import document, render_markdown

ROOT = Path(__file__).resolve().parent.parent
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
# a UTC start, and zones whose DST changes fall inside the 14 days after it
STARTS = {
    "2026-09-01T12:00:00+00:00": ("America/Santiago", "America/Lima"),        # Santiago: 6 September
    "2026-03-02T12:00:00+00:00": ("America/New_York", "America/Bogota"),      # New York: 8 March
    "2026-03-23T12:00:00+00:00": ("Europe/Madrid", "America/Lima"),           # Madrid: 29 March
}
DAYS = 14
QUARTERS = st.integers(0, 95).map(lambda q: q * 15)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def intervals(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Disjoint intervals of one day, none crossing midnight."""
    cuts = sorted(draw(st.sets(QUARTERS, min_size=2, max_size=4)))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]


def rule_text(day: date, by_weekday: bool) -> str:
    """A recurring rule that names ``day`` (worked out by hand, not with dateutil)."""
    if not by_weekday:
        return f"{MONTHS[day.month - 1]}-{day.day:02d}"
    nth = (day.day - 1) // 7 + 1
    if (day + timedelta(days=7)).month != day.month:
        nth = -1
    return f"{ORDINAL[nth]} {WEEKDAYS[day.weekday()]} of {MONTHS[day.month - 1]}"


@st.composite
def calendar_block(draw: st.DrawFn, name: str, zone: str, start: str) -> tuple[str, oracle.Window, bytearray, int]:
    w = oracle.window(zone, start, DAYS)
    first = datetime.fromisoformat(start).date()
    week = [draw(intervals()) for _ in range(7)]
    if not any(week):
        week[0] = [(540, 1020)]
    lines = [f"  {WEEKDAYS[k]} {', '.join(f'{hhmm(s)}-{hhmm(e)}' for s, e in day)}" for k, day in enumerate(week)
             if day]
    special: dict[date, list[tuple[int, int]]] = {}
    for offset in draw(st.sets(st.integers(0, DAYS - 1), max_size=3)):
        day = first + timedelta(days=offset)
        hours = draw(st.one_of(st.just([]), intervals()))
        rule = rule_text(day, draw(st.booleans()))
        # one date per rule: the rule may name other dates of the window in no case (14 days)
        if hours:
            lines.append(f"  hours on every {rule} {', '.join(f'{hhmm(s)}-{hhmm(e)}' for s, e in hours)}")
        else:
            lines.append(f"  closed on every {rule}")
        special[day] = hours
    length = draw(st.integers(2, 48)) * 15  # minutes of one business day
    lines.append(f"  day {Decimal(length) / 60} business hours")
    text = f"calendar {name} {{\n  timezone {zone}\n" + "\n".join(lines) + "\n}\n"
    return text, w, oracle.paint_weekly(w, week, set(), special), length


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, dict[str, tuple[oracle.Window, bytearray, int]], int, int]:
    start = draw(st.sampled_from(sorted(STARTS)))
    zones = STARTS[start]
    a_text, a_w, a_row, a_len = draw(calendar_block("cal_a", zones[0], start))
    b_text, b_w, b_row, b_len = draw(calendar_block("cal_b", zones[1], start))
    days, dates = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    text = ("policy p\ntimezone UTC\nfield country { a b }\n" + a_text + b_text
            + "calendar habil by country { a: cal_a  b: cal_b }\n"
            + f"target dias {{ start on created\n  otherwise: {days} business days on habil }}\n"
            + f"target fechas {{ start on created\n  otherwise: {dates} calendar days on habil }}\n")
    return text, {"a": (a_w, a_row, a_len), "b": (b_w, b_row, b_len)}, days, dates


@settings(max_examples=examples(25), deadline=None)
@given(cases(), st.data())
def test_per_ticket_calendars_day_lengths_and_calendar_days_match_the_oracle(case, data) -> None:  # type: ignore[no-untyped-def]
    text, calendars, days, dates = case
    policy = loads_policy(text, "p.plazo")
    for _ in range(6):
        country = data.draw(st.sampled_from(["a", "b"]))
        w, row, length = calendars[country]
        i = data.draw(st.integers(24 * 60, 5 * 24 * 60))
        created = w.instant(i)
        ticket = Ticket.from_dict({"id": "T", "fields": {"country": country},
                                   "events": [{"type": "created", "at": created.isoformat()}]})
        result = policy.evaluate(ticket, at=created)
        due = oracle.add(row, i, days * length)
        assume(due is not None)
        got = result.target("dias").due
        assert got is not None and got.astimezone(UTC) == w.instant(due).astimezone(UTC)
        assert got.utcoffset() == w.instant(due).utcoffset()      # shown in the chosen calendar's zone
        assert result.target("dias").calendar == f"cal_{country}"
        # calendar days: the local midnight that ends the N-th date after the start's date
        last = w.walls[i].date() + timedelta(days=dates + 1)
        expected = w.resolve(datetime.combine(last, datetime.min.time()))
        fechas = result.target("fechas").due
        assert fechas is not None and fechas.astimezone(UTC) == w.instant(expected).astimezone(UTC)


# ------------------------------------------------------------------ facts worked by hand


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_wekall_counts_notice_days_in_dates() -> None:
    """Seed 000 (WeKall): "podrán ser notificados entre 2 y 5 días previos a la actividad
    y serán entre las 7:00pm y 5:00am". A notice on Monday 20:00 for Wednesday 19:00 is 2
    days before (47 clock hours); Saturday 19:00 is 5 days after Monday; Sunday is 6."""
    p = load_policy(ROOT / "policies" / "wekall.plazo")
    monday = at("2026-03-02T20:00-05:00")
    assert p.check_maintenance(monday, at("2026-03-04T19:00-05:00"), at("2026-03-05T04:00-05:00")) == []
    assert p.check_maintenance(monday, at("2026-03-07T19:00-05:00"), at("2026-03-08T04:00-05:00")) == []
    [late] = p.check_maintenance(monday, at("2026-03-08T19:00-05:00"), at("2026-03-09T04:00-05:00"))
    assert late.rule == "notice" and "at most 5 calendar days" in late.message
    [early] = p.check_maintenance(monday, at("2026-03-03T19:00-05:00"), at("2026-03-04T04:00-05:00"))
    assert early.rule == "notice" and "2026-03-04T00:00-05:00" in early.message


def test_andes_instants_are_in_the_zone_of_the_counting_calendar() -> None:
    p = load_policy(ROOT / "policies" / "andes.plazo")
    created = "2026-03-10T17:00:00-03:00"     # Tuesday: 17:00 in Santiago, 15:00 in Lima
    for country, calendar, due in (("pe", "habil_pe", "2026-03-10T17:00:00-05:00"),
                                   ("cl", "habil_cl", "2026-03-11T09:30:00-03:00")):
        ticket = Ticket.from_dict({"id": "T", "fields": {"country": country, "severity": "alta"},
                                   "events": [{"type": "created", "at": created}]})
        fr = p.evaluate(ticket, at=at(created)).target("first_response")
        assert (fr.calendar, fr.due.isoformat() if fr.due else None) == (calendar, due)
        assert fr.started is not None and fr.started.utcoffset() == fr.due.utcoffset() if fr.due else False
        assert fr.clause == "when severity = alta: 2 business hours on habil"


def test_andes_maintenance_refusals_name_their_rule() -> None:
    p = load_policy(ROOT / "policies" / "andes.plazo")
    notice = at("2026-03-05T10:00-03:00")     # Thursday: 2 business days on habil_cl is Monday 10:00
    [short] = p.check_maintenance(notice, at("2026-03-07T22:00-03:00"), at("2026-03-08T06:00-03:00"))
    assert short.rule == "notice" and "2026-03-09T10:00-03:00" in short.message
    [outside] = p.check_maintenance(at("2026-03-02T10:00-03:00"), at("2026-03-07T21:00-03:00"),
                                    at("2026-03-07T23:00-03:00"))
    assert outside.rule == "window" and "sat 22:00 - sun 06:00" in outside.message
    [hurried] = p.check_maintenance(at("2026-03-10T10:00-03:00"), at("2026-03-10T11:00-03:00"),
                                    at("2026-03-10T12:00-03:00"), emergency=True)
    assert hurried.rule == "emergency" and "2 hours" in hurried.message
    assert p.check_maintenance(at("2026-03-10T10:00-03:00"), at("2026-03-10T12:00-03:00"),
                               at("2026-03-10T13:00-03:00"), emergency=True) == []


def test_andes_render_shows_each_countrys_hours_zone_and_holidays() -> None:
    text = render_markdown(document(load_policy(ROOT / "policies" / "andes.plazo"), 2026))
    assert "| Horario hábil Perú | lunes a viernes 08:30–18:00;" in text and "| America/Lima |" in text
    assert "**Festivos de PE (Horario hábil Perú)**" in text and "**Festivos de CL (Horario hábil Chile)**" in text
    assert "| martes 28 de julio de 2026 | Día de la Independencia |" in text            # Peru only
    assert "(en 2026: jueves 24 de diciembre de 2026; jueves 31 de diciembre de 2026)" in text
    assert "según País del cliente: Chile → «Horario hábil Chile»; Perú → «Horario hábil Perú»" in text
    assert "Ventana: sábado 22:00 – domingo 06:00" in text and "Emergencias: aviso de al menos 2 horas" in text


@pytest.mark.parametrize(("text", "message"), [
    ("calendar c {\n  mon-fri 08:00-18:00\n  day 9,5 business hours\n}\n", "write decimals with a point: 9.5"),
    ("calendar c {\n  mon-fri 08:00-18:00\n  2026-12-24 08:00-12:00\n}\n", "a date in a calendar says what"),
])
def test_friendly_syntax_errors(text: str, message: str) -> None:
    _, diagnostics = check_text("policy p\ntimezone UTC\n" + text, "x.plazo")
    assert [d.code for d in diagnostics] == ["syntax"] and diagnostics[0].message.startswith(message)


def test_a_dated_line_wins_over_a_recurring_rule_and_a_holiday_closes_it() -> None:
    policy = loads_policy("""
policy p
timezone America/Bogota
holidays CO
calendar c {
  mon-fri 08:00-18:00
  hours on every dec-08, dec-24 08:00-12:00
  hours on 2026-12-24 08:00-10:00
  closed on holidays
}
""")
    c = policy.calendar("c")

    def hours(day: date) -> float:
        start = datetime.combine(day, datetime.min.time(), c.tz)
        return c.elapsed(start, start + timedelta(days=1)) / timedelta(hours=1)
    assert hours(date(2026, 12, 24)) == 2      # the dated line
    assert hours(date(2027, 12, 24)) == 4      # the rule, the next year
    assert hours(date(2026, 12, 8)) == 0       # Inmaculada Concepción, a Colombian holiday
