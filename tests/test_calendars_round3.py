"""Calendars, round 3 (issue 14, the remaining items): ranges of recurring dates, and a
calendar chosen per ticket wherever a calendar is named.

The property test compares the engine with the minute oracle (tests/business_time_oracle.py),
which shares no code with it. A random calendar has a random week and up to three
recurring ranges drawn as stretches of dates of a 14-day window and written as the rules
that name their ends (``dec-28 to jan-02``, ``last mon of dec to first sat of jan``,
worked out by hand, not with dateutil); each range closes its days or gives them its own
hours, and where two ranges share a day the first written applies. The windows hold a
DST change (Santiago on 6 September 2026, Madrid on 25 October 2026) or the new year
(Santiago and Lima, 22 December 2026 to 5 January 2027, so ranges cross it). The engine's
open intervals over the window must be the oracle's open minutes, and ``add`` must land
where the oracle's scan does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import business_time_oracle as oracle
import pytest
from examples_budget import examples
from hypothesis import given, note, settings
from hypothesis import strategies as st

from plazo.dsl.dates import RangeRule, YearlyRule, dates_in, range_in
from plazo.dsl.format.formatter import format_policy
from plazo.dsl.loader import check_text
from plazo.dsl.syntax.parser import parse
from plazo.interpreter import Ticket, loads_policy
from plazo.interpreter.present.document import document, render_markdown

ROOT = Path(__file__).resolve().parent.parent
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
# a UTC start, and the zone of the calendar: DST changes or the new year inside the 14 days after it
STARTS = (
    ("2026-09-01T12:00:00+00:00", "America/Santiago"),   # Santiago springs forward on 6 September
    ("2026-10-19T12:00:00+00:00", "Europe/Madrid"),      # Madrid falls back on 25 October
    ("2026-12-22T12:00:00+00:00", "America/Santiago"),   # the new year, in summer time
    ("2026-12-22T12:00:00+00:00", "America/Lima"),       # the new year, no DST
)
DAYS = 14
QUARTERS = st.integers(0, 95).map(lambda q: q * 15)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def intervals(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Disjoint intervals of one day, none crossing midnight."""
    cuts = sorted(draw(st.sets(QUARTERS, min_size=2, max_size=4)))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]


def day_rule(day: date, by_weekday: bool) -> str:
    """A rule naming ``day`` every year it is written for: ``dec-28`` or ``last mon of dec``
    (the fifth weekday of a month is not every year's, so it is written ``last``)."""
    if not by_weekday or (day.day > 28 and (day + timedelta(days=7)).month == day.month):
        return f"{MONTHS[day.month - 1]}-{day.day:02d}"
    nth = -1 if (day + timedelta(days=7)).month != day.month else (day.day - 1) // 7 + 1
    return f"{ORDINAL[nth]} {WEEKDAYS[day.weekday()]} of {MONTHS[day.month - 1]}"


@st.composite
def calendars(draw: st.DrawFn) -> tuple[str, oracle.Window, bytearray]:
    start, zone = draw(st.sampled_from(STARTS))
    w = oracle.window(zone, start, DAYS)
    first = datetime.fromisoformat(start).date()
    week = [draw(intervals()) for _ in range(7)]
    if not any(week):
        week[0] = [(540, 1020)]
    lines = [f"  {WEEKDAYS[k]} {', '.join(f'{hhmm(s)}-{hhmm(e)}' for s, e in day)}" for k, day in enumerate(week)
             if day]
    special: dict[date, list[tuple[int, int]]] = {}
    for _ in range(draw(st.integers(1, 3))):
        begin = first + timedelta(days=draw(st.integers(-1, DAYS - 2)))
        end = begin + timedelta(days=draw(st.integers(1, 6)))
        hours = draw(st.one_of(st.just([]), intervals()))
        rule = f"{day_rule(begin, draw(st.booleans()))} to {day_rule(end, draw(st.booleans()))}"
        if rule.split(" to ")[0] == rule.split(" to ")[1] or any(f"every {rule}" in line for line in lines):
            continue
        if hours:
            lines.append(f"  hours on every {rule} {', '.join(f'{hhmm(s)}-{hhmm(e)}' for s, e in hours)}")
        else:
            lines.append(f"  closed on every {rule}")
        for k in range((end - begin).days + 1):
            special.setdefault(begin + timedelta(days=k), hours)  # the first range written applies
    text = f"policy p\ntimezone UTC\ncalendar c {{\n  timezone {zone}\n" + "\n".join(lines) + "\n}\n"
    return text, w, oracle.paint_weekly(w, week, set(), special)


