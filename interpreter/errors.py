"""Errors of the evaluation side of plazo (calendars, tickets, evaluation)."""

from __future__ import annotations

from plazo.dsl.errors import PlazoError


class CalendarError(PlazoError, ValueError):
    """A calendar was asked something it cannot answer (bad argument, no open time)."""


class NaiveDatetimeError(CalendarError):
    """An instant without a time zone was given where plazo needs an exact instant."""


class EmptyCalendarError(CalendarError):
    """A calendar has no open time where a computation needs some."""
