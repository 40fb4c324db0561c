"""Channels: a contact's hours and the tickets it takes."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from plazo.dsl import ast
from plazo.interpreter.compile.conditions import Predicate, compile_condition
from plazo.interpreter.time.calendar import BusinessCalendar


@frozen
class CompiledChannel:
    name: str
    label: str | None
    calendar: BusinessCalendar | None  # None: always open
    takes: Predicate | None  # None: every ticket


def compile_channel(c: ast.ChannelDecl, kinds: Mapping[str, str],
                    calendars: Mapping[str, BusinessCalendar]) -> CompiledChannel:
    calendar = takes = None
    for s in c.statements:
        if isinstance(s, ast.ChannelHours):
            calendar = calendars[s.calendar]
        elif isinstance(s, ast.ChannelTakes):
            takes = compile_condition(s.condition, kinds)
    return CompiledChannel(c.name, c.label, calendar, takes)
