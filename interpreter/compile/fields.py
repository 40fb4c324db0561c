"""A policy's fields (their kinds and values) and its derived fields (matrices and
`derive` rules), compiled to functions of the ticket's current values."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal

from attrs import frozen

from plazo.dsl import ast
from plazo.dsl.names import BOOLEAN_WORDS, suggest
from plazo.dsl.visible import visible
from plazo.interpreter.compile.conditions import Predicate, compile_condition, condition_fields
from plazo.interpreter.errors import JsonPath, TicketError
from plazo.interpreter.time.instants import parse_instant

FieldKind = Literal["enum", "number", "boolean", "text", "datetime"]
# A CSV cell of a boolean field: the language's words, and what spreadsheets and
# Spanish-speaking helpdesks export (1/0, sí/si/no, yes), in any case.
_BOOLEAN_CELLS = {**BOOLEAN_WORDS, "1": True, "0": False, "sí": True, "si": True, "no": False, "yes": True}


class FieldType:
    """How a field's values are read: from a ticket's JSON, and from a CSV cell."""

    __slots__ = ()
    kind: ClassVar[FieldKind]

    def from_json(self, field: str, raw: object, path: JsonPath) -> Any:
        """The value, checked and converted; raises :class:`TicketError` naming ``path``."""
        raise NotImplementedError

    def from_cell(self, field: str, text: str) -> object:
        """A CSV cell as the JSON value it stands for (checked later by ``from_json``);
        raises ValueError with the reason."""
        return text


@frozen
class EnumField(FieldType):
    values: tuple[str, ...]  # in declared order
    kind: ClassVar[FieldKind] = "enum"

    def from_json(self, field: str, raw: object, path: JsonPath) -> str:
        if not isinstance(raw, str) or raw not in self.values:
            shown = visible(_cut(raw)) if isinstance(raw, str) else _json_text(raw)
            raise TicketError(f"unknown value '{shown}' for field {field}", path,
                              suggest(shown, self.values) or f"one of {', '.join(self.values)}")
        return raw


@frozen
class NumberField(FieldType):
    kind: ClassVar[FieldKind] = "number"

    def from_json(self, field: str, raw: object, path: JsonPath) -> float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise TicketError(f"field {field} is a number, got {_json_text(raw)}", path)
        try:
            value = float(raw)
        except OverflowError:  # an integer past the largest float
            value = math.inf
        if not math.isfinite(value):
            raise TicketError(f"field {field} is a number out of range, got {_json_text(raw)}", path,
                              "a number field holds finite numbers up to about 1.8e308")
        return value

    def from_cell(self, field: str, text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"field {field} is a number, got '{visible(_cut(text))}'") from None
        if not math.isfinite(value):  # float() reads "nan", "inf" and 1e400: none is a number of a ticket
            raise ValueError(f"field {field} is a finite number, got '{visible(_cut(text))}'")
        return value


@frozen
class BooleanField(FieldType):
    kind: ClassVar[FieldKind] = "boolean"

    def from_json(self, field: str, raw: object, path: JsonPath) -> bool:
        if not isinstance(raw, bool):
            raise TicketError(f"field {field} is true or false, got {_json_text(raw)}", path)
        return raw

    def from_cell(self, field: str, text: str) -> bool:
        value = _BOOLEAN_CELLS.get(text.strip().lower())
        if value is None:
            raise ValueError(f"field {field} is true or false, got '{visible(_cut(text))}'")
        return value


@frozen
class TextField(FieldType):
    kind: ClassVar[FieldKind] = "text"

    def from_json(self, field: str, raw: object, path: JsonPath) -> str:
        if not isinstance(raw, str):
            raise TicketError(f"field {field} is a text, got {_json_text(raw)}", path)
        return raw


@frozen
class DatetimeField(FieldType):
    kind: ClassVar[FieldKind] = "datetime"

    def from_json(self, field: str, raw: object, path: JsonPath) -> Any:
        return parse_instant(raw, path)


SHOWN_VALUE = 80  # characters of a wrong value a message repeats


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + f"… ({len(text):,} characters)"


def _json_text(raw: object) -> str:
    """A wrong value as a message shows it: short, printable, never a conversion that
    fails (an integer of more than 4,300 digits has no ``repr``)."""
    if isinstance(raw, dict | list):
        return f"a JSON {'object' if isinstance(raw, dict) else 'list'}"
    try:
        return visible(_cut(repr(raw)))
    except ValueError:  # an integer past Python's limit on digits converted to text
        return f"an integer of about {int(raw.bit_length() * 0.30103):,} digits" if isinstance(raw, int) else \
            type(raw).__name__


_SCALARS: dict[str, FieldType] = {"number": NumberField(), "boolean": BooleanField(), "text": TextField(),
                                  "datetime": DatetimeField()}


@frozen
class FieldSpec:
    name: str
    label: str | None
    type: FieldType

    @property
    def kind(self) -> FieldKind:
        return self.type.kind

    @property
    def values(self) -> tuple[str, ...]:
        """An enumeration's values in declared order (none for other kinds)."""
        return self.type.values if isinstance(self.type, EnumField) else ()


def field_specs(policy: ast.Policy) -> dict[str, FieldSpec]:
    out = {}
    for item in policy.items:
        if isinstance(item, ast.FieldDecl):
            kind = EnumField(tuple(v.name for v in item.type.values)) if isinstance(item.type, ast.EnumType) \
                else _SCALARS[item.type.kind]
            out[item.name] = FieldSpec(item.name, item.label, kind)
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


def derivations_settle(policy: ast.Policy) -> bool:
    """Whether deriving again changes nothing when no given value changed: every derivation
    reads only given fields and fields derived before it (not itself, not a later one, not
    the status, which changes without a new derivation). Then a ``set`` event that sets a
    field to the value it has can keep the values as they are."""
    items = [i for i in policy.items if isinstance(i, ast.MatrixDecl | ast.DeriveDecl)]
    for n, item in enumerate(items):
        if isinstance(item, ast.MatrixDecl):
            reads = frozenset((item.row_field, item.column_field))
        else:
            reads = frozenset[str]().union(*(condition_fields(c.condition) for c in item.cases if c.condition))
        if "status" in reads or reads & {i.name for i in items[n:]}:
            return False
    return True


def derivations(policy: ast.Policy, kinds: Mapping[str, str]) -> tuple[tuple[str, Derivation], ...]:
    """(field, function of the current values) in the order the policy declares them."""
    out: list[tuple[str, Derivation]] = []
    for item in policy.items:
        if isinstance(item, ast.MatrixDecl):
            out.append((item.name, _matrix(item)))
        elif isinstance(item, ast.DeriveDecl):
            out.append((item.name, _rule(item, kinds)))
    return tuple(out)
