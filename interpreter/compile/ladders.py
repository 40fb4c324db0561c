"""Escalation ladders: when each level is reached, one class per way of saying it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Protocol

from attrs import frozen

from plazo.dsl import ast
from plazo.interpreter.compile.conditions import Predicate, compile_condition
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


class LevelTiming:
    """When a level is reached, given the instant its ladder started."""

    __slots__ = ()

    def instant(self, start: int, cycles: Cycles) -> int | None:
        """None: the level has no instant (yet)."""
        raise NotImplementedError


@frozen
class Untimed(LevelTiming):
    """A level of an ordered list: followed in order, not at an instant."""

    def instant(self, start: int, cycles: Cycles) -> None:
        return None


@frozen
class AfterDuration(LevelTiming):
    """``after 2 hours [on soporte]``."""

    on: Counter
    amount_us: int

    def instant(self, start: int, cycles: Cycles) -> int:
        return self.on.add_us(start, self.amount_us)


@frozen
class AfterBusinessDays(LevelTiming):
    """``after 2 business days [on soporte]``."""

    on: Counter
    days: int

    def instant(self, start: int, cycles: Cycles) -> int:
        return self.on.add_business_days_us(start, self.days)


def _last(cycles: Cycles, target: str) -> DueFacts | None:
    found = cycles.get(target)
    return found[-1] if found else None


@frozen
class AtFraction(LevelTiming):
    """``at 75% of resolution``: when that share of the target's allowed time is counted."""

    fraction: float
    target: str

    def instant(self, start: int, cycles: Cycles) -> int | None:
        last = _last(cycles, self.target)
        return None if last is None else last.at_fraction(self.fraction)


@frozen
class FromDue(LevelTiming):
    """``at 1 hour before due of resolution`` (negative offset) or ``after`` it."""

    offset_us: int
    target: str

    def instant(self, start: int, cycles: Cycles) -> int | None:
        last = _last(cycles, self.target)
        return None if last is None or last.due is None else last.due + self.offset_us


def level_timing(t: ast.LevelTime | None, calendars: Mapping[str, BusinessCalendar]) -> LevelTiming:
    if t is None:
        return Untimed()
    if isinstance(t, ast.LevelAfter):
        on: Counter = calendars[t.calendar] if t.calendar else CLOCK
        if t.duration.unit == "days" and t.duration.business:
            return AfterBusinessDays(on, int(t.duration.amount))
        return AfterDuration(on, duration_us(t.duration))
    if isinstance(t, ast.LevelAtFraction):
        return AtFraction(float(t.percent) / 100, t.target)
    sign = -1 if t.direction == "before" else 1
    return FromDue(sign * duration_us(t.duration), t.target)


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

    @property
    def ordered_list(self) -> bool:
        """Levels without times: a list to follow, which starts at its first level."""
        return bool(self.levels) and all(isinstance(lv.timing, Untimed) for lv in self.levels)


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral() else float(value)


def compile_ladder(e: ast.EscalationDecl, kinds: Mapping[str, str],
                   calendars: Mapping[str, BusinessCalendar]) -> CompiledLadder:
    levels = tuple(CompiledLevel(number(lv.number), lv.label, lv.role, lv.contacts, level_timing(lv.time, calendars))
                   for lv in e.levels)
    start_event: Matcher | None = ("created", None)
    start_breach = None
    if isinstance(e.start, ast.LadderOnEvent):
        start_event = (e.start.event.name, e.start.event.argument)
    elif isinstance(e.start, ast.LadderOnBreach):
        start_event, start_breach = None, e.start.target
    return CompiledLadder(e.name, e.label, compile_condition(e.condition, kinds) if e.condition else None,
                          start_event, start_breach, levels)
