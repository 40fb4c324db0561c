"""Targets: when a clock starts, stops, pauses and restarts, and the clauses that
choose its deadline."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from attrs import field, frozen

from plazo.dsl import ast
from plazo.dsl.format.formatter import condition as condition_text
from plazo.dsl.format.formatter import deadline as deadline_text
from plazo.interpreter.compile.choose import first_match, memoized
from plazo.interpreter.compile.conditions import Predicate, compile_condition, literal
from plazo.interpreter.compile.deadlines import Deadline, compile_deadline
from plazo.interpreter.time.calendar import BusinessCalendar

Matcher = tuple[str, "str | None"]  # (event type, status name for `status x`)
ROLES: tuple[ast.EventRole, ...] = ("start", "stop", "reset", "cancel", "restart", "after_each")
_NO_ROLES: frozenset[str] = frozenset()


@frozen
class CompiledClause:
    text: str  # "when severity = alto: 10 minutes" as the formatter writes it
    predicate: Predicate | None  # None: otherwise
    deadline: Deadline
    equals: tuple[tuple[str, Any], ...] = ()  # the condition's top-level `field = value` parts
    condition: ast.Condition | None = None


@frozen
class CompiledTarget:
    name: str
    label: str | None
    start: tuple[Matcher, ...]
    stop: tuple[Matcher, ...]
    reset: tuple[Matcher, ...]
    cancel: tuple[Matcher, ...]
    restart: tuple[Matcher, ...]
    after_each: tuple[Matcher, ...]
    pause: Predicate | None
    warn: float | None
    clauses: tuple[CompiledClause, ...]
    # event kind -> the (role, status argument) pairs it plays: start, stop, reset, ...
    roles: dict[str, tuple[tuple[str, str | None], ...]] = field(init=False)
    # the events any matcher names: with no pause, any other event leaves the target as it was
    kinds: frozenset[str] = field(init=False)
    choose: Callable[[Mapping[str, Any]], CompiledClause | None] = field(init=False)
    # (event kind, status) -> the roles that event plays, precomputed for every status a
    # matcher names and for None (any other status); read on every step of a replay
    role_sets: dict[tuple[str, str | None], frozenset[str]] = field(init=False)

    @roles.default
    def _roles(self) -> dict[str, tuple[tuple[str, str | None], ...]]:
        out: dict[str, list[tuple[str, str | None]]] = {}
        for role in ROLES:
            for kind, argument in getattr(self, role):
                out.setdefault(kind, []).append((role, argument))
        return {kind: tuple(pairs) for kind, pairs in out.items()}

    @kinds.default
    def _kinds(self) -> frozenset[str]:
        return frozenset(self.roles)

    @choose.default
    def _chooser(self) -> Callable[[Mapping[str, Any]], CompiledClause | None]:
        return memoized(first_match(self.clauses), [c.condition for c in self.clauses if c.condition is not None])

    @role_sets.default
    def _role_sets(self) -> dict[tuple[str, str | None], frozenset[str]]:
        out = {}
        for kind, pairs in self.roles.items():
            for status in {None, *(argument for _, argument in pairs)}:
                out[(kind, status)] = frozenset(
                    role for role, argument in pairs if argument is None or argument == status)
        return out

    def roles_of(self, kind: str, status: str | None) -> frozenset[str]:
        sets = self.role_sets
        return sets.get((kind, status)) or sets.get((kind, None), _NO_ROLES)

    @property
    def repeating(self) -> bool:
        return bool(self.restart or self.after_each)


def matchers(refs: tuple[ast.EventRef, ...]) -> tuple[Matcher, ...]:
    return tuple((r.name, r.argument) for r in refs)


def equalities(cond: ast.Condition | None, kinds: Mapping[str, str]) -> tuple[tuple[str, Any], ...]:
    parts = () if cond is None else cond.operands if isinstance(cond, ast.And) else (cond,)
    return tuple((p.field, literal(p.value, kinds.get(p.field, ""))) for p in parts
                 if isinstance(p, ast.Comparison) and p.op == "=")


def compile_clause(c: ast.Clause, kinds: Mapping[str, str],
                   calendars: Mapping[str, BusinessCalendar]) -> CompiledClause:
    head = "otherwise" if c.condition is None else f"when {condition_text(c.condition)}"
    return CompiledClause(
        f"{head}: {deadline_text(c.deadline)}",
        compile_condition(c.condition, kinds) if c.condition is not None else None,
        compile_deadline(c.deadline, calendars),
        equalities(c.condition, kinds),
        c.condition,
    )


def _any_of(predicates: list[Predicate]) -> Predicate | None:
    if not predicates:
        return None
    if len(predicates) == 1:
        return predicates[0]
    held = tuple(predicates)
    return lambda env: any(p(env) for p in held)


def compile_target(t: ast.TargetDecl, kinds: Mapping[str, str],
                   calendars: Mapping[str, BusinessCalendar]) -> CompiledTarget:
    roles: dict[str, list[ast.EventRef]] = {r: [] for r in ROLES}
    pauses: list[Predicate] = []
    warn = None
    clauses = []
    for s in t.statements:
        if isinstance(s, ast.OnEvents):
            roles[s.role].extend(s.events)
        elif isinstance(s, ast.PauseWhile):
            pauses.append(compile_condition(s.condition, kinds))
        elif isinstance(s, ast.WarnAt):
            warn = float(s.percent) / 100
        else:
            clauses.append(compile_clause(s, kinds, calendars))
    start, stop, reset, cancel, restart, after_each = (matchers(tuple(roles[r])) for r in ROLES)
    return CompiledTarget(t.name, t.label, start, stop, reset, cancel, restart, after_each,
                          _any_of(pauses), warn, tuple(clauses))
