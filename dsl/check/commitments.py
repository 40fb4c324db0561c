"""The commitments pass: each compliance commitment says what it measures, over which
period, with percentages that can be reached, and no two count the same tickets of one
target over one period (a ticket counted twice could cost two credits).

Names (the target, the fields and values of ``when``) are the references pass's.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from decimal import Decimal

from plazo.dsl import ast
from plazo.dsl.check.clauses import MAX_COMBINATIONS
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import atoms, items_of
from plazo.dsl.diagnostics import Diagnostic, error, warning
from plazo.dsl.names import suggest

PERIODS = ("month", "week", "quarter")
_ONE_OF_A_KIND: tuple[tuple[type, str], ...] = (
    (ast.CommitTarget, "target"), (ast.CommitWhen, "when"), (ast.CommitPeriod, "period"), (ast.Credit, "credit"),
)
_MEASURES = (ast.AtMostBreached, ast.AtLeastMet, ast.PercentileAtMost)
_MEASURE_HINT = "write one of: at most 5% breached, at least 95% met, p90 at most 4 business hours"


def check_commitments(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    commitments = list(items_of(policy, ast.CommitmentDecl))
    found = [d for c in commitments for d in _one(c)]
    found.extend(_overlaps(commitments, scope))
    return found


def _one(item: ast.CommitmentDecl) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for kind, word in _ONE_OF_A_KIND:
        said = [s for s in item.statements if isinstance(s, kind)]
        found.extend(error("duplicate", f"commitment {item.name} says its {word} twice", s.span,
                           f"keep the first (line {said[0].span.line})") for s in said[1:])
    measures = [s for s in item.statements if isinstance(s, _MEASURES)]
    found.extend(error("duplicate", f"commitment {item.name} has one measure", s.span,
                       f"keep the first (line {measures[0].span.line}) and write another commitment for this one")
                 for s in measures[1:])
    missing: list[tuple[str, str]] = []
    if not any(isinstance(s, ast.CommitTarget) for s in item.statements):
        missing.append(("target", "write: target <name>"))
    if not any(isinstance(s, ast.CommitPeriod) for s in item.statements):
        missing.append(("period", "write: per month (or per week, per quarter)"))
    if not measures:
        missing.append(("measure", _MEASURE_HINT))
    found.extend(error("commitment-incomplete", f"commitment {item.name} says no {word}", item.span, hint)
                 for word, hint in missing)
    for s in item.statements:
        found.extend(_statement(s))
    return found


def _statement(s: ast.CommitmentStatement) -> Iterator[Diagnostic]:
    if isinstance(s, ast.CommitPeriod) and s.period not in PERIODS:
        yield error("unknown-period", f"unknown period '{s.period}'", s.span,
                    suggest(s.period, PERIODS, "one of: " + ", ".join(PERIODS)))
    elif isinstance(s, (ast.AtMostBreached, ast.AtLeastMet)) and s.percent > 100:
        yield error("range", f"{_percent(s.percent)} of the tickets is more than all of them", s.span,
                    "a share is between 0% and 100%")
    elif isinstance(s, ast.AtMostBreached) and s.percent == 100:
        yield warning("never-missed", "'at most 100% breached' holds whatever happens", s.span,
                      "a commitment that cannot be missed owes nothing: lower the share")
    elif isinstance(s, ast.AtLeastMet) and s.percent == 0:
        yield warning("never-missed", "'at least 0% met' holds whatever happens", s.span,
                      "a commitment that cannot be missed owes nothing: raise the share")
    elif isinstance(s, ast.PercentileAtMost):
        yield from _percentile(s)
    elif isinstance(s, ast.Credit) and not 0 < s.percent <= 100:
        yield error("range", f"a credit of {_percent(s.percent)} of the fee", s.span,
                    "a credit is a share of the fee above 0% and at most 100%, e.g. credit 10%")


def _percentile(s: ast.PercentileAtMost) -> Iterator[Diagnostic]:
    if not 1 <= s.percentile <= 99:
        yield error("range", f"p{s.percentile} is not a percentile plazo reports", s.span,
                    "write a percentile from p1 to p99, e.g. p90")
    d = s.duration
    if d.amount <= 0:
        yield error("range", "a percentile at most no time cannot be met", d.span, "write some time, e.g. 4 hours")
    if d.calendar_days or (d.business and d.unit == "days"):
        kind = "calendar" if d.calendar_days else "business"
        yield error("commitment-unit", f"counted time is not measured in {kind} days", d.span,
                    "write hours or minutes: the time the target counts, on its own calendar")


def _percent(value: Decimal) -> str:
    return format(value.normalize(), "f") + "%"


# ------------------------------------------------------------------ overlaps


def _key(item: ast.CommitmentDecl) -> tuple[str, str] | None:
    target = next((s.target for s in item.statements if isinstance(s, ast.CommitTarget)), None)
    period = next((s.period for s in item.statements if isinstance(s, ast.CommitPeriod)), None)
    return None if target is None or period is None else (target, period)


def _condition(item: ast.CommitmentDecl) -> ast.Condition | None:
    return next((s.condition for s in item.statements if isinstance(s, ast.CommitWhen)), None)


def _overlaps(commitments: list[ast.CommitmentDecl], scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for first, second in itertools.combinations(commitments, 2):
        key = _key(first)
        if key is None or key != _key(second) or first.name == second.name:
            continue
        shared = _together(_condition(first), _condition(second), scope)
        if shared is not None:
            where = f" (e.g. {shared})" if shared else ""
            found.append(warning(
                "commitment-overlap",
                f"commitments {first.name} and {second.name} both count target {key[0]} per {key[1]}{where}",
                second.span, f"a ticket counted by both can cost two credits: narrow the 'when' of one "
                             f"(commitment {first.name} is on line {first.span.line})"))
    return found


def _together(a: ast.Condition | None, b: ast.Condition | None, scope: Scope) -> str | None:
    """None when no ticket can meet both conditions; else a combination of values that may
    ("" when every ticket may). Enumerated values are tried one combination at a time;
    what they do not decide (numbers, text) is taken as possibly true."""
    conditions = [c for c in (a, b) if c is not None]
    fields: dict[str, tuple[str, ...]] = {}
    for cond in conditions:
        for atom in atoms(cond):
            domain = scope.enum_values(atom.field)
            if domain and atom.field not in fields:
                fields[atom.field] = domain
    total = 1
    for domain in fields.values():
        total *= len(domain)
    if not conditions or not fields or total > MAX_COMBINATIONS:
        return ""  # nothing tells them apart (or too many to try): they may overlap
    for values in itertools.product(*fields.values()):
        env = dict(zip(fields, values, strict=True))
        if all(_may_hold(c, env) is not False for c in conditions):
            return ", ".join(f"{k} = {v}" for k, v in env.items() if any(
                atom.field == k for c in conditions for atom in atoms(c)))
    return None


def _may_hold(cond: ast.Condition, env: Mapping[str, str]) -> bool | None:
    """Whether ``cond`` holds with the enumerated values ``env`` (None: they do not decide)."""
    if isinstance(cond, ast.Not):
        inner = _may_hold(cond.operand, env)
        return None if inner is None else not inner
    if isinstance(cond, (ast.And, ast.Or)):
        parts = [_may_hold(c, env) for c in cond.operands]
        if isinstance(cond, ast.And):
            return False if False in parts else None if None in parts else True
        return True if True in parts else None if None in parts else False
    if cond.field not in env:
        return None
    actual = env[cond.field]
    if isinstance(cond, ast.Comparison) and isinstance(cond.value, ast.NameValue) and cond.op in ("=", "!="):
        return (actual == cond.value.name) == (cond.op == "=")
    if isinstance(cond, ast.Membership):
        return actual in {v.name for v in cond.values if isinstance(v, ast.NameValue)}
    return None
