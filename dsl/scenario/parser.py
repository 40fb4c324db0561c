"""Scenario files (``*.scenario``): parsed by ``grammar/scenario.lark`` into frozen nodes.

A scenario names a policy (a path relative to the scenario file), one or more
tickets with their fields and a timeline of events, and expectations at instants.
Instants stay as written (``Instant.text``): the interpreter reads local ones in
the policy's time zone. Every node carries its span; a file that does not parse
gives diagnostics in the same form as a policy's.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from attrs import frozen
from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedInput, VisitError

from plazo.dsl.diagnostics import Diagnostic, Span
from plazo.dsl.names import boolean_word, suggest
from plazo.dsl.syntax.describe import Grammar, Stop, describe
from plazo.dsl.syntax.parser_cache import cached_lark
from plazo.dsl.syntax.spans import span_of
from plazo.dsl.syntax.strings import unquote
from plazo.grammar import grammar_text

STATUSES = ("met", "breached", "running", "paused", "not_applicable")
NOTIFY_STATUSES = ("met", "breached", "pending", "not_applicable")  # of a notification duty


@frozen
class Instant:
    text: str
    span: Span


@frozen
class Value:
    """A field value as written: a name, a quoted text, a number or an instant."""

    kind: str  # name | text | number | instant
    text: str
    span: Span

    @property
    def python(self) -> Any:
        if self.kind == "number":
            return float(self.text) if "." in self.text else int(self.text)
        truth = boolean_word(self.text) if self.kind == "name" else None
        return self.text if truth is None else truth


@frozen
class FieldValue:
    field: str
    value: Value
    span: Span


@frozen
class EventLine:
    at: Instant
    type: str
    status: str | None
    field: str | None
    value: Value | None
    span: Span


@frozen
class Expectation:
    """One checked fact. ``kind``: status, breached, due, cycles, cycle_status, cycle_breached,
    cycle_due, field, level, next, escalation_not_applicable, route, rejected, not_rejected, handed_off,
    not_handed_off, violation, no_violations,
    violation_at, notify_status, notify_due, channel. ``subject``: the target, field, ladder, workflow rule,
    notification duty or channel; ``cycle``: 1-based."""

    kind: str
    subject: str | None
    expected: str | None  # as written ("met", "2026-03-06 17:40", "none", "urgente", "3")
    span: Span
    cycle: int | None = None


@frozen
class ExpectBlock:
    at: Instant
    expectations: tuple[Expectation, ...]
    span: Span


@frozen
class TicketBlock:
    id: str
    fields: tuple[FieldValue, ...]
    events: tuple[EventLine, ...]
    expects: tuple[ExpectBlock, ...]
    span: Span


@frozen
class MaintenanceCheck:
    notice: Instant
    start: Instant
    end: Instant
    emergency: bool
    expected: tuple[str, ...]  # () : allowed; else the rules it must break (notice, window, emergency)
    span: Span


@frozen
class Scenario:
    file: str
    title: str
    policy: str
    policy_span: Span
    tickets: tuple[TicketBlock, ...]
    maintenance: tuple[MaintenanceCheck, ...]


@lru_cache(maxsize=1)
def scenario_parser() -> Lark:
    # cached like the policy grammar's: `plazo test` pays for building it once per grammar text
    return cached_lark(grammar_text("scenario"), parser="lalr", propagate_positions=True, maybe_placeholders=False)


MAX_WHOLE_DIGITS = 9  # a cycle number or a count: a billion is already more than any ticket has


def parse_scenario(text: str, filename: str = "<scenario>") -> tuple[Scenario | None, list[Diagnostic]]:
    text = text.removeprefix("\ufeff")  # a byte order mark some editors write first is not text
    if not text.endswith("\n"):
        text += "\n"
    try:
        tree = scenario_parser().parse(text)
    except UnexpectedInput as exc:
        return None, [describe(exc, text, filename, GRAMMAR)]
    try:
        return _Builder(filename).transform(tree), []
    except VisitError as exc:
        if isinstance(exc.orig_exc, _Problem):
            return None, [exc.orig_exc.diagnostic]
        raise


class _Problem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _instant_without_time(stop: Stop) -> Diagnostic | None:
    if stop.token is not None and stop.token.type == "NUMBER" and _DATE.match(stop.text, stop.offset):
        return Diagnostic("syntax", "an instant needs a date and a time", stop.span,
                          "write e.g. 2026-03-06 17:30 (local, in the policy's time zone) or 2026-03-06T17:30-05:00")
    return None


def _expect_without_instant(stop: Stop) -> Diagnostic | None:
    if stop.token is not None and str(stop.token) == "{" and stop.text[:stop.offset].rstrip().endswith("expect"):
        return Diagnostic("syntax", "an expect block needs the instant it is checked at", stop.span,
                          "write 'at 2026-03-06 18:00 expect {'")
    return None


def _misplaced_instant(stop: Stop) -> Diagnostic | None:
    if stop.token is not None and stop.token.type == "INSTANT" and "INSTANT" not in stop.expected:
        shapes = "an event line is '<instant> <event>', an expectation block starts with 'at <instant> expect {'"
        hint = "; ".join(part for part in (stop.expected_hint(), shapes) if part)
        return Diagnostic("syntax", f"unexpected {stop.found}", stop.span, hint)
    return None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
GRAMMAR = Grammar(
    parser=scenario_parser,
    words={"INSTANT": "an instant (2026-03-06 17:30)", "INT": "a whole number", "OPEN_OR_CLOSED": "'open' or 'closed'"},
    close_block_hint="add '}' on a line of its own after the block's last line",
    rules=(_instant_without_time, _expect_without_instant, _misplaced_instant),
)


@v_args(meta=True)
class _Builder(Transformer[Token, Scenario]):
    def __init__(self, filename: str) -> None:
        super().__init__()
        self.f = filename

    def _instant(self, t: Token) -> Instant:
        return Instant(str(t).replace(" ", "T"), span_of(self.f, t))

    def start(self, meta: Any, children: list[Any]) -> Scenario:
        (title, _), (policy, policy_span), *parts = children
        return Scenario(self.f, title, policy, policy_span, tuple(p for p in parts if isinstance(p, TicketBlock)),
                        tuple(p for p in parts if isinstance(p, MaintenanceCheck)))

    def scenario_head(self, meta: Any, children: list[Token]) -> tuple[str, Span]:
        return unquote(children[0]), span_of(self.f, children[0])

    policy_line = scenario_head

    def ticket(self, meta: Any, children: list[Any]) -> TicketBlock:
        name, *stmts = children
        ident = unquote(name) if name.type == "STRING" else str(name)
        return TicketBlock(ident, tuple(s for s in stmts if isinstance(s, FieldValue)),
                           tuple(s for s in stmts if isinstance(s, EventLine)),
                           tuple(s for s in stmts if isinstance(s, ExpectBlock)), span_of(self.f, meta))

    def _value(self, t: Token | Value) -> Value:
        if isinstance(t, Value):
            return t
        kind = {"NAME": "name", "STRING": "text", "NUMBER": "number", "INSTANT": "instant"}[t.type]
        text = unquote(t) if t.type == "STRING" else str(t).replace(" ", "T") if t.type == "INSTANT" else str(t)
        if kind == "number" and not math.isfinite(float(text)):  # float() reads any length: inf past 1.8e308
            raise _Problem(Diagnostic("bad-number", f"a number of {len(text):,} digits is out of range",
                                      span_of(self.f, t), "a number of a ticket is at most about 1.8e308"))
        return Value(kind, text, span_of(self.f, t))

    def field_value(self, meta: Any, children: list[Token]) -> FieldValue:
        return FieldValue(str(children[0]), self._value(children[1]), span_of(self.f, meta))

    def event_line(self, meta: Any, children: list[Any]) -> EventLine:
        at, (kind, status, field, value) = children
        return EventLine(self._instant(at), kind, status, field, value, span_of(self.f, meta))

    def plain_event(self, meta: Any, children: list[Token]) -> tuple[str, None, None, None]:
        return str(children[0]), None, None, None

    def status_event(self, meta: Any, children: list[Token]) -> tuple[str, str, None, None]:
        return "status", str(children[0]), None, None

    def set_event(self, meta: Any, children: list[Token]) -> tuple[str, None, str, Value]:
        return "set", None, str(children[0]), self._value(children[1])

    def expect_block(self, meta: Any, children: list[Any]) -> ExpectBlock:
        at, *expectations = children
        return ExpectBlock(self._instant(at), tuple(expectations), span_of(self.f, meta))

    def _x(self, meta: Any, kind: str, subject: Any, expected: Any, cycle: Any = None) -> Expectation:
        shown = None if expected is None else str(expected).replace(" ", "T") if getattr(
            expected, "type", "") == "INSTANT" else unquote(expected) if getattr(expected, "type", "") == "STRING" \
            else str(expected)
        return Expectation(kind, None if subject is None else str(subject), shown, span_of(self.f, meta),
                           None if cycle is None else self._whole(cycle))

    def _whole(self, t: Token) -> int:
        """A whole number of the scenario (a cycle, a count), within reason: Python refuses
        to read one of more than 4,300 digits, and nothing counts past a billion here."""
        if len(t) > MAX_WHOLE_DIGITS:
            raise _Problem(Diagnostic("bad-number", f"{len(t):,} digits: no ticket has that many", span_of(self.f, t),
                                      f"write a number of at most {MAX_WHOLE_DIGITS} digits"))
        return int(t)

    def _status(self, t: Token) -> Token:
        if str(t) not in STATUSES:
            hint = suggest(str(t), STATUSES) or f"a status is one of {', '.join(STATUSES)}"
            raise _Problem(Diagnostic("unknown-status", f"unknown status '{t}'", span_of(self.f, t), hint))
        return t

    def expect_status(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "status", c[0], self._status(c[1]))

    def expect_breached(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "breached", c[0], c[1] if len(c) > 1 else None)

    def expect_due(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "due", c[0], c[1])

    def expect_cycle_count(self, meta: Any, c: list[Token]) -> Expectation:
        self._whole(c[1])
        return self._x(meta, "cycles", c[0], c[1])

    def expect_cycle_status(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "cycle_status", c[0], self._status(c[2]), c[1])

    def expect_cycle_breached(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "cycle_status", c[0], "breached", c[1])

    def expect_cycle_due(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "cycle_due", c[0], c[2], c[1])

    def expect_field(self, meta: Any, c: list[Any]) -> Expectation:
        v = self._value(c[1])
        return Expectation("field", str(c[0]), v.text, span_of(self.f, meta))

    def expect_level(self, meta: Any, c: list[Token]) -> Expectation:
        if c[1].type == "INT":
            self._whole(c[1])
        return self._x(meta, "level", c[0], c[1])

    def expect_next(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "next", c[0], c[1])

    def expect_escalation_not_applicable(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "escalation_not_applicable", c[0], "not_applicable")

    def expect_route(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "route", None, c[0])

    def expect_rejected(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "rejected", None, c[0] if c else None)

    def expect_not_rejected(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "not_rejected", None, None)

    def expect_handed_off(self, meta: Any, c: list[Token]) -> Expectation:
        """`handed_off`, `handed_off credito`, `handed_off credito at 2026-03-02 11:30`: the
        subject is the external route (None: any), the expected text the instant (None: any)."""
        route = next((t for t in c if t.type == "NAME"), None)
        instant = next((t for t in c if t.type == "INSTANT"), None)
        return self._x(meta, "handed_off", route, instant)

    def expect_not_handed_off(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "not_handed_off", None, None)

    def expect_violation(self, meta: Any, c: list[Token]) -> Expectation:
        if len(c) > 1:  # `violation soporte at 2026-03-06 18:40`: a workflow rule broken by that event
            return self._x(meta, "violation_at", c[0], c[1])
        return self._x(meta, "violation", None, c[0])

    def expect_notify_due(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "notify_due", c[0], c[1])

    def expect_notify_status(self, meta: Any, c: list[Token]) -> Expectation:
        if str(c[1]) not in NOTIFY_STATUSES:
            hint = suggest(str(c[1]), NOTIFY_STATUSES) or f"a notification is {', '.join(NOTIFY_STATUSES)}"
            raise _Problem(Diagnostic("unknown-status", f"unknown notification status '{c[1]}'",
                                      span_of(self.f, c[1]), hint))
        return self._x(meta, "notify_status", c[0], c[1])

    def expect_no_violations(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "no_violations", None, None)

    def expect_channel(self, meta: Any, c: list[Token]) -> Expectation:
        return self._x(meta, "channel", c[0], c[1])

    def maintenance(self, meta: Any, c: list[Token]) -> MaintenanceCheck:
        notice, start, end, *rest = c
        emergency = bool(rest) and rest[0].type == "EMERGENCY"
        if emergency:
            rest = rest[1:]
        expected = () if rest[0].type == "ALLOWED" else tuple(str(r) for r in rest)
        for r in rest:
            if r.type == "NAME" and str(r) not in ("notice", "window", "emergency"):
                raise _Problem(Diagnostic("unknown-rule", f"unknown maintenance rule '{r}'", span_of(self.f, r),
                                          "expect 'allowed', or the rules broken: notice, window, emergency"))
        return MaintenanceCheck(self._instant(notice), self._instant(start), self._instant(end), emergency, expected,
                                span_of(self.f, meta))
