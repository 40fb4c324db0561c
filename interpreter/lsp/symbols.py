"""The outline of a policy: one symbol per item (calendars, fields with their values,
matrices, derived fields, targets with their clauses, ladders with their levels, flows
with their steps, orders, notification duties, commitments, ...),
from the AST's spans; the selection is the item's name where the index knows it."""

from __future__ import annotations

from lsprotocol import types as lsp

from plazo.dsl import ast
from plazo.dsl.diagnostics import Span
from plazo.interpreter.lsp.documents import Analysis

S = lsp.SymbolKind
_KINDS: dict[type, lsp.SymbolKind] = {
    ast.CalendarDecl: S.Module, ast.CalendarExprDecl: S.Module, ast.FieldDecl: S.Enum, ast.StatusDecl: S.EnumMember,
    ast.EventDecl: S.Event, ast.ContactDecl: S.Object, ast.ChannelDecl: S.Interface, ast.MatrixDecl: S.Array,
    ast.DeriveDecl: S.Function, ast.TargetDecl: S.Class, ast.EscalationDecl: S.Namespace, ast.RouteDecl: S.Key,
    ast.RejectDecl: S.Key, ast.RequireDecl: S.Key, ast.ForbidDecl: S.Key, ast.MaintenanceDecl: S.Struct,
    ast.FlowDecl: S.Operator, ast.OrderDecl: S.Operator, ast.NotifyDecl: S.Method, ast.CommitmentDecl: S.Package,
}


def document_symbols(analysis: Analysis) -> list[lsp.DocumentSymbol]:
    tree = analysis.tree
    if tree is None:
        return []
    return [_item(analysis, item) for item in tree.items]


def _range(analysis: Analysis, span: Span) -> lsp.Range:
    return analysis.places.span_range(span)


def _item(analysis: Analysis, item: ast.Item) -> lsp.DocumentSymbol:
    keyword = type(item).__name__.removesuffix("Decl").removesuffix("Expr").lower()
    name = getattr(item, "name", None) or getattr(item, "label", None) or keyword
    whole = _range(analysis, item.span)
    names = [o for o in analysis.names.occurrences if item.span.start <= o.start < item.span.end]
    selection = analysis.places.range(names[0].start, names[0].end) if names else whole
    children: list[lsp.DocumentSymbol] = []
    if isinstance(item, ast.FieldDecl) and isinstance(item.type, ast.EnumType):
        children = [_leaf(analysis, v.name, v.label, S.EnumMember, v.span) for v in item.type.values]
    elif isinstance(item, ast.TargetDecl):
        children = [_leaf(analysis, "otherwise" if s.condition is None else "when", None, S.Property, s.span)
                    for s in item.statements if isinstance(s, ast.Clause)]
    elif isinstance(item, ast.EscalationDecl):
        children = [_leaf(analysis, f"level {level.number}", level.label, S.Property, level.span)
                    for level in item.levels]
    elif isinstance(item, ast.FlowDecl) and len(item.step_spans) == len(item.steps) and analysis.tree is not None:
        statuses = {i.name: i.label for i in analysis.tree.items if isinstance(i, ast.StatusDecl)}
        children = [_leaf(analysis, step, statuses.get(step), S.EnumMember, where)
                    for step, where in zip(item.steps, item.step_spans, strict=True)]
    label = getattr(item, "label", None)
    detail = f"{keyword} {label}" if label else keyword
    return lsp.DocumentSymbol(name=name, kind=_KINDS.get(type(item), S.Object), range=whole,
                              selection_range=selection, detail=detail, children=children or None)


def _leaf(analysis: Analysis, name: str, detail: str | None, kind: lsp.SymbolKind, span: Span) -> lsp.DocumentSymbol:
    where = _range(analysis, span)
    return lsp.DocumentSymbol(name=name, kind=kind, range=where, selection_range=where, detail=detail)
