"""A policy's fields (their kinds and values) and its derived fields (matrices and
`derive` rules), compiled to functions of the ticket's current values."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from attrs import frozen

from plazo.dsl import ast
from plazo.interpreter.compile.conditions import Predicate, compile_condition

FieldKind = Literal["enum", "number", "boolean", "text", "datetime"]


@frozen
class FieldSpec:
    name: str
    label: str | None
    kind: FieldKind
    values: tuple[str, ...] = ()  # an enumeration's values, in declared order


def field_specs(policy: ast.Policy) -> dict[str, FieldSpec]:
    out = {}
    for item in policy.items:
        if isinstance(item, ast.FieldDecl):
            if isinstance(item.type, ast.EnumType):
                out[item.name] = FieldSpec(item.name, item.label, "enum", tuple(v.name for v in item.type.values))
            else:
                out[item.name] = FieldSpec(item.name, item.label, item.type.kind)
    return out


def value_of(value: ast.Value) -> Any:
    if isinstance(value, ast.NameValue):
        return value.name
    if isinstance(value, ast.NumberValue):
        return float(value.value)
    return value.value


Derivation = Callable[[Mapping[str, Any]], Any]


def _matrix(item: ast.MatrixDecl) -> Derivation:
    columns = [c.value for c in item.columns]
    table: dict[tuple[object, object], str] = {
        (r.key.value, col): cell.value for r in item.rows for col, cell in zip(columns, r.cells, strict=True)}
    rows, cols = item.row_field, item.column_field
    return lambda env: table.get((env.get(rows), env.get(cols)))


def _rule(item: ast.DeriveDecl, kinds: Mapping[str, str]) -> Derivation:
    cases: tuple[tuple[Predicate | None, Any], ...] = tuple(
        (compile_condition(c.condition, kinds) if c.condition else None, value_of(c.value)) for c in item.cases)

    def rule(env: Mapping[str, Any]) -> Any:
        for predicate, value in cases:
            if predicate is None or predicate(env):
                return value
        return None
    return rule


def derivations(policy: ast.Policy, kinds: Mapping[str, str]) -> tuple[tuple[str, Derivation], ...]:
    """(field, function of the current values) in the order the policy declares them."""
    out: list[tuple[str, Derivation]] = []
    for item in policy.items:
        if isinstance(item, ast.MatrixDecl):
            out.append((item.name, _matrix(item)))
        elif isinstance(item, ast.DeriveDecl):
            out.append((item.name, _rule(item, kinds)))
    return tuple(out)
