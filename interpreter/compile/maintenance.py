"""Maintenance rules, compiled: the notice a maintenance needs, its windows (in the
maintenance's own time zone), the exception for emergencies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta, tzinfo
from typing import Literal

from attrs import frozen

from plazo.dsl import ast
from plazo.dsl.names import WEEKDAYS, clock_text
from plazo.interpreter.compile.deadlines import duration_us
from plazo.interpreter.time.calendar import BusinessCalendar
from plazo.interpreter.time.instants import local_date, wall_to_us
from plazo.interpreter.time.sources import zone

_DAY_MINUTES = 24 * 60


@frozen
class WeeklyWindow:
    """A window that opens on a weekday at a local time and lasts until a local time
    ``days`` dates later (``window 19:00-05:00`` is seven of them, one a day)."""

    weekday: int  # 0 is Monday
    start: int  # minutes after midnight
    days: int  # the closing date is this many dates after the opening one
    end: int  # minutes after midnight, on the closing date

    @classmethod
    def daily(cls, interval: ast.Interval) -> tuple[WeeklyWindow, ...]:
        days = 0 if interval.end > interval.start else 1
        return tuple(cls(day, interval.start, days, interval.end % _DAY_MINUTES if days else interval.end)
                     for day in range(7))

    @classmethod
    def of(cls, w: ast.DayWindow) -> WeeklyWindow:
        first = WEEKDAYS.index(w.first_day)
        days = (WEEKDAYS.index(w.last_day) - first) % 7 if w.last_day else 0
        if days == 0 and w.end <= w.start:
            days = 1 if w.last_day is None else 7
        return cls(first, w.start, days, w.end)

    def occurrence(self, opening: date, tz: tzinfo) -> tuple[int, int]:
        """The instants the window opens and closes when it opens on ``opening``."""
        return (wall_to_us(opening, timedelta(minutes=self.start), tz),
                wall_to_us(opening + timedelta(days=self.days), timedelta(minutes=self.end), tz))

    def text(self) -> str:
        end_day = WEEKDAYS[(self.weekday + self.days) % 7]
        return f"{WEEKDAYS[self.weekday]} {clock_text(self.start)} - {end_day} {clock_text(self.end)}"


@frozen
class MaintenanceRules:
    minimum: ast.Duration | None
    maximum: ast.Duration | None
    calendar: BusinessCalendar | None
    windows: tuple[WeeklyWindow, ...]  # none: any time
    emergency: Literal["any_time", "same_day"] | None
    tz: tzinfo  # the maintenance's own zone, else the policy's: windows and notice dates are read in it
    emergency_minimum: ast.Duration | None = None  # `emergency notice at least 2 hours` (clock time)
    window_texts: tuple[str, ...] = ()  # as the policy wrote them, for messages

    @classmethod
    def of(cls, decl: ast.MaintenanceDecl, calendars: Mapping[str, BusinessCalendar], tz: tzinfo) -> MaintenanceRules:
        minimum = maximum = calendar = emergency = emergency_minimum = None
        windows: list[WeeklyWindow] = []
        texts: list[str] = []
        for s in decl.statements:
            if isinstance(s, ast.Notice):
                minimum, maximum = s.minimum, s.maximum
                calendar = calendars[s.calendar] if s.calendar else None
            elif isinstance(s, ast.Window):
                windows.extend(WeeklyWindow.daily(s.interval))
                texts.append(f"{clock_text(s.interval.start)}-{clock_text(s.interval.end)}")
            elif isinstance(s, ast.DayWindow):
                window = WeeklyWindow.of(s)
                windows.append(window)
                texts.append(window.text())
            elif isinstance(s, ast.EmergencyNotice):
                emergency_minimum = s.minimum
            elif isinstance(s, ast.TimezoneDecl):
                tz = zone(s.zone)
            else:
                emergency = s.kind
        return cls(minimum, maximum, calendar, tuple(windows), emergency, tz, emergency_minimum, tuple(texts))

    def later_by(self, t: int, d: ast.Duration) -> int:
        """The earliest start ``d`` of notice given at ``t`` allows: business durations on the
        notice calendar; calendar days count dates (notice any time on Monday is 2 days
        before any time on Wednesday)."""
        cal = self.calendar
        if d.calendar_days:
            return wall_to_us(local_date(t, self.tz) + timedelta(days=int(d.amount)), timedelta(0), self.tz)
        if d.business and cal is not None:
            if d.unit == "days":
                return cal.add_business_days_us(t, int(d.amount))
            return cal.add_us(t, duration_us(d))
        return t + duration_us(d)

    def latest_by(self, t: int, d: ast.Duration) -> int:
        """The latest start ``d`` of notice at most allows (calendar days: to the end of that date)."""
        if d.calendar_days:
            return wall_to_us(local_date(t, self.tz) + timedelta(days=int(d.amount) + 1), timedelta(0), self.tz) - 1
        return self.later_by(t, d)
