"""The clauses pass: each clause of a target can be chosen (not after 'otherwise', not
repeated, not implied by earlier ones: also derive cases and routes), together they
cover every combination of enumerated values, and each deadline can be computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from plazo.dsl import ast
from plazo.dsl.check.combinations import Combinations, first_bits
from plazo.dsl.check.implied import Ordered, implied_clauses
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
        found.extend(implied_clauses(_until_otherwise(clauses), scope, f"this clause of target {item.name}"))
    for derive in items_of(policy, ast.DeriveDecl):
        found.extend(implied_clauses(_until_otherwise(derive.cases), scope, f"this case of derive {derive.name}"))
    routes = [Ordered(r.condition, r.span) for r in items_of(policy, ast.RouteDecl)]
    found.extend(implied_clauses(routes, scope, "this route"))
    return found


def _until_otherwise(alternatives: Sequence[ast.Clause | ast.DeriveCase]) -> list[Ordered]:
    """The alternatives with a condition before the first ``otherwise`` (after it, all are unreachable)."""
    found: list[Ordered] = []
    for alternative in alternatives:
        if alternative.condition is None:
            break
        found.append(Ordered(alternative.condition, alternative.span))
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
    """Combinations of enumerated values that no clause can match (every clause has a condition).

    Each condition is worked out once for all the combinations together, as sets of them
    (bits of an integer: :class:`Combinations`), not combination by combination: the
    cost is the conditions' size times the combinations over the machine's word size."""
    conditions = [c.condition for c in clauses if c.condition is not None]
    fields: dict[str, tuple[str, ...]] = {}
    for condition in conditions:
        for atom in atoms(condition):
            domain = scope.enum_values(atom.field) if atom.field != STATUS_FIELD else None
            if domain and atom.field not in fields:
                fields[atom.field] = domain
    if not fields:
        return []
    total = 1
    for domain in fields.values():
        total *= len(domain)
    if total > MAX_COMBINATIONS:
        return []
    combinations = Combinations(fields)
    uncovered = combinations.every
    for condition in conditions:
        uncovered &= combinations.truth(condition)[1]
        if not uncovered:
            return []
    count = uncovered.bit_count()
    shown = "; ".join(", ".join(f"{k} = {v}" for k, v in combinations.values(index).items())
                      for index in first_bits(uncovered, SHOWN_UNCOVERED))
    more = f" (and {count - SHOWN_UNCOVERED} more)" if count > SHOWN_UNCOVERED else ""
    return [warning(
        "uncovered", f"target {item.name} has no clause for {shown}{more}", item.span,
        "add a clause for these cases, 'otherwise: none \"<reason>\"' if they have no target, "
        "or 'otherwise: <duration>'",
    )]
