"""The per-ticket reference zone pass: ``timezone by country { cl: America/Santiago  pe: America/Lima }``.

The field is declared with named values (or is a boolean); every value it can take has a
zone, or the choice says ``otherwise``; each value is given once. Whether each zone exists
is the header pass's (the same did-you-mean as a plain ``timezone`` line).
"""

from __future__ import annotations

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.diagnostics import Diagnostic, Span, error
from plazo.dsl.names import BOOLEAN_WORDS, suggest


def check_zone_choice(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    choice = policy.timezone
    if not isinstance(choice, ast.TimezoneChoice):
        return []
    decl = scope.fields.get(choice.field)
    if decl is None:
        return [error("unknown-field", f"unknown field '{choice.field}'", choice.span,
                      suggest(choice.field, scope.fields, "declare it with: field <name> { <value> ... }"))]
    is_boolean = isinstance(decl.type, ast.ScalarType) and decl.type.kind == "boolean"
    domain = tuple(BOOLEAN_WORDS) if is_boolean else scope.enum_values(choice.field)
    if domain is None:
        return [error("type", f"the time zone is chosen by {choice.field}, which has no list of values",
                      choice.span, f"choose by a field with named values: field {choice.field} {{ a b c }}")]
    found: list[Diagnostic] = []
    given: dict[str, Span] = {}
    otherwise: Span | None = None
    for case in choice.cases:
        if not case.values:
            if otherwise is not None:
                found.append(error("duplicate", "the time zone choice says 'otherwise' twice", case.span,
                                   f"keep the first (line {otherwise.line})"))
            otherwise = otherwise or case.span
        for value in case.values:
            if value not in domain:
                found.append(error("unknown-value", f"unknown value '{value}' for field {choice.field}", case.span,
                                   scope.value_hint(choice.field, value)))
            elif value in given:
                found.append(error("duplicate", f"{choice.field} = {value} is given a time zone twice", case.span,
                                   f"the first is on line {given[value].line}"))
            else:
                given[value] = case.span
    missing = [v for v in domain if v not in given]
    if missing and otherwise is None:
        found.append(error("choice-incomplete", f"no time zone for {choice.field} = {', '.join(missing)}",
                           choice.span, f"add '{missing[0]}: <zone>' or 'otherwise: <zone>', e.g. "
                                        "otherwise: America/Bogota"))
    return found