def runs(w: oracle.Window, row: bytearray) -> list[tuple[datetime, datetime]]:
    """The oracle's open minutes as intervals, in UTC (inside the window's first and last day)."""
    out: list[tuple[datetime, datetime]] = []
    i = 0
    while i < len(row):
        if row[i]:
            j = i
            while j < len(row) and row[j]:
                j += 1
            out.append((w.instant(i).astimezone(UTC), w.instant(j).astimezone(UTC)))
            i = j
        else:
            i += 1
    return out


@settings(max_examples=examples(40), deadline=None)
@given(calendars(), st.data())
def test_recurring_ranges_match_the_oracle(case, data) -> None:  # type: ignore[no-untyped-def]
    text, w, row = case
    note(text)
    policy = loads_policy(text, "p.plazo")
    c = policy.calendar("c")
    # a day in from each end: the oracle paints whole local days, the window starts mid-day
    lo, hi = 24 * 60, w.minutes - 24 * 60
    got = [(i.start.astimezone(UTC), i.end.astimezone(UTC))
           for i in c.open_intervals(w.instant(lo), w.instant(hi))]
    assert got == [(max(a, w.instant(lo)), min(b, w.instant(hi))) for a, b in runs(w, row)
                   if b > w.instant(lo) and a < w.instant(hi)]
    for _ in range(5):
        i = data.draw(st.integers(lo, hi))
        d = data.draw(st.integers(0, 20 * 60))
        due = oracle.add(row, i, d)
        if due is None or due >= hi:
            continue
        assert c.add(w.instant(i), timedelta(minutes=d)).astimezone(UTC) == w.instant(due).astimezone(UTC)


# ------------------------------------------------------------------ dates of a range, by hand


def test_a_range_that_crosses_the_new_year_gives_each_year_its_days() -> None:
    """``dec-28 to jan-03`` begins on 28 December and ends on 3 January of the next year:
    2027 holds 1-3 January (the range begun in 2026) and 28-31 December (the one it begins)."""
    rule = RangeRule(YearlyRule(12, 28), YearlyRule(1, 3))
    assert dates_in(rule, 2027) == (*(date(2027, 1, d) for d in (1, 2, 3)), *(date(2027, 12, d) for d in range(28, 32)))
    assert range_in(rule, 2026) == (date(2026, 12, 28), date(2027, 1, 3))


def test_nth_weekday_ends_are_found_each_year() -> None:
    """``last fri of dec to first fri of jan``: in 2026 the last Friday of December is the
    25th and the first Friday of January 2027 is the 1st; in 2027, 31 Dec to 7 Jan 2028."""
    policy = loads_policy("policy p\ntimezone America/Lima\ncalendar c {\n  mon-sun 09:00-17:00\n"
                          "  closed on every last fri of dec to first fri of jan\n}\n")
    closed = {d.day for d in policy.calendar("c").closures(datetime(2026, 12, 1, tzinfo=UTC),
                                                            datetime(2028, 1, 10, tzinfo=UTC))}
    assert closed == {date(2026, 12, 25) + timedelta(days=k) for k in range(8)} | {
        date(2027, 12, 31) + timedelta(days=k) for k in range(8)}


