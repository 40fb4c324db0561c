"""AST -> canonical policy text, with the source's comments kept.

The layout is a function of the AST alone: two-space indentation, one statement
per line, blocks always open on their header line, matrix tables aligned in
columns, one blank line between items (none between consecutive one-line items
of the same kind, e.g. a run of ``status`` lines). So ``format(parse(format(x)))
== format(x)``.

Comments are not in the grammar (they are ignored by the lexer); the parser keeps
them with their spans in ``Policy.comments``. Each output line remembers the
source line of the node it prints. A comment alone on its line is printed before
the first output line that comes from a later source line, at that line's
indentation; a comment after code is printed at the end of the output line that
comes from its source line. Both attachments survive a second formatting, which
is what makes the formatter idempotent with comments.
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from attrs import define

from plazo.dsl import ast
from plazo.dsl.dates import rule_text
from plazo.dsl.names import clock_text, interval_text
from plazo.dsl.syntax.parser import keywords
from plazo.dsl.syntax.strings import quote

INDENT = "  "


@define
class Line:
    indent: int
    text: str
    source_line: int  # 0 when the line comes from no source position (a generated AST)
    closes_block: bool = False


# ------------------------------------------------------------------ atoms


def number(value: Decimal) -> str:
    return format(value, "f")


def interval(node: ast.Interval) -> str:
    return interval_text(node.start, node.end)


def intervals(nodes: tuple[ast.Interval, ...]) -> str:
    return ", ".join(interval(i) for i in nodes)


def label(text: str | None) -> str:
    return f" {quote(text)}" if text is not None else ""


_BARE_ZONE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*")


def zone(name: str) -> str:
    bare = _BARE_ZONE.fullmatch(name) and not any(part in keywords() for part in name.split("/"))
    return name if bare else quote(name)


def region(node: ast.Region) -> str:
    return node.country + (f"-{node.subdivision}" if node.subdivision else "")


def duration(node: ast.Duration) -> str:
    unit = node.unit[:-1] if node.amount == 1 else node.unit
    kind = "business " if node.business else "calendar " if node.calendar_days else ""
    return f"{number(node.amount)} {kind}{unit}"


def on_calendar(name: str | None) -> str:
    return f" on {name}" if name else ""


def event_ref(node: ast.EventRef) -> str:
    return node.name + (f" {node.argument}" if node.argument else "")


def value(node: ast.Value) -> str:
    if isinstance(node, ast.NameValue):
        return node.name
    if isinstance(node, ast.NumberValue):
        return number(node.value)
    return quote(node.value)


def condition(node: ast.Condition) -> str:
    """Conditions with the fewest parentheses that parse back to the same tree."""
    if isinstance(node, ast.Comparison):
        return f"{node.field} {node.op} {value(node.value)}"
    if isinstance(node, ast.Membership):
        return f"{node.field} in ({', '.join(value(v) for v in node.values)})"
    if isinstance(node, ast.Truthy):
        return node.field
    if isinstance(node, ast.Not):
        # `not a = x` parses as not (a = x), but reads as (not a) = x: always say it with parentheses
        inner = condition(node.operand)
        return f"not {inner}" if isinstance(node.operand, (ast.Truthy, ast.Not)) else f"not ({inner})"
    if isinstance(node, ast.And):
        return " and ".join(
            f"({condition(o)})" if isinstance(o, (ast.And, ast.Or)) else condition(o) for o in node.operands
        )
    return " or ".join(f"({condition(o)})" if isinstance(o, ast.Or) else condition(o) for o in node.operands)


def calendar_choice(node: ast.CalChoice) -> str:
    cases = "  ".join(f"{', '.join(c.values) if c.values else 'otherwise'}: {c.calendar.name}" for c in node.cases)
    return f"by {node.field} {{ {cases} }}" if cases else f"by {node.field} {{ }}"


def calendar_expr(node: ast.CalendarExpr | ast.CalChoice, *, operand: bool = False) -> str:
    if isinstance(node, ast.CalChoice):
        return calendar_choice(node)
    if isinstance(node, ast.CalRef):
        return node.name
    if isinstance(node, ast.CalComplement):
        inner = calendar_expr(node.operand, operand=True)
        return f"not {inner}"
    op = "+" if isinstance(node, ast.CalUnion) else "-"
    # left-associative: a right operand that is itself a union or difference needs parentheses
    text = f"{calendar_expr(node.left)} {op} {calendar_expr(node.right, operand=True)}"
    return f"({text})" if operand else text


def deadline(node: ast.Deadline) -> str:
    if isinstance(node, ast.DurationDeadline):
        return duration(node.duration) + on_calendar(node.calendar)
    if isinstance(node, ast.Agreed):
        return f"agreed {node.field}"
    if isinstance(node, ast.NoTarget):
        return f"none {quote(node.reason)}"
    if isinstance(node, ast.EndOfDay):
        return f"end of business day on {node.calendar}"
    return f"next business day {clock_text(node.at)} on {node.calendar}"


def level_time(node: ast.LevelTime) -> str:
    if isinstance(node, ast.LevelAfter):
        return f"after {duration(node.duration)}{on_calendar(node.calendar)}"
    if isinstance(node, ast.LevelAtFraction):
        return f"at {number(node.percent)}% of {node.target}"
    return f"at {duration(node.duration)} {node.direction} due of {node.target}"


# ------------------------------------------------------------------ statements


def _day_range(node: ast.DayRange) -> str:
    return node.first + (f"-{node.last}" if node.last else "")


def calendar_statement(node: ast.CalendarStatement) -> str:
    if isinstance(node, ast.WeeklyHours):
        return f"{', '.join(_day_range(d) for d in node.days)} {intervals(node.hours)}"
    if isinstance(node, ast.Always):
        return "always"
    if isinstance(node, ast.ClosedOnHolidays):
        return "closed on holidays"
    if isinstance(node, ast.ClosedDate):
        return f"closed on {node.day.isoformat()}{label(node.label)}"
    if isinstance(node, ast.SpecialHours):
        return f"hours on {node.day.isoformat()} {intervals(node.hours)}{label(node.label)}"
    if isinstance(node, ast.ClosedEvery):
        return f"closed on every {', '.join(rule_text(r.rule) for r in node.dates)}{label(node.label)}"
    if isinstance(node, ast.HoursEvery):
        dates = ", ".join(rule_text(r.rule) for r in node.dates)
        return f"hours on every {dates} {intervals(node.hours)}{label(node.label)}"
    if isinstance(node, ast.DayLength):
        return f"day {number(node.hours)} business hours"
    if isinstance(node, ast.TimezoneDecl):
        return f"timezone {zone(node.zone)}"
    return f"holidays {region(node.region)}"


def setting(node: ast.Setting) -> str:
    return f"{node.key} {quote(node.value)}"


def channel_statement(node: ast.ChannelStatement) -> str:
    if isinstance(node, ast.ChannelHours):
        return f"hours {node.calendar}"
    if isinstance(node, ast.ChannelContact):
        return f"contact {node.contact}"
    if isinstance(node, ast.ChannelTakes):
        return f"takes {condition(node.condition)}"
    return setting(node)


_ROLE_WORDS = {"start": "start on", "stop": "stop on", "reset": "reset on", "cancel": "cancel on",
               "restart": "restart on", "after_each": "after each"}


def target_statement(node: ast.TargetStatement) -> str:
    if isinstance(node, ast.OnEvents):
        return f"{_ROLE_WORDS[node.role]} {', '.join(event_ref(e) for e in node.events)}"
    if isinstance(node, ast.ResumeOn):
        return f"resume on {', '.join(event_ref(e) for e in node.events)} within {duration(node.within)}"
    if isinstance(node, ast.OnChange):
        return f"field change: from {node.origin}"
    if isinstance(node, ast.PauseWhile):
        return f"pause while {condition(node.condition)}"
    if isinstance(node, ast.WarnAt):
        return f"warn at {number(node.percent)}%"
    return clause(node)


def clause(node: ast.Clause) -> str:
    head = "otherwise" if node.condition is None else f"when {condition(node.condition)}"
    return f"{head}: {deadline(node.deadline)}"


def derive_case(node: ast.DeriveCase) -> str:
    head = "otherwise" if node.condition is None else f"when {condition(node.condition)}"
    return f"{head}: {value(node.value)}"


def ladder_start(node: ast.LadderOnEvent | ast.LadderOnBreach) -> str:
    if isinstance(node, ast.LadderOnEvent):
        return f"start on {event_ref(node.event)}"
    return f"start on breach of {node.target}"


def level(node: ast.Level) -> str:
    parts = [f"level {number(node.number)}{label(node.label)}"]
    if node.role is not None:
        parts.append(f"role {quote(node.role)}")
    if node.contacts:
        parts.append(f"contact {', '.join(node.contacts)}")
    if node.time is not None:
        parts.append(level_time(node.time))
    return " ".join(parts)


def day_window(node: ast.DayWindow) -> str:
    last = f"{node.last_day} " if node.last_day else ""
    return f"{node.first_day} {clock_text(node.start)} - {last}{clock_text(node.end)}"


def maintenance_statement(node: ast.MaintenanceStatement) -> str:
    if isinstance(node, ast.Notice):
        most = f" at most {duration(node.maximum)}" if node.maximum is not None else ""
        return f"notice at least {duration(node.minimum)}{on_calendar(node.calendar)}{most}"
    if isinstance(node, ast.Window):
        return f"window {interval(node.interval)}"
    if isinstance(node, ast.DayWindow):
        return f"window {day_window(node)}"
    if isinstance(node, ast.EmergencyNotice):
        return f"emergency notice at least {duration(node.minimum)}"
    if isinstance(node, ast.TimezoneDecl):
        return f"timezone {zone(node.zone)}"
    return "emergency any time" if node.kind == "any_time" else "emergency same day"


def commitment_statement(node: ast.CommitmentStatement) -> str:
    if isinstance(node, ast.CommitTarget):
        return f"target {node.target}"
    if isinstance(node, ast.CommitWhen):
        return f"when {condition(node.condition)}"
    if isinstance(node, ast.CommitPeriod):
        return f"per {node.period}"
    if isinstance(node, ast.AtMostBreached):
        return f"at most {number(node.percent)}% breached"
    if isinstance(node, ast.AtLeastMet):
        return f"at least {number(node.percent)}% met"
    if isinstance(node, ast.PercentileAtMost):
        return f"p{node.percentile} at most {duration(node.duration)}"
    return f"credit {number(node.percent)}%"


# ------------------------------------------------------------------ items -> lines


def _line(node: Any, text: str, indent: int = 0) -> Line:
    return Line(indent, text, node.span.line)


def _block(node: Any, head: str, body: list[Line]) -> list[Line]:
    return [_line(node, head + " {"), *body, Line(0, "}", node.span.end_line, closes_block=True)]


def _body(nodes: tuple[Any, ...], render: Callable[[Any], str]) -> list[Line]:
    return [_line(n, render(n), 1) for n in nodes]


def _columns(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows)))]
    return [" ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def calendar_lines(node: ast.CalendarDecl) -> list[Line]:
    return _block(node, f"calendar {node.name}{label(node.label)}", _body(node.statements, calendar_statement))


def calendar_expr_lines(node: ast.CalendarExprDecl) -> list[Line]:
    is_ = " " if isinstance(node.expr, ast.CalChoice) else " = "
    return [_line(node, f"calendar {node.name}{label(node.label)}{is_}{calendar_expr(node.expr)}")]


def field_lines(node: ast.FieldDecl) -> list[Line]:
    head = f"field {node.name}{label(node.label)}"
    if isinstance(node.type, ast.ScalarType):
        return [_line(node, f"{head} {node.type.kind}")]
    values = node.type.values
    if all(v.label is None and v.description is None and not v.examples for v in values):
        return [_line(node, f"{head} {{ {' '.join(v.name for v in values)} }}" if values else f"{head} {{ }}")]
    width = max(len(v.name) for v in values)
    body = []
    for v in values:
        text = v.name.ljust(width) + label(v.label)
        if v.description is not None:
            text += f" description {quote(v.description)}"
        text += "".join(f" example {quote(e)}" for e in v.examples)
        body.append(_line(v, text.rstrip(), 1))
    return _block(node, head, body)


def status_lines(node: ast.StatusDecl) -> list[Line]:
    return [_line(node, f"status {node.name}{label(node.label)}")]


def event_lines(node: ast.EventDecl) -> list[Line]:
    return [_line(node, f"event {node.name}{label(node.label)}")]


def contact_lines(node: ast.ContactDecl) -> list[Line]:
    head = f"contact {node.name}{label(node.label)}"
    if not node.settings:
        return [_line(node, head)]
    return _block(node, head, _body(node.settings, setting))


def channel_lines(node: ast.ChannelDecl) -> list[Line]:
    return _block(node, f"channel {node.name}{label(node.label)}", _body(node.statements, channel_statement))


def matrix_lines(node: ast.MatrixDecl) -> list[Line]:
    head = f"matrix {node.name} from {node.row_field} x {node.column_field}"
    if not node.columns and not node.rows:
        return _block(node, head, [])
    # the header row has an empty corner cell so the column names stand over their values
    table = [["", *(c.value for c in node.columns)]] + [[r.key.value, *(c.value for c in r.cells)] for r in node.rows]
    texts = _columns(table)
    lines = [Line(1, texts[0], node.columns[0].span.line if node.columns else 0)]
    lines += [Line(1, text, row.key.span.line) for text, row in zip(texts[1:], node.rows, strict=True)]
    return _block(node, head, lines)


def derive_lines(node: ast.DeriveDecl) -> list[Line]:
    return _block(node, f"derive {node.name}", _body(node.cases, derive_case))


def target_lines(node: ast.TargetDecl) -> list[Line]:
    return _block(node, f"target {node.name}{label(node.label)}", _body(node.statements, target_statement))


def escalation_lines(node: ast.EscalationDecl) -> list[Line]:
    head = f"escalation {node.name}{label(node.label)}"
    if node.condition is not None:
        head += f" when {condition(node.condition)}"
    body = [_line(node.start, ladder_start(node.start), 1)] if node.start is not None else []
    return _block(node, head, body + _body(node.levels, level))


def route_lines(node: ast.RouteDecl) -> list[Line]:
    text = f"route {node.name} when {condition(node.condition)} to {quote(node.to)}"
    if node.via is not None:
        text += f" via {node.via}"
    if node.reason is not None:
        text += f" reason {quote(node.reason)}"
    if node.external:
        text += " external"
    return [_line(node, text)]


def reject_lines(node: ast.RejectDecl) -> list[Line]:
    return [_line(node, f"reject {node.name} when {condition(node.condition)} reason {quote(node.reason)}")]


def require_lines(node: ast.RequireDecl) -> list[Line]:
    when = f" when {condition(node.when)}" if node.when is not None else ""
    return [_line(node, f"require {node.name}: {condition(node.condition)}{when} message {quote(node.message)}")]


def forbid_lines(node: ast.ForbidDecl) -> list[Line]:
    return [_line(node, f"forbid {node.name}: {condition(node.condition)} message {quote(node.message)}")]


def flow_lines(node: ast.FlowDecl) -> list[Line]:
    when = f" when {condition(node.condition)}" if node.condition is not None else ""
    return [_line(node, f"flow {node.name}{label(node.label)}{when}: {' -> '.join(node.steps)}")]


def order_lines(node: ast.OrderDecl) -> list[Line]:
    text = f"order {node.name}{label(node.label)}: {event_ref(node.event)} after "
    text += ", ".join(event_ref(e) for e in node.after)
    if node.condition is not None:
        text += f" when {condition(node.condition)}"
    if node.message is not None:
        text += f" message {quote(node.message)}"
    return [_line(node, text)]


def audience(node: ast.Audience) -> str:
    return node.contact if isinstance(node, ast.ContactAudience) else quote(node.text)


def notify_lines(node: ast.NotifyDecl) -> list[Line]:
    text = (f"notify {node.name}{label(node.label)}: {audience(node.audience)} via {node.medium}"
            f" within {duration(node.within)}{on_calendar(node.calendar)} of {event_ref(node.start)}")
    if node.condition is not None:
        text += f" when {condition(node.condition)}"
    return [_line(node, f"{text} met by {event_ref(node.met_by)}")]


def maintenance_lines(node: ast.MaintenanceDecl) -> list[Line]:
    return _block(node, f"maintenance{label(node.label)}", _body(node.statements, maintenance_statement))


def commitment_lines(node: ast.CommitmentDecl) -> list[Line]:
    return _block(node, f"commitment {node.name}{label(node.label)}", _body(node.statements, commitment_statement))


# One printer per item; tests/test_language_coverage.py checks that every AST
# class is reached from here, so grammar, AST and formatter cannot drift apart.
ITEM_PRINTERS: dict[type, Callable[[Any], list[Line]]] = {
    ast.CalendarDecl: calendar_lines,
    ast.CalendarExprDecl: calendar_expr_lines,
    ast.FieldDecl: field_lines,
    ast.StatusDecl: status_lines,
    ast.EventDecl: event_lines,
    ast.ContactDecl: contact_lines,
    ast.ChannelDecl: channel_lines,
    ast.MatrixDecl: matrix_lines,
    ast.DeriveDecl: derive_lines,
    ast.TargetDecl: target_lines,
    ast.EscalationDecl: escalation_lines,
    ast.RouteDecl: route_lines,
    ast.RejectDecl: reject_lines,
    ast.RequireDecl: require_lines,
    ast.ForbidDecl: forbid_lines,
    ast.MaintenanceDecl: maintenance_lines,
    ast.CommitmentDecl: commitment_lines,
    ast.FlowDecl: flow_lines,
    ast.OrderDecl: order_lines,
    ast.NotifyDecl: notify_lines,
}


def header_lines(policy: ast.Policy) -> list[Line]:
    lines = []
    if policy.header is not None:
        h = policy.header
        version = f" version {number(h.version)}" if h.version is not None else ""
        lines.append(_line(h, f"policy {h.name}{label(h.label)}{version}"))
    if policy.language is not None:
        lines.append(_line(policy.language, f"language {policy.language.language}"))
    if isinstance(policy.timezone, ast.TimezoneChoice):
        cases = "  ".join(f"{', '.join(c.values) or 'otherwise'}: {zone(c.zone)}" for c in policy.timezone.cases)
        lines.append(_line(policy.timezone, f"timezone by {policy.timezone.field} {{ {cases} }}"))
    elif policy.timezone is not None:
        lines.append(_line(policy.timezone, f"timezone {zone(policy.timezone.zone)}"))
    if policy.holidays is not None:
        lines.append(_line(policy.holidays, f"holidays {region(policy.holidays.region)}"))
    return lines


def _groups(policy: ast.Policy) -> Iterator[list[Line]]:
    header = header_lines(policy)
    if header:
        yield header
    previous: type | None = None
    group: list[Line] = []
    for item in policy.items:
        lines = ITEM_PRINTERS[type(item)](item)
        one_liner = len(lines) == 1
        if group and not (one_liner and previous is type(item)):
            yield group
            group = []
        group += lines
        previous = type(item) if one_liner else None
    if group:
        yield group


def layout(policy: ast.Policy) -> list[Line | None]:
    """The output lines; None stands for a blank line between groups."""
    out: list[Line | None] = []
    for group in _groups(policy):
        if out:
            out.append(None)
        out.extend(group)
    return out


# ------------------------------------------------------------------ comments


def _attach_comments(lines: list[Line | None], comments: tuple[ast.Comment, ...], source: str | None) -> list[str]:
    # split on "\n" only: str.splitlines also breaks at characters a string literal may hold
    source_lines = source.split("\n") if source is not None else None
    before: dict[int, list[str]] = {}
    after: dict[int, str] = {}
    trailing_at_end: list[str] = []
    real = [(i, ln) for i, ln in enumerate(lines) if ln is not None]
    # A search per comment, not a scan of the lines (100,000 comments): the first line printed
    # from after a source line is the first whose running maximum passes it; the last printed
    # from a source line at or before it, the last whose minimum from there on is at or before it.
    highest = list(itertools.accumulate((ln.source_line for _, ln in real), max))
    lowest = list(itertools.accumulate(
        (ln.source_line if ln.source_line > 0 else sys.maxsize for _, ln in reversed(real)), min))[::-1]
    for comment in comments:
        line_no = comment.span.line
        own_line = source_lines is None or not source_lines[line_no - 1][: comment.span.column - 1].strip()
        if own_line:
            first = bisect.bisect_right(highest, line_no)
            index = real[first][0] if first < len(real) else None
            if index is None:
                trailing_at_end.append(comment.text)
            else:
                before.setdefault(index, []).append(comment.text)
        else:
            last = bisect.bisect_right(lowest, line_no) - 1
            index = real[last][0] if last >= 0 else None
            if index is None:  # pragma: no cover - code before a comment always printed a line
                before.setdefault(real[0][0] if real else 0, []).append(comment.text)
            else:
                after[index] = f"{after[index]} {comment.text}" if index in after else comment.text
    out: list[str] = []
    for i, ln in enumerate(lines):
        if ln is None:
            out.append("")
            continue
        indent = ln.indent + (1 if ln.closes_block else 0)
        for text in before.get(i, ()):
            out.append(INDENT * indent + text)
        body = INDENT * ln.indent + ln.text
        out.append(body + ("  " + after[i] if i in after else ""))
    if trailing_at_end:
        if out:
            out.append("")
        out.extend(trailing_at_end)
    return out


def format_policy(policy: ast.Policy, source: str | None = None) -> str:
    """The canonical text of a policy. ``source`` (the text it was parsed from)
    tells comments alone on their line from comments after code."""
    lines = layout(policy)
    text_lines = _attach_comments(lines, policy.comments, source)
    # comments before the first item keep a blank line after them, as a file's preamble does
    return "\n".join(text_lines).strip("\n") + "\n"
