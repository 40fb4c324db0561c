"""Which parts of a policy the scenarios exercise.

The parts (:class:`Part`) are read from the policy's AST, each at its line: every clause
of every target, every cell of every matrix, every level of every ladder, every route,
reject, require, forbid, flow and order rule, every notification duty, every channel twice
(asserted open, asserted closed), every calendar a target counts on once per kind of
closure it has (a day without hours, a holiday), and every maintenance rule. A part is
covered when an expectation looks at an evaluation that used it:

- a clause: an expectation on its target, evaluated with that clause chosen;
- a matrix cell: an expect block evaluating a ticket whose values select that cell;
- a level: an ``escalation`` expectation on its ladder, evaluated after the level was reached;
- a route, reject, require, forbid, flow or order rule: a ``route``, ``rejected`` or
  ``violation`` expectation evaluated while that rule fires (a flow or order: broken);
- a notification duty: a ``notify`` expectation on it;
- a channel: a ``channel`` expectation evaluated while it is open (or closed);
- a calendar's closure: an expectation on a target counting on the calendar, whose
  counted time skips a day of that kind (a weekend, a holiday);
- a maintenance rule: a ``maintenance`` line it refuses (the emergency exception: a
  line that asks for it).

What the evaluation gave counts, not what was expected: a failing expectation still
exercised the policy. The headline figure, the one ``--fail-under`` compares, is the
share of clauses and matrix cells covered; the other kinds are listed beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from attrs import field, frozen

from plazo.dsl import ast
from plazo.dsl.format.formatter import condition as condition_text
from plazo.dsl.names import SPANISH_WEEKDAYS, WEEKDAYS
from plazo.dsl.scenario.parser import ExpectBlock, MaintenanceCheck
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.explain.facts import Explanation
from plazo.interpreter.run.results import EvaluationResult, MaintenanceProblem
from plazo.interpreter.run.ticket import Ticket

Kind = Literal["clause", "cell", "level", "route", "reject", "require", "forbid", "flow", "order", "notify",
               "channel open", "channel closed", "closed day", "holiday", "maintenance"]
KINDS: tuple[Kind, ...] = ("clause", "cell", "level", "route", "reject", "require", "forbid", "flow", "order",
                           "notify", "channel open", "channel closed", "closed day", "holiday", "maintenance")
NOTIFY_EXPECTATIONS = frozenset({"notify_status", "notify_due"})
HEADLINE: tuple[Kind, ...] = ("clause", "cell")  # what --fail-under compares
TARGET_EXPECTATIONS = frozenset({"status", "breached", "due", "cycles", "cycle_status", "cycle_due"})
LADDER_EXPECTATIONS = frozenset({"level", "next"})


@frozen
class Part:
    """A part of a policy that a scenario can exercise. ``key`` identifies it among the
    policy's parts (what an evaluation reports); ``text`` says it for a reader."""

    kind: Kind
    key: tuple[str, ...]
    text: str
    line: int
    column: int = 1


@frozen
class Hit:
    """Where a part was exercised: the scenario file and the expectation's line."""

    file: str
    line: int


@frozen
class PartCoverage:
    part: Part
    hits: tuple[Hit, ...]

    @property
    def covered(self) -> bool:
        return bool(self.hits)


@frozen
class PolicyCoverage:
    path: str  # as the report names it
    source: str  # the policy's text, for the annotated page
    parts: tuple[PartCoverage, ...]

    def of_kind(self, kinds: Iterable[Kind]) -> list[PartCoverage]:
        wanted = set(kinds)
        return [p for p in self.parts if p.part.kind in wanted]

    def percent(self, kinds: Iterable[Kind] = HEADLINE) -> float:
        return percent(self.of_kind(kinds))

    def to_dict(self) -> dict[str, object]:
        return {
            "policy": self.path,
            "percent": round(self.percent(), 2),
            "kinds": {k: {"covered": sum(p.covered for p in self.of_kind([k])), "total": len(self.of_kind([k]))}
                      for k in KINDS if self.of_kind([k])},
            "parts": [{"kind": p.part.kind, "text": p.part.text, "line": p.part.line, "covered": p.covered,
                       "by": [f"{h.file}:{h.line}" for h in p.hits]} for p in self.parts],
        }


def percent(parts: list[PartCoverage]) -> float:
    """The share covered, in percent; nothing to cover is all of it covered."""
    return 100.0 if not parts else 100.0 * sum(p.covered for p in parts) / len(parts)


