"""The maintenance pass: each rule said once, a window that is open, a notice range that is one."""

from __future__ import annotations

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import items_of, minutes
from plazo.dsl.diagnostics import Diagnostic, error


def check_maintenance(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    return [d for item in items_of(policy, ast.MaintenanceDecl) for d in _rules(item, scope)]


def _rules(item: ast.MaintenanceDecl, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    first: dict[type, ast.Notice | ast.Window | ast.Emergency] = {}
    for s in item.statements:
        if type(s) in first:
            found.append(error("duplicate", "a maintenance rule says this twice", s.span,
                               f"keep the first (line {first[type(s)].span.line})"))
        first.setdefault(type(s), s)
        if isinstance(s, ast.Window) and s.interval.start == s.interval.end and scope.readable(s.interval.span):
            found.append(error("range", "the maintenance window is empty", s.span,
                               "write 00:00-24:00 for a window that is always open"))
        if isinstance(s, ast.Notice) and s.maximum is not None and minutes(s.maximum) < minutes(s.minimum):
            found.append(error("range", "the longest notice is shorter than the shortest", s.span))
    return found
