"""The clauses pass: each clause of a target can be chosen, together they cover every
combination of enumerated values, and each deadline can be computed.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from plazo.dsl import ast
from plazo.dsl.check.scope import STATUS_FIELD, Scope
from plazo.dsl.check.uses import atoms, items_of
from plazo.dsl.diagnostics import Diagnostic, Span, error, warning

# Beyond this many combinations of values, coverage is not worked out (it would be slow to check and to read).
MAX_COMBINATIONS = 20_000
SHOWN_UNCOVERED = 5


def check_clauses(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for item in items_of(policy, ast.TargetDecl):
        clauses = [s for s in item.statements if isinstance(s, ast.Clause)]
        found.extend(_reachable(item, clauses))
        found.extend(d for clause in clauses for d in _deadline(clause.deadline))
        if clauses and all(c.condition is not None for c in clauses):
            found.extend(_coverage(item, clauses, scope))
    return found


def _reachable(item: ast.TargetDecl, clauses: list[ast.Clause]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    otherwise = next((c for c in clauses if c.condition is None), None)
    if otherwise is not None:
        found.extend(error("unreachable", f"this clause of target {item.name} is never used", later.span,
                           f"'otherwise' on line {otherwise.span.line} already matches every ticket")
                     for later in clauses[clauses.index(otherwise) + 1:])
    seen: dict[ast.Condition, Span] = {}
    for clause in clauses:
        if clause.condition is None:
            continue
        if clause.condition in seen:
            found.append(error("unreachable", f"this clause of target {item.name} repeats the condition of line "
                               f"{seen[clause.condition].line}", clause.span, "the first matching clause wins"))
        seen.setdefault(clause.condition, clause.span)
    return found


def _deadline(deadline: ast.Deadline) -> list[Diagnostic]:
    if isinstance(deadline, ast.NoTarget) and not deadline.reason.strip():
        return [error("no-reason", "say why there is no target", deadline.span,
                      'e.g. none "se acuerda con el cliente"')]
    if not isinstance(deadline, ast.DurationDeadline):
        return []
    d = deadline.duration
    if d.business and deadline.calendar is None:
        return [error("no-calendar", f"business {d.unit} need a calendar", deadline.span,
                      f"write: {_amount(d.amount)} business {d.unit} on <calendar>")]
    if d.unit == "days" and not d.business and deadline.calendar is not None:
        amount, calendar = _amount(d.amount), deadline.calendar
        return [warning("days-on-calendar", f"'{amount} days on {calendar}' counts {_amount(d.amount * 24)} open hours",
                        deadline.span, f"for working days write: {amount} business days on {calendar}")]
    return []


def _amount(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _coverage(item: ast.TargetDecl, clauses: list[ast.Clause], scope: Scope) -> list[Diagnostic]:
    """Combinations of enumerated values that no clause can match (every clause has a condition)."""
    conditions = [c.condition for c in clauses if c.condition is not None]
    fields: list[str] = []
    for condition in conditions:
        for atom in atoms(condition):
            if atom.field != STATUS_FIELD and scope.enum_values(atom.field) and atom.field not in fields:
                fields.append(atom.field)
    if not fields:
        return []
    domains = [scope.enum_values(f) or () for f in fields]
    total = 1
    for domain in domains:
        total *= len(domain)
    if total > MAX_COMBINATIONS:
        return []
    uncovered = []
    for combo in itertools.product(*domains):
        values = dict(zip(fields, combo, strict=True))
        if all(_evaluate(c, values) is False for c in conditions):
            uncovered.append(values)
    if not uncovered:
        return []
    shown = "; ".join(", ".join(f"{k} = {v}" for k, v in combo.items()) for combo in uncovered[:SHOWN_UNCOVERED])
    more = f" (and {len(uncovered) - SHOWN_UNCOVERED} more)" if len(uncovered) > SHOWN_UNCOVERED else ""
    return [warning(
        "uncovered", f"target {item.name} has no clause for {shown}{more}", item.span,
        "add a clause for these cases, 'otherwise: none \"<reason>\"' if they have no target, "
        "or 'otherwise: <duration>'",
    )]


def _evaluate(cond: ast.Condition, values: dict[str, str]) -> bool | None:
    """Three-valued: None when the condition depends on something other than ``values``."""
    if isinstance(cond, ast.And):
        results = [_evaluate(c, values) for c in cond.operands]
        return False if False in results else (None if None in results else True)
    if isinstance(cond, ast.Or):
        results = [_evaluate(c, values) for c in cond.operands]
        return True if True in results else (None if None in results else False)
    if isinstance(cond, ast.Not):
        inner = _evaluate(cond.operand, values)
        return None if inner is None else not inner
    if cond.field not in values:
        return None
    actual = values[cond.field]
    if isinstance(cond, ast.Comparison) and isinstance(cond.value, ast.NameValue):
        if cond.op == "=":
            return actual == cond.value.name
        if cond.op == "!=":
            return actual != cond.value.name
    if isinstance(cond, ast.Membership):
        return actual in {v.name for v in cond.values if isinstance(v, ast.NameValue)}
    return None
