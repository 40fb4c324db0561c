"""What every pass reads: the names a policy declares, and the spans of values it could not read.

:class:`Scope` is built once per check; a pass is ``fn(policy, scope) -> list[Diagnostic]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

from attrs import field, frozen

from plazo.dsl import ast
from plazo.dsl.check.uses import items_of
from plazo.dsl.diagnostics import Diagnostic, Span
from plazo.dsl.names import suggest

STATUS_FIELD = "status"
DECLARE_STATUS = "declare it with: status <name>"


class _Named(Protocol):
    @property
    def name(self) -> str: ...


_N = TypeVar("_N", bound=_Named)


@frozen
class Scope:
    calendars: dict[str, ast.CalendarDecl | ast.CalendarExprDecl]
    fields: dict[str, ast.FieldDecl]
    statuses: dict[str, ast.StatusDecl]
    events: dict[str, ast.EventDecl]
    contacts: dict[str, ast.ContactDecl]
    targets: dict[str, ast.TargetDecl]
    # Where the parser built a stand-in for a time or date that does not exist.
    unreadable: frozenset[Span] = field(default=frozenset())

    def enum_values(self, name: str) -> tuple[str, ...] | None:
        """The values a field (or ``status``) may take, None for a field that does not list them."""
        if name == STATUS_FIELD:
            return tuple(self.statuses)
        decl = self.fields.get(name)
        if decl is not None and isinstance(decl.type, ast.EnumType):
            return tuple(v.name for v in decl.type.values)
        return None

    def value_hint(self, name: str, written: str) -> str:
        """The hint for ``written``, which is not a value of the field (or status) ``name``."""
        domain = self.enum_values(name) or ()
        if domain:
            return suggest(written, domain, "one of: " + ", ".join(domain))
        if name == STATUS_FIELD:
            return DECLARE_STATUS
        return f"list the values of field {name} in its declaration: field {name} {{ <value> <value> ... }}"

    def readable(self, span: Span) -> bool:
        """False when the node at ``span`` holds a stand-in: anything said of it would be made up."""
        return not self.unreadable_in(span)

    def unreadable_in(self, span: Span) -> list[Span]:
        return [u for u in self.unreadable if span.contains(u)]


def build_scope(policy: ast.Policy, unreadable: Iterable[Span] = ()) -> Scope:
    def first(kind: type[_N]) -> dict[str, _N]:
        """The first declaration of each name (a second is the duplicate pass's to report)."""
        found: dict[str, _N] = {}
        for item in items_of(policy, kind):
            found.setdefault(item.name, item)
        return found

    calendars: dict[str, ast.CalendarDecl | ast.CalendarExprDecl] = {
        **first(ast.CalendarExprDecl), **first(ast.CalendarDecl)
    }
    return Scope(calendars, first(ast.FieldDecl), first(ast.StatusDecl), first(ast.EventDecl),
                 first(ast.ContactDecl), first(ast.TargetDecl), frozenset(unreadable))


Pass = Callable[[ast.Policy, Scope], list[Diagnostic]]
