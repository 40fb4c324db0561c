"""plazo's embedding API: load a policy, evaluate tickets, explain, use calendars.

Stages, each importing only the ones before it: ``time`` (instants, calendars,
business time), ``compile`` (a checked AST -> tables and closures), ``run`` (tickets,
replay, results), ``explain``, the :class:`Policy` facade, then ``present``,
``batch``, ``simulate`` and ``cli``.
"""

from plazo.dsl.errors import PlazoError, PolicyError
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.compile.rules import Rejection, Route, Violation
from plazo.interpreter.errors import (
    CalendarError,
    EmptyCalendarError,
    HistoryError,
    HorizonError,
    InstantError,
    NaiveDatetimeError,
    ScenarioError,
    TicketError,
    UnknownNameError,
)
from plazo.interpreter.explain.facts import Explanation, explain
from plazo.interpreter.policy import Policy, load_policy, loads_policy
from plazo.interpreter.present.explanation_text import render_explanation
from plazo.interpreter.run.results import (
    Cycle,
    EscalationResult,
    EvaluationResult,
    LevelResult,
    MaintenanceProblem,
    TargetResult,
)
from plazo.interpreter.run.ticket import Event, Ticket
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

__all__ = [
    "BusinessCalendar",
    "CalendarError",
    "Closure",
    "CompiledPolicy",
    "ComplementCalendar",
    "Cycle",
    "DifferenceCalendar",
    "EmptyCalendarError",
    "EscalationResult",
    "EvaluationResult",
    "Event",
    "Explanation",
    "HistoryError",
    "HolidaySet",
    "HorizonError",
    "Hours",
    "InstantError",
    "LevelResult",
    "MaintenanceProblem",
    "NaiveDatetimeError",
    "OpenInterval",
    "PlazoError",
    "Policy",
    "PolicyError",
    "Rejection",
    "Route",
    "ScenarioError",
    "SpecialDay",
    "TargetResult",
    "Ticket",
    "TicketError",
    "UnionCalendar",
    "UnknownNameError",
    "Violation",
    "WeeklyCalendar",
    "compile_calendar",
    "explain",
    "load_policy",
    "loads_policy",
    "render_explanation",
]
