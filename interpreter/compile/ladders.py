"""Escalation ladders: when each level is reached, one class per way of saying it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Protocol

from attrs import field, frozen

from plazo.dsl import ast
from plazo.interpreter.compile.calendars import CalendarChoice
from plazo.interpreter.compile.conditions import Env, Predicate, compile_condition
from plazo.interpreter.compile.deadlines import duration_us
from plazo.interpreter.compile.targets import Matcher
from plazo.interpreter.time.calendar import BusinessCalendar
from plazo.interpreter.time.clock import CLOCK, Counter


class DueFacts(Protocol):
    """What a level timed on a target needs of that target's last cycle."""

    @property
    def due(self) -> int | None: ...

    def at_fraction(self, fraction: float) -> int | None: ...


Cycles = Mapping[str, Sequence[DueFacts]]  # target name -> its cycles, in order


_NO_VALUES: Env = MappingProxyType({})


class LevelTiming:
    """When a level is reached, given the instant its ladder started (and the ticket's values,
    for a level counted on a calendar chosen per ticket)."""

    __slots__ = ()

    def instant(self, start: int, cycles: Cycles, env: Env = _NO_VALUES) -> int | None:
        """None: the level has no instant (yet)."""
        raise NotImplementedError

    @property
    def asks_calendar(self) -> bool:
        """Whether finding the instant may count open time on a calendar, which can fail (a
        calendar that is never open again, a search past the horizon); clock arithmetic cannot."""
        return False


@frozen
class Untimed(LevelTiming):
    """A level of an ordered list: followed in order, not at an instant."""

    def instant(self, start: int, cycles: Cycles, env: Env = _NO_VALUES) -> None:
        return None


@frozen
class AfterDuration(LevelTiming):
    """``after 2 hours [on soporte]``."""

    on: Counter
    amount_us: int

    def instant(self, start: int, cycles: Cycles, env: Env = _NO_VALUES) -> int:
        return self.on.add_us(start, self.amount_us)

    @property
    def asks_calendar(self) -> bool:
        return self.on is not CLOCK


@frozen
class AfterBusinessDays(LevelTiming):
    """``after 2 business days [on soporte]``."""

    on: Counter
    days: int

    def instant(self, start: int, cycles: Cycles, env: Env = _NO_VALUES) -> int:
        return self.on.add_business_days_us(start, self.days)

    @property
    def asks_calendar(self) -> bool:
        return self.on is not CLOCK


@frozen
class ChosenCalendar(LevelTiming):
    """``after 4 business hours on habil`` where ``habil`` is chosen per ticket
    (``by country { cl: habil_cl  pe: habil_pe }``): counted on the calendar the ticket's
    value chooses, read when the level's instant is asked for; a ticket without a value the
    choice covers has no instant for the level."""

    picks: tuple[tuple[Predicate, LevelTiming], ...]  # in the choice's order, its otherwise last

    def instant(self, start: int, cycles: Cycles, env: Env = _NO_VALUES) -> int | None:
        timing = next((t for picks, t in self.picks if picks(env)), None)
        return None if timing is None else timing.instant(start, cycles, env)

    @property
    def asks_calendar(self) -> bool:
        return any(t.asks_calendar for _, t in self.picks)


def _last(cycles: Cycles, target: str) -> DueFacts | None:
    found = cycles.get(target)
    return found[-1] if found else None


@frozen
class AtFraction(LevelTiming):
    """``at 75% of resolution``: when that share of the target's allowed time is counted."""

    fraction: float
    target: str

    def instant(self, start: int, cycles: Cycles, env: Env = _NO_VALUES) -> int | None:
        last = _last(cycles, self.target)
        return None if last is None else last.at_fraction(self.fraction)

    @property
    def asks_calendar(self) -> bool:
        return True  # a share of a target's time counted on its calendar (not known here)


@frozen
class FromDue(LevelTiming):
    """``at 1 hour before due of resolution`` (negative offset) or ``after`` it."""

    offset_us: int
    target: str

    def instant(self, start: int, cycles: Cycles, env: Env = _NO_VALUES) -> int | None:
        last = _last(cycles, self.target)
        return None if last is None or last.due is None else last.due + self.offset_us


