"""Implied clauses: a clause that every ticket it matches would find an earlier clause
matching first can never be chosen (target clauses, derive cases and routes: the first
that holds wins).

Exact, not syntactic: each field a list of clauses reads gets a finite set of values
that stand for every value it can take (its named values, true and false, for numbers
each constant compared with, one number between each two and one beyond each end; for
texts each text compared with and one other), plus "no value". Clause B is reported
when no combination of those values makes B true without making an earlier clause
true. Fields are taken as independent of each other (a derived field's link to the
fields it comes from is not followed), so a report is always right; a clause that is
dead only through such a link is not reported. A comparison the values cannot decide
(an order between texts, a datetime, an unknown field) is taken as possibly true.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from attrs import frozen

from plazo.dsl import ast
from plazo.dsl.check.combinations import Combinations
from plazo.dsl.check.scope import STATUS_FIELD, Scope
from plazo.dsl.check.uses import Atom, atoms
from plazo.dsl.diagnostics import Diagnostic, Span, error

# Beyond this many combinations of values, implication is not worked out (as coverage).
MAX_COMBINATIONS = 20_000

Point = str | float | bool | None
_ORDER: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}
# A text no policy compares with: it stands for every text not written in a condition.
_OTHER_TEXT = "\x00any other text"


@frozen
class Ordered:
    """One of a list of alternatives tried in order: its condition and where it is."""

    condition: ast.Condition
    span: Span


def implied_clauses(ordered: Sequence[Ordered], scope: Scope, what: str) -> list[Diagnostic]:
    """A diagnostic for each alternative that can never be the first to hold.

    ``ordered``: the alternatives with a condition, in order, up to an ``otherwise``;
    ``what``: how the message names one ("this clause of target first_response").
    A condition repeated word for word is left to the caller (it says so more plainly)."""
    domains = _domains([o.condition for o in ordered], scope)
    if not domains:
        return []
    size = 1
    for domain in domains.values():
        size *= len(domain.points)
        if size > MAX_COMBINATIONS:
            return []
    combinations = _PointCombinations(domains)
    found: list[Diagnostic] = []
    earlier: list[tuple[Ordered, int]] = []
    seen: set[ast.Condition] = set()
    covered = 0
    for alternative in ordered:
        true, false = combinations.truth(alternative.condition)
        possible = combinations.every ^ false
        repeat = alternative.condition in seen
        seen.add(alternative.condition)
        if not repeat and possible == 0:
            found.append(error("unreachable", f"{what} never holds", alternative.span,
                               "no value of its fields makes this condition true"))
        elif not repeat and possible & ~covered == 0:
            found.append(error("unreachable", f"{what} is never used", alternative.span,
                               _hint(_covering(possible, earlier))))
        earlier.append((alternative, true))
        covered |= true
    return found


def _covering(possible: int, earlier: list[tuple[Ordered, int]]) -> list[Ordered]:
    """The earlier alternatives that match every ticket ``possible`` stands for: one if one
    does, else the first of them in order that each add tickets."""
    single = next((o for o, true in earlier if possible & ~true == 0), None)
    if single is not None:
        return [single]
    chosen: list[Ordered] = []
    left = possible
    for o, true in earlier:
        if left & true:
            chosen.append(o)
            left &= ~true
    return chosen


def _hint(covering: list[Ordered]) -> str:
    lines = [str(o.span.line) for o in covering]
    if len(lines) == 1:
        return f"every ticket it matches is matched first by line {lines[0]}; put the narrower condition first"
    listed = ", ".join(lines[:-1]) + " and " + lines[-1]
    return f"every ticket it matches is matched first by lines {listed}; the first that holds wins"


# ---------------------------------------------------------------------------- values standing for all


@frozen
class _Domain:
    kind: str  # enum | number | boolean | text
    points: tuple[Point, ...]


def _kind(field: str, scope: Scope) -> str | None:
    if field == STATUS_FIELD:
        return "enum"
    decl = scope.fields.get(field)
    if decl is None:
        return None
    if isinstance(decl.type, ast.EnumType):
        return "enum"
    return decl.type.kind if decl.type.kind in ("number", "boolean", "text") else None


def _literals(atom: Atom, kind: str) -> list[Point]:
    if isinstance(atom, ast.Comparison):
        return [ast.literal(atom.value, kind)]
    if isinstance(atom, ast.Membership):
        return [ast.literal(v, kind) for v in atom.values]
    return []


def _domains(conditions: list[ast.Condition], scope: Scope) -> dict[str, _Domain]:
    written: dict[str, list[Point]] = {}
    kinds: dict[str, str] = {}
    for condition in conditions:
        for atom in atoms(condition):
            kind = _kind(atom.field, scope)
            if kind is not None and not _fits(atom, kind, scope):
                return {}  # a value the field cannot hold: the references pass says so, and this is moot
            if kind is not None:
                kinds[atom.field] = kind
                written.setdefault(atom.field, []).extend(_literals(atom, kind))
    return {name: _Domain(kind, _points(name, kind, written[name], scope)) for name, kind in kinds.items()}


def _fits(atom: Atom, kind: str, scope: Scope) -> bool:
    """Whether every value ``atom`` compares with is one the field can hold."""
    written = _literals(atom, kind)
    if kind == "enum":  # an enum of no values is reported as such
        domain = scope.enum_values(atom.field) or ()
        return bool(domain) and all(p in domain for p in written)
    if kind == "number":
        return all(isinstance(p, float) for p in written)
    if kind == "boolean":
        return all(isinstance(p, bool) for p in written)
    return True


def _points(name: str, kind: str, written: list[Point], scope: Scope) -> tuple[Point, ...]:
    if kind == "enum":
        return (*(scope.enum_values(name) or ()), None)
    if kind == "boolean":
        return (True, False, None)
    if kind == "number":
        constants = sorted({0.0, *(p for p in written if isinstance(p, float))})
        between = [(a + b) / 2 for a, b in pairwise(constants)]
        return (constants[0] - 1, *sorted([*constants, *between]), constants[-1] + 1, None)
    texts = sorted({p for p in written if isinstance(p, str)} | {""})
    return (*texts, _OTHER_TEXT, None)


def holds(atom: Atom, kind: str, point: Point) -> bool | None:
    """Whether ``atom`` is true of a field of ``kind`` whose value is ``point`` (None: no
    value), as evaluation decides it; None when ``point`` cannot stand for its neighbours."""
    if isinstance(atom, ast.Truthy):
        return bool(point)
    if isinstance(atom, ast.Membership):
        return point in _literals(atom, kind)
    expected = ast.literal(atom.value, kind)
    if atom.op == "=":
        return point == expected
    if atom.op == "!=":
        return point != expected
    if kind != "number":
        return None  # texts between the ones written are not among the points
    if not isinstance(point, float) or not isinstance(expected, float):
        return False  # no value, or a value of another kind: no order holds
    return _ORDER[atom.op](point, expected)


class _PointCombinations(Combinations):
    """Combinations of the points of each field (named by their position in the domain)."""

    def __init__(self, domains: dict[str, _Domain]) -> None:
        super().__init__({name: tuple(str(i) for i in range(len(d.points))) for name, d in domains.items()})
        self.domains = domains

    def atom_truth(self, cond: Atom) -> tuple[int, int]:
        domain = self.domains.get(cond.field)
        if domain is None:
            return 0, 0
        true = false = 0
        for i, point in enumerate(domain.points):
            result = holds(cond, domain.kind, point)
            if result is None:
                return 0, 0
            if result:
                true |= self.where(cond.field, str(i))
            else:
                false |= self.where(cond.field, str(i))
        return true, false
