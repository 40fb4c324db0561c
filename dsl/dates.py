"""Recurring dates: the rules a calendar writes (``dec-24``, ``last fri of dec``,
``dec-24 to dec-31``), their words, and the concrete dates of a year.

They are yearly rules in the sense of RFC 5545 (``FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24``,
``FREQ=YEARLY;BYMONTH=12;BYDAY=-1FR``), expanded with ``dateutil.rrule``, the recurrence
engine calendar programs share. A rule that names no day in some year (``feb-29``,
``fifth mon of feb``) has no date that year.

A range (``dec-24 to dec-31``) runs every year from the day its start names to the day its
end names, both included. When the end's month comes before the start's (``dec-28 to
jan-03``), the range crosses the new year: it ends in the next year. A year's dates of a
range are the days of that year it covers, so a range that crosses the new year gives a
year both its first days (from the range begun the year before) and its last ones
(``dec-28 to jan-03`` gives 2027 Jan 1-3 and Dec 28-31). A range within one month whose
end is a weekday rule can have its end before its start in some year (``dec-26 to last
thu of dec``: the last Thursday of December 2025 is the 25th): that year it has no days.
The checker wants both ends to name a day every year (not ``feb-29``, not ``fifth ...``).

A foundation of the dsl: the checker, the
formatter and the business-time engine use it alike.
"""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from functools import lru_cache

from attrs import frozen
from dateutil.rrule import YEARLY, rrule, weekday

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SPANISH_MONTHS = {
    "ene": "jan", "enero": "jan", "febrero": "feb", "marzo": "mar", "abr": "apr", "abril": "apr", "mayo": "may",
    "junio": "jun", "julio": "jul", "ago": "aug", "agosto": "aug", "septiembre": "sep", "set": "sep",
    "octubre": "oct", "noviembre": "nov", "dic": "dec", "diciembre": "dec",
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
ORDINAL_WORDS = {n: w for w, n in ORDINALS.items()}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@frozen
class YearlyRule:
    """``dec-24``: the same day of the same month every year."""

    month: int  # 1-12
    day: int


@frozen
class NthWeekdayRule:
    """``last fri of dec``: a weekday counted in a month (``nth`` 1-5, or -1 for the last)."""

    nth: int
    weekday: int  # 0 is Monday
    month: int


DayRule = YearlyRule | NthWeekdayRule


@frozen
class RangeRule:
    """``dec-24 to dec-31``: every day from ``first`` to the next day ``last`` names."""

    first: DayRule
    last: DayRule


Rule = DayRule | RangeRule


def rule_text(rule: Rule) -> str:
    """``dec-24``, ``last fri of dec``, ``dec-24 to dec-31``: as a policy writes it."""
    if isinstance(rule, RangeRule):
        return f"{rule_text(rule.first)} to {rule_text(rule.last)}"
    if isinstance(rule, YearlyRule):
        return f"{MONTHS[rule.month - 1]}-{rule.day:02d}"
    return f"{ORDINAL_WORDS[rule.nth]} {_WEEKDAYS[rule.weekday]} of {MONTHS[rule.month - 1]}"


@lru_cache(maxsize=4096)
def date_in(rule: DayRule, year: int) -> date | None:
    """The day ``rule`` names in ``year`` (None: none that year)."""
    start, until = datetime(year, 1, 1), datetime(year, 12, 31)
    if isinstance(rule, YearlyRule):
        found = rrule(YEARLY, dtstart=start, until=until, bymonth=rule.month, bymonthday=rule.day)
    else:
        found = rrule(YEARLY, dtstart=start, until=until, bymonth=rule.month,
                      byweekday=weekday(rule.weekday, rule.nth))
    first = next(iter(found), None)
    return first.date() if first is not None else None


def every_year(rule: DayRule) -> bool:
    """Whether ``rule`` names a day in every year (``feb-29`` and ``fifth ...`` do not)."""
    if isinstance(rule, YearlyRule):
        return not (rule.month == 2 and rule.day == 29)
    return rule.nth != 5  # a month has 28 to 31 days: four of each weekday, a fifth only in some years


@lru_cache(maxsize=4096)
def dates_in(rule: Rule, year: int) -> tuple[date, ...]:
    """The days of ``year`` that ``rule`` names, in order (none: the rule skips that year)."""
    if not isinstance(rule, RangeRule):
        day = date_in(rule, year)
        return () if day is None else (day,)
    found: list[date] = []
    for begun in (year - 1, year):  # a range begun the year before may reach into this one
        span = range_in(rule, begun)
        if span is None:
            continue
        first, last = max(span[0], date(year, 1, 1)), min(span[1], date(year, 12, 31))
        found.extend(first + timedelta(days=n) for n in range((last - first).days + 1))
    return tuple(found)


def range_in(rule: RangeRule, year: int) -> tuple[date, date] | None:
    """The first and last day of the range that begins in ``year`` (None: it does not begin that year)."""
    if not MINYEAR < year < MAXYEAR:
        return None
    first = date_in(rule.first, year)
    last = date_in(rule.last, year + 1 if crosses_new_year(rule) else year)
    return None if first is None or last is None or last < first else (first, last)


def crosses_new_year(rule: RangeRule) -> bool:
    """Whether the range ends the next year: its end's month comes before its start's."""
    return rule.last.month < rule.first.month
