"""Deadlines: what a clause allows, one class per kind, each computing its own answer.

Two families. A :class:`Counted` deadline allows an amount of counted time (clock
time, a calendar's open hours, N business days turned into the open time they span);
the replay measures the time a cycle's clock ran and compares. A :class:`Fixed`
deadline is an instant worked out from the cycle's start (end of business day, next
business day at a time, a date agreed with the client). :class:`NoDeadline` is
``none "reason"``: the target does not apply.

``kind`` is the stable name of each class in the JSON of an explanation.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, ClassVar, Literal

from attrs import frozen

from plazo.dsl import ast
from plazo.interpreter.time.calendar import BusinessCalendar
from plazo.interpreter.time.clock import CLOCK, Clock, Counter
from plazo.interpreter.time.instants import US_PER_DAY, US_PER_MIN, from_us, local_date, to_us, wall_to_us

DeadlineKind = Literal["duration", "days", "calendar_days", "end_of_day", "next_day", "agreed", "none"]
US_PER_UNIT = {"minutes": US_PER_MIN, "hours": 60 * US_PER_MIN, "days": US_PER_DAY}


def duration_us(d: ast.Duration) -> int:
    """A written duration in microseconds (``2 business hours``: two hours of open time)."""
    return int(d.amount * US_PER_UNIT[d.unit])


# The two families are plain base classes, not ABCs: evaluation asks `isinstance` of
# every clause it meets, and a plain class answers that several times faster.


class Counted:
    """A deadline that allows an amount of counted time."""

    __slots__ = ()
    kind: ClassVar[DeadlineKind]

    @property
    def counter(self) -> Counter:
        """What the time is counted on."""
        raise NotImplementedError

    def need_us(self, start: int) -> int:
        """The counted time allowed to a cycle that started at ``start``."""
        raise NotImplementedError

    @property
    def calendar(self) -> str | None:
        return self.counter.name


@frozen
class ClockDuration(Counted):
    """``10 minutes``: real elapsed time, 24x7."""

    amount_us: int
    kind: ClassVar[DeadlineKind] = "duration"

    @property
    def counter(self) -> Clock:
        return CLOCK

    def need_us(self, start: int) -> int:
        return self.amount_us


@frozen
class BusinessDuration(Counted):
    """``2 business hours on soporte``: the calendar's open time."""

    on: BusinessCalendar
    amount_us: int
    kind: ClassVar[DeadlineKind] = "duration"

    @property
    def counter(self) -> BusinessCalendar:
        return self.on

    def need_us(self, start: int) -> int:
        return self.amount_us


@frozen
class BusinessDays(Counted):
    """``3 business days on soporte``: the open time from the first opening at or after
    the start to the same time of day on the third working day after it. As counted
    time, it is paused and carried over like any duration."""

    on: Counter
    days: int
    kind: ClassVar[DeadlineKind] = "days"

    @property
    def counter(self) -> Counter:
        return self.on

    def need_us(self, start: int) -> int:
        first = self.on.next_open_us(start)
        return self.on.elapsed_us(first, self.on.add_business_days_us(first, self.days))


class Fixed:
    """A deadline that is an instant, worked out once from the cycle's start."""

    __slots__ = ()
    kind: ClassVar[DeadlineKind]

    def due_us(self, start: int, values: Mapping[str, Any]) -> int | None:
        """The due instant of a cycle that started at ``start`` (None: no date known)."""
        raise NotImplementedError

    @property
    def calendar(self) -> str | None:
        """The calendar the instant is worked out on (None: none)."""
        raise NotImplementedError


@frozen
class EndOfBusinessDay(Fixed):
    """``end of business day on soporte``: the close of the open stretch the cycle's
    first open instant lies in, on that local day."""

    on: BusinessCalendar
    kind: ClassVar[DeadlineKind] = "end_of_day"

    @property
    def calendar(self) -> str:
        return self.on.name

    def due_us(self, start: int, values: Mapping[str, Any]) -> int:
        cal = self.on
        first = cal.next_open_us(start)
        day = local_date(first, cal.tz)
        end = first
        for interval in cal.open_intervals(from_us(first, cal.tz), from_us(first + 2 * US_PER_DAY, cal.tz)):
            if interval.start.date() != day:  # open_intervals are in the calendar's zone
                break
            end = to_us(interval.end)
        return end


