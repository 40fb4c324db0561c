"""Calendars and business time, compiled evaluators, the simulator and the CLI."""

from plazo.interpreter.time.calendar import BusinessCalendar, Closure, OpenInterval, compile_calendar
from plazo.interpreter.time.spec import (
    ComplementCalendar,
    DifferenceCalendar,
    HolidaySet,
    Hours,
    SpecialDay,
    UnionCalendar,
    WeeklyCalendar,
)
from plazo.interpreter.explain.facts import Explanation, explain
from plazo.interpreter.explain.text import render_explanation
from plazo.interpreter.errors import CalendarError, EmptyCalendarError, NaiveDatetimeError
from plazo.interpreter.policy import CompiledPolicy, load_policy, loads_policy
from plazo.interpreter.run.results import (
    Cycle,
    EscalationResult,
    EvaluationResult,
    LevelResult,
    MaintenanceProblem,
    Rejection,
    Route,
    TargetResult,
    Violation,
)
from plazo.interpreter.run.ticket import Event, Ticket, TicketError

__all__ = [
    "BusinessCalendar",
    "CompiledPolicy",
    "Cycle",
    "EscalationResult",
    "EvaluationResult",
    "Event",
    "Explanation",
    "LevelResult",
    "MaintenanceProblem",
    "Rejection",
    "Route",
    "TargetResult",
    "Ticket",
    "TicketError",
    "Violation",
    "load_policy",
    "loads_policy",
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
    "explain",
    "render_explanation",
]
