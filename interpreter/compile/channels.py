"""Channels: a contact's hours and the tickets it takes."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from attrs import frozen

from plazo.dsl import ast
from plazo.interpreter.compile.choose import memoized
from plazo.interpreter.compile.conditions import Env, Predicate, compile_condition
from plazo.interpreter.time.calendar import BusinessCalendar


@frozen
class CompiledChannel:
    name: str
    label: str | None
    calendar: BusinessCalendar | None  # None: always open
    takes: Predicate | None  # None: every ticket
    condition: ast.Condition | None = None  # what `takes` was compiled from (the memo reads its names)


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
