"""The clauses pass: each clause of a target can be chosen, together they cover every
combination of enumerated values, and each deadline can be computed.
"""

from __future__ import annotations

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
    """Combinations of enumerated values that no clause can match (every clause has a condition).

    Each condition is worked out once for all the combinations together, as sets of them
    (bits of an integer: :class:`_Combinations`), not combination by combination: the
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
    combinations = _Combinations(fields)
    uncovered = combinations.every
    for condition in conditions:
        uncovered &= combinations.truth(condition)[1]
        if not uncovered:
            return []
    count = uncovered.bit_count()
    shown = "; ".join(", ".join(f"{k} = {v}" for k, v in combinations.values(index).items())
                      for index in _first_bits(uncovered, SHOWN_UNCOVERED))
    more = f" (and {count - SHOWN_UNCOVERED} more)" if count > SHOWN_UNCOVERED else ""
    return [warning(
        "uncovered", f"target {item.name} has no clause for {shown}{more}", item.span,
        "add a clause for these cases, 'otherwise: none \"<reason>\"' if they have no target, "
        "or 'otherwise: <duration>'",
    )]


def _first_bits(bits: int, count: int) -> list[int]:
    found: list[int] = []
    while bits and len(found) < count:
        lowest = bits & -bits
        found.append(lowest.bit_length() - 1)
        bits ^= lowest
    return found


class _Combinations:
    """Every combination of the fields' values, numbered in the order of ``itertools.product``
    (the last field changes fastest); a set of them is an int whose bit i stands for the i-th."""

    def __init__(self, fields: dict[str, tuple[str, ...]]) -> None:
        self.fields = fields
        self.size = 1
        for domain in fields.values():
            self.size *= len(domain)
        self.every = (1 << self.size) - 1
        # field -> (how many combinations in a row share one of its values, the field's values)
        self._strides: dict[str, tuple[int, dict[str, int]]] = {}
        stride = self.size
        for name, domain in fields.items():
            stride //= len(domain)
            self._strides[name] = (stride, {value: i for i, value in enumerate(domain)})
        self._masks: dict[tuple[str, str], int] = {}

    def where(self, name: str, value: str) -> int:
        """The combinations where field ``name`` has ``value`` (none for a value it does not have)."""
        key = (name, value)
        if key not in self._masks:
            stride, positions = self._strides[name]
            position = positions.get(value)
            if position is None:
                self._masks[key] = 0
            else:
                # the value holds for `stride` combinations in a row, once every `period`
                period = stride * len(positions)
                one_period = "0" * (period - (position + 1) * stride) + "1" * stride + "0" * (position * stride)
                self._masks[key] = int(one_period * (self.size // period), 2)
        return self._masks[key]

    def values(self, index: int) -> dict[str, str]:
        """The combination numbered ``index``."""
        found: dict[str, str] = {}
        for name, domain in reversed(self.fields.items()):
            index, position = divmod(index, len(domain))
            found[name] = domain[position]
        return dict(reversed(found.items()))

    def truth(self, cond: ast.Condition) -> tuple[int, int]:
        """Where ``cond`` is true and where it is false (neither: it depends on something else)."""
        if isinstance(cond, ast.And):
            true, false = self.every, 0
            for operand in cond.operands:
                t, f = self.truth(operand)
                true, false = true & t, false | f
            return true, false
        if isinstance(cond, ast.Or):
            true, false = 0, self.every
            for operand in cond.operands:
                t, f = self.truth(operand)
                true, false = true | t, false & f
            return true, false
        if isinstance(cond, ast.Not):
            true, false = self.truth(cond.operand)
            return false, true
        if cond.field not in self.fields:
            return 0, 0
        if isinstance(cond, ast.Comparison) and isinstance(cond.value, ast.NameValue) and cond.op in ("=", "!="):
            equal = self.where(cond.field, cond.value.name)
            return (equal, self.every ^ equal) if cond.op == "=" else (self.every ^ equal, equal)
        if isinstance(cond, ast.Membership):
            member = 0
            for value in cond.values:
                if isinstance(value, ast.NameValue):
                    member |= self.where(cond.field, value.name)
            return member, self.every ^ member
        return 0, 0
