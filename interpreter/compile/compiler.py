"""A checked AST -> the compiled parts of a policy: calendars, fields, predicates,
targets and ladders as plain tuples and dicts. Compiled once, evaluated many times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from attrs import evolve, field, frozen

from plazo.dsl import ast
from plazo.dsl.format.formatter import condition as condition_text
from plazo.dsl.format.formatter import deadline as deadline_text
from plazo.interpreter.time.calendar import BusinessCalendar
from plazo.interpreter.time.spec import (
    CalendarSpec,
    ComplementCalendar,
    DifferenceCalendar,
    HolidaySet,
    Hours,
    SpecialDay,
    UnionCalendar,
    WeeklyCalendar,
    _weekday_range,
)
from plazo.interpreter.compile.conditions import Predicate, compile_condition, condition_fields, literal

US_PER = {"minutes": 60_000_000, "hours": 3_600_000_000, "days": 86_400_000_000}
Matcher = tuple[str, "str | None"]  # (event type, status name for `status x`)


class Clock:
    """Clock time (24x7, real elapsed time): the calendar of durations without `on`."""

    name = None

    @staticmethod
    def elapsed_us(x: int, y: int) -> int:
        return y - x

    @staticmethod
    def add_us(x: int, need: int) -> int:
        return x + need

    @staticmethod
    def next_open_us(x: int) -> int:
        return x

    @staticmethod
    def is_open_us(x: int) -> bool:
        return True

    @staticmethod
    def add_business_days_us(x: int, n: int) -> int:
        return x + n * US_PER["days"]


CLOCK = Clock()
Counter = BusinessCalendar | Clock


# ------------------------------------------------------------------ calendars


def calendar_specs(policy: ast.Policy) -> dict[str, CalendarSpec]:
    zone = policy.timezone.zone if policy.timezone else "UTC"
    region = policy.holidays.region if policy.holidays else None
    blocks = {i.name: i for i in policy.items if isinstance(i, ast.CalendarDecl)}
    exprs = {i.name: i for i in policy.items if isinstance(i, ast.CalendarExprDecl)}
    specs: dict[str, CalendarSpec] = {}

    def weekly(decl: ast.CalendarDecl) -> WeeklyCalendar:
        own_zone, own_region, closes, week = zone, region, False, [[] for _ in range(7)]
        special: list[SpecialDay] = []
        for s in decl.statements:
            if isinstance(s, ast.TimezoneDecl):
                own_zone = s.zone
            elif isinstance(s, ast.HolidaysDecl):
                own_region = s.region
            elif isinstance(s, ast.ClosedOnHolidays):
                closes = True
            elif isinstance(s, ast.Always):
                for day in week:
                    day.append(Hours(0, 24 * 60))
            elif isinstance(s, ast.WeeklyHours):
                for r in s.days:
                    for d in _weekday_range(r.first + (f"-{r.last}" if r.last else "")):
                        week[d].extend(Hours(i.start, i.end) for i in s.hours)
            elif isinstance(s, ast.ClosedDate):
                special.append(SpecialDay(s.day, (), s.label or ""))
            elif isinstance(s, ast.SpecialHours):
                special.append(SpecialDay(s.day, tuple(Hours(i.start, i.end) for i in s.hours), s.label or ""))
        holidays = (HolidaySet(own_region.country, own_region.subdivision),) if closes and own_region else ()
        return WeeklyCalendar(
            own_zone, tuple(tuple(sorted(d, key=lambda h: h.start)) for d in week),  # type: ignore[arg-type]
            holidays, tuple(special),
        )

    def resolve(name: str) -> CalendarSpec:
        if name not in specs:
            if name in blocks:
                specs[name] = weekly(blocks[name])
            else:
                specs[name] = expression(exprs[name].expr)
        return specs[name]

    def expression(e: ast.CalendarExpr) -> CalendarSpec:
        if isinstance(e, ast.CalRef):
            return resolve(e.name)
        if isinstance(e, ast.CalUnion):
            return UnionCalendar((expression(e.left), expression(e.right)))
        if isinstance(e, ast.CalDifference):
            return DifferenceCalendar(expression(e.left), expression(e.right))
        return ComplementCalendar(expression(e.operand))

    for name in [*blocks, *exprs]:
        resolve(name)
    return specs


# ------------------------------------------------------------------ fields


@frozen
class FieldSpec:
    name: str
    label: str | None
    kind: str  # enum | number | boolean | text | datetime
    values: tuple[str, ...] = ()
    value_labels: Mapping[str, str | None] = {}


def field_specs(policy: ast.Policy) -> dict[str, FieldSpec]:
    out = {}
    for item in policy.items:
        if isinstance(item, ast.FieldDecl):
            if isinstance(item.type, ast.EnumType):
                values = tuple(v.name for v in item.type.values)
                labels = {v.name: v.label for v in item.type.values}
                out[item.name] = FieldSpec(item.name, item.label, "enum", values, labels)
            else:
                out[item.name] = FieldSpec(item.name, item.label, item.type.kind)
    return out


def value_of(value: ast.Value) -> Any:
    if isinstance(value, ast.NameValue):
        return value.name
    if isinstance(value, ast.NumberValue):
        return float(value.value)
    return value.value


Derivation = Callable[[dict[str, Any]], Any]


def derivations(policy: ast.Policy, kinds: Mapping[str, str]) -> tuple[tuple[str, Derivation], ...]:
    """(field, function of the current values) in the order the policy declares them."""
    out: list[tuple[str, Derivation]] = []
    for item in policy.items:
        if isinstance(item, ast.MatrixDecl):
            columns = [c.value for c in item.columns]
            table = {(r.key.value, col): cell.value for r in item.rows for col, cell in zip(columns, r.cells)}
            rows, cols = item.row_field, item.column_field
            out.append((item.name, lambda env, t=table, r=rows, c=cols: t.get((env.get(r), env.get(c)))))
        elif isinstance(item, ast.DeriveDecl):
            cases = tuple((compile_condition(c.condition, kinds) if c.condition else None, value_of(c.value))
                          for c in item.cases)

            def rule(env: dict[str, Any], cases: Any = cases) -> Any:
                for predicate, value in cases:
                    if predicate is None or predicate(env):
                        return value
                return None
            out.append((item.name, rule))
    return out


# ------------------------------------------------------------------ targets


@frozen
class CompiledClause:
    text: str  # "when severity = alto: 10 minutes" as the formatter writes it
    predicate: Predicate | None  # None: otherwise
    kind: str  # duration | days | agreed | none | end_of_day | next_day
    counter: Any = CLOCK  # BusinessCalendar or CLOCK
    need_us: int = 0
    days: int = 0
    field: str | None = None
    reason: str | None = None
    at_minutes: int = 0
    equals: tuple[tuple[str, Any], ...] = ()  # the condition's top-level `field = value` parts
    condition: ast.Condition | None = None


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
    clauses: tuple[CompiledClause, ...]
    # event kind -> the (role, status argument) pairs it plays: start, stop, reset, ...
    roles: dict[str, tuple[tuple[str, str | None], ...]] = field(init=False)
    # the events any matcher names: with no pause, any other event leaves the target as it was
    kinds: frozenset[str] = field(init=False)
    choose: Callable[[Mapping[str, Any]], CompiledClause | None] = field(init=False)
    # (event kind, status) -> the roles that event plays, precomputed for every status a
    # matcher names and for None (any other status); read on every step of a replay
    role_sets: dict[tuple[str, str | None], frozenset[str]] = field(init=False)

    @roles.default
    def _roles(self) -> dict[str, tuple[tuple[str, str | None], ...]]:
        out: dict[str, list[tuple[str, str | None]]] = {}
        for role in ("start", "stop", "reset", "cancel", "restart", "after_each"):
            for kind, argument in getattr(self, role):
                out.setdefault(kind, []).append((role, argument))
        return {kind: tuple(pairs) for kind, pairs in out.items()}

    @kinds.default
    def _kinds(self) -> frozenset[str]:
        return frozenset(self.roles)

    @choose.default
    def _chooser(self) -> Callable[[Mapping[str, Any]], CompiledClause | None]:
        return chooser(self.clauses)

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

    @property
    def repeating(self) -> bool:
        return bool(self.restart or self.after_each)


Chooser = Callable[[Mapping[str, Any]], "CompiledClause | None"]
_MEMO_LIMIT = 4096


def chooser(clauses: tuple[CompiledClause, ...]) -> Chooser:
    """The first clause whose condition holds, remembered by the values of the names the
    clauses read: a history of a million tickets has a few dozen combinations of type,
    severity and service, and each is decided once. The memo stops growing at
    ``_MEMO_LIMIT`` entries (numbers and texts can take any value); past it, every
    ticket is decided afresh."""
    return memoized(_first_match(clauses), [c.condition for c in clauses if c.condition is not None])


D = TypeVar("D")


def memoized(decide: Callable[[Mapping[str, Any]], D], conditions: Iterable[ast.Condition]
             ) -> Callable[[Mapping[str, Any]], D]:
    """``decide``, remembered by the values of the names the ``conditions`` read (the only
    names ``decide`` may depend on). Bounded: past ``_MEMO_LIMIT`` entries nothing is added."""
    names = tuple(sorted(frozenset().union(*(condition_fields(c) for c in conditions))))
    if not names:
        return decide
    memo: dict[tuple[Any, ...], D] = {}

    def remembered(env: Mapping[str, Any]) -> D:
        key = tuple(map(env.get, names))
        try:
            return memo[key]
        except KeyError:
            decided = decide(env)
            if len(memo) < _MEMO_LIMIT:
                memo[key] = decided
            return decided
        except TypeError:  # an unhashable value: decide without the memo
            return decide(env)
    return remembered


def _first_match(clauses: tuple[CompiledClause, ...]) -> Chooser:
    """The first clause whose condition holds. Most clause lists test one field in every
    clause (``type = incidente and ...``): the candidates are looked up by that field's value,
    then tested in order, so a ticket is not tried against every clause of the other types."""
    counts: dict[str, int] = {}
    for c in clauses:
        for name in {name for name, _ in c.equals}:
            counts[name] = counts.get(name, 0) + 1
    if not counts or max(counts.values()) < 2:
        def first(env: Mapping[str, Any]) -> CompiledClause | None:
            for c in clauses:
                if c.predicate is None or c.predicate(env):
                    return c
            return None
        return first
    key = max(counts, key=lambda name: counts[name])
    wanted = [dict(c.equals).get(key, _ANY) if sum(n == key for n, _ in c.equals) == 1 else _ANY for c in clauses]
    rest = tuple(c for c, w in zip(clauses, wanted) if w is _ANY)
    table = {w: tuple(c for c, v in zip(clauses, wanted) if v is _ANY or v == w) for w in wanted if w is not _ANY}

    def by_key(env: Mapping[str, Any]) -> CompiledClause | None:
        for c in table.get(env.get(key), rest):
            if c.predicate is None or c.predicate(env):
                return c
        return None
    return by_key


_ANY = object()
_NO_ROLES: frozenset[str] = frozenset()


def matchers(refs: tuple[ast.EventRef, ...]) -> tuple[Matcher, ...]:
    return tuple((r.name, r.argument) for r in refs)


def duration_us(d: ast.Duration) -> int:
    return int(d.amount * US_PER[d.unit])


def compile_clause(c: ast.Clause, kinds: Mapping[str, str], calendars: Mapping[str, BusinessCalendar]) -> CompiledClause:
    head = "otherwise" if c.condition is None else f"when {condition_text(c.condition)}"
    text = f"{head}: {deadline_text(c.deadline)}"
    predicate = compile_condition(c.condition, kinds) if c.condition is not None else None
    clause = _deadline_clause(c.deadline, text, predicate, calendars)
    return evolve(clause, equals=equalities(c.condition, kinds), condition=c.condition)


def equalities(cond: ast.Condition | None, kinds: Mapping[str, str]) -> tuple[tuple[str, Any], ...]:
    parts = () if cond is None else cond.operands if isinstance(cond, ast.And) else (cond,)
    return tuple((p.field, literal(p.value, kinds.get(p.field, ""))) for p in parts
                 if isinstance(p, ast.Comparison) and p.op == "=")


def _deadline_clause(d: ast.Deadline, text: str, predicate: Predicate | None,
                     calendars: Mapping[str, BusinessCalendar]) -> CompiledClause:
    if isinstance(d, ast.DurationDeadline):
        counter = calendars[d.calendar] if d.calendar else CLOCK
        if d.duration.unit == "days" and d.duration.business:
            return CompiledClause(text, predicate, "days", counter, days=int(d.duration.amount))
        return CompiledClause(text, predicate, "duration", counter, need_us=duration_us(d.duration))
    if isinstance(d, ast.Agreed):
        return CompiledClause(text, predicate, "agreed", field=d.field)
    if isinstance(d, ast.NoTarget):
        return CompiledClause(text, predicate, "none", reason=d.reason)
    if isinstance(d, ast.EndOfDay):
        return CompiledClause(text, predicate, "end_of_day", calendars[d.calendar])
    return CompiledClause(text, predicate, "next_day", calendars[d.calendar], at_minutes=d.at)


def compile_target(t: ast.TargetDecl, kinds: Mapping[str, str],
                   calendars: Mapping[str, BusinessCalendar]) -> CompiledTarget:
    roles: dict[str, list[ast.EventRef]] = {r: [] for r in ("start", "stop", "reset", "cancel", "restart", "after_each")}
    pauses: list[Predicate] = []
    warn = None
    clauses = []
    for s in t.statements:
        if isinstance(s, ast.OnEvents):
            roles[s.role].extend(s.events)
        elif isinstance(s, ast.PauseWhile):
            pauses.append(compile_condition(s.condition, kinds))
        elif isinstance(s, ast.WarnAt):
            warn = float(s.percent) / 100
        else:
            clauses.append(compile_clause(s, kinds, calendars))
    pause = None
    if pauses:
        pause = pauses[0] if len(pauses) == 1 else (lambda env, ps=tuple(pauses): any(p(env) for p in ps))
    return CompiledTarget(
        t.name, t.label, *(matchers(tuple(roles[r])) for r in ("start", "stop", "reset", "cancel", "restart",
                                                                  "after_each")),
        pause, warn, tuple(clauses),
    )


# ------------------------------------------------------------------ escalation, rules, channels


@frozen
class CompiledLevel:
    number: int | float
    name: str | None
    role: str | None
    contacts: tuple[str, ...]
    time: ast.LevelTime | None
    counter: Any = CLOCK  # for `after <duration> on <calendar>`
    # `time`, read once: (kind, microseconds or business days, fraction, target); kind is
    # after | days | fraction | before | after_due | None
    how: tuple[str | None, int, float, str | None] = field(init=False)

    @how.default
    def _how(self) -> tuple[str | None, int, float, str | None]:
        t = self.time
        if t is None:
            return (None, 0, 0.0, None)
        if isinstance(t, ast.LevelAfter):
            if t.duration.unit == "days" and t.duration.business:
                return ("days", int(t.duration.amount), 0.0, None)
            return ("after", duration_us(t.duration), 0.0, None)
        if isinstance(t, ast.LevelAtFraction):
            return ("fraction", 0, float(t.percent) / 100, t.target)
        return ("before" if t.direction == "before" else "after_due", duration_us(t.duration), 0.0, t.target)


@frozen
class CompiledLadder:
    name: str
    label: str | None
    condition: Predicate | None
    start_event: Matcher | None  # None with start_breach None: created
    start_breach: str | None
    levels: tuple[CompiledLevel, ...]


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral() else float(value)


def compile_ladder(e: ast.EscalationDecl, kinds: Mapping[str, str],
                   calendars: Mapping[str, BusinessCalendar]) -> CompiledLadder:
    levels = []
    for lv in e.levels:
        counter = CLOCK
        if isinstance(lv.time, ast.LevelAfter) and lv.time.calendar:
            counter = calendars[lv.time.calendar]
        levels.append(CompiledLevel(number(lv.number), lv.label, lv.role, lv.contacts, lv.time, counter))
    start_event = start_breach = None
    if isinstance(e.start, ast.LadderOnEvent):
        start_event = (e.start.event.name, e.start.event.argument)
    elif isinstance(e.start, ast.LadderOnBreach):
        start_breach = e.start.target
    else:
        start_event = ("created", None)
    return CompiledLadder(
        e.name, e.label, compile_condition(e.condition, kinds) if e.condition else None,
        start_event, start_breach, tuple(levels),
    )


@frozen
class CompiledChannel:
    name: str
    label: str | None
    calendar: BusinessCalendar | None
    takes: Predicate | None


def compile_channel(c: ast.ChannelDecl, kinds: Mapping[str, str],
                    calendars: Mapping[str, BusinessCalendar]) -> CompiledChannel:
    calendar = takes = None
    for s in c.statements:
        if isinstance(s, ast.ChannelHours):
            calendar = calendars[s.calendar]
        elif isinstance(s, ast.ChannelTakes):
            takes = compile_condition(s.condition, kinds)
    return CompiledChannel(c.name, c.label, calendar, takes)
