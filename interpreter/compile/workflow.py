"""Workflow rules compiled: flows (the order of a ticket's statuses) and order rules (an
event only after others), each with the condition under which it applies."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field, frozen

from plazo.dsl import ast
from plazo.dsl.format.formatter import event_ref
from plazo.interpreter.compile.conditions import Predicate, compile_condition
from plazo.interpreter.compile.targets import Matcher


@frozen
class CompiledFlow:
    name: str
    label: str | None
    steps: tuple[str, ...]
    applies: Predicate | None  # None: every ticket
    # each step's place in the flow (the first, as steps.index says): one lookup per status change
    places: dict[str, int] = field(init=False, eq=False, repr=False)

    @places.default
    def _places(self) -> dict[str, int]:
        return {step: i for i, step in reversed(list(enumerate(self.steps)))}


@frozen
class CompiledOrder:
    name: str
    label: str | None
    event: Matcher
    after: tuple[Matcher, ...]
    applies: Predicate | None
    message: str | None
    written: tuple[str, ...]  # the event, then each it must follow, as the policy writes them
    # the events it must follow by type: (place in `after`, status or None), one lookup per event
    marks: dict[str, tuple[tuple[int, str | None], ...]] = field(init=False, eq=False, repr=False)

    @marks.default
    def _marks(self) -> dict[str, tuple[tuple[int, str | None], ...]]:
        kinds = dict.fromkeys(kind for kind, _ in self.after)
        return {kind: tuple((j, argument) for j, (k, argument) in enumerate(self.after) if k == kind)
                for kind in kinds}


@frozen
class Workflow:
    flows: tuple[CompiledFlow, ...] = ()
    orders: tuple[CompiledOrder, ...] = ()
    # the event types that can break a rule (a flow: a status change; an order rule: its event):
    # a log with none of them breaks none, found without replaying the rules
    triggers: frozenset[str] = field(init=False, eq=False)

    @triggers.default
    def _triggers(self) -> frozenset[str]:
        return frozenset([*(["status"] if self.flows else []), *(o.event[0] for o in self.orders)])


def _matcher(ref: ast.EventRef) -> Matcher:
    return (ref.name, ref.argument)


def compile_workflow(policy: ast.Policy, kinds: Mapping[str, str]) -> Workflow:
    def applies(condition: ast.Condition | None) -> Predicate | None:
        return compile_condition(condition, kinds) if condition is not None else None

    flows = tuple(CompiledFlow(i.name, i.label, i.steps, applies(i.condition))
                  for i in policy.items if isinstance(i, ast.FlowDecl))
    orders = tuple(CompiledOrder(i.name, i.label, _matcher(i.event), tuple(_matcher(r) for r in i.after),
                                 applies(i.condition), i.message, tuple(event_ref(r) for r in (i.event, *i.after)))
                   for i in policy.items if isinstance(i, ast.OrderDecl))
    return Workflow(flows, orders)
