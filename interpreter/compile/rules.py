"""Routing, scope and the require/forbid rules, decided together for a ticket's values.

What a rule says when it fires (the team a ticket goes to, why it is out of scope,
the violation) is fixed by the policy, so those answers are built here once and
handed out as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from attrs import field, frozen

from plazo.dsl import ast
from plazo.interpreter.compile.choose import memoized
from plazo.interpreter.compile.conditions import Predicate, compile_condition


@frozen
class Route:
    name: str
    team: str
    contact: str | None
    reason: str | None
    external: bool = False  # the ticket leaves the support team: its targets stop applying


@frozen
class Rejection:
    name: str
    reason: str


@frozen
class Violation:
    rule: str
    message: str


@frozen
class Decision:
    """The rules' answer for a ticket's values."""

    route: Route | None
    rejected: Rejection | None
    violations: tuple[Violation, ...]


@frozen
class CompiledRules:
    routes: tuple[tuple[Route, Predicate], ...]
    rejects: tuple[tuple[Rejection, Predicate], ...]
    # (violation, what must hold, when it must hold: None for always)
    requires: tuple[tuple[Violation, Predicate, Predicate | None], ...]
    forbids: tuple[tuple[Violation, Predicate], ...]
    conditions: tuple[ast.Condition, ...]  # every condition the rules read
    decide: Callable[[Mapping[str, Any]], Decision] = field(init=False)
    hands_off: bool = field(init=False)  # some route is external: replay watches for the hand-off

    @hands_off.default
    def _hands_off(self) -> bool:
        return any(r.external for r, _ in self.routes)

    @decide.default
    def _decide(self) -> Callable[[Mapping[str, Any]], Decision]:
        return memoized(self._decide_afresh, self.conditions)

    def _decide_afresh(self, env: Mapping[str, Any]) -> Decision:
        route = next((r for r, holds in self.routes if holds(env)), None)
        rejected = next((r for r, holds in self.rejects if holds(env)), None)
        violations = tuple(
            [v for v, holds, when in self.requires if (when is None or when(env)) and not holds(env)]
            + [v for v, holds in self.forbids if holds(env)])
        return Decision(route, rejected, violations)


def compile_rules(policy: ast.Policy, kinds: Mapping[str, str]) -> CompiledRules:
    items = policy.items
    conditions: list[ast.Condition] = []

    def predicate(c: ast.Condition) -> Predicate:
        conditions.append(c)
        return compile_condition(c, kinds)

    routes = tuple((Route(i.name, i.to, i.via, i.reason, i.external), predicate(i.condition))
                   for i in items if isinstance(i, ast.RouteDecl))
    rejects = tuple((Rejection(i.name, i.reason), predicate(i.condition))
                    for i in items if isinstance(i, ast.RejectDecl))
    requires = tuple((Violation(i.name, i.message), predicate(i.condition), predicate(i.when) if i.when else None)
                     for i in items if isinstance(i, ast.RequireDecl))
    forbids = tuple((Violation(i.name, i.message), predicate(i.condition))
                    for i in items if isinstance(i, ast.ForbidDecl))
    return CompiledRules(routes, rejects, requires, forbids, tuple(conditions))
