"""A calendar's open intervals and closures over a period of dates: what ``plazo calendar``
prints (as text or JSON here, as iCalendar in :mod:`.calendar_ics`).

The period is a range of local dates of the calendar's own time zone, both included: its
open intervals are those of ``[first 00:00, the day after last 00:00)`` there, clipped to
that range (an overnight interval starting on ``last`` ends at midnight), with their
offsets; its closures are the holidays and closed dates in it, with their names.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from attrs import frozen

from plazo.dsl import ast
from plazo.dsl.errors import PlazoError
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.present.wording import duration_text, lang, short_day
from plazo.interpreter.run.results import converter
from plazo.interpreter.time.calendar import Closure, OpenInterval
from plazo.interpreter.time.instants import END_INSTANT, END_YEAR, FIRST_INSTANT, FIRST_YEAR
from plazo.interpreter.time.spec import spec_timezone

MAX_DAYS = 366  # a year, leap day included: a longer listing is a file nobody reads or imports


@frozen
class CalendarListing:
    """The facts of one calendar over ``[first, last]`` (local dates)."""

    policy: str
    calendar: str
    label: str | None
    timezone: str
    language: str
    first: date
    last: date
    open: tuple[OpenInterval, ...]
    closures: tuple[Closure, ...]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = converter.unstructure(self)  # cattrs is untyped here: Any
        for interval, row in zip(self.open, data["open"], strict=True):
            row["seconds"] = interval.duration.total_seconds()
        return data


def calendar_listing(policy: CompiledPolicy, name: str, first: date, last: date) -> CalendarListing:
    """The listing of calendar ``name`` of ``policy``; raises :class:`PlazoError` for a
    calendar chosen per ticket, an unknown name (did-you-mean) or a period plazo refuses."""
    choice = policy.choices.get(name)
    if choice is not None:
        raise PlazoError(f"calendar {name!r} is chosen per ticket by the field {choice.field!r}: list one of "
                         f"the calendars it chooses between ({', '.join(choice.calendars)})")
    calendar = policy.calendar(name)
    _check_period(first, last)
    tz = calendar.tz
    # clipped to the supported instants: the first and last local days of the range may
    # reach past them in zones ahead of or behind UTC
    start = max(datetime.combine(first, time(), tz), FIRST_INSTANT)
    end = min(datetime.combine(last + timedelta(days=1), time(), tz), END_INSTANT - timedelta(microseconds=1))
    opened = tuple(calendar.open_intervals(start, end))
    # closures() counts the local date of its end instant: stop at the last day's last microsecond
    closed = tuple(c for c in calendar.closures(start, end - timedelta(microseconds=1)) if first <= c.day <= last)
    label = next((i.label for i in policy.ast.items if isinstance(i, ast.CalendarDecl) and i.name == name), None)
    return CalendarListing(policy.name, name, label, spec_timezone(calendar.spec), policy.language, first, last,
                           opened, closed)


def _check_period(first: date, last: date) -> None:
    for day, option in ((first, "--from"), (last, "--to")):
        if not FIRST_YEAR <= day.year < END_YEAR:
            raise PlazoError(f"{option} {day.isoformat()}: plazo works with the years {FIRST_YEAR} to "
                             f"{END_YEAR - 1}")
    if last < first:
        raise PlazoError(f"--to {last.isoformat()} is before --from {first.isoformat()}: give the period's "
                         "first day, then its last")
    days = (last - first).days + 1
    if days > MAX_DAYS:
        raise PlazoError(f"--from {first.isoformat()} --to {last.isoformat()} is {days} days; a listing covers at "
                         f"most {MAX_DAYS}: split the period")


_WORDS = {
    "es": {"title": "Calendario {name}{label} ({zone}), del {first} al {last}", "closed": "cerrado: {name}",
           "nothing": "Sin horario en este periodo.", "total": "Total abierto: {total}"},
    "en": {"title": "Calendar {name}{label} ({zone}), {first} to {last}", "closed": "closed: {name}",
           "nothing": "No hours in this period.", "total": "Open in total: {total}"},
}


def listing_text(listing: CalendarListing) -> str:
    """One line per open interval and per closure, by date, in the policy's language."""
    language = lang(listing.language)
    w = _WORDS[language]
    label = f" «{listing.label}»" if listing.label else ""
    lines = [w["title"].format(name=listing.calendar, label=label, zone=listing.timezone,
                               first=listing.first.isoformat(), last=listing.last.isoformat())]
    rows: list[tuple[date, int, str]] = []
    for interval in listing.open:
        start, end = interval.start, interval.end
        until = _clock(end) if end.date() == start.date() else f"{end.date().isoformat()} {_clock(end)}"
        text = f"{start.date().isoformat()} {_weekday(start.date(), language)}  {_clock(start)} – {until}"
        rows.append((start.date(), 1, f"  {text:<52} {duration_text(interval.duration.total_seconds(), language)}"))
    for closure in listing.closures:
        day = f"{closure.day.isoformat()} {_weekday(closure.day, language)}"
        rows.append((closure.day, 0, f"  {day}  {w['closed'].format(name=closure.name)}"))
    lines.extend(row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1])))
    if not listing.open:
        lines.append(w["nothing"])
    else:
        total = sum((i.duration for i in listing.open), timedelta())
        lines.append(w["total"].format(total=duration_text(total.total_seconds(), language)))
    return "\n".join(lines) + "\n"


def _clock(t: datetime) -> str:
    """``08:00-05:00``: the wall time with its offset."""
    return t.isoformat(timespec="minutes")[11:]  # an offset with seconds (a zone's old local mean time) too


def _weekday(day: date, language: str) -> str:
    """``vie`` / ``Fri``."""
    return short_day(day, language).split()[0]