# ------------------------------------------------------------------ the parts of a policy


def parts_of(policy: ast.Policy) -> tuple[Part, ...]:
    """Every part of ``policy`` a scenario can exercise, in the order of the text."""
    out: list[Part] = []
    counted_on = _calendars_counted_on(policy)
    regional = policy.holidays is not None
    always = frozenset(i.name for i in policy.items
                       if isinstance(i, ast.CalendarDecl) and any(isinstance(s, ast.Always) for s in i.statements))
    for item in policy.items:
        parts = _channels(item, always) if isinstance(item, ast.ChannelDecl) else _PARTS.get(type(item), _none)(item)
        out.extend(parts)
        if isinstance(item, ast.CalendarDecl) and item.name in counted_on:
            out.extend(_closures(item, regional))
    return tuple(sorted(out, key=lambda p: (p.line, p.column, KINDS.index(p.kind))))


def _none(item: ast.Item) -> Iterator[Part]:
    return iter(())


def _clauses(t: ast.Item) -> Iterator[Part]:
    assert isinstance(t, ast.TargetDecl)
    clauses = [s for s in t.statements if isinstance(s, ast.Clause)]
    for i, c in enumerate(clauses):
        head = "otherwise" if c.condition is None else f"when {condition_text(c.condition)}"
        yield Part("clause", (t.name, str(i)), f"{t.name}: {head}", c.span.line, c.span.column)


def _cells(m: ast.Item) -> Iterator[Part]:
    assert isinstance(m, ast.MatrixDecl)
    for row in m.rows:
        for column, cell in zip(m.columns, row.cells, strict=True):
            yield Part("cell", (m.name, row.key.value, column.value),
                       f"{m.name}[{m.row_field} = {row.key.value}, {m.column_field} = {column.value}] = {cell.value}",
                       cell.span.line, cell.span.column)


def _levels(e: ast.Item) -> Iterator[Part]:
    """Every level with a time; of an ordered list without times, only the first (the
    others are followed by people, never reached by a clock)."""
    assert isinstance(e, ast.EscalationDecl)
    for i, lv in enumerate(e.levels):
        if lv.time is None and i > 0:
            continue
        number = level_number(lv.number)
        yield Part("level", (e.name, number), f"escalation {e.name} level {number}" + (
            f" ({lv.label})" if lv.label else ""), lv.span.line, lv.span.column)


def level_number(n: float | Decimal) -> str:
    """A level's number as a key: the AST's ``2`` and ``2.5`` and a result's ``2`` and ``2.5``."""
    return format(float(n), "g")


def _rule(kind: Kind) -> Callable[[ast.Item], Iterator[Part]]:
    def parts(item: ast.Item) -> Iterator[Part]:
        assert isinstance(item, ast.RouteDecl | ast.RejectDecl | ast.RequireDecl | ast.ForbidDecl | ast.FlowDecl
                          | ast.OrderDecl | ast.NotifyDecl)
        yield Part(kind, (item.name,), f"{kind} {item.name}", item.span.line, item.span.column)
    return parts


def _channels(c: ast.Item, always: frozenset[str]) -> Iterator[Part]:
    """Open and closed; a channel that takes every ticket on a calendar that is always open
    (or on none) is never closed."""
    assert isinstance(c, ast.ChannelDecl)
    yield Part("channel open", (c.name,), f"channel {c.name} asserted open", c.span.line, c.span.column)
    hours = [s.calendar for s in c.statements if isinstance(s, ast.ChannelHours)]
    takes_all = not any(isinstance(s, ast.ChannelTakes) for s in c.statements)
    if not (takes_all and all(h in always for h in hours)):
        yield Part("channel closed", (c.name,), f"channel {c.name} asserted closed", c.span.line, c.span.column)


def _maintenance(m: ast.Item) -> Iterator[Part]:
    assert isinstance(m, ast.MaintenanceDecl)
    for s in m.statements:
        rule = _MAINTENANCE_RULES.get(type(s))
        if rule is not None:
            what = "asked for" if rule == "emergency" else "refusing a maintenance"
            yield Part("maintenance", (rule,), f"maintenance {rule} rule {what}", s.span.line, s.span.column)


