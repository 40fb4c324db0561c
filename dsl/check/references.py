"""The references pass: every name a policy uses is declared, and every value fits its field.

Names: calendars, contacts, targets, events, statuses and fields, each with "did
you mean" when a declared name is near. Values: a condition or a derive rule
compares a field only with what the field can hold.
"""

from __future__ import annotations

from plazo.dsl import ast
from plazo.dsl.check.event_words import builtin_named, builtin_near
from plazo.dsl.check.scope import DECLARE_STATUS, STATUS_FIELD, Scope
from plazo.dsl.check.uses import Atom, atoms, calendar_uses, conditions_of, contact_uses, event_uses, target_uses
from plazo.dsl.diagnostics import Diagnostic, error
from plazo.dsl.names import BOOLEAN_WORDS, BUILTIN_EVENTS, boolean_word, closest, suggest


def check_names(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for name, span in calendar_uses(policy):
        if name not in scope.calendars:
            found.append(error("unknown-calendar", f"unknown calendar '{name}'", span,
                               suggest(name, scope.calendars, "declare it with: calendar <name> { ... }")))
    for name, span in contact_uses(policy):
        if name not in scope.contacts:
            found.append(error("unknown-contact", f"unknown contact '{name}'", span,
                               suggest(name, scope.contacts, "declare it with: contact <name> \"<label>\"")))
    for name, span in target_uses(policy):
        if name not in scope.targets:
            found.append(error("unknown-target", f"unknown target '{name}'", span, suggest(name, scope.targets)))
    found.extend(_events(policy, scope))
    for item in policy.items:
        for cond in conditions_of(item):
            for atom in atoms(cond):
                found.extend(_atom(atom, scope))
        if isinstance(item, ast.TargetDecl):
            found.extend(_agreed(item, scope))
        elif isinstance(item, ast.DeriveDecl):
            found.extend(_derive(item, scope))
    return found


def _events(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    # in declaration order, not a set's: the first of equally near names is the one suggested
    events = dict.fromkeys([*BUILTIN_EVENTS, *scope.events])
    for ref in event_uses(policy):
        if ref.name == "status":
            if ref.argument is None:
                found.append(error("unknown-status", "'status' needs the name of a status", ref.span,
                                   "write e.g. 'status backlog'"))
            elif ref.argument not in scope.statuses:
                found.append(error("unknown-status", f"unknown status '{ref.argument}'", ref.span,
                                   suggest(ref.argument, scope.statuses, DECLARE_STATUS)))
        elif ref.argument is not None:
            found.append(error("syntax", f"event '{ref.name}' takes no argument", ref.span,
                               f"remove '{ref.argument}'"))
        elif ref.name not in events:
            found.append(error("unknown-event", f"unknown event '{ref.name}'", ref.span, _event_hint(ref.name, events)))
    return found


def _event_hint(name: str, events: dict[str, None]) -> str:
    """A built-in named in Spanish first, then a typo of a known event, then a declaration."""
    builtin = builtin_named(name)
    if builtin is not None:
        return _builtin_hint(builtin, name)
    near = closest(name, events)
    if near is not None:
        return f"did you mean '{near}'?"
    builtin = builtin_near(name)
    if builtin is not None:
        return _builtin_hint(builtin, name)
    return 'declare it with: event <name> "<label>"'


def _builtin_hint(builtin: str, name: str) -> str:
    # "did you mean 'x'?" first: the editor offers it as a quick fix
    return f'did you mean \'{builtin}\'? (the built-in event; for an event of your own: event {name} "<label>")'


def _written(value: ast.Value) -> str:
    if isinstance(value, ast.NameValue):
        return value.name
    return str(value.value)


def _kind(field: str, scope: Scope) -> str:
    """enum (``status`` too), number, boolean, text or datetime."""
    if field == STATUS_FIELD:
        return "enum"
    declared = scope.fields[field].type
    return "enum" if isinstance(declared, ast.EnumType) else declared.kind


def _atom(atom: Atom, scope: Scope) -> list[Diagnostic]:
    if atom.field != STATUS_FIELD and atom.field not in scope.fields:
        return [error("unknown-field", f"unknown field '{atom.field}'", atom.span,
                      suggest(atom.field, [*scope.fields, STATUS_FIELD], "declare it with: field <name> ..."))]
    if isinstance(atom, ast.Truthy):
        # a boolean field alone is a test of truth; any other field alone asks whether it has a value
        return []
    kind = _kind(atom.field, scope)
    values = (atom.value,) if isinstance(atom, ast.Comparison) else atom.values
    found: list[Diagnostic] = []
    if kind == "enum":
        domain = scope.enum_values(atom.field) or ()
        if isinstance(atom, ast.Comparison) and atom.op not in ("=", "!="):
            found.append(error("type", f"{atom.field} has named values: compare with = or !=", atom.span))
        for value in values:
            if not isinstance(value, ast.NameValue) or value.name not in domain:
                shown = _written(value)
                what = f"status '{shown}'" if atom.field == STATUS_FIELD else f"value '{shown}' for field {atom.field}"
                found.append(error("unknown-value", f"unknown {what}", value.span, scope.value_hint(atom.field, shown)))
    elif kind == "number":
        found.extend(error("type", f"{atom.field} is a number; compare it with a number", value.span)
                     for value in values if not isinstance(value, ast.NumberValue))
    elif kind == "boolean":
        words = " or ".join(BOOLEAN_WORDS)
        found.extend(error("type", f"{atom.field} is a boolean: compare with {words}", value.span)
                     for value in values if not _is_boolean(value))
    return found


def _is_boolean(value: ast.Value) -> bool:
    return isinstance(value, ast.NameValue) and boolean_word(value.name) is not None


def _agreed(item: ast.TargetDecl, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for s in item.statements:
        if isinstance(s, ast.Clause) and isinstance(s.deadline, ast.Agreed):
            decl = scope.fields.get(s.deadline.field)
            if decl is None:
                found.append(error("unknown-field", f"unknown field '{s.deadline.field}'", s.deadline.span,
                                   suggest(s.deadline.field, scope.fields)))
            elif not (isinstance(decl.type, ast.ScalarType) and decl.type.kind == "datetime"):
                found.append(error("type", f"'agreed {decl.name}' needs a datetime field", s.deadline.span,
                                   f"declare it as: field {decl.name} datetime"))
    return found


def _derive(item: ast.DeriveDecl, scope: Scope) -> list[Diagnostic]:
    if item.name not in scope.fields:
        return [error("unknown-field", f"unknown field '{item.name}'", item.span,
                      suggest(item.name, scope.fields, f"declare the field it derives: field {item.name} {{ ... }}"))]
    domain = scope.enum_values(item.name)
    if domain is None:
        return []
    return [
        error("unknown-value", f"unknown value '{_written(case.value)}' for field {item.name}", case.value.span,
              scope.value_hint(item.name, _written(case.value)))
        for case in item.cases
        if not isinstance(case.value, ast.NameValue) or case.value.name not in domain
    ]