def test_a_holiday_closes_a_range_day_and_a_dated_line_wins() -> None:
    """Chile, 2026: ``hours on every dec-24 to dec-31 09:00-13:00``; 25 December (Navidad)
    stays closed, 31 December has the dated line's 09:00-11:00, the others 4 hours; weekends
    inside the range are open too (the range's hours replace the week's)."""
    policy = loads_policy("policy p\ntimezone America/Santiago\nholidays CL\ncalendar c {\n"
                          "  mon-fri 08:30-18:00\n  hours on every dec-24 to dec-31 09:00-13:00 \"Fin de año\"\n"
                          "  hours on 2026-12-31 09:00-11:00\n  closed on holidays\n}\n")
    c = policy.calendar("c")

    def hours(day: date) -> float:
        start = datetime.combine(day, datetime.min.time(), c.tz)
        return c.elapsed(start, start + timedelta(days=1)) / timedelta(hours=1)
    assert [hours(date(2026, 12, d)) for d in range(23, 32)] == [9.5, 4, 0, 4, 4, 4, 4, 4, 2]
    assert hours(date(2027, 1, 4)) == 9.5


def test_the_checker_refuses_one_day_ranges_and_ends_some_years_lack() -> None:
    text = ("policy p\ntimezone UTC\ncalendar c {\n  mon-fri 08:00-18:00\n"
            "  closed on every dec-24 to dec-24, feb-20 to feb-29\n  closed on every fifth mon of may to jun-01\n}\n"
            "target t { start on created\n  otherwise: 1 business hours on c }\n")
    _, diagnostics = check_text(text, "x.plazo")
    assert [(d.code, d.span.line, d.span.column) for d in diagnostics if d.code != "unused"] == [
        ("date-range", 5, 19), ("date-range", 5, 47), ("date-range", 6, 19)]


def test_two_ranges_that_share_a_day_are_told_apart() -> None:
    text = ("policy p\ntimezone UTC\ncalendar c {\n  mon-fri 08:00-18:00\n  closed on every dec-24 to dec-31\n"
            "  hours on every dec-30 to jan-02 09:00-12:00\n}\ntarget t { start on created\n"
            "  otherwise: 1 business hours on c }\n")
    _, diagnostics = check_text(text, "x.plazo")
    [clash] = [d for d in diagnostics if d.code == "date-clash"]
    assert clash.span.line == 6 and "(2024-12-30)" in clash.message and "rule on line 5 applies" in clash.message


@pytest.mark.parametrize("line", [
    "closed on every dec-24 to dec-31 \"Cierre de fin de año\"",
    "hours on every dec-26 to dec-30 09:00-13:00",
    "closed on every dec-28 to jan-03, last fri of jun to first mon of jul, may-01",
])
def test_ranges_format_back_to_themselves(line: str) -> None:
    text = f"policy p\ntimezone UTC\n\ncalendar c {{\n  mon-fri 08:00-18:00\n  {line}\n}}\n"
    tree, diagnostics = parse(text, "x.plazo")
    assert tree is not None and diagnostics == []
    assert format_policy(tree) == text and parse(format_policy(tree), "x.plazo")[0] == tree


def test_render_publishes_the_years_concrete_range() -> None:
    policy = loads_policy("policy p\nlanguage es\ntimezone America/Lima\nholidays PE\ncalendar c \"Hábil\" {\n"
                          "  mon-fri 08:30-18:00\n  closed on every dec-28 to jan-03 \"Vacaciones\"\n"
                          "  closed on holidays\n}\n"
                          "target t { start on created\n  otherwise: 2 business hours on c }\n")
    text = render_markdown(document(policy, 2026))
    assert ("cerrado todos los años el período del 28 de diciembre al 3 de enero (en 2026: del lunes 28 de diciembre "
            "de 2026 al domingo 3 de enero de 2027) (Vacaciones)") in text
    ticket = Ticket.from_dict({"id": "T", "fields": {}, "events": [{"type": "created",
                                                                    "at": "2026-12-24T17:00:00-05:00"}]})
    # Thursday 17:00: 1 hour on the 24th, 25 Dec is Navidad, 28 Dec - 3 Jan closed: Monday 4 Jan 09:30
    due = policy.evaluate(ticket, at=datetime.fromisoformat("2026-12-24T17:00:00-05:00")).target("t").due
    assert due is not None and due.isoformat() == "2027-01-04T09:30:00-05:00"