# the rule of check_maintenance's problems each statement is checked by (a time zone is none)
_MAINTENANCE_RULES: dict[type, str] = {ast.Notice: "notice", ast.Window: "window", ast.DayWindow: "window",
                                       ast.Emergency: "emergency", ast.EmergencyNotice: "notice"}


_PARTS: dict[type, Callable[[ast.Item], Iterator[Part]]] = {
    ast.TargetDecl: _clauses, ast.MatrixDecl: _cells, ast.EscalationDecl: _levels,
    ast.RouteDecl: _rule("route"), ast.RejectDecl: _rule("reject"), ast.RequireDecl: _rule("require"),
    ast.ForbidDecl: _rule("forbid"), ast.MaintenanceDecl: _maintenance,
    ast.FlowDecl: _rule("flow"), ast.OrderDecl: _rule("order"), ast.NotifyDecl: _rule("notify"),
}


def _calendars_counted_on(policy: ast.Policy) -> set[str]:
    """The calendars a target's clause counts on (business durations, end of day, next day)."""
    names = set()
    for item in policy.items:
        if isinstance(item, ast.TargetDecl):
            for s in item.statements:
                deadline = s.deadline if isinstance(s, ast.Clause) else None
                if isinstance(deadline, ast.DurationDeadline | ast.EndOfDay | ast.NextDayAt) and deadline.calendar:
                    names.add(deadline.calendar)
    return names


def _closures(c: ast.CalendarDecl, regional: bool) -> Iterator[Part]:
    """The kinds of closure a calendar has: a weekday without hours, holidays."""
    days: set[str] = set()
    for s in c.statements:
        if isinstance(s, ast.Always):
            days.update(WEEKDAYS)
        elif isinstance(s, ast.WeeklyHours):
            for r in s.days:
                days.update(_day_range(r))
    if len(days) < len(WEEKDAYS):
        yield Part("closed day", (c.name,), f"calendar {c.name} counted across a day without hours",
                   c.span.line, c.span.column)
    for s in c.statements:
        if isinstance(s, ast.ClosedOnHolidays) and regional:
            yield Part("holiday", (c.name,), f"calendar {c.name} counted across a holiday", s.span.line,
                       s.span.column)


def _day_range(r: ast.DayRange) -> list[str]:
    first = WEEKDAYS.index(SPANISH_WEEKDAYS.get(r.first, r.first))
    last = WEEKDAYS.index(SPANISH_WEEKDAYS.get(r.last, r.last)) if r.last else first
    return [WEEKDAYS[(first + i) % 7] for i in range((last - first) % 7 + 1)]


# ------------------------------------------------------------------ recording what scenarios exercise


@frozen
class _Tally:
    """The hits of one policy's parts, gathered while its scenarios run."""

    policy: CompiledPolicy
    path: str
    source: str
    parts: tuple[Part, ...]
    hits: dict[tuple[Kind, tuple[str, ...]], list[Hit]] = field(factory=dict)

    def hit(self, kind: Kind, key: tuple[str, ...], where: Hit) -> None:
        self.hits.setdefault((kind, key), []).append(where)

    def result(self) -> PolicyCoverage:
        return PolicyCoverage(self.path, self.source, tuple(
            PartCoverage(p, tuple(self.hits.get((p.kind, p.key), ()))) for p in self.parts))


class Recorder:
    """Gathers, across scenario files, which parts of each policy their expectations
    exercised. ``plazo test --coverage`` hands it every evaluation the checks look at."""

    def __init__(self) -> None:
        self._tallies: dict[Path, _Tally] = {}

    def tally(self, policy: CompiledPolicy, path: Path, shown_as: str, source: str) -> _Tally:
        key = path.resolve()
        if key not in self._tallies:
            self._tallies[key] = _Tally(policy, shown_as, source, parts_of(policy.ast))
        return self._tallies[key]

    def results(self) -> list[PolicyCoverage]:
        return [t.result() for t in self._tallies.values()]


