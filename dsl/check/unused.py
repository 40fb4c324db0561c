"""The unused pass: a warning for each calendar, contact, event or field that nothing uses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import calendar_uses, contact_uses, event_uses, field_uses
from plazo.dsl.diagnostics import Diagnostic, Span, warning


class _Declared(Protocol):
    @property
    def span(self) -> Span: ...


def check_unused(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    kinds: list[tuple[str, Mapping[str, _Declared], Iterable[str], str]] = [
        ("calendar", scope.calendars, (name for name, _ in calendar_uses(policy)),
         "use it in a target, channel or escalation, or remove it"),
        ("contact", scope.contacts, (name for name, _ in contact_uses(policy)),
         "name it in a channel, escalation level or route, or remove it"),
        ("event", scope.events, (ref.name for ref in event_uses(policy)),
         "use it in a 'start on', 'stop on' or ladder start, or remove it"),
        ("field", scope.fields, (name for name, _ in field_uses(policy)),
         "fields nothing reads are still shown in documents; ignore this if it is on purpose"),
    ]
    found: list[Diagnostic] = []
    for kind, declared, uses, hint in kinds:
        used = set(uses)
        found.extend(warning("unused", f"{kind} '{name}' is never used", decl.span, hint)
                     for name, decl in declared.items() if name not in used)
    return found