# ------------------------------------------------------------------ a chosen calendar wherever one is named

CHOSEN = """
policy p
timezone America/Santiago
field country { cl pe }
calendar habil_cl { mon-fri 08:30-18:00 }
calendar habil_pe { timezone America/Lima
  mon-fri 08:30-18:00 }
calendar habil by country { cl: habil_cl  pe: habil_pe }
target fin_del_dia { start on created
  stop on resolved
  otherwise: end of business day on habil }
target manana { start on created
  stop on resolved
  otherwise: next business day 09:00 on habil }
escalation e {
  level 1 after 1 business hours on habil
  level 2 after 1 business days on habil
}
"""


@pytest.mark.parametrize(("country", "expected"), [
    # Tuesday 10 March 2026, 17:00 in Santiago (UTC-3) is 15:00 in Lima (UTC-5).
    # Chile: the day ends at 18:00; 09:00 is Wednesday's; one business hour is 17:00-18:00,
    # which ends on the close, so Wednesday's opening; one business day: Wednesday 17:00.
    ("cl", ("2026-03-10T18:00:00-03:00", "2026-03-11T09:00:00-03:00",
            "2026-03-11T08:30:00-03:00", "2026-03-11T17:00:00-03:00")),
    # Peru: 18:00 Lima; Wednesday 09:00 Lima; 15:00-16:00 Lima; Wednesday 15:00 Lima
    ("pe", ("2026-03-10T18:00:00-05:00", "2026-03-11T09:00:00-05:00",
            "2026-03-10T16:00:00-05:00", "2026-03-11T15:00:00-05:00")),
])
def test_fixed_deadlines_and_escalation_levels_count_on_the_chosen_calendar(
        country: str, expected: tuple[str, str, str, str]) -> None:
    policy = loads_policy(CHOSEN, "p.plazo")
    created = "2026-03-10T17:00:00-03:00"
    ticket = Ticket.from_dict({"id": "T", "fields": {"country": country},
                               "events": [{"type": "created", "at": created}]})
    result = policy.evaluate(ticket, at=datetime.fromisoformat(created))
    end_of_day, next_day = result.target("fin_del_dia").due, result.target("manana").due
    [ladder] = result.escalations
    levels = [level.at for level in ladder.levels]
    got = (end_of_day, next_day, *levels)
    assert all(g is not None for g in got)
    assert [g.astimezone(UTC) for g in got if g is not None] == [datetime.fromisoformat(e).astimezone(UTC)
                                                               for e in expected]
    assert (end_of_day.isoformat() if end_of_day else None) == expected[0]   # shown in the chosen zone


def test_a_ticket_without_a_value_the_choice_covers_reaches_no_timed_level() -> None:
    policy = loads_policy(CHOSEN, "p.plazo")
    ticket = Ticket.from_dict({"id": "T", "fields": {},
                               "events": [{"type": "created", "at": "2026-03-10T17:00:00-03:00"}]})
    [ladder] = policy.evaluate(ticket, at=datetime.fromisoformat("2026-03-20T17:00:00-03:00")).escalations
    assert [level.at for level in ladder.levels] == [None, None] and ladder.current_level is None


def test_a_maintenance_notice_on_a_chosen_calendar_is_refused_and_says_why() -> None:
    text = (ROOT / "tests" / "golden" / "check" / "ticket_calendar_notice.plazo").read_text(encoding="utf-8")
    _, diagnostics = check_text(text, "x.plazo")
    [refused] = diagnostics
    assert (refused.code, refused.span.line) == ("ticket-calendar", 23)
    assert refused.hint is not None and "announced to every customer" in refused.hint
