"""Conditions of the AST -> predicates on a ticket's current values.

A predicate takes the environment (field name -> value, plus ``status``) and
returns a bool. Nothing is executed from the policy text: the AST is turned into
closures over plain comparisons. A missing value matches no comparison but
``!=`` (a ticket without ``account`` is not ``account = especial``).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from plazo.dsl import ast

Env = Mapping[str, Any]
Predicate = Callable[[Env], bool]

_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def condition_fields(cond: ast.Condition) -> frozenset[str]:
    """The names a condition reads (fields and ``status``)."""
    if isinstance(cond, (ast.Comparison, ast.Membership, ast.Truthy)):
        return frozenset((cond.field,))
    if isinstance(cond, ast.Not):
        return condition_fields(cond.operand)
    return frozenset().union(*(condition_fields(c) for c in cond.operands))


def compile_condition(cond: ast.Condition, kinds: Mapping[str, str]) -> Predicate:
    """``kinds``: field name -> enum | number | boolean | text | datetime (``status`` is an enum)."""
    if isinstance(cond, ast.Comparison):
        name, expected = cond.field, ast.literal(cond.value, kinds.get(cond.field, ""))
        if cond.op == "=":
            return lambda env: env.get(name) == expected
        if cond.op == "!=":
            return lambda env: env.get(name) != expected
        order = _ORDER[cond.op]

        def compare(env: Env) -> bool:
            actual = env.get(name)
            if actual is None or isinstance(actual, bool):
                return False
            try:
                return bool(order(actual, expected))
            except TypeError:
                return False
        return compare
    if isinstance(cond, ast.Membership):
        name = cond.field
        allowed = frozenset(ast.literal(v, kinds.get(cond.field, "")) for v in cond.values)
        return lambda env: env.get(name) in allowed
    if isinstance(cond, ast.Truthy):
        name = cond.field
        return lambda env: bool(env.get(name))
    if isinstance(cond, ast.Not):
        inner = compile_condition(cond.operand, kinds)
        return lambda env: not inner(env)
    parts = tuple(compile_condition(c, kinds) for c in cond.operands)
    # two- and three-part conjunctions are most clauses ("type = x and severity = y"); spelled
    # out, they skip a generator per call, which the evaluation's hot path feels
    if isinstance(cond, ast.And):
        if len(parts) == 2:
            p, q = parts
            return lambda env: p(env) and q(env)
        if len(parts) == 3:
            p, q, r = parts
            return lambda env: p(env) and q(env) and r(env)
        return lambda env: all(p(env) for p in parts)
    if len(parts) == 2:
        p, q = parts
        return lambda env: p(env) or q(env)
    return lambda env: any(p(env) for p in parts)
