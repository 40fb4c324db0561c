"""The names a policy declares, with their labels: what completion offers and what
the scenario side knows of its policy. Read from the AST, which the parser's recovery
gives also for a half-typed file (the items that parsed)."""

from __future__ import annotations

from attrs import frozen

from plazo.dsl import ast
from plazo.dsl.names import BUILTIN_EVENTS


@frozen
class Field:
    name: str
    label: str | None
    kind: str  # enum | number | boolean | text | datetime
    values: tuple[tuple[str, str | None], ...]  # an enumeration's (value, label)


@frozen
class Vocabulary:
    calendars: tuple[tuple[str, str | None], ...] = ()
    fields: tuple[Field, ...] = ()
    statuses: tuple[tuple[str, str | None], ...] = ()
    events: tuple[tuple[str, str | None], ...] = ()  # declared ones; the built-in ones are added by `all_events`
    contacts: tuple[tuple[str, str | None], ...] = ()
    targets: tuple[tuple[str, str | None], ...] = ()
    escalations: tuple[tuple[str, str | None], ...] = ()
    channels: tuple[tuple[str, str | None], ...] = ()
    routes: tuple[tuple[str, str | None], ...] = ()

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def all_events(self) -> tuple[tuple[str, str | None], ...]:
        # `status` and `set` take an argument: offered as keywords where the grammar wants them
        builtin = tuple((e, None) for e in BUILTIN_EVENTS if e not in ("status", "set"))
        return builtin + self.events


def vocabulary(policy: ast.Policy | None) -> Vocabulary:
    if policy is None:
        return Vocabulary()
    items = policy.items
    fields = []
    for item in items:
        if isinstance(item, ast.FieldDecl):
            if isinstance(item.type, ast.EnumType):
                values = tuple((v.name, v.label) for v in item.type.values)
                fields.append(Field(item.name, item.label, "enum", values))
            else:
                fields.append(Field(item.name, item.label, item.type.kind, ()))
    return Vocabulary(
        calendars=tuple((i.name, i.label) for i in items if isinstance(i, ast.CalendarDecl | ast.CalendarExprDecl)),
        fields=tuple(fields),
        statuses=tuple((i.name, i.label) for i in items if isinstance(i, ast.StatusDecl)),
        events=tuple((i.name, i.label) for i in items if isinstance(i, ast.EventDecl)),
        contacts=tuple((i.name, i.label) for i in items if isinstance(i, ast.ContactDecl)),
        targets=tuple((i.name, i.label) for i in items if isinstance(i, ast.TargetDecl)),
        escalations=tuple((i.name, i.label) for i in items if isinstance(i, ast.EscalationDecl)),
        channels=tuple((i.name, i.label) for i in items if isinstance(i, ast.ChannelDecl)),
        routes=tuple((i.name, None) for i in items if isinstance(i, ast.RouteDecl)),
    )