@frozen
class NextBusinessDayAt(Fixed):
    """``next business day 16:00 on soporte``: the working day after the start's, at
    that local time (or the next opening after it)."""

    on: BusinessCalendar
    minutes: int  # after local midnight
    kind: ClassVar[DeadlineKind] = "next_day"

    @property
    def calendar(self) -> str:
        return self.on.name

    def due_us(self, start: int, values: Mapping[str, Any]) -> int:
        cal = self.on
        first = cal.next_open_us(start)
        next_day = local_date(cal.add_business_days_us(first, 1), cal.tz)
        return cal.next_open_us(wall_to_us(next_day, timedelta(minutes=self.minutes), cal.tz))


@frozen
class CalendarDays(Fixed):
    """``2 calendar days``: counted in dates, not 24-hour units. A cycle that starts any
    time on Monday is due at the end of Wednesday (its local midnight), in the zone of
    the calendar named (``on soporte``) or else the policy's."""

    days: int
    tz: tzinfo
    on: BusinessCalendar | None = None
    kind: ClassVar[DeadlineKind] = "calendar_days"

    @property
    def calendar(self) -> str | None:
        return self.on.name if self.on is not None else None

    def due_us(self, start: int, values: Mapping[str, Any]) -> int:
        last = local_date(start, self.tz) + timedelta(days=self.days + 1)
        return wall_to_us(last, timedelta(0), self.tz)


@frozen
class AgreedDate(Fixed):
    """``agreed fecha_pactada``: the date in a ticket field (none until it is set)."""

    field: str
    kind: ClassVar[DeadlineKind] = "agreed"

    @property
    def calendar(self) -> None:
        return None

    def due_us(self, start: int, values: Mapping[str, Any]) -> int | None:
        value = values.get(self.field)
        return to_us(value) if isinstance(value, datetime) else None


@frozen
class NoDeadline:
    """``none "reason"``: explicitly no target for these tickets."""

    reason: str
    kind: ClassVar[DeadlineKind] = "none"
    calendar: ClassVar[None] = None


Deadline = ClockDuration | BusinessDuration | BusinessDays | CalendarDays | EndOfBusinessDay | NextBusinessDayAt \
    | AgreedDate | NoDeadline


def compile_deadline(d: ast.Deadline, calendars: Mapping[str, BusinessCalendar], tz: tzinfo = UTC) -> Deadline:
    """A clause's deadline; ``tz`` is the policy's zone (calendar days count its dates)."""
    if isinstance(d, ast.DurationDeadline):
        if d.duration.calendar_days:
            on = calendars[d.calendar] if d.calendar else None
            return CalendarDays(int(d.duration.amount), on.tz if on is not None else tz, on)
        if d.duration.unit == "days" and d.duration.business:
            cal = calendars[d.calendar] if d.calendar else None
            if cal is not None and cal.day_length_us is not None:
                # `day 9.5 business hours`: N business days are N times that open time
                return BusinessDuration(cal, int(d.duration.amount * cal.day_length_us))
            return BusinessDays(cal if cal is not None else CLOCK, int(d.duration.amount))
        if d.calendar:
            return BusinessDuration(calendars[d.calendar], duration_us(d.duration))
        return ClockDuration(duration_us(d.duration))
    if isinstance(d, ast.Agreed):
        return AgreedDate(d.field)
    if isinstance(d, ast.NoTarget):
        return NoDeadline(d.reason)
    if isinstance(d, ast.EndOfDay):
        return EndOfBusinessDay(calendars[d.calendar])
    return NextBusinessDayAt(calendars[d.calendar], d.at)


def zone_of(deadline: Deadline | None) -> tzinfo | None:
    """The time zone of the calendar a deadline counts on (None: clock time, or no calendar):
    results show the instants of a target in it."""
    if isinstance(deadline, (BusinessDuration, EndOfBusinessDay, NextBusinessDayAt)):
        return deadline.on.tz
    if isinstance(deadline, BusinessDays) and isinstance(deadline.on, BusinessCalendar):
        return deadline.on.tz
    if isinstance(deadline, CalendarDays) and deadline.on is not None:
        return deadline.on.tz
    return None
