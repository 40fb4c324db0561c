"""The per-ticket calendars pass: ``calendar habil by country { cl: habil_cl  pe: habil_pe }``.

The field is a declared field with named values (or a boolean); every value it can take
has a calendar, or the choice says ``otherwise``; each value is given once; each case
names a calendar that is not itself chosen per ticket. A chosen calendar needs a ticket
to be one calendar, so what counts a ticket's time may count on it (a target's deadline,
an escalation level's ``after ... on``); a calendar expression, a channel's hours and a
maintenance notice are one schedule for every ticket and may not (each says why).
"""

from __future__ import annotations

from collections.abc import Iterator

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import calendar_refs, items_of
from plazo.dsl.diagnostics import Diagnostic, Span, error
from plazo.dsl.names import BOOLEAN_WORDS, suggest

# why each place needs one calendar, whatever the ticket
WHY_ONE_CALENDAR = {
    "in a calendar expression": "an expression combines calendars' hours, and a chosen calendar has none until a "
                                "ticket chooses: name one of its calendars here",
    "as a channel's hours": "a channel's hours are one published schedule for every ticket: name one of its "
                            "calendars here",
    "to count a maintenance notice": "a maintenance is announced to every customer, not counted for one ticket: "
                                     "name one calendar here (e.g. the one of the zone the window is in)",
}


def check_choices(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    choices = {d.name: d.expr for d in items_of(policy, ast.CalendarExprDecl) if isinstance(d.expr, ast.CalChoice)}
    found: list[Diagnostic] = []
    for name, choice in choices.items():
        found.extend(_choice(name, choice, scope, choices))
    for name, span, where in _non_deadline_uses(policy):
        if name in choices:
            found.append(error("ticket-calendar", f"calendar {name} is chosen per ticket and cannot be used {where}",
                               span, WHY_ONE_CALENDAR[where]))
    return found


def _domain(field: str, scope: Scope) -> tuple[str, ...] | None:
    decl = scope.fields.get(field)
    if decl is not None and isinstance(decl.type, ast.ScalarType) and decl.type.kind == "boolean":
        return tuple(BOOLEAN_WORDS)
    return scope.enum_values(field)


def _choice(name: str, choice: ast.CalChoice, scope: Scope, choices: dict[str, ast.CalChoice]) -> list[Diagnostic]:
    if choice.field not in scope.fields:
        return [error("unknown-field", f"unknown field '{choice.field}'", choice.span,
                      suggest(choice.field, scope.fields, "declare it with: field <name> { <value> ... }"))]
    domain = _domain(choice.field, scope)
    if domain is None:
        return [error("type", f"calendar {name} is chosen by {choice.field}, which has no list of values",
                      choice.span, f"choose by a field with named values: field {choice.field} {{ a b c }}")]
    found: list[Diagnostic] = []
    given: dict[str, Span] = {}
    otherwise: Span | None = None
    for case in choice.cases:
        if case.calendar.name in choices:
            found.append(error("ticket-calendar", f"calendar {case.calendar.name} is itself chosen per ticket",
                               case.calendar.span, "name a calendar with hours, or an expression of them"))
        if not case.values:
            if otherwise is not None:
                found.append(error("duplicate", f"calendar {name} says 'otherwise' twice", case.span,
                                   f"keep the first (line {otherwise.line})"))
            otherwise = otherwise or case.span
        for value in case.values:
            if value not in domain:
                found.append(error("unknown-value", f"unknown value '{value}' for field {choice.field}", case.span,
                                   scope.value_hint(choice.field, value)))
            elif value in given:
                found.append(error("duplicate", f"{choice.field} = {value} is given twice in calendar {name}",
                                   case.span, f"the first is on line {given[value].line}"))
            else:
                given[value] = case.span
    missing = [v for v in domain if v not in given]
    if missing and otherwise is None:
        shown = ", ".join(missing)
        found.append(error("choice-incomplete", f"calendar {name} has no calendar for {choice.field} = {shown}",
                           choice.span, f"add '{missing[0]}: <calendar>' or 'otherwise: <calendar>'"))
    return found


def _non_deadline_uses(policy: ast.Policy) -> Iterator[tuple[str, Span, str]]:
    for item in policy.items:
        if isinstance(item, ast.CalendarExprDecl) and not isinstance(item.expr, ast.CalChoice):
            yield from ((r.name, r.span, "in a calendar expression") for r in calendar_refs(item.expr))
        elif isinstance(item, ast.ChannelDecl):
            yield from ((s.calendar, s.span, "as a channel's hours") for s in item.statements
                        if isinstance(s, ast.ChannelHours))
        elif isinstance(item, ast.MaintenanceDecl):
            yield from ((m.calendar, m.span, "to count a maintenance notice") for m in item.statements
                        if isinstance(m, ast.Notice) and m.calendar)
