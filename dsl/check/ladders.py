"""The ladders pass: an escalation has levels, numbered in order, each reached after the one before."""

from __future__ import annotations

import itertools

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import items_of, minutes
from plazo.dsl.diagnostics import Diagnostic, error


def check_escalations(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    return [d for item in items_of(policy, ast.EscalationDecl) for d in _ladder(item)]


def _ladder(item: ast.EscalationDecl) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if not item.levels:
        found.append(error("no-levels", f"escalation {item.name} has no levels", item.span,
                           'add: level 1 "<name>" contact <contact> after 0 minutes'))
    for previous, level in itertools.pairwise(item.levels):
        if level.number <= previous.number:
            found.append(error("ladder-order", f"level {level.number} comes after level {previous.number}",
                               level.span, "number the levels 1, 2, 3 ... in order"))
        if _later_or_equal(previous.time, level.time) is True:
            found.append(error("ladder-order", f"level {level.number} of {item.name} is not reached after "
                               f"level {previous.number}", level.span,
                               "each level must be reached later than the one before"))
    if len({level.time is not None for level in item.levels}) > 1:
        found.append(error("ladder-mixed", f"some levels of {item.name} have times and some do not", item.span,
                           "give every level a time, or none (an ordered list to follow)"))
    return found


def _later_or_equal(a: ast.LevelTime | None, b: ast.LevelTime | None) -> bool | None:
    """Whether ``a`` comes no earlier than ``b``; None when they cannot be compared without a ticket."""
    if isinstance(a, ast.LevelAfter) and isinstance(b, ast.LevelAfter) and a.calendar == b.calendar:
        comparable = a.duration.unit != "days" or a.duration.business == b.duration.business
        return minutes(a.duration) >= minutes(b.duration) if comparable else None
    if isinstance(a, ast.LevelAtFraction) and isinstance(b, ast.LevelAtFraction) and a.target == b.target:
        return a.percent >= b.percent
    return None
