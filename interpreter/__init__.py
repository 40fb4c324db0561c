"""plazo's embedding API: load a policy, evaluate tickets, explain, use calendars.

Stages, each importing only the ones before it: ``time`` (instants, calendars,
business time), ``compile`` (a checked AST -> tables and closures), ``run`` (tickets,
replay, results), ``explain``, the :class:`Policy` facade, then ``present``,
``batch``, ``simulate`` and ``cli``.

Each name is imported on first use (PEP 562: the module's ``__getattr__``), so a
program that needs one stage does not pay for the others: ``plazo check``, whose
command module sits under this package, loads the language and not the evaluator.
The imports under ``TYPE_CHECKING`` give type checkers the same names.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

# each public name -> the module that defines it
_WHERE = {
    "PlazoError": "plazo.dsl.errors",
    "PolicyError": "plazo.dsl.errors",
    "CompiledPolicy": "plazo.interpreter.compile.policy",
    "Rejection": "plazo.interpreter.compile.rules",
    "Route": "plazo.interpreter.compile.rules",
    "Violation": "plazo.interpreter.compile.rules",
    "CalendarError": "plazo.interpreter.errors",
    "EmptyCalendarError": "plazo.interpreter.errors",
    "HistoryError": "plazo.interpreter.errors",
    "HorizonError": "plazo.interpreter.errors",
    "InstantError": "plazo.interpreter.errors",
    "NaiveDatetimeError": "plazo.interpreter.errors",
    "ScenarioError": "plazo.interpreter.errors",
    "TicketError": "plazo.interpreter.errors",
    "UnknownNameError": "plazo.interpreter.errors",
    "Explanation": "plazo.interpreter.explain.facts",
    "explain": "plazo.interpreter.explain.facts",
    "Policy": "plazo.interpreter.policy",
    "load_policy": "plazo.interpreter.policy",
    "loads_policy": "plazo.interpreter.policy",
    "render_explanation": "plazo.interpreter.present.explanation_text",
    "Cycle": "plazo.interpreter.run.results",
    "EscalationResult": "plazo.interpreter.run.results",
    "EvaluationResult": "plazo.interpreter.run.results",
    "LevelResult": "plazo.interpreter.run.results",
    "MaintenanceProblem": "plazo.interpreter.run.results",
    "TargetResult": "plazo.interpreter.run.results",
    "Event": "plazo.interpreter.run.ticket",
    "Ticket": "plazo.interpreter.run.ticket",
    "BusinessCalendar": "plazo.interpreter.time.calendar",
    "Closure": "plazo.interpreter.time.calendar",
    "OpenInterval": "plazo.interpreter.time.calendar",
    "compile_calendar": "plazo.interpreter.time.calendar",
    "ComplementCalendar": "plazo.interpreter.time.spec",
    "DifferenceCalendar": "plazo.interpreter.time.spec",
    "HolidaySet": "plazo.interpreter.time.spec",
    "Hours": "plazo.interpreter.time.spec",
    "SpecialDay": "plazo.interpreter.time.spec",
    "UnionCalendar": "plazo.interpreter.time.spec",
    "WeeklyCalendar": "plazo.interpreter.time.spec",
}

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


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next use does not come back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Api(types.ModuleType):
    """This package's module: a loaded subpackage does not take a public name's place.

    Importing ``plazo.interpreter.explain.facts`` binds the subpackage ``explain`` here,
    where the public name is the function :func:`explain`; an eager ``__init__``
    rebound the function after the import, a lazy one keeps the name from being bound.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _WHERE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Api