def record_block(tally: _Tally, file: str, block: ExpectBlock, ticket: Ticket, result: EvaluationResult,
                 explanation: Callable[[], Explanation]) -> None:
    """What the expectations of one ``at ... expect`` block exercised; ``explanation`` is
    asked for only when a target expectation needs the days its counting skipped."""
    policy = tally.policy
    env = dict(result.fields)
    for item in policy.ast.items:
        if isinstance(item, ast.MatrixDecl) and block.expectations:
            row, column = env.get(item.row_field), env.get(item.column_field)
            tally.hit("cell", (item.name, str(row), str(column)), Hit(file, block.span.line))
    explained: Explanation | None = None
    for x in block.expectations:
        where = Hit(file, x.span.line)
        subject = x.subject or ""
        if x.kind in TARGET_EXPECTATIONS:
            explained = explained or explanation()
            _record_target(tally, subject, result, explained, where)
        elif x.kind in LADDER_EXPECTATIONS:
            _record_ladder(tally, subject, result, where)
        elif x.kind == "route" and result.route is not None:
            tally.hit("route", (result.route.name,), where)
        elif x.kind == "handed_off" and result.handed_off is not None:
            tally.hit("route", (result.handed_off.route,), where)
        elif x.kind == "rejected" and result.rejected is not None:
            tally.hit("reject", (result.rejected.name,), where)
        elif x.kind in ("violation", "violation_at"):
            for v in result.violations:  # a rule's name is unique: only the kind it is of has it
                tally.hit("require", (v.rule,), where)
                tally.hit("forbid", (v.rule,), where)
            for w in result.workflow:
                tally.hit("flow", (w.rule,), where)
                tally.hit("order", (w.rule,), where)
        elif x.kind in NOTIFY_EXPECTATIONS and any(n.name == subject for n in result.notifications):
            tally.hit("notify", (subject,), where)
        elif x.kind == "channel":
            state: Kind = "channel open" if subject in result.channels_open else "channel closed"
            tally.hit(state, (subject,), where)


def _record_target(tally: _Tally, name: str, result: EvaluationResult, explained: Explanation,
                   where: Hit) -> None:
    target = next((t for t in result.targets if t.name == name), None)
    compiled = next((t for t in tally.policy.targets if t.name == name), None)
    if target is None or compiled is None or target.clause is None:
        return
    index = next((i for i, c in enumerate(compiled.clauses) if c.text == target.clause), None)
    if index is not None:
        tally.hit("clause", (name, str(index)), where)
    facts = next((t for t in explained.targets if t.name == name), None)
    if facts is None or facts.calendar is None:
        return
    for cycle in facts.cycles:
        for day in cycle.skipped:
            tally.hit("holiday" if day.kind == "holiday" else "closed day", (facts.calendar,), where)


def _record_ladder(tally: _Tally, name: str, result: EvaluationResult, where: Hit) -> None:
    ladder = next((e for e in result.escalations if e.name == name), None)
    if ladder is None:
        return
    reached_by: datetime = result.at if ladder.stopped is None else min(result.at, ladder.stopped)
    for lv in ladder.levels:
        if (lv.at is not None and lv.at <= reached_by) or lv.number == ladder.current_level:
            tally.hit("level", (name, level_number(lv.number)), where)


def record_maintenance(tally: _Tally, file: str, m: MaintenanceCheck, problems: list[MaintenanceProblem]) -> None:
    where = Hit(file, m.span.line)
    for rule in {p.rule for p in problems}:
        tally.hit("maintenance", (rule,), where)
    if m.emergency:
        tally.hit("maintenance", ("emergency",), where)


# ------------------------------------------------------------------ reports


def total_percent(results: Iterable[PolicyCoverage]) -> float:
    return percent([p for r in results for p in r.of_kind(HEADLINE)])


def render_text(results: list[PolicyCoverage]) -> str:
    """Per policy: the headline share, each kind's count, then every part never exercised
    as ``file:line:column: kind never exercised: what``."""
    lines = []
    for r in results:
        head = r.of_kind(HEADLINE)
        lines.append(f"{r.path}: clauses and matrix cells {sum(p.covered for p in head)}/{len(head)} "
                     f"({r.percent():.1f} %)")
        counts = [f"{k} {sum(p.covered for p in r.of_kind([k]))}/{len(r.of_kind([k]))}" for k in KINDS
                  if r.of_kind([k])]
        lines.append("  " + ", ".join(counts))
        lines.extend(f"{r.path}:{p.part.line}:{p.part.column}: {p.part.kind} never exercised: {p.part.text}"
                     for p in r.parts if not p.covered)
    every = [p for r in results for p in r.of_kind(HEADLINE)]
    lines.append(f"coverage: clauses and matrix cells {sum(p.covered for p in every)}/{len(every)} "
                 f"({total_percent(results):.1f} %) in {len(results)} polic{'y' if len(results) == 1 else 'ies'}")
    return "\n".join(lines) + "\n"
