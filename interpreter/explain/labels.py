"""A ticket's values with the policy's labels: ``Prioridad: Incidente Alto (alto)``,
``Contrato vigente: sí``, as a reader of the agreement knows them.

The raw value stays beside its label, so a program keeps reading what the ticket
holds (``"value": true``) and a person reads the agreement's words (``"value_label": "sí"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import frozen

from plazo.dsl import ast

# A boolean in the policy's language (a renderer in another language words it its own way).
BOOLEAN_LABELS = {"es": {True: "sí", False: "no"}, "en": {True: "yes", False: "no"}}


@frozen
class LabelledValue:
    field: str
    field_label: str | None  # None: the policy gives the field no label
    value: Any  # as the ticket's JSON holds it (a datetime as ISO 8601)
    value_label: str | None  # an enumeration's label for the value, or a boolean in words; None: the value itself


def labelled_values(policy: ast.Policy, values: Mapping[str, Any], language: str) -> tuple[LabelledValue, ...]:
    """``values`` (field -> value, in the ticket's order) with their labels."""
    fields = {i.name: i for i in policy.items if isinstance(i, ast.FieldDecl)}
    found: list[LabelledValue] = []
    for name, value in values.items():
        decl = fields.get(name)
        found.append(LabelledValue(name, decl.label if decl else None, value, _value_label(decl, value, language)))
    return tuple(found)


def _value_label(decl: ast.FieldDecl | None, value: Any, language: str) -> str | None:
    if isinstance(value, bool):
        return BOOLEAN_LABELS.get(language, BOOLEAN_LABELS["es"])[value]
    if decl is not None and isinstance(decl.type, ast.EnumType):
        return next((v.label for v in decl.type.values if v.name == value), None)
    return None
