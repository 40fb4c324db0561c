"""A checked AST -> the compiled policy: calendars, fields, targets, ladders, channels,
rules and maintenance as immutable tables and closures. Compiled once, evaluated many
times; nothing in the policy text is ever executed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Self, TypeVar
from zoneinfo import ZoneInfo

from attrs import evolve, field, frozen

from plazo.dsl import ast
from plazo.dsl.names import BUILTIN_EVENTS, suggest
from plazo.interpreter.compile.calendars import CalendarChoice, calendar_choices, compile_calendars
from plazo.interpreter.compile.channels import CompiledChannel, channels_taking, compile_channel
from plazo.interpreter.compile.fields import Derivation, FieldSpec, derivations, derivations_settle, field_specs
from plazo.interpreter.compile.ladders import CompiledLadder, compile_ladder
from plazo.interpreter.compile.maintenance import MaintenanceRules
from plazo.interpreter.compile.notify import CompiledNotify, compile_notify
from plazo.interpreter.compile.rules import CompiledRules, compile_rules
from plazo.interpreter.compile.targets import CompiledTarget, ReplayPlan, compile_target
from plazo.interpreter.compile.workflow import Workflow, compile_workflow
from plazo.interpreter.compile.zones import ZoneChoice
from plazo.interpreter.errors import CalendarError
from plazo.interpreter.time.calendar import BusinessCalendar


@frozen
class CompiledPolicy:
    """A checked policy compiled to evaluators."""

    ast: ast.Policy
    name: str
    label: str | None
    version: Decimal | None
    language: str
    timezone: str
    tz: ZoneInfo
    calendars: dict[str, BusinessCalendar]
    fields: dict[str, FieldSpec]
    statuses: tuple[str, ...]
    events: tuple[str, ...]  # the events the policy declares (besides the built-in ones)
    derived: tuple[tuple[str, Derivation], ...]
    targets: tuple[CompiledTarget, ...]
    ladders: tuple[CompiledLadder, ...]
    channels: tuple[CompiledChannel, ...]
    rules: CompiledRules
    maintenance: MaintenanceRules | None
    choices: dict[str, CalendarChoice] = field(factory=dict)  # calendars chosen per ticket, by name
    workflow: Workflow = field(factory=Workflow)  # flows and order rules
    notifications: tuple[CompiledNotify, ...] = ()  # notification duties
    zones: ZoneChoice | None = None  # the reference zone chosen per ticket (None: ``tz`` for every ticket)
    known_events: frozenset[str] = field(init=False)  # built-in and declared: a ticket may log these
    # the channels that take a ticket with these values (open or not), remembered per values;
    # None: too few conditions for a memo to pay, test each channel's
    channels_taking: Callable[[Mapping[str, Any]], tuple[CompiledChannel, ...]] | None = field(init=False, eq=False)
    # deriving again from unchanged values changes nothing (fields.derivations_settle): a `set`
    # event that repeats a field's value leaves the values as they are
    derive_settles: bool = field(init=False, eq=False)
    # what each (event, status) does to the targets, looked up once per event of a replay
    replay_plan: ReplayPlan = field(init=False, eq=False)
    # no escalation level or notification duty counts on a calendar: building them cannot
    # fail, so a history's record may leave them out and refuse the tickets evaluate refuses
    # (run/record_path.py)
    records_skip_ladders: bool = field(init=False, eq=False)

    @derive_settles.default
    def _derive_settles(self) -> bool:
        return derivations_settle(self.ast)

    @records_skip_ladders.default
    def _records_skip_ladders(self) -> bool:
        timings = [lv.timing for ladder in self.ladders for lv in ladder.levels]
        return not any(t.asks_calendar for t in [*timings, *(n.deadline for n in self.notifications)])

    @replay_plan.default
    def _replay_plan(self) -> ReplayPlan:
        return ReplayPlan.of(self.targets, self.known_events, self.statuses)

    @channels_taking.default
    def _channels_taking(self) -> Callable[[Mapping[str, Any]], tuple[CompiledChannel, ...]] | None:
        return channels_taking(self.channels)

    @known_events.default
    def _known_events(self) -> frozenset[str]:
        return frozenset(BUILTIN_EVENTS) | frozenset(self.events)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, version={self.version})"

    def calendar(self, name: str) -> BusinessCalendar:
        """A compiled calendar by name; raises :class:`CalendarError` for an unknown one."""
        try:
            return self.calendars[name]
        except KeyError:
            hint = suggest(name, self.calendars)
            raise CalendarError(f"no calendar {name!r} in policy {self.name}" + (f"; {hint}" if hint else "")
                                ) from None

    def zone_for(self, values: Mapping[str, Any]) -> ZoneInfo:
        """The reference zone of a ticket with these values: instants not counted on a calendar
        are shown in it, and its scenario's local times read in it (docs/semantics.md, "Time zones")."""
        return self.tz if self.zones is None else self.zones.zone_for(values)

    def for_ticket(self, values: Mapping[str, Any]) -> Self:
        """This policy as a ticket with these values sees it: its own zone is the ticket's
        reference zone (a scenario's local times of a Lima ticket read in Lima time)."""
        tz = self.zone_for(values)
        return self if tz is self.tz else evolve(self, timezone=tz.key, tz=tz)

    def derive(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` (checked field values) with the derived fields added (WeKall's priority)."""
        env = dict(values)
        for name, rule in self.derived:
            value = rule(env)
            if value is not None:
                env[name] = value
        return env


P = TypeVar("P", bound=CompiledPolicy)


def compile_policy(policy: ast.Policy, into: type[P]) -> P:
    """The compiled form of a checked policy, as an instance of ``into`` (the embedding API
    subclasses :class:`CompiledPolicy` with the evaluation methods)."""
    header = policy.header
    zone = policy.timezone.zone if policy.timezone else "UTC"
    tz = ZoneInfo(zone)
    calendars = compile_calendars(policy)
    fields = field_specs(policy)
    kinds = {name: f.kind for name, f in fields.items()} | {"status": "enum"}
    items = policy.items
    maintenance = next((i for i in items if isinstance(i, ast.MaintenanceDecl)), None)
    choices = calendar_choices(policy)
    return into(
        policy,
        header.name if header else "policy",
        header.label if header else None,
        header.version if header else None,
        policy.language.language if policy.language else "es",
        zone,
        tz,
        calendars,
        fields,
        tuple(i.name for i in items if isinstance(i, ast.StatusDecl)),
        tuple(i.name for i in items if isinstance(i, ast.EventDecl)),
        derivations(policy, kinds),
        tuple(compile_target(i, kinds, calendars, choices, tz) for i in items if isinstance(i, ast.TargetDecl)),
        tuple(compile_ladder(i, kinds, calendars, choices) for i in items if isinstance(i, ast.EscalationDecl)),
        tuple(compile_channel(i, kinds, calendars) for i in items if isinstance(i, ast.ChannelDecl)),
        compile_rules(policy, kinds),
        MaintenanceRules.of(maintenance, calendars, tz) if maintenance else None,
        choices,
        workflow=compile_workflow(policy, kinds),
        notifications=_notifications(policy, kinds, calendars),
        zones=ZoneChoice.of(policy.timezone) if isinstance(policy.timezone, ast.TimezoneChoice) else None,
    )


def _notifications(policy: ast.Policy, kinds: Mapping[str, str],
                   calendars: Mapping[str, BusinessCalendar]) -> tuple[CompiledNotify, ...]:
    contacts = {i.name: i for i in policy.items if isinstance(i, ast.ContactDecl)}
    return tuple(compile_notify(i, kinds, calendars, contacts) for i in policy.items if isinstance(i, ast.NotifyDecl))
