"""Channels: a contact's hours and the tickets it takes."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from attrs import field, frozen

from plazo.dsl import ast
from plazo.interpreter.compile.choose import memoized
from plazo.interpreter.compile.conditions import Env, Predicate, compile_condition
from plazo.interpreter.time.calendar import BusinessCalendar
from plazo.interpreter.time.spec import Hours, WeeklyCalendar


@frozen
class CompiledChannel:
    name: str
    label: str | None
    calendar: BusinessCalendar | None  # None: always open
    takes: Predicate | None  # None: every ticket
    condition: ast.Condition | None = None  # what `takes` was compiled from (the memo reads its names)
    # open at every instant (no calendar, or `always` without closed days): nothing to ask
    # a calendar on each evaluation
    always_open: bool = field(init=False, eq=False)

    @always_open.default
    def _always_open(self) -> bool:
        if self.calendar is None:
            return True
        spec = self.calendar.spec
        return (isinstance(spec, WeeklyCalendar) and not spec.holidays and not spec.special_days
                and not spec.recurring and all(day == _WHOLE_DAY for day in spec.week))


_WHOLE_DAY = (Hours(0, 24 * 60),)


def compile_channel(c: ast.ChannelDecl, kinds: Mapping[str, str],
                    calendars: Mapping[str, BusinessCalendar]) -> CompiledChannel:
    calendar = takes = condition = None
    for s in c.statements:
        if isinstance(s, ast.ChannelHours):
            calendar = calendars[s.calendar]
        elif isinstance(s, ast.ChannelTakes):
            condition = s.condition
            takes = compile_condition(condition, kinds)
    return CompiledChannel(c.name, c.label, calendar, takes, condition)


def channels_taking(channels: tuple[CompiledChannel, ...]) -> Callable[[Env], tuple[CompiledChannel, ...]] | None:
    """The channels that take a ticket with these values, in the policy's order, decided
    once per combination of the values their conditions read: a policy with a dozen
    channels by country tests a dozen conditions otherwise, on every evaluation. None when
    there are too few conditions for the memo to pay (its lookup costs about three)."""
    conditions = [c.condition for c in channels if c.condition is not None]
    if len(conditions) <= 3:
        return None

    def taking(env: Env) -> tuple[CompiledChannel, ...]:
        return tuple([c for c in channels if c.takes is None or c.takes(env)])
    return memoized(taking, conditions)
