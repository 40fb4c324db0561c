"""The maintenance pass: each rule said once (windows may be several), a window that is open,
a notice range that is one, an emergency notice that is some time."""

from __future__ import annotations

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import items_of, minutes
from plazo.dsl.diagnostics import Diagnostic, error


def check_maintenance(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    return [d for item in items_of(policy, ast.MaintenanceDecl) for d in _rules(item, scope)]


def _rules(item: ast.MaintenanceDecl, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    first: dict[type, ast.MaintenanceStatement] = {}
    for s in item.statements:
        if type(s) in first and not isinstance(s, (ast.Window, ast.DayWindow)):
            found.append(error("duplicate", "a maintenance rule says this twice", s.span,
                               f"keep the first (line {first[type(s)].span.line})"))
        first.setdefault(type(s), s)
        if isinstance(s, ast.Window) and s.interval.start == s.interval.end and scope.readable(s.interval.span):
            found.append(error("range", "the maintenance window is empty", s.span,
                               "write 00:00-24:00 for a window that is always open"))
        if isinstance(s, ast.DayWindow) and s.last_day in (None, s.first_day) and s.start == s.end \
                and scope.readable(s.span):
            found.append(error("range", "the maintenance window is empty", s.span,
                               "end it on a later day or at another time: window sat 22:00 - sun 06:00"))
        if isinstance(s, ast.EmergencyNotice) and (s.minimum.amount <= 0 or s.minimum.business
                                                   or s.minimum.calendar_days):
            found.append(error("range", "an emergency notice is some clock time", s.minimum.span,
                               "write e.g. emergency notice at least 2 hours"))
        if isinstance(s, ast.Notice) and s.maximum is not None and minutes(s.maximum) < minutes(s.minimum):
            found.append(error("range", "the longest notice is shorter than the shortest", s.span))
    return found
