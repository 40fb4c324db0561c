"""Recurring dates: the rules a calendar writes (``dec-24``, ``last fri of dec``), their words,
and the concrete date of a year.

They are yearly rules in the sense of RFC 5545 (``FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24``,
``FREQ=YEARLY;BYMONTH=12;BYDAY=-1FR``), expanded with ``dateutil.rrule``, the recurrence
engine calendar programs share. A rule that names no day in some year (``feb-29``,
``fifth mon of feb``) has no date that year. A foundation of the dsl: the checker, the
formatter and the business-time engine use it alike.
"""

from __future__ import annotations

from datetime import date, datetime
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


Rule = YearlyRule | NthWeekdayRule


def rule_text(rule: Rule) -> str:
    """``dec-24``, ``last fri of dec``: as a policy writes it."""
    if isinstance(rule, YearlyRule):
        return f"{MONTHS[rule.month - 1]}-{rule.day:02d}"
    return f"{ORDINAL_WORDS[rule.nth]} {_WEEKDAYS[rule.weekday]} of {MONTHS[rule.month - 1]}"


@lru_cache(maxsize=4096)
def date_in(rule: Rule, year: int) -> date | None:
    """The day ``rule`` names in ``year`` (None: none that year)."""
    start, until = datetime(year, 1, 1), datetime(year, 12, 31)
    if isinstance(rule, YearlyRule):
        found = rrule(YEARLY, dtstart=start, until=until, bymonth=rule.month, bymonthday=rule.day)
    else:
        found = rrule(YEARLY, dtstart=start, until=until, bymonth=rule.month,
                      byweekday=weekday(rule.weekday, rule.nth))
    first = next(iter(found), None)
    return first.date() if first is not None else None
