"""The per-ticket calendars pass: ``calendar habil by country { cl: habil_cl  pe: habil_pe }``.

The field is a declared field with named values (or a boolean); every value it can take
has a calendar, or the choice says ``otherwise``; each value is given once; each case
names a calendar that is not itself chosen per ticket. A chosen calendar needs a ticket
to be one calendar, so what counts a ticket's time may count on it (a target's deadline,
an escalation level's ``after ... on``); a calendar expression, a channel's hours and a
maintenance notice are one schedule for every ticket and may not (each says why).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from attrs import frozen

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


def domain_of(field: str, scope: Scope) -> tuple[str, ...] | None:
    """The values a field a choice is made by can take: its named values, or true and false."""
    decl = scope.fields.get(field)
    if decl is not None and isinstance(decl.type, ast.ScalarType) and decl.type.kind == "boolean":
        return tuple(BOOLEAN_WORDS)
    return scope.enum_values(field)


@frozen
class ChoiceWords:
    """How a choice's diagnostics name it: ``calendar habil`` and what each value gets."""

    choice: str  # "calendar habil", "the time zone choice"
    chosen: str  # what is chosen by the field: "calendar habil", "the time zone"
    what: str  # what a value is given: "calendar", "zone"
    example: str = ""  # appended to the hint of a missing value


def check_cases(field: str, cases: Sequence[tuple[tuple[str, ...], Span]], span: Span, scope: Scope,
                words: ChoiceWords) -> list[Diagnostic]:
    """A choice by ``field`` (each case: its values, none for ``otherwise``): the field has
    named values, each is given once, and every one is given or there is an ``otherwise``."""
    if field not in scope.fields:
        return [error("unknown-field", f"unknown field '{field}'", span,
                      suggest(field, scope.fields, "declare it with: field <name> { <value> ... }"))]
    domain = domain_of(field, scope)
    if domain is None:
        return [error("type", f"{words.chosen} is chosen by {field}, which has no list of values",
                      span, f"choose by a field with named values: field {field} {{ a b c }}")]
    found: list[Diagnostic] = []
    given: dict[str, Span] = {}
    otherwise: Span | None = None
    for values, case_span in cases:
        if not values:
            if otherwise is not None:
                found.append(error("duplicate", f"{words.choice} says 'otherwise' twice", case_span,
                                   f"keep the first (line {otherwise.line})"))
            otherwise = otherwise or case_span
        for value in values:
            if value not in domain:
                found.append(error("unknown-value", f"unknown value '{value}' for field {field}", case_span,
                                   scope.value_hint(field, value)))
            elif value in given:
                found.append(error("duplicate", f"{field} = {value} is given twice in {words.choice}",
                                   case_span, f"the first is on line {given[value].line}"))
            else:
                given[value] = case_span
    missing = [v for v in domain if v not in given]
    if missing and otherwise is None:
        shown = ", ".join(missing)
        found.append(error("choice-incomplete", f"{words.choice} has no {words.what} for {field} = {shown}",
                           span, f"add '{missing[0]}: <{words.what}>' or 'otherwise: <{words.what}>'{words.example}"))
    return found


def _choice(name: str, choice: ast.CalChoice, scope: Scope, choices: dict[str, ast.CalChoice]) -> list[Diagnostic]:
    found = [error("ticket-calendar", f"calendar {case.calendar.name} is itself chosen per ticket",
                   case.calendar.span, "name a calendar with hours, or an expression of them")
             for case in choice.cases if case.calendar.name in choices]
    words = ChoiceWords(f"calendar {name}", f"calendar {name}", "calendar")
    return found + check_cases(choice.field, [(c.values, c.span) for c in choice.cases], choice.span, scope, words)


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
