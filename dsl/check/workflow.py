"""The workflow pass: flows name declared statuses, each once, and no order rule repeats
what a flow already guarantees (docs/semantics.md, "Workflow")."""

from __future__ import annotations

from collections.abc import Iterator

from plazo.dsl import ast
from plazo.dsl.check.scope import DECLARE_STATUS, Scope
from plazo.dsl.check.uses import items_of
from plazo.dsl.diagnostics import Diagnostic, Span, error, warning
from plazo.dsl.names import suggest


def check_workflow(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    flows = list(items_of(policy, ast.FlowDecl))
    for flow in flows:
        found.extend(_steps(flow, scope))
    for order in items_of(policy, ast.OrderDecl):
        found.extend(_implied(order, flows))
    return found


def _step_spans(flow: ast.FlowDecl) -> Iterator[tuple[str, Span]]:
    spans = flow.step_spans if len(flow.step_spans) == len(flow.steps) else (flow.span,) * len(flow.steps)
    return zip(flow.steps, spans, strict=True)


def _steps(flow: ast.FlowDecl, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    first: dict[str, Span] = {}
    for step, span in _step_spans(flow):
        if step not in scope.statuses:
            found.append(error("unknown-status", f"unknown status '{step}' in flow {flow.name}", span,
                               suggest(step, scope.statuses, DECLARE_STATUS)))
        if step in first:
            found.append(error("duplicate", f"status '{step}' is listed twice in flow {flow.name}", span,
                               f"a flow lists each step once (the first is on line {first[step].line}); "
                               "going back to an earlier step is always allowed"))
        first.setdefault(step, span)
    return found


def _implied(order: ast.OrderDecl, flows: list[ast.FlowDecl]) -> list[Diagnostic]:
    """A warning when a flow that applies whenever the order does already puts the order's
    status after each status it names: a ticket cannot reach a step without passing the
    steps before it (the first step excepted: a ticket starts there without an event)."""
    if order.event.name != "status" or any(ref.name != "status" for ref in order.after):
        return []
    for flow in flows:
        if flow.condition is not None and flow.condition != order.condition:
            continue
        steps = list(flow.steps)
        later = order.event.argument
        if later not in steps:
            continue
        position = steps.index(later)
        if all(ref.argument in steps[1:position] for ref in order.after):
            return [warning("implied-order", f"order {order.name} is already kept by flow {flow.name}",
                            order.span, f"flow {flow.name} reaches '{later}' only through "
                            + ", ".join(f"'{ref.argument}'" for ref in order.after) + "; remove the order")]
    return []
