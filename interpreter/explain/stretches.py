"""Empty stretches: why a due instant falls days after the clock started.

Between two stretches of a cycle's counted time the calendar was closed. Most such
gaps are the calendar's ordinary nights and weekends, which a reader expects; a gap
that holds a holiday or a dated closure is not, and is the usual reason a deadline
lands later than the reader's own count. :func:`empty_stretches` finds those gaps
(from the clock's start to the first open time too) with the closures inside them.
A gap the clock spent paused is explained by the pause, not by the calendar: it is
left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from attrs import frozen


@frozen
class NamedClosure:
    """A day the calendar was closed for a reason with a name (a holiday, a dated closure)."""

    day: date
    name: str


@frozen
class EmptyStretch:
    """``[start, end)`` without open time inside the counted span of a cycle, mentioned
    because it holds at least one named closure; ``days_without_hours``: the other days
    inside it on which the calendar has no hours at all (a Sunday)."""

    start: datetime
    end: datetime
    closures: tuple[NamedClosure, ...]
    days_without_hours: tuple[date, ...] = ()


def empty_stretches(started: datetime, counted: Sequence[tuple[datetime, datetime]],
                    paused: Sequence[tuple[datetime, datetime | None]],
                    closed_days: Sequence[tuple[date, str | None]]) -> tuple[EmptyStretch, ...]:
    """The gaps before and between the ``counted`` stretches (in order, from ``started``)
    that hold a named closure of ``closed_days`` (``(day, name)``, name None for a day
    without hours; local days of the calendar) and overlap no pause of ``paused``."""
    out: list[EmptyStretch] = []
    previous = started
    for start, end in counted:
        if start > previous and not any(_overlaps(previous, start, p) for p in paused):
            days = [(d, name) for d, name in closed_days if previous.date() <= d <= start.date()]
            named = tuple(NamedClosure(d, name) for d, name in days if name is not None)
            if named:
                out.append(EmptyStretch(previous, start, named, tuple(d for d, name in days if name is None)))
        previous = max(previous, end)
    return tuple(out)


def _overlaps(a: datetime, b: datetime, pause: tuple[datetime, datetime | None]) -> bool:
    start, end = pause
    return start < b and (end is None or end > a)
