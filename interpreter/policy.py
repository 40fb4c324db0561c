"""The compiled policy: what ``load_policy`` returns and an embedder calls.

``policy.evaluate(ticket, at)`` replays the ticket (see :mod:`.evaluate`),
``policy.calendar(name)`` is a compiled calendar, ``policy.check_maintenance``
checks a proposed maintenance against the policy's rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from plazo.dsl import ast
from plazo.dsl.errors import PolicyError
from plazo.dsl.loader import check_text, read_text
from plazo.dsl.names import BUILTIN_EVENTS, suggest
from plazo.interpreter.time.calendar import BusinessCalendar
from plazo.interpreter.compile.compiler import (
    CompiledChannel,
    CompiledLadder,
    CompiledTarget,
    FieldSpec,
    calendar_specs,
    compile_channel,
    compile_ladder,
    compile_target,
    memoized,
    derivations,
    field_specs,
)
from plazo.interpreter.compile.conditions import compile_condition
from plazo.interpreter.errors import CalendarError
from plazo.interpreter.run.evaluate import Instants, TargetState, ladder_result, target_result
from plazo.interpreter.explain.facts import Explanation, explain
from plazo.interpreter.time.instants import to_us
from plazo.interpreter.run.maintenance import MaintenanceRules, check_maintenance
from plazo.interpreter.run.results import EvaluationResult, MaintenanceProblem, Rejection, Route, Violation
from plazo.interpreter.run.ticket import Ticket, TicketError, parse_instant


def loads_policy(text: str, filename: str = "<policy>") -> CompiledPolicy:
    """Check and compile a policy text; raises :class:`plazo.dsl.PolicyError` listing every error."""
    policy, diagnostics = check_text(text, filename)
    errors = [d for d in diagnostics if d.severity == "error"]
    if policy is None or errors:
        raise PolicyError(errors or diagnostics)
    return CompiledPolicy(policy)


def load_policy(path: str | Path) -> CompiledPolicy:
    return loads_policy(read_text(path), str(path))


Rules = tuple[Route | None, Rejection | None, tuple[Violation, ...]]
Replay = tuple[dict[str, Any], list[TargetState], dict[tuple[str, str | None], int], int | None, int]


class CompiledPolicy:
    """A checked policy compiled to evaluators. Immutable after construction."""

    def __init__(self, policy: ast.Policy) -> None:
        self.ast = policy
        header = policy.header
        self.name = header.name if header else "policy"
        self.label = header.label if header else None
        self.version = header.version if header else None
        self.language = policy.language.language if policy.language else "es"
        self.timezone = policy.timezone.zone if policy.timezone else "UTC"
        self.tz = ZoneInfo(self.timezone)
        self.calendars: dict[str, BusinessCalendar] = {
            name: BusinessCalendar(spec, name) for name, spec in calendar_specs(policy).items()
        }
        self.fields: dict[str, FieldSpec] = field_specs(policy)
        self.statuses = tuple(i.name for i in policy.items if isinstance(i, ast.StatusDecl))
        self.events = tuple(i.name for i in policy.items if isinstance(i, ast.EventDecl))
        kinds = {name: f.kind for name, f in self.fields.items()} | {"status": "enum"}
        self.derived = derivations(policy, kinds)
        items = policy.items
        self.targets: tuple[CompiledTarget, ...] = tuple(
            compile_target(i, kinds, self.calendars) for i in items if isinstance(i, ast.TargetDecl))
        self.ladders: tuple[CompiledLadder, ...] = tuple(
            compile_ladder(i, kinds, self.calendars) for i in items if isinstance(i, ast.EscalationDecl))
        self.channels: tuple[CompiledChannel, ...] = tuple(
            compile_channel(i, kinds, self.calendars) for i in items if isinstance(i, ast.ChannelDecl))
        self.routes = tuple((i, compile_condition(i.condition, kinds)) for i in items if isinstance(i, ast.RouteDecl))
        self.rejects = tuple((i, compile_condition(i.condition, kinds)) for i in items if isinstance(i, ast.RejectDecl))
        self.requires = tuple(
            (i, compile_condition(i.condition, kinds), compile_condition(i.when, kinds) if i.when else None)
            for i in items if isinstance(i, ast.RequireDecl))
        self.forbids = tuple((i, compile_condition(i.condition, kinds)) for i in items if isinstance(i, ast.ForbidDecl))
        maintenance = next((i for i in items if isinstance(i, ast.MaintenanceDecl)), None)
        self.maintenance = MaintenanceRules.of(maintenance, self.calendars, self.tz) if maintenance else None
        self._known_events = frozenset(BUILTIN_EVENTS) | frozenset(self.events)
        conditions = [i.condition for i in items if isinstance(i, (ast.RouteDecl, ast.RejectDecl, ast.ForbidDecl))]
        conditions += [c for i in items if isinstance(i, ast.RequireDecl) for c in (i.condition, i.when) if c]
        self._rules = memoized(self._decide_rules, conditions)

    def __repr__(self) -> str:
        return f"CompiledPolicy({self.name!r}, version={self.version})"

    # ----------------------------------------------------------------- calendars

    def calendar(self, name: str) -> BusinessCalendar:
        try:
            return self.calendars[name]
        except KeyError:
            raise CalendarError(f"no calendar {name!r} in policy {self.name}"
                                f"{'; ' + suggest(name, self.calendars) if suggest(name, self.calendars) else ''}"
                                ) from None

    # ----------------------------------------------------------------- tickets

    def value(self, name: str, raw: Any, where: str) -> Any:
        """A ticket's value for a field, checked and converted (datetimes parsed)."""
        spec = self.fields.get(name)
        if spec is None:
            hint = suggest(name, self.fields)
            raise TicketError(f"unknown field '{name}' @ {where}" + (f" ({hint})" if hint else ""))
        if raw is None:
            return None
        if spec.kind == "enum":
            if not isinstance(raw, str) or raw not in spec.values:
                hint = suggest(str(raw), spec.values) or f"one of {', '.join(spec.values)}"
                raise TicketError(f"unknown value '{raw}' for field {name} @ {where} ({hint})")
            return raw
        if spec.kind == "number":
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                raise TicketError(f"field {name} is a number, got {raw!r} @ {where}")
            return float(raw)
        if spec.kind == "boolean":
            if not isinstance(raw, bool):
                raise TicketError(f"field {name} is true or false, got {raw!r} @ {where}")
            return raw
        if spec.kind == "datetime":
            return parse_instant(raw, where)
        if not isinstance(raw, str):
            raise TicketError(f"field {name} is a text, got {raw!r} @ {where}")
        return raw

    def validate(self, ticket: Ticket) -> dict[str, Any]:
        """The ticket's field values, checked; raises :class:`TicketError` naming the place."""
        values = {name: self.value(name, raw, f"$.fields.{name}") for name, raw in ticket.fields.items()}
        for i, e in enumerate(ticket.events):
            where = f"$.events[{i}]"
            if e.type not in self._known_events:
                hint = suggest(e.type, sorted(self._known_events))
                raise TicketError(f"unknown event '{e.type}' @ {where}.type" + (f" ({hint})" if hint else ""))
            if e.type == "status" and e.status not in self.statuses:
                hint = suggest(e.status or "", self.statuses) or (
                    f"the policy declares: {', '.join(self.statuses)}" if self.statuses else "the policy declares none")
                raise TicketError(f"unknown status '{e.status}' @ {where}.status ({hint})")
            if e.type == "set":
                self.value(e.field or "", e.value, f"{where}.value" if e.field in self.fields else f"{where}.field")
        return values

    def derive(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` (checked field values) with the derived fields added (WeKall's priority)."""
        env = dict(values)
        self._derive(env)
        return env

    def _derive(self, env: dict[str, Any]) -> None:
        for name, rule in self.derived:
            value = rule(env)
            if value is not None:
                env[name] = value

    # ----------------------------------------------------------------- evaluation

    def replay(self, ticket: Ticket, at: datetime) -> Replay:
        """The event log up to ``at``, replayed: (values at ``at``, each target's cycles,
        the first instant of each event, when the ticket was resolved, ``at`` in microseconds)."""
        if not isinstance(ticket, Ticket):
            raise TicketError("evaluate takes a Ticket (use Ticket.from_dict for JSON)")
        at_us = to_us(at, "at")
        env: dict[str, Any] = self.validate(ticket)
        env["status"] = None
        self._derive(env)
        states = [TargetState(t) for t in self.targets]
        first_event: dict[tuple[str, str | None], int] = {}
        resolved_at = None
        for e in ticket.events:
            x = e.us
            if x > at_us:
                break  # not yet happened
            kind, status = e.type, e.status
            if kind == "set":
                env = dict(env)
                env[e.field] = self.value(e.field or "", e.value, "$.events")
                self._derive(env)
            elif kind == "status":
                env = dict(env)
                env["status"] = status
                first_event.setdefault((kind, status), x)
            elif kind == "resolved" and resolved_at is None:
                resolved_at = x
            elif kind == "reopened":
                resolved_at = None
            first_event.setdefault((kind, None), x)
            for state in states:
                t = state.target
                if t.pause is not None or kind in t.kinds:
                    state.step(x, kind, status, env)
        return env, states, first_event, resolved_at, at_us

    def evaluate(self, ticket: Ticket, at: datetime) -> EvaluationResult:
        """The state of every target, ladder and rule for ``ticket`` as of ``at`` (aware)."""
        env, states, first_event, resolved_at, at_us = self.replay(ticket, at)
        targets = []
        outcomes = {}
        dt = Instants(self.tz)
        for state in states:
            result, outs = target_result(state, env, at_us, dt)
            targets.append(result)
            outcomes[state.target.name] = outs
        ladders = []
        for ladder in self.ladders:
            r = ladder_result(ladder, env, at_us, dt, first_event, outcomes, resolved_at)
            if r is not None:
                ladders.append(r)
        route, rejected, violations = self._rules(env)
        channels = tuple([c.name for c in self.channels
                          if (c.takes is None or c.takes(env)) and (c.calendar is None or c.calendar.is_open_us(at_us))])
        shown = env.copy()
        del shown["status"]  # reported apart, as the result's `status`
        return EvaluationResult(ticket.id, dt[at_us], shown, route, rejected, violations, tuple(targets),
                                tuple(ladders), channels, env.get("status"))

    def _decide_rules(self, env: dict[str, Any]) -> Rules:
        """The route, the rejection and the violations for the ticket's current values."""
        route = next((Route(d.name, d.to, d.via, d.reason) for d, p in self.routes if p(env)), None)
        rejected = next((Rejection(d.name, d.reason) for d, p in self.rejects if p(env)), None)
        violations = tuple(
            [Violation(d.name, d.message) for d, p, when in self.requires if (when is None or when(env)) and not p(env)]
            + [Violation(d.name, d.message) for d, p in self.forbids if p(env)])
        return route, rejected, violations

    def explain(self, ticket: Ticket, at: datetime) -> Explanation:
        """Why each deadline of ``evaluate(ticket, at)`` falls where it does (see :mod:`.explain`)."""
        return explain(self, ticket, at)

    # ----------------------------------------------------------------- maintenance

    def check_maintenance(self, notice_at: datetime, start: datetime, end: datetime,
                          emergency: bool = False) -> list[MaintenanceProblem]:
        """The rules a proposed maintenance breaks; ``[]`` when it is allowed."""
        return check_maintenance(self.maintenance, notice_at, start, end, emergency)

