"""Notification duties compiled: who is told, by what medium, by when, and the event that
shows it was done."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from plazo.dsl import ast
from plazo.dsl.format.formatter import condition, duration, event_ref, on_calendar
from plazo.interpreter.compile.conditions import Predicate, compile_condition
from plazo.interpreter.compile.ladders import LevelTiming, clock_offset, level_timing
from plazo.interpreter.compile.targets import Matcher
from plazo.interpreter.time.calendar import BusinessCalendar


@frozen
class CompiledNotify:
    name: str
    label: str | None
    audience: str  # the contact's label (or name), or the audience as written
    contact: str | None  # the contact, when the audience is one
    medium: str
    deadline: LevelTiming  # from the opening event: a clock or a calendar's open time
    calendar: str | None
    start: Matcher
    met_by: Matcher
    applies: Predicate | None
    written: tuple[str, str, str | None]  # the opening event, the meeting event, the condition
    deadline_text: str  # as written: `1 hour`, `2 business hours on soporte`
    # what every result of the duty starts with, and why it does not apply (worked out here
    # once, not on every evaluation)
    head: tuple[str, str | None, str, str | None, str, str] = field(init=False, eq=False)
    unless_condition: str = field(init=False, eq=False)
    unless_opened: str = field(init=False, eq=False)
    # the deadline when it is clock time: due is the opening plus this, an addition
    clock_us: int | None = field(init=False, eq=False)
    # both events are keys of a replay's first instants (`x`, `status x`): no scan of the log
    indexed: bool = field(init=False, eq=False)
    # the results the run stage builds once and keeps, by reason (the compile stage cannot name
    # result classes): why the duty does not apply, the same on every evaluation
    kept: dict[str, Any] = field(init=False, eq=False, repr=False, factory=dict)

    @head.default
    def _head(self) -> tuple[str, str | None, str, str | None, str, str]:
        return self.name, self.label, self.audience, self.contact, self.medium, self.deadline_text

    @unless_condition.default
    def _unless_condition(self) -> str:
        return f"only when {self.written[2]}"

    @unless_opened.default
    def _unless_opened(self) -> str:
        return f"{self.written[0]} has not happened"

    @clock_us.default
    def _clock_us(self) -> int | None:
        return clock_offset(self.deadline)

    @indexed.default
    def _indexed(self) -> bool:
        return all(argument is None or kind == "status" for kind, argument in (self.start, self.met_by))


def compile_notify(duty: ast.NotifyDecl, kinds: Mapping[str, str],
                   calendars: Mapping[str, BusinessCalendar],
                   contacts: Mapping[str, ast.ContactDecl]) -> CompiledNotify:
    if isinstance(duty.audience, ast.ContactAudience):
        contact: str | None = duty.audience.contact
        declared = contacts.get(duty.audience.contact)
        audience = (declared.label if declared is not None else None) or duty.audience.contact
    else:
        contact, audience = None, duty.audience.text
    # the deadline is counted as a ladder level's `after <duration> [on <calendar>]` is
    deadline = level_timing(ast.LevelAfter(duty.within, duty.calendar), calendars)
    return CompiledNotify(
        duty.name, duty.label, audience, contact, duty.medium, deadline, duty.calendar,
        (duty.start.name, duty.start.argument), (duty.met_by.name, duty.met_by.argument),
        compile_condition(duty.condition, kinds) if duty.condition is not None else None,
        (event_ref(duty.start), event_ref(duty.met_by),
         condition(duty.condition) if duty.condition is not None else None),
        duration(duty.within) + on_calendar(duty.calendar))