def level_timing(t: ast.LevelTime | None, calendars: Mapping[str, BusinessCalendar],
                 choices: Mapping[str, CalendarChoice] | None = None,
                 kinds: Mapping[str, str] | None = None) -> LevelTiming:
    if t is None:
        return Untimed()
    if isinstance(t, ast.LevelAfter):
        choice = (choices or {}).get(t.calendar) if t.calendar else None
        if choice is not None:
            return _chosen(t, choice, calendars, kinds or {})
        on: Counter = calendars[t.calendar] if t.calendar else CLOCK
        if t.duration.unit == "days" and t.duration.business:
            return AfterBusinessDays(on, int(t.duration.amount))
        return AfterDuration(on, duration_us(t.duration))
    if isinstance(t, ast.LevelAtFraction):
        return AtFraction(float(t.percent) / 100, t.target)
    sign = -1 if t.direction == "before" else 1
    return FromDue(sign * duration_us(t.duration), t.target)


def _chosen(t: ast.LevelAfter, choice: CalendarChoice, calendars: Mapping[str, BusinessCalendar],
            kinds: Mapping[str, str]) -> ChosenCalendar:
    def on(calendar: str) -> LevelTiming:
        return level_timing(ast.LevelAfter(t.duration, calendar), calendars)

    def equals(value: str) -> ast.Comparison:
        return ast.Comparison(choice.field, "=", ast.NameValue(value))
    picks = [(compile_condition(equals(value), kinds), on(calendar)) for value, calendar in choice.cases]
    if choice.otherwise is not None:
        listed = tuple(ast.NameValue(v) for v, _ in choice.cases)
        anything: Predicate = (compile_condition(ast.Not(ast.Membership(choice.field, listed)), kinds) if listed
                               else _always)
        picks.append((anything, on(choice.otherwise)))
    return ChosenCalendar(tuple(picks))


def _always(env: Env) -> bool:
    return True


@frozen
class CompiledLevel:
    number: int | float
    name: str | None
    role: str | None
    contacts: tuple[str, ...]
    timing: LevelTiming


@frozen
class CompiledLadder:
    name: str
    label: str | None
    condition: Predicate | None
    start_event: Matcher | None  # the event that starts it (None: a breach does)
    start_breach: str | None  # the target whose breach starts it
    levels: tuple[CompiledLevel, ...]
    # Worked out here once, not on every evaluation:
    # levels without times: a list to follow, which starts at its first level
    ordered_list: bool = field(init=False, eq=False)
    # each level's instant is its ladder's start plus this (every level `after` a clock duration):
    # an addition, not a call per level; None: some level is timed otherwise
    clock_offsets: tuple[int, ...] | None = field(init=False, eq=False)
    # what the run stage builds once for this ladder and keeps (the compile stage cannot name
    # result classes): the levels' results when no level has an instant, the result when the
    # ladder has not started on an open ticket
    kept: dict[str, Any] = field(init=False, eq=False, repr=False, factory=dict)

    @ordered_list.default
    def _ordered_list(self) -> bool:
        return bool(self.levels) and all(isinstance(lv.timing, Untimed) for lv in self.levels)

    @clock_offsets.default
    def _clock_offsets(self) -> tuple[int, ...] | None:
        offsets = tuple(clock_offset(lv.timing) for lv in self.levels)
        return None if any(o is None for o in offsets) else tuple(o for o in offsets if o is not None)


def clock_offset(timing: LevelTiming) -> int | None:
    """How long after the start a level is reached when that is a fixed clock time."""
    if isinstance(timing, AfterDuration) and timing.on is CLOCK:
        return timing.amount_us
    if isinstance(timing, AfterBusinessDays) and timing.on is CLOCK:
        return CLOCK.add_business_days_us(0, timing.days)
    return None


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral() else float(value)


def compile_ladder(e: ast.EscalationDecl, kinds: Mapping[str, str], calendars: Mapping[str, BusinessCalendar],
                   choices: Mapping[str, CalendarChoice] | None = None) -> CompiledLadder:
    levels = tuple(CompiledLevel(number(lv.number), lv.label, lv.role, lv.contacts,
                                 level_timing(lv.time, calendars, choices, kinds))
                   for lv in e.levels)
    start_event: Matcher | None = ("created", None)
    start_breach = None
    if isinstance(e.start, ast.LadderOnEvent):
        start_event = (e.start.event.name, e.start.event.argument)
    elif isinstance(e.start, ast.LadderOnBreach):
        start_event, start_breach = None, e.start.target
    return CompiledLadder(e.name, e.label, compile_condition(e.condition, kinds) if e.condition else None,
                          start_event, start_breach, levels)
