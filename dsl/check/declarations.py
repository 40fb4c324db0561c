"""The declarations pass: each name declared once per kind, enumerations that list values once each."""

from __future__ import annotations

from plazo.dsl import ast
from plazo.dsl.check.scope import STATUS_FIELD, Scope
from plazo.dsl.diagnostics import Diagnostic, Span, error

# The kinds of item that share one namespace each.
_KINDS: tuple[tuple[str, tuple[type[ast.Item], ...]], ...] = (
    ("calendar", (ast.CalendarDecl, ast.CalendarExprDecl)), ("field", (ast.FieldDecl,)),
    ("status", (ast.StatusDecl,)), ("event", (ast.EventDecl,)), ("contact", (ast.ContactDecl,)),
    ("channel", (ast.ChannelDecl,)), ("target", (ast.TargetDecl,)), ("escalation", (ast.EscalationDecl,)),
    # flows and orders report violations by name, as require and forbid do: one namespace
    ("rule", (ast.RouteDecl, ast.RejectDecl, ast.RequireDecl, ast.ForbidDecl, ast.FlowDecl, ast.OrderDecl)),
    ("derivation", (ast.MatrixDecl, ast.DeriveDecl)), ("commitment", (ast.CommitmentDecl,)),
    ("notification", (ast.NotifyDecl,)),
)


def check_duplicates(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for kind, classes in _KINDS:
        seen: dict[str, Span] = {}
        for item in policy.items:
            if not isinstance(item, classes) or isinstance(item, ast.MaintenanceDecl):
                continue
            if item.name in seen:
                what = (f"field {item.name} is derived twice" if kind == "derivation"
                        else f"{kind} '{item.name}' is declared twice")
                found.append(error("duplicate", what, item.span, f"the first is on line {seen[item.name].line}"))
            else:
                seen[item.name] = item.span
    for decl in scope.fields.values():
        if isinstance(decl.type, ast.EnumType):
            found.extend(_enum_values(decl, decl.type))
    if STATUS_FIELD in scope.fields:
        found.append(error("reserved", "'status' is the ticket's status, not a field", scope.fields[STATUS_FIELD].span,
                           "declare statuses with: status <name> \"<label>\""))
    return found


def _enum_values(decl: ast.FieldDecl, enum: ast.EnumType) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    first: dict[str, Span] = {}
    for value in enum.values:
        if value.name in first:
            found.append(error("duplicate", f"value '{value.name}' of field {decl.name} is listed twice",
                               value.span, f"the first is on line {first[value.name].line}"))
        first.setdefault(value.name, value.span)
    if not enum.values:
        found.append(error("empty-enum", f"field {decl.name} lists no values", decl.span,
                           "list its values inside { }, or give a type: number, boolean, text, datetime"))
    return found
