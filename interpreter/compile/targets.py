"""Targets: when a clock starts, stops, pauses and restarts, and the clauses that
choose its deadline."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, tzinfo
from typing import Any

from attrs import evolve, field, frozen

from plazo.dsl import ast
from plazo.dsl.format.formatter import condition as condition_text
from plazo.dsl.format.formatter import deadline as deadline_text
from plazo.interpreter.compile.calendars import CalendarChoice
from plazo.interpreter.compile.choose import first_match, memoized
from plazo.interpreter.compile.conditions import Predicate, compile_condition
from plazo.interpreter.compile.deadlines import (
    BusinessDuration,
    ClockDuration,
    Counted,
    Deadline,
    NoDeadline,
    compile_deadline,
    duration_us,
    zone_of,
)
from plazo.interpreter.time.calendar import BusinessCalendar

Matcher = tuple[str, "str | None"]  # (event type, status name for `status x`)
ROLES: tuple[ast.EventRole, ...] = ("start", "stop", "reset", "cancel", "restart", "after_each")
# the roles an event can play in a replay: those above, and `resume on`'s
_MATCHED = (*ROLES, "resume")
_NO_ROLES: frozenset[str] = frozenset()


@frozen
class CompiledClause:
    text: str  # "when severity = alto: 10 minutes" as the formatter writes it
    predicate: Predicate | None  # None: otherwise
    deadline: Deadline
    equals: tuple[tuple[str, Any], ...] = ()  # the condition's top-level `field = value` parts
    condition: ast.Condition | None = None
    # read from the deadline once here rather than on every evaluation that picks the clause:
    # the calendar's name (None: clock time), the zone results show its instants in (None:
    # the ticket's), and `none "reason"`'s reason
    calendar: str | None = field(init=False, eq=False)
    zone: tzinfo | None = field(init=False, eq=False)
    none_reason: str | None = field(init=False, eq=False)
    # a counted deadline (None: a fixed instant, or none) and, when it allows the same time
    # to every cycle (a duration), that time: the outcome then asks the deadline nothing
    counted: Counted | None = field(init=False, eq=False)
    need: int | None = field(init=False, eq=False)

    @calendar.default
    def _calendar(self) -> str | None:
        return self.deadline.calendar

    @zone.default
    def _zone(self) -> tzinfo | None:
        return zone_of(self.deadline)

    @none_reason.default
    def _none_reason(self) -> str | None:
        return self.deadline.reason if isinstance(self.deadline, NoDeadline) else None

    @counted.default
    def _counted(self) -> Counted | None:
        return self.deadline if isinstance(self.deadline, Counted) else None

    @need.default
    def _need(self) -> int | None:
        return self.deadline.amount_us if isinstance(self.deadline, (ClockDuration, BusinessDuration)) else None


@frozen
class CompiledTarget:
    name: str
    label: str | None
    start: tuple[Matcher, ...]
    stop: tuple[Matcher, ...]
    reset: tuple[Matcher, ...]
    cancel: tuple[Matcher, ...]
    restart: tuple[Matcher, ...]
    after_each: tuple[Matcher, ...]
    pause: Predicate | None
    warn: float | None
    clauses: tuple[CompiledClause, ...]  # one per clause written (counted on a chosen calendar: its first)
    # the clauses a ticket is matched against: a clause on a calendar chosen per ticket is
    # one variant per calendar (compile_clause); empty when that is ``clauses`` itself
    variants: tuple[CompiledClause, ...] = ()
    resume: tuple[Matcher, ...] = ()
    # `resume on ... within`: the clock span after a stop in which a resume event continues the
    # count (microseconds); later, it counts from zero
    resume_within: int = 0
    # `field change: from change`: a field change that picks another clause counts that clause's
    # time from the change (False: from the start, the time already counted carries over)
    from_change: bool = False
    # event kind -> the (role, status argument) pairs it plays: start, stop, reset, ...
    roles: dict[str, tuple[tuple[str, str | None], ...]] = field(init=False)
    # the events any matcher names: with no pause, any other event leaves the target as it was
    kinds: frozenset[str] = field(init=False)
    choose: Callable[[Mapping[str, Any]], CompiledClause | None] = field(init=False)
    # (event kind, status) -> the roles that event plays, precomputed for every status a
    # matcher names and for None (any other status); read on every step of a replay
    role_sets: dict[tuple[str, str | None], frozenset[str]] = field(init=False)
    # more than one clause to choose from: the replay notes when the choice changes (for
    # `field change: from change`, and for explain to say when the clause changed)
    follows_changes: bool = field(init=False)
    # the events after which the replay looks again at the clause: `set`, and a status change
    # when a clause reads the status (empty: the target does not follow changes)
    change_kinds: frozenset[str] = field(init=False)
    # `restart on` or `after each`: one cycle per round (read once per target of an evaluation)
    repeating: bool = field(init=False)

    @repeating.default
    def _repeating(self) -> bool:
        return bool(self.restart or self.after_each)

    @follows_changes.default
    def _follows_changes(self) -> bool:
        return self.from_change or len(self.variants or self.clauses) > 1

    @change_kinds.default
    def _change_kinds(self) -> frozenset[str]:
        if not self.follows_changes:
            return frozenset()
        choices = self.variants or self.clauses
        reads_status = any(c.condition is not None and _reads_status(c.condition) for c in choices)
        return frozenset({"set", "status"} if reads_status else {"set"})

    @roles.default
    def _roles(self) -> dict[str, tuple[tuple[str, str | None], ...]]:
        out: dict[str, list[tuple[str, str | None]]] = {}
        for role in _MATCHED:
            for kind, argument in getattr(self, role):
                out.setdefault(kind, []).append((role, argument))
        return {kind: tuple(pairs) for kind, pairs in out.items()}

    @kinds.default
    def _kinds(self) -> frozenset[str]:
        return frozenset(self.roles)

    @choose.default
    def _chooser(self) -> Callable[[Mapping[str, Any]], CompiledClause | None]:
        choices = self.variants or self.clauses
        return memoized(first_match(choices), [c.condition for c in choices if c.condition is not None])

    @role_sets.default
    def _role_sets(self) -> dict[tuple[str, str | None], frozenset[str]]:
        out = {}
        for kind, pairs in self.roles.items():
            for status in {None, *(argument for _, argument in pairs)}:
                out[(kind, status)] = frozenset(
                    role for role, argument in pairs if argument is None or argument == status)
        return out

    def roles_of(self, kind: str, status: str | None) -> frozenset[str]:
        sets = self.role_sets
        return sets.get((kind, status)) or sets.get((kind, None), _NO_ROLES)

    def watches(self, kind: str) -> bool:
        """Whether an event of ``kind`` that changed the values, playing no role here, may
        still change this target: a pause is re-checked, or the clause chosen again."""
        return self.pause is not None or kind in self.change_kinds


Steps = tuple[tuple[int, frozenset[str]], ...]  # (target's index, the roles the event plays for it)


@frozen
class ReplayPlan:
    """What each event does to the targets, decided at compile time: the replay looks up
    (event kind, status) once per event instead of asking every target. ``steps``: the
    targets the event plays a role for (a non-empty role set each). ``watchers``: the
    other targets that look again when the event changed the values (a pause, a clause
    that follows changes); an event that changed nothing leaves them as they were."""

    steps: dict[tuple[str, str | None], Steps]
    watchers: dict[tuple[str, str | None], tuple[int, ...]]

    @classmethod
    def of(cls, targets: tuple[CompiledTarget, ...], kinds: frozenset[str],
           statuses: tuple[str, ...]) -> ReplayPlan:
        """``kinds``: every event a ticket may log; ``statuses``: every status the policy declares.
        An event not in the tables (a status a policy does not declare) reads its kind's
        ``None`` row, as :meth:`CompiledTarget.roles_of` does."""
        steps: dict[tuple[str, str | None], Steps] = {}
        watchers: dict[tuple[str, str | None], tuple[int, ...]] = {}
        every_kind = kinds.union(*(t.kinds for t in targets))
        for kind in every_kind:
            for status in (None, *statuses):
                key = (kind, status)
                roles = [t.roles_of(kind, status) for t in targets]
                steps[key] = tuple((i, r) for i, r in enumerate(roles) if r)
                watchers[key] = tuple(i for i, (t, r) in enumerate(zip(targets, roles, strict=True))
                                      if not r and t.watches(kind))
        return cls(steps, watchers)


def _reads_status(cond: ast.Condition) -> bool:
    if isinstance(cond, (ast.And, ast.Or)):
        return any(_reads_status(c) for c in cond.operands)
    if isinstance(cond, ast.Not):
        return _reads_status(cond.operand)
    return cond.field == "status"


def matchers(refs: tuple[ast.EventRef, ...]) -> tuple[Matcher, ...]:
    return tuple((r.name, r.argument) for r in refs)


def equalities(cond: ast.Condition | None, kinds: Mapping[str, str]) -> tuple[tuple[str, Any], ...]:
    parts = () if cond is None else cond.operands if isinstance(cond, ast.And) else (cond,)
    return tuple((p.field, ast.literal(p.value, kinds.get(p.field, ""))) for p in parts
                 if isinstance(p, ast.Comparison) and p.op == "=")


def compile_clause(c: ast.Clause, kinds: Mapping[str, str], calendars: Mapping[str, BusinessCalendar],
                   choices: Mapping[str, CalendarChoice] | None = None, tz: tzinfo = UTC) -> list[CompiledClause]:
    """A clause's compiled form; a clause counted on a calendar chosen per ticket becomes one
    clause per calendar, each with the choice's condition added, in the choice's order (its
    ``otherwise`` last). All keep the text the policy wrote."""
    head = "otherwise" if c.condition is None else f"when {condition_text(c.condition)}"
    text = f"{head}: {deadline_text(c.deadline)}"
    named = getattr(c.deadline, "calendar", None)
    choice = (choices or {}).get(named) if isinstance(named, str) else None
    if choice is None:
        return [CompiledClause(text, compile_condition(c.condition, kinds) if c.condition is not None else None,
                               compile_deadline(c.deadline, calendars, tz), equalities(c.condition, kinds),
                               c.condition)]
    out = []
    for calendar, picks in _picks(choice):
        condition = picks if c.condition is None else c.condition if picks is None else ast.And((c.condition, picks))
        out.append(CompiledClause(text, None if condition is None else compile_condition(condition, kinds),
                                  compile_deadline(_on(c.deadline, calendar), calendars, tz),
                                  equalities(condition, kinds), condition))
    return out


def _on(deadline: ast.Deadline, calendar: str) -> ast.Deadline:
    """The deadline counted on ``calendar`` instead of the choice it names."""
    if isinstance(deadline, (ast.DurationDeadline, ast.EndOfDay, ast.NextDayAt)):
        return evolve(deadline, calendar=calendar)
    return deadline


def _picks(choice: CalendarChoice) -> list[tuple[str, ast.Condition | None]]:
    """Each calendar of a choice with the condition that picks it (None: any ticket)."""
    by_calendar: dict[str, list[str]] = {}
    for value, calendar in choice.cases:
        by_calendar.setdefault(calendar, []).append(value)
    out: list[tuple[str, ast.Condition | None]] = []
    for calendar, values in by_calendar.items():
        picks: ast.Condition = (ast.Comparison(choice.field, "=", ast.NameValue(values[0])) if len(values) == 1
                                else ast.Membership(choice.field, tuple(ast.NameValue(v) for v in values)))
        out.append((calendar, picks))
    if choice.otherwise is not None:
        listed = tuple(ast.NameValue(v) for v, _ in choice.cases)
        out.append((choice.otherwise, ast.Not(ast.Membership(choice.field, listed)) if listed else None))
    return out


def _any_of(predicates: list[Predicate]) -> Predicate | None:
    if not predicates:
        return None
    if len(predicates) == 1:
        return predicates[0]
    held = tuple(predicates)
    return lambda env: any(p(env) for p in held)


def compile_target(t: ast.TargetDecl, kinds: Mapping[str, str], calendars: Mapping[str, BusinessCalendar],
                   choices: Mapping[str, CalendarChoice] | None = None, tz: tzinfo = UTC) -> CompiledTarget:
    roles: dict[str, list[ast.EventRef]] = {r: [] for r in ROLES}
    pauses: list[Predicate] = []
    warn = None
    resume: tuple[Matcher, ...] = ()
    within = 0
    from_change = False
    clauses: list[list[CompiledClause]] = []
    for s in t.statements:
        if isinstance(s, ast.OnEvents):
            roles[s.role].extend(s.events)
        elif isinstance(s, ast.ResumeOn):
            resume, within = resume + matchers(s.events), duration_us(s.within)
        elif isinstance(s, ast.OnChange):
            from_change = s.origin == "change"
        elif isinstance(s, ast.PauseWhile):
            pauses.append(compile_condition(s.condition, kinds))
        elif isinstance(s, ast.WarnAt):
            warn = float(s.percent) / 100
        else:
            clauses.append(compile_clause(s, kinds, calendars, choices, tz))
    start, stop, reset, cancel, restart, after_each = (matchers(tuple(roles[r])) for r in ROLES)
    return CompiledTarget(t.name, t.label, start, stop, reset, cancel, restart, after_each,
                          _any_of(pauses), warn, tuple(c[0] for c in clauses),
                          tuple(v for c in clauses for v in c) if any(len(c) > 1 for c in clauses) else (),
                          resume, within, from_change)
