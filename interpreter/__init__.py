"""Calendars and business time, compiled evaluators, the simulator and the CLI."""

from plazo.interpreter.calendar import BusinessCalendar, Closure, OpenInterval, compile_calendar
from plazo.interpreter.calendar_spec import (
    ComplementCalendar,
    DifferenceCalendar,
    HolidaySet,
    Hours,
    SpecialDay,
    UnionCalendar,
    WeeklyCalendar,
)
from plazo.interpreter.errors import CalendarError, EmptyCalendarError, NaiveDatetimeError

__all__ = [
    "BusinessCalendar",
    "CalendarError",
    "Closure",
    "ComplementCalendar",
    "DifferenceCalendar",
    "EmptyCalendarError",
    "HolidaySet",
    "Hours",
    "NaiveDatetimeError",
    "OpenInterval",
    "SpecialDay",
    "UnionCalendar",
    "WeeklyCalendar",
    "compile_calendar",
]
