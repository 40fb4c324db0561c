"""Parse tree -> AST. One method per grammar rule; each node gets its span.

Problems the grammar cannot see (a time like ``8:00``, an unknown weekday, a
date that does not exist, a ragged matrix row) are collected as diagnostics and
the node is still built, so that one pass reports them all. A time or date that
does not exist is built as a stand-in value; its diagnostic's code is one of
:data:`STAND_IN_CODES`, and the checker leaves alone every node that holds one.
"""

from __future__ import annotations

import calendar
from datetime import MINYEAR, date
from decimal import Decimal
from typing import Any

from lark import Token, Transformer, v_args
from lark.tree import Meta

from plazo.dsl import ast
from plazo.dsl.dates import MONTHS, ORDINALS, SPANISH_MONTHS
from plazo.dsl.diagnostics import Diagnostic, Span
from plazo.dsl.names import SPANISH_WEEKDAYS, WEEKDAYS, suggest
from plazo.dsl.syntax.spans import span_of
from plazo.dsl.syntax.strings import unquote

# Codes of the diagnostics whose node holds a stand-in for what could not be read.
STAND_IN_CODES = frozenset({"time-range", "bad-date", "unknown-month"})
_STAND_IN_DATE = date(MINYEAR, 1, 1)
# The COMPARE terminal's alternatives, as the AST types them.
_COMPARE_OPS: dict[str, ast.CompareOp] = {"=": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def why_not_a_date(text: str) -> str:
    """Why ``YYYY-MM-DD`` (the shape of every DATE token) names no day."""
    year, month, day = (int(part) for part in text.split("-"))
    if year < MINYEAR:
        return "years run from 0001"
    if not 1 <= month <= 12:
        return "months run from 01 to 12"
    if day < 1:
        return "days of the month run from 01"
    return f"{_MONTHS[month - 1]} {year} has {calendar.monthrange(year, month)[1]} days"


class AstBuilder(Transformer[Token, ast.Policy]):
    def __init__(self, filename: str) -> None:
        super().__init__(visit_tokens=False)
        self.filename = filename
        self.diagnostics: list[Diagnostic] = []

    # ------------------------------------------------------------- helpers

    def span(self, where: Meta | Token) -> Span:
        return span_of(self.filename, where)

    def error(self, code: str, message: str, where: Meta | Token, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(code, message, self.span(where), hint))

    def minutes(self, token: Token, *, end: bool) -> int:
        hours, minutes = (int(p) for p in str(token).split(":"))
        if len(str(token).split(":")[0]) != 2:
            self.error("time-format", f"write times with two-digit hours: {hours:02d}:{minutes:02d}", token,
                       f"write {hours:02d}:{minutes:02d} instead of {token}")
        top = 24 * 60 if end else 24 * 60 - 1
        value = hours * 60 + minutes
        if minutes > 59 or value > top:
            self.error("time-range", f"{token} is not a time of day", token,
                       "times run from 00:00 to 23:59; 24:00 may end an interval")
            return 0  # a stand-in (STAND_IN_CODES)
        return value

    def day(self, token: Token) -> date:
        try:
            return date.fromisoformat(str(token))
        except ValueError:
            self.error("bad-date", f"{token} is not a date", token, why_not_a_date(str(token)))
            return _STAND_IN_DATE

    # ------------------------------------------------------------- separators

    # A bare ';' matches an inlined rule with no children, which Lark keeps as an
    # empty tree named after the rule; it separates statements and means nothing.
    def _separator(self, children: list[Any]) -> None:
        return None

    item = calendar_stmt = target_stmt = escalation_stmt = maintenance_stmt = commitment_stmt = _separator

    # ------------------------------------------------------------- header

    @v_args(meta=True)
    def start(self, meta: Meta, children: list[Any]) -> ast.Policy:
        header = language = timezone = holidays = None
        items = []
        for child in children:
            if isinstance(child, ast.PolicyDecl):
                header = child
            elif isinstance(child, ast.LanguageDecl):
                language = child
            elif isinstance(child, (ast.TimezoneDecl, ast.TimezoneChoice)):
                # a second zone line would silently replace the first (error recovery may hand the
                # same line over twice: that is not a second line)
                if timezone is not None and timezone.span != child.span:
                    self.diagnostics.append(Diagnostic(
                        "duplicate", "the policy names its time zone twice", child.span,
                        f"keep one timezone line (the first is on line {timezone.span.line}); a zone chosen per "
                        "ticket is written: timezone by <field> { <value>: <zone> ... }"))
                elif timezone is None:
                    timezone = child
            elif isinstance(child, ast.HolidaysDecl):
                holidays = child
            elif child is not None and not isinstance(child, Token):
                items.append(child)
        return ast.Policy(header, language, timezone, holidays, tuple(items), span=self.span(meta))

    @v_args(meta=True)
    def policy_decl(self, meta: Meta, children: list[Any]) -> ast.PolicyDecl:
        name = str(children[0])
        label = next((c for c in children[1:] if not isinstance(c, Token)), None)
        version = next((Decimal(str(c)) for c in children[1:] if isinstance(c, Token)), None)
        return ast.PolicyDecl(name, label, version, span=self.span(meta))

    def label(self, children: list[Token]) -> str:
        return unquote(str(children[0]))

    @v_args(meta=True)
    def language_decl(self, meta: Meta, children: list[Token]) -> ast.LanguageDecl:
        return ast.LanguageDecl(str(children[0]), span=self.span(meta))

    @v_args(meta=True)
    def timezone_decl(self, meta: Meta, children: list[Any]) -> ast.TimezoneDecl:
        return ast.TimezoneDecl(children[0], span=self.span(meta))

    @v_args(meta=True)
    def timezone_choice(self, meta: Meta, children: list[Any]) -> ast.TimezoneChoice:
        return ast.TimezoneChoice(str(children[0]), tuple(children[1:]), span=self.span(meta))

    @v_args(meta=True)
    def zone_when(self, meta: Meta, children: list[Any]) -> ast.ZoneCase:
        *values, zone = children
        return ast.ZoneCase(tuple(str(v) for v in values), zone, span=self.span(meta))

    @v_args(meta=True)
    def zone_otherwise(self, meta: Meta, children: list[Any]) -> ast.ZoneCase:
        return ast.ZoneCase((), children[0], span=self.span(meta))

    def zone(self, children: list[Token]) -> str:
        if len(children) == 1 and children[0].type == "STRING":
            return unquote(str(children[0]))
        return "/".join(str(c) for c in children)

    @v_args(meta=True)
    def holidays_decl(self, meta: Meta, children: list[Any]) -> ast.HolidaysDecl:
        return ast.HolidaysDecl(children[0], span=self.span(meta))

    @v_args(meta=True)
    def region(self, meta: Meta, children: list[Token]) -> ast.Region:
        return ast.Region(str(children[0]), str(children[1]) if len(children) > 1 else None, span=self.span(meta))

    # ------------------------------------------------------------- calendars

    @v_args(meta=True)
    def calendar_decl(self, meta: Meta, children: list[Any]) -> ast.CalendarDecl:
        name, rest = str(children[0]), children[1:]
        label = rest.pop(0) if rest and isinstance(rest[0], str) and not isinstance(rest[0], Token) else None
        statements = tuple(c for c in rest if c is not None and not isinstance(c, Token))
        return ast.CalendarDecl(name, label, statements, span=self.span(meta))

    @v_args(meta=True)
    def calendar_expr_decl(self, meta: Meta, children: list[Any]) -> ast.CalendarExprDecl:
        name, rest = str(children[0]), children[1:]
        label = rest.pop(0) if len(rest) > 1 else None
        return ast.CalendarExprDecl(name, label, rest[0], span=self.span(meta))

    @v_args(meta=True)
    def cal_choice(self, meta: Meta, children: list[Any]) -> ast.CalChoice:
        return ast.CalChoice(str(children[0]), tuple(children[1:]), span=self.span(meta))

    @v_args(meta=True)
    def cal_when(self, meta: Meta, children: list[Token]) -> ast.CalChoiceCase:
        *values, calendar = children
        return ast.CalChoiceCase(tuple(str(v) for v in values), ast.CalRef(str(calendar), span=self.span(calendar)),
                                 span=self.span(meta))

    @v_args(meta=True)
    def cal_otherwise(self, meta: Meta, children: list[Token]) -> ast.CalChoiceCase:
        return ast.CalChoiceCase((), ast.CalRef(str(children[0]), span=self.span(children[0])), span=self.span(meta))

    @v_args(meta=True)
    def weekly_hours(self, meta: Meta, children: list[Any]) -> ast.WeeklyHours:
        return ast.WeeklyHours(children[0], children[1], span=self.span(meta))

    def day_set(self, children: list[ast.DayRange]) -> tuple[ast.DayRange, ...]:
        return tuple(children)

    @v_args(meta=True)
    def day_range(self, meta: Meta, children: list[Token]) -> ast.DayRange:
        for token in children:
            if str(token) not in WEEKDAYS:
                english = SPANISH_WEEKDAYS.get(str(token).lower())
                hint = (f"weekdays are written in English: write '{english}' for '{token}'" if english
                        else suggest(str(token), WEEKDAYS, f"write one of {', '.join(WEEKDAYS)}"))
                self.error("unknown-weekday", f"unknown weekday '{token}'", token, hint)
        return ast.DayRange(str(children[0]), str(children[1]) if len(children) > 1 else None, span=self.span(meta))

    def hour_list(self, children: list[ast.Interval]) -> tuple[ast.Interval, ...]:
        return tuple(children)

    @v_args(meta=True)
    def interval(self, meta: Meta, children: list[Token]) -> ast.Interval:
        return ast.Interval(
            self.minutes(children[0], end=False), self.minutes(children[1], end=True), span=self.span(meta)
        )

    @v_args(meta=True)
    def always(self, meta: Meta, children: list[Any]) -> ast.Always:
        return ast.Always(span=self.span(meta))

    @v_args(meta=True)
    def closed_holidays(self, meta: Meta, children: list[Any]) -> ast.ClosedOnHolidays:
        return ast.ClosedOnHolidays(span=self.span(meta))

    @v_args(meta=True)
    def closed_date(self, meta: Meta, children: list[Any]) -> ast.ClosedDate:
        return ast.ClosedDate(self.day(children[0]), children[1] if len(children) > 1 else None, span=self.span(meta))

    @v_args(meta=True)
    def special_hours(self, meta: Meta, children: list[Any]) -> ast.SpecialHours:
        return ast.SpecialHours(
            self.day(children[0]), children[1], children[2] if len(children) > 2 else None, span=self.span(meta)
        )

    @v_args(meta=True)
    def recurring_range(self, meta: Meta, children: list[Any]) -> ast.RecurringRange:
        return ast.RecurringRange(children[0], children[1], span=self.span(meta))

    @v_args(meta=True)
    def closed_every(self, meta: Meta, children: list[Any]) -> ast.ClosedEvery:
        dates = tuple(c for c in children if isinstance(c, (ast.YearlyDate, ast.NthWeekday, ast.RecurringRange)))
        label = next((c for c in children if isinstance(c, str)), None)
        return ast.ClosedEvery(dates, label, span=self.span(meta))

    @v_args(meta=True)
    def hours_every(self, meta: Meta, children: list[Any]) -> ast.HoursEvery:
        dates = tuple(c for c in children if isinstance(c, (ast.YearlyDate, ast.NthWeekday, ast.RecurringRange)))
        hours = next(c for c in children if isinstance(c, tuple))
        label = next((c for c in children if isinstance(c, str)), None)
        return ast.HoursEvery(dates, hours, label, span=self.span(meta))

    def month(self, token: Token) -> int:
        word = str(token).lower()
        if word in MONTHS:
            return MONTHS.index(word) + 1
        english = SPANISH_MONTHS.get(word)
        hint = (f"months are written in English: write '{english}' for '{token}'" if english
                else suggest(word, MONTHS, f"write one of {', '.join(MONTHS)}"))
        self.error("unknown-month", f"unknown month '{token}'", token, hint)
        return 1

    @v_args(meta=True)
    def yearly_date(self, meta: Meta, children: list[Token]) -> ast.YearlyDate:
        month = self.month(children[0])
        text = str(children[1])
        day = int(text) if text.isdigit() else 0
        # 2000 is a leap year: feb-29 is a day (of leap years), feb-30 is not
        if not 1 <= day <= calendar.monthrange(2000, month)[1]:
            self.error("bad-date", f"{children[0]}-{text} is not a day of the year", children[1],
                       f"{_MONTHS[month - 1]} has {calendar.monthrange(2000, month)[1]} days")
            day = 1
        return ast.YearlyDate(month, day, span=self.span(meta))

    @v_args(meta=True)
    def nth_weekday(self, meta: Meta, children: list[Token]) -> ast.NthWeekday:
        nth_word, weekday = str(children[0]), str(children[1])
        nth = ORDINALS.get(nth_word.lower())
        if nth is None:
            self.error("bad-date", f"'{nth_word}' does not count weekdays in a month", children[0],
                       suggest(nth_word.lower(), ORDINALS, "write first, second, third, fourth, fifth or last"))
            nth = 1
        if weekday not in WEEKDAYS:
            english = SPANISH_WEEKDAYS.get(weekday.lower())
            self.error("unknown-weekday", f"unknown weekday '{weekday}'", children[1],
                       f"weekdays are written in English: write '{english}' for '{weekday}'" if english
                       else suggest(weekday, WEEKDAYS, f"write one of {', '.join(WEEKDAYS)}"))
        day = WEEKDAYS.index(weekday) if weekday in WEEKDAYS else 0
        return ast.NthWeekday(nth, day, self.month(children[2]), span=self.span(meta))

    @v_args(meta=True)
    def day_length(self, meta: Meta, children: list[Any]) -> ast.DayLength:
        business, unit = children[1]
        if unit != "hours" or not business:
            self.error("syntax", "a calendar's day length is written in business hours", meta,
                       "write e.g. day 9.5 business hours")
        return ast.DayLength(Decimal(str(children[0])), span=self.span(meta))

    @v_args(meta=True)
    def cal_ref(self, meta: Meta, children: list[Token]) -> ast.CalRef:
        return ast.CalRef(str(children[0]), span=self.span(meta))

    @v_args(meta=True)
    def cal_union(self, meta: Meta, children: list[Any]) -> ast.CalUnion:
        return ast.CalUnion(children[0], children[1], span=self.span(meta))

    @v_args(meta=True)
    def cal_difference(self, meta: Meta, children: list[Any]) -> ast.CalDifference:
        return ast.CalDifference(children[0], children[1], span=self.span(meta))

    @v_args(meta=True)
    def cal_complement(self, meta: Meta, children: list[Any]) -> ast.CalComplement:
        return ast.CalComplement(children[0], span=self.span(meta))

    # ------------------------------------------------------------- fields, statuses, events

    @v_args(meta=True)
    def field_decl(self, meta: Meta, children: list[Any]) -> ast.FieldDecl:
        name, rest = str(children[0]), children[1:]
        label = rest.pop(0) if len(rest) > 1 else None
        return ast.FieldDecl(name, label, rest[0], span=self.span(meta))

    @v_args(meta=True)
    def enum_type(self, meta: Meta, children: list[ast.EnumValue]) -> ast.EnumType:
        return ast.EnumType(tuple(children), span=self.span(meta))

    @v_args(meta=True)
    def enum_value(self, meta: Meta, children: list[Any]) -> ast.EnumValue:
        name = str(children[0])
        label = description = None
        examples: list[str] = []
        for child in children[1:]:
            if isinstance(child, tuple) and child[0] == "description":
                description = child[1]
            elif isinstance(child, tuple) and child[0] == "example":
                examples.append(child[1])
            else:
                label = child
        return ast.EnumValue(name, label, description, tuple(examples), span=self.span(meta))

    def description(self, children: list[Token]) -> tuple[str, str]:
        return ("description", unquote(str(children[0])))

    def example(self, children: list[Token]) -> tuple[str, str]:
        return ("example", unquote(str(children[0])))

    def _scalar(self, meta: Meta, kind: ast.ScalarKind) -> ast.ScalarType:
        return ast.ScalarType(kind, span=self.span(meta))

    @v_args(meta=True)
    def number_type(self, meta: Meta, children: list[Any]) -> ast.ScalarType:
        return self._scalar(meta, "number")

    @v_args(meta=True)
    def boolean_type(self, meta: Meta, children: list[Any]) -> ast.ScalarType:
        return self._scalar(meta, "boolean")

    @v_args(meta=True)
    def text_type(self, meta: Meta, children: list[Any]) -> ast.ScalarType:
        return self._scalar(meta, "text")

    @v_args(meta=True)
    def datetime_type(self, meta: Meta, children: list[Any]) -> ast.ScalarType:
        return self._scalar(meta, "datetime")

    @v_args(meta=True)
    def status_decl(self, meta: Meta, children: list[Any]) -> ast.StatusDecl:
        return ast.StatusDecl(str(children[0]), children[1] if len(children) > 1 else None, span=self.span(meta))

    @v_args(meta=True)
    def event_decl(self, meta: Meta, children: list[Any]) -> ast.EventDecl:
        return ast.EventDecl(str(children[0]), children[1] if len(children) > 1 else None, span=self.span(meta))

    # ------------------------------------------------------------- contacts, channels

    def _setting(self, key: ast.SettingKey, meta: Meta, children: list[Token]) -> ast.Setting:
        return ast.Setting(key, unquote(str(children[0])), span=self.span(meta))

    @v_args(meta=True)
    def role(self, meta: Meta, children: list[Token]) -> ast.Setting:
        return self._setting("role", meta, children)

    @v_args(meta=True)
    def email(self, meta: Meta, children: list[Token]) -> ast.Setting:
        return self._setting("email", meta, children)

    @v_args(meta=True)
    def phone(self, meta: Meta, children: list[Token]) -> ast.Setting:
        return self._setting("phone", meta, children)

    @v_args(meta=True)
    def url(self, meta: Meta, children: list[Token]) -> ast.Setting:
        return self._setting("url", meta, children)

    @v_args(meta=True)
    def contact_decl(self, meta: Meta, children: list[Any]) -> ast.ContactDecl:
        name, rest = str(children[0]), children[1:]
        label = rest.pop(0) if rest and isinstance(rest[0], str) else None
        return ast.ContactDecl(name, label, tuple(rest), span=self.span(meta))

    @v_args(meta=True)
    def channel_decl(self, meta: Meta, children: list[Any]) -> ast.ChannelDecl:
        name, rest = str(children[0]), children[1:]
        label = rest.pop(0) if rest and isinstance(rest[0], str) else None
        return ast.ChannelDecl(name, label, tuple(rest), span=self.span(meta))

    @v_args(meta=True)
    def channel_hours(self, meta: Meta, children: list[Token]) -> ast.ChannelHours:
        return ast.ChannelHours(str(children[0]), span=self.span(meta))

    @v_args(meta=True)
    def channel_contact(self, meta: Meta, children: list[Token]) -> ast.ChannelContact:
        return ast.ChannelContact(str(children[0]), span=self.span(meta))

    @v_args(meta=True)
    def channel_takes(self, meta: Meta, children: list[Any]) -> ast.ChannelTakes:
        return ast.ChannelTakes(children[0], span=self.span(meta))

    # ------------------------------------------------------------- derived fields

    @v_args(meta=True)
    def matrix_decl(self, meta: Meta, children: list[Any]) -> ast.MatrixDecl:
        name, rows_field, cols_field = (str(c) for c in children[:3])
        cells: list[ast.Cell] = children[3:]
        lines: dict[int, list[ast.Cell]] = {}
        for cell in cells:
            lines.setdefault(cell.span.line, []).append(cell)
        grouped = list(lines.values())
        columns: tuple[ast.Cell, ...] = tuple(grouped[0]) if grouped else ()
        rows = []
        for line in grouped[1:]:
            key, values = line[0], tuple(line[1:])
            row_span = Span(self.filename, key.span.line, key.span.column, line[-1].span.end_line,
                            line[-1].span.end_column, key.span.start, line[-1].span.end)
            if len(values) != len(columns):
                self.diagnostics.append(Diagnostic(
                    "matrix-shape",
                    f"row '{key.value}' of matrix {name} has {_count(len(values), 'value')}, "
                    f"the header has {_count(len(columns), 'column')}",
                    row_span, "write one value under each column, on the row's own line",
                ))
            rows.append(ast.MatrixRow(key, values, span=row_span))
        return ast.MatrixDecl(name, rows_field, cols_field, columns, tuple(rows), span=self.span(meta))

    @v_args(meta=True)
    def cell(self, meta: Meta, children: list[Token]) -> ast.Cell:
        return ast.Cell(str(children[0]), span=self.span(children[0]))

    @v_args(meta=True)
    def derive_decl(self, meta: Meta, children: list[Any]) -> ast.DeriveDecl:
        return ast.DeriveDecl(str(children[0]), tuple(children[1:]), span=self.span(meta))

    @v_args(meta=True)
    def derive_when(self, meta: Meta, children: list[Any]) -> ast.DeriveCase:
        return ast.DeriveCase(children[0], children[1], span=self.span(meta))

    @v_args(meta=True)
    def derive_otherwise(self, meta: Meta, children: list[Any]) -> ast.DeriveCase:
        return ast.DeriveCase(None, children[0], span=self.span(meta))

    # ------------------------------------------------------------- targets

    @v_args(meta=True)
    def target_decl(self, meta: Meta, children: list[Any]) -> ast.TargetDecl:
        name, rest = str(children[0]), children[1:]
        label = rest.pop(0) if rest and isinstance(rest[0], str) else None
        statements = tuple(c for c in rest if c is not None and not isinstance(c, Token))
        return ast.TargetDecl(name, label, statements, span=self.span(meta))

    def _on(self, role: ast.EventRole, meta: Meta, children: list[ast.EventRef]) -> ast.OnEvents:
        return ast.OnEvents(role, tuple(children), span=self.span(meta))

    @v_args(meta=True)
    def start_on(self, meta: Meta, children: list[Any]) -> ast.OnEvents:
        return self._on("start", meta, children)

    @v_args(meta=True)
    def stop_on(self, meta: Meta, children: list[Any]) -> ast.OnEvents:
        return self._on("stop", meta, children)

    @v_args(meta=True)
    def reset_on(self, meta: Meta, children: list[Any]) -> ast.OnEvents:
        return self._on("reset", meta, children)

    @v_args(meta=True)
    def cancel_on(self, meta: Meta, children: list[Any]) -> ast.OnEvents:
        return self._on("cancel", meta, children)

    @v_args(meta=True)
    def restart_on(self, meta: Meta, children: list[Any]) -> ast.OnEvents:
        return self._on("restart", meta, children)

    @v_args(meta=True)
    def after_each(self, meta: Meta, children: list[Any]) -> ast.OnEvents:
        return self._on("after_each", meta, children)

    @v_args(meta=True)
    def resume_on(self, meta: Meta, children: list[Any]) -> ast.ResumeOn:
        return ast.ResumeOn(tuple(children[:-1]), children[-1], span=self.span(meta))

    @v_args(meta=True)
    def on_change(self, meta: Meta, children: list[Any]) -> ast.OnChange:
        origin: ast.ChangeOrigin = "change" if str(children[0]) == "change" else "start"
        return ast.OnChange(origin, span=self.span(meta))

    def change_origin(self, children: list[Token]) -> str:
        return str(children[0])

    @v_args(meta=True)
    def pause_while(self, meta: Meta, children: list[Any]) -> ast.PauseWhile:
        return ast.PauseWhile(children[0], span=self.span(meta))

    @v_args(meta=True)
    def warn_at(self, meta: Meta, children: list[Token]) -> ast.WarnAt:
        return ast.WarnAt(Decimal(str(children[0])[:-1]), span=self.span(meta))

    @v_args(meta=True)
    def clause(self, meta: Meta, children: list[Any]) -> ast.Clause:
        return ast.Clause(children[0], children[1], span=self.span(meta))

    @v_args(meta=True)
    def otherwise_clause(self, meta: Meta, children: list[Any]) -> ast.Clause:
        return ast.Clause(None, children[0], span=self.span(meta))

    @v_args(meta=True)
    def event_ref(self, meta: Meta, children: list[Token]) -> ast.EventRef:
        return ast.EventRef(str(children[0]), str(children[1]) if len(children) > 1 else None, span=self.span(meta))

    @v_args(meta=True)
    def duration_deadline(self, meta: Meta, children: list[Any]) -> ast.DurationDeadline:
        return ast.DurationDeadline(children[0], str(children[1]) if len(children) > 1 else None, span=self.span(meta))

    @v_args(meta=True)
    def agreed(self, meta: Meta, children: list[Token]) -> ast.Agreed:
        return ast.Agreed(str(children[0]), span=self.span(meta))

    @v_args(meta=True)
    def no_target(self, meta: Meta, children: list[Token]) -> ast.NoTarget:
        return ast.NoTarget(unquote(str(children[0])), span=self.span(meta))

    @v_args(meta=True)
    def end_of_day(self, meta: Meta, children: list[Token]) -> ast.EndOfDay:
        return ast.EndOfDay(str(children[0]), span=self.span(meta))

    @v_args(meta=True)
    def next_day_at(self, meta: Meta, children: list[Token]) -> ast.NextDayAt:
        return ast.NextDayAt(self.minutes(children[0], end=False), str(children[1]), span=self.span(meta))

    @v_args(meta=True)
    def duration(self, meta: Meta, children: list[Any]) -> ast.Duration:
        business, unit = children[1]
        if business == "calendar":
            if unit != "days":
                self.error("syntax", f"calendar {unit} are not counted in dates", meta,
                           f"write '{children[0]} {unit}' for clock time, or count calendar days")
            return ast.Duration(Decimal(str(children[0])), "days", False, True, span=self.span(meta))
        return ast.Duration(Decimal(str(children[0])), unit, bool(business), span=self.span(meta))

    def unit(self, children: list[Token]) -> tuple[bool, str]:
        word = str(children[-1])
        return (len(children) == 2, word if word.endswith("s") else word + "s")

    def calendar_unit(self, children: list[Token]) -> tuple[str, str]:
        word = str(children[-1])
        return ("calendar", word if word.endswith("s") else word + "s")

    # ------------------------------------------------------------- escalation

    @v_args(meta=True)
    def escalation_decl(self, meta: Meta, children: list[Any]) -> ast.EscalationDecl:
        name, rest = str(children[0]), children[1:]
        label = rest.pop(0) if rest and isinstance(rest[0], str) else None
        condition = None
        if rest and not isinstance(rest[0], (ast.Level, ast.LadderOnEvent, ast.LadderOnBreach)):
            condition = rest.pop(0)
        starts = [c for c in rest if isinstance(c, (ast.LadderOnEvent, ast.LadderOnBreach))]
        for extra in starts[1:]:
            self.diagnostics.append(Diagnostic(
                "duplicate", f"escalation {name} says where it starts more than once", extra.span,
                "keep one 'start on ...' line"))
        levels = tuple(c for c in rest if isinstance(c, ast.Level))
        return ast.EscalationDecl(name, label, condition, starts[0] if starts else None, levels, span=self.span(meta))

    @v_args(meta=True)
    def ladder_on_event(self, meta: Meta, children: list[Any]) -> ast.LadderOnEvent:
        return ast.LadderOnEvent(children[0], span=self.span(meta))

    @v_args(meta=True)
    def ladder_on_breach(self, meta: Meta, children: list[Token]) -> ast.LadderOnBreach:
        return ast.LadderOnBreach(str(children[0]), span=self.span(meta))

    @v_args(meta=True)
    def level(self, meta: Meta, children: list[Any]) -> ast.Level:
        number = Decimal(str(children[0]))
        label = role = time = None
        contacts: tuple[str, ...] = ()
        for child in children[1:]:
            if isinstance(child, tuple) and child and child[0] == "role":
                role = child[1]
            elif isinstance(child, tuple) and child and child[0] == "contacts":
                contacts = contacts + child[1]
            elif isinstance(child, (ast.LevelAfter, ast.LevelAtFraction, ast.LevelOffset)):
                time = child
            elif isinstance(child, str):
                label = child
        return ast.Level(number, label, role, contacts, time, span=self.span(meta))

    def level_role(self, children: list[Token]) -> tuple[str, str]:
        return ("role", unquote(str(children[0])))

    def level_contacts(self, children: list[Token]) -> tuple[str, tuple[str, ...]]:
        return ("contacts", tuple(str(c) for c in children))

    @v_args(meta=True)
    def level_after(self, meta: Meta, children: list[Any]) -> ast.LevelAfter:
        return ast.LevelAfter(children[0], str(children[1]) if len(children) > 1 else None, span=self.span(meta))

    @v_args(meta=True)
    def level_at_fraction(self, meta: Meta, children: list[Token]) -> ast.LevelAtFraction:
        return ast.LevelAtFraction(Decimal(str(children[0])[:-1]), str(children[1]), span=self.span(meta))

    @v_args(meta=True)
    def level_offset(self, meta: Meta, children: list[Any]) -> ast.LevelOffset:
        return ast.LevelOffset(children[0], children[1], str(children[2]), span=self.span(meta))

    def offset_dir(self, children: list[Token]) -> str:
        return str(children[0])

    # ------------------------------------------------------------- scope, routing, maintenance

    @v_args(meta=True)
    def route_decl(self, meta: Meta, children: list[Any]) -> ast.RouteDecl:
        name, condition, to = str(children[0]), children[1], unquote(str(children[2]))
        via = reason = None
        external = False
        for child in children[3:]:
            if child[0] == "via":
                via = child[1]
            elif child[0] == "external":
                external = True
            else:
                reason = child[1]
        return ast.RouteDecl(name, condition, to, via, reason, external, span=self.span(meta))

    def route_contact(self, children: list[Token]) -> tuple[str, str]:
        return ("via", str(children[0]))

    def route_reason(self, children: list[Token]) -> tuple[str, str]:
        return ("reason", unquote(str(children[0])))

    def route_external(self, children: list[Token]) -> tuple[str, str]:
        return ("external", "")

    @v_args(meta=True)
    def reject_decl(self, meta: Meta, children: list[Any]) -> ast.RejectDecl:
        return ast.RejectDecl(str(children[0]), children[1], unquote(str(children[2])), span=self.span(meta))

    @v_args(meta=True)
    def require_decl(self, meta: Meta, children: list[Any]) -> ast.RequireDecl:
        when = children[2] if len(children) == 4 else None
        return ast.RequireDecl(str(children[0]), children[1], when, unquote(str(children[-1])), span=self.span(meta))

    @v_args(meta=True)
    def forbid_decl(self, meta: Meta, children: list[Any]) -> ast.ForbidDecl:
        return ast.ForbidDecl(str(children[0]), children[1], unquote(str(children[2])), span=self.span(meta))

    # ------------------------------------------------------------- workflow and notification duties

    @staticmethod
    def _label_of(rest: list[Any]) -> str | None:
        """The optional label after an item's name: a text the ``label`` rule made (a Token is a
        name of the syntax, not a label)."""
        if rest and isinstance(rest[0], str) and not isinstance(rest[0], Token):
            return str(rest.pop(0))
        return None

    @v_args(meta=True)
    def flow_decl(self, meta: Meta, children: list[Any]) -> ast.FlowDecl:
        rest = children[1:]
        label = self._label_of(rest)
        condition = rest.pop(0) if rest and not isinstance(rest[0], str) else None
        steps = [c for c in rest if isinstance(c, Token)]
        return ast.FlowDecl(str(children[0]), label, condition, tuple(str(t) for t in steps),
                            span=self.span(meta), step_spans=tuple(self.span(t) for t in steps))

    @v_args(meta=True)
    def order_decl(self, meta: Meta, children: list[Any]) -> ast.OrderDecl:
        rest = children[1:]
        label = self._label_of(rest)
        refs = [c for c in rest if isinstance(c, ast.EventRef)]
        message = next((unquote(str(c)) for c in rest if isinstance(c, Token)), None)
        condition = next((c for c in rest if not isinstance(c, (ast.EventRef, str))), None)
        return ast.OrderDecl(str(children[0]), label, refs[0], tuple(refs[1:]), condition, message,
                             span=self.span(meta))

    @v_args(meta=True)
    def notify_decl(self, meta: Meta, children: list[Any]) -> ast.NotifyDecl:
        rest = children[1:]
        label = self._label_of(rest)
        audience, medium, within = rest[0], rest[1], rest[2]
        rest = rest[3:]
        calendar = str(rest.pop(0)) if isinstance(rest[0], Token) else None
        start, met_by = rest[0], rest[-1]
        condition = rest[1] if len(rest) == 3 else None
        return ast.NotifyDecl(str(children[0]), label, audience, str(medium), within, calendar, start, condition,
                              met_by, span=self.span(meta), medium_span=self.span(medium))

    @v_args(meta=True)
    def audience(self, meta: Meta, children: list[Token]) -> ast.Audience:
        token = children[0]
        if token.type == "STRING":
            return ast.TextAudience(unquote(str(token)), span=self.span(meta))
        return ast.ContactAudience(str(token), span=self.span(meta))

    @v_args(meta=True)
    def maintenance_decl(self, meta: Meta, children: list[Any]) -> ast.MaintenanceDecl:
        label = children[0] if children and isinstance(children[0], str) else None
        statements = tuple(c for c in children[1 if label is not None else 0:] if c is not None)
        return ast.MaintenanceDecl(label, statements, span=self.span(meta))

    @v_args(meta=True)
    def notice(self, meta: Meta, children: list[Any]) -> ast.Notice:
        minimum = children[0]
        calendar = next((str(c) for c in children[1:] if isinstance(c, Token)), None)
        maximum = next((c for c in children[1:] if isinstance(c, ast.Duration)), None)
        return ast.Notice(minimum, calendar, maximum, span=self.span(meta))

    @v_args(meta=True)
    def window(self, meta: Meta, children: list[Any]) -> ast.Window:
        return ast.Window(children[0], span=self.span(meta))

    @v_args(meta=True)
    def day_window(self, meta: Meta, children: list[Token]) -> ast.DayWindow:
        names = [c for c in children if c.type == "NAME"]
        times = [c for c in children if c.type == "TIME"]
        for token in names:
            if str(token) not in WEEKDAYS:
                self.error("unknown-weekday", f"unknown weekday '{token}'", token,
                           suggest(str(token), WEEKDAYS, f"write one of {', '.join(WEEKDAYS)}"))
        return ast.DayWindow(str(names[0]), self.minutes(times[0], end=False),
                             str(names[1]) if len(names) > 1 else None, self.minutes(times[1], end=True),
                             span=self.span(meta))

    @v_args(meta=True)
    def emergency_notice(self, meta: Meta, children: list[Any]) -> ast.EmergencyNotice:
        return ast.EmergencyNotice(children[0], span=self.span(meta))

    @v_args(meta=True)
    def emergency_any_time(self, meta: Meta, children: list[Any]) -> ast.Emergency:
        return ast.Emergency("any_time", span=self.span(meta))

    @v_args(meta=True)
    def emergency_same_day(self, meta: Meta, children: list[Any]) -> ast.Emergency:
        return ast.Emergency("same_day", span=self.span(meta))

    # ------------------------------------------------------------- compliance commitments

    @v_args(meta=True)
    def commitment_decl(self, meta: Meta, children: list[Any]) -> ast.CommitmentDecl:
        name, rest = str(children[0]), children[1:]
        label = rest.pop(0) if rest and isinstance(rest[0], str) else None
        statements = tuple(c for c in rest if c is not None and not isinstance(c, Token))
        return ast.CommitmentDecl(name, label, statements, span=self.span(meta))

    @v_args(meta=True)
    def commit_target(self, meta: Meta, children: list[Token]) -> ast.CommitTarget:
        return ast.CommitTarget(str(children[0]), span=self.span(meta))

    @v_args(meta=True)
    def commit_when(self, meta: Meta, children: list[Any]) -> ast.CommitWhen:
        return ast.CommitWhen(children[0], span=self.span(meta))

    @v_args(meta=True)
    def commit_period(self, meta: Meta, children: list[Token]) -> ast.CommitPeriod:
        return ast.CommitPeriod(str(children[0]), span=self.span(meta))

    @v_args(meta=True)
    def commit_breached(self, meta: Meta, children: list[Token]) -> ast.AtMostBreached:
        return ast.AtMostBreached(Decimal(str(children[0])[:-1]), span=self.span(meta))

    @v_args(meta=True)
    def commit_met(self, meta: Meta, children: list[Token]) -> ast.AtLeastMet:
        return ast.AtLeastMet(Decimal(str(children[0])[:-1]), span=self.span(meta))

    @v_args(meta=True)
    def commit_percentile(self, meta: Meta, children: list[Any]) -> ast.PercentileAtMost:
        written = str(children[0])
        digits = written[1:]
        if written[:1] not in ("p", "P") or not digits.isdigit() or len(digits) > 3:
            self.error("syntax", f"'{written}' is not a percentile", children[0],
                       "write p50, p90 or p95: p and a whole number from 1 to 99")
            return ast.PercentileAtMost(0, children[1], span=self.span(meta))
        return ast.PercentileAtMost(int(digits), children[1], span=self.span(meta))

    @v_args(meta=True)
    def commit_credit(self, meta: Meta, children: list[Token]) -> ast.Credit:
        return ast.Credit(Decimal(str(children[0])[:-1]), span=self.span(meta))

    # ------------------------------------------------------------- conditions

    @v_args(meta=True)
    def or_cond(self, meta: Meta, children: list[Any]) -> ast.Or:
        return ast.Or(tuple(children), span=self.span(meta))

    @v_args(meta=True)
    def and_cond(self, meta: Meta, children: list[Any]) -> ast.And:
        return ast.And(tuple(children), span=self.span(meta))

    @v_args(meta=True)
    def negation(self, meta: Meta, children: list[Any]) -> ast.Not:
        return ast.Not(children[0], span=self.span(meta))

    @v_args(meta=True)
    def comparison(self, meta: Meta, children: list[Any]) -> ast.Comparison:
        return ast.Comparison(str(children[0]), _COMPARE_OPS[str(children[1])], children[2], span=self.span(meta))

    @v_args(meta=True)
    def membership(self, meta: Meta, children: list[Any]) -> ast.Membership:
        return ast.Membership(str(children[0]), tuple(children[1:]), span=self.span(meta))

    @v_args(meta=True)
    def truthy(self, meta: Meta, children: list[Token]) -> ast.Truthy:
        return ast.Truthy(str(children[0]), span=self.span(meta))

    @v_args(meta=True)
    def name_value(self, meta: Meta, children: list[Token]) -> ast.NameValue:
        return ast.NameValue(str(children[0]), span=self.span(children[0]))

    @v_args(meta=True)
    def number_value(self, meta: Meta, children: list[Token]) -> ast.NumberValue:
        return ast.NumberValue(Decimal(str(children[0])), span=self.span(children[0]))

    @v_args(meta=True)
    def string_value(self, meta: Meta, children: list[Token]) -> ast.StringValue:
        return ast.StringValue(unquote(str(children[0])), span=self.span(children[0]))
