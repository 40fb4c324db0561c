"""The plazo AST: one frozen attrs class per construct of the language.

Every node carries its source ``span``; spans are left out of equality, so two
ASTs are equal when they mean the same (what the formatter's round trip checks).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal, TypeAlias

from attrs import field, frozen

from plazo.dsl.dates import NthWeekdayRule, RangeRule, YearlyRule
from plazo.dsl.diagnostics import NO_SPAN, Span
from plazo.dsl.names import boolean_word


def _span() -> Span:
    return field(default=NO_SPAN, eq=False, repr=False, kw_only=True)


# ------------------------------------------------------------------ values and conditions


@frozen
class NameValue:
    name: str
    span: Span = _span()


@frozen
class NumberValue:
    value: Decimal
    span: Span = _span()


@frozen
class StringValue:
    value: str
    span: Span = _span()


Value: TypeAlias = NameValue | NumberValue | StringValue


def literal(value: Value, kind: str) -> str | float | bool:
    """The Python value a literal stands for, compared with a field of ``kind`` ("" when the
    kind is unknown: a number reads as a number): what evaluation compares and what the
    checker reasons about, so the two cannot disagree."""
    if isinstance(value, NumberValue):
        return float(value.value) if kind in ("number", "") else format(value.value, "f")
    if isinstance(value, NameValue):
        if kind == "boolean":
            word = boolean_word(value.name)
            return value.name if word is None else word
        return value.name
    return value.value

CompareOp = Literal["=", "!=", "<", "<=", ">", ">="]


@frozen
class Comparison:
    field: str
    op: CompareOp
    value: Value
    span: Span = _span()


@frozen
class Membership:
    field: str
    values: tuple[Value, ...]
    span: Span = _span()


@frozen
class Truthy:
    field: str
    span: Span = _span()


@frozen
class Not:
    operand: Condition
    span: Span = _span()


@frozen
class And:
    operands: tuple[Condition, ...]
    span: Span = _span()


@frozen
class Or:
    operands: tuple[Condition, ...]
    span: Span = _span()


Condition: TypeAlias = Comparison | Membership | Truthy | Not | And | Or

# ------------------------------------------------------------------ header


@frozen
class Region:
    country: str
    subdivision: str | None = None
    span: Span = _span()


@frozen
class TimezoneDecl:
    zone: str
    span: Span = _span()


@frozen
class ZoneCase:
    """``cl, co: America/Santiago`` (``values`` empty: ``otherwise: America/Bogota``)."""

    values: tuple[str, ...]
    zone: str
    span: Span = _span()


@frozen
class TimezoneChoice:
    """``timezone by country { cl: America/Santiago  pe: America/Lima }``: the policy's
    reference time zone chosen per ticket by a field's value (docs/semantics.md, "Time zones")."""

    field: str
    cases: tuple[ZoneCase, ...]
    span: Span = _span()

    @property
    def zone(self) -> str:
        """The policy's own zone, for what is one for every ticket: the first zone written."""
        return self.cases[0].zone if self.cases else "UTC"


@frozen
class HolidaysDecl:
    region: Region
    span: Span = _span()


@frozen
class PolicyDecl:
    name: str
    label: str | None = None
    version: Decimal | None = None
    span: Span = _span()


@frozen
class LanguageDecl:
    language: str
    span: Span = _span()


# ------------------------------------------------------------------ calendars


@frozen
class Interval:
    """Local hours in minutes after midnight; ``end`` may be 1440 (24:00) or not after ``start``."""

    start: int
    end: int
    span: Span = _span()


@frozen
class DayRange:
    first: str
    last: str | None = None
    span: Span = _span()


@frozen
class WeeklyHours:
    days: tuple[DayRange, ...]
    hours: tuple[Interval, ...]
    span: Span = _span()


@frozen
class Always:
    span: Span = _span()


@frozen
class ClosedOnHolidays:
    span: Span = _span()


@frozen
class ClosedDate:
    day: date
    label: str | None = None
    span: Span = _span()


@frozen
class SpecialHours:
    day: date
    hours: tuple[Interval, ...]
    label: str | None = None
    span: Span = _span()


@frozen
class YearlyDate:
    """``dec-24``: the same day of the same month every year (``feb-29`` on leap years only)."""

    month: int  # 1-12
    day: int
    span: Span = _span()

    @property
    def rule(self) -> YearlyRule:
        return YearlyRule(self.month, self.day)


@frozen
class NthWeekday:
    """``last fri of dec``, ``first mon of sep``: a weekday counted in a month, every year."""

    nth: int  # 1-5, or -1 for the last
    weekday: int  # 0 is Monday
    month: int  # 1-12
    span: Span = _span()

    @property
    def rule(self) -> NthWeekdayRule:
        return NthWeekdayRule(self.nth, self.weekday, self.month)


@frozen
class RecurringRange:
    """``dec-24 to dec-31``, ``dec-28 to jan-03``: every day from the first date to the next
    day the end names (the next year's when it falls earlier in the year)."""

    first: YearlyDate | NthWeekday
    last: YearlyDate | NthWeekday
    span: Span = _span()

    @property
    def rule(self) -> RangeRule:
        return RangeRule(self.first.rule, self.last.rule)


Recurrence: TypeAlias = YearlyDate | NthWeekday | RecurringRange


@frozen
class ClosedEvery:
    """``closed on every last fri of dec "Cierre"``: recurring closed dates (company days)."""

    dates: tuple[Recurrence, ...]
    label: str | None = None
    span: Span = _span()


@frozen
class HoursEvery:
    """``hours on every dec-24, dec-31 08:30-13:00``: recurring dated hours."""

    dates: tuple[Recurrence, ...]
    hours: tuple[Interval, ...]
    label: str | None = None
    span: Span = _span()


@frozen
class DayLength:
    """``day 9.5 business hours``: how much open time one business day of the calendar is."""

    hours: Decimal
    span: Span = _span()


CalendarStatement: TypeAlias = (
    WeeklyHours | Always | ClosedOnHolidays | ClosedDate | SpecialHours | ClosedEvery | HoursEvery | DayLength
    | TimezoneDecl | HolidaysDecl
)


@frozen
class CalendarDecl:
    name: str
    label: str | None
    statements: tuple[CalendarStatement, ...]
    span: Span = _span()


@frozen
class CalRef:
    name: str
    span: Span = _span()


@frozen
class CalUnion:
    left: CalendarExpr
    right: CalendarExpr
    span: Span = _span()


@frozen
class CalDifference:
    left: CalendarExpr
    right: CalendarExpr
    span: Span = _span()


@frozen
class CalComplement:
    operand: CalendarExpr
    span: Span = _span()


CalendarExpr: TypeAlias = CalRef | CalUnion | CalDifference | CalComplement


@frozen
class CalChoiceCase:
    """``cl, co: habil_cl`` (``values`` empty: ``otherwise: habil``)."""

    values: tuple[str, ...]
    calendar: CalRef
    span: Span = _span()


@frozen
class CalChoice:
    """``by country { cl: habil_cl  pe: habil_pe }``: the calendar a ticket's field chooses."""

    field: str
    cases: tuple[CalChoiceCase, ...]
    span: Span = _span()


@frozen
class CalendarExprDecl:
    name: str
    label: str | None
    expr: CalendarExpr | CalChoice
    span: Span = _span()


# ------------------------------------------------------------------ fields, statuses, events


@frozen
class EnumValue:
    name: str
    label: str | None = None
    description: str | None = None
    examples: tuple[str, ...] = ()
    span: Span = _span()


@frozen
class EnumType:
    values: tuple[EnumValue, ...]
    span: Span = _span()


ScalarKind = Literal["number", "boolean", "text", "datetime"]


@frozen
class ScalarType:
    kind: ScalarKind
    span: Span = _span()


@frozen
class FieldDecl:
    name: str
    label: str | None
    type: EnumType | ScalarType
    span: Span = _span()


@frozen
class StatusDecl:
    name: str
    label: str | None = None
    span: Span = _span()


@frozen
class EventDecl:
    name: str
    label: str | None = None
    span: Span = _span()


# ------------------------------------------------------------------ contacts and channels


SettingKey = Literal["role", "email", "phone", "url"]


@frozen
class Setting:
    """A keyword and its text inside a block: ``role "..."``, ``email "..."``, ``phone``, ``url``."""

    key: SettingKey
    value: str
    span: Span = _span()


@frozen
class ContactDecl:
    name: str
    label: str | None
    settings: tuple[Setting, ...] = ()
    span: Span = _span()


@frozen
class ChannelHours:
    calendar: str
    span: Span = _span()


@frozen
class ChannelContact:
    contact: str
    span: Span = _span()


@frozen
class ChannelTakes:
    condition: Condition
    span: Span = _span()


ChannelStatement: TypeAlias = ChannelHours | ChannelContact | ChannelTakes | Setting


@frozen
class ChannelDecl:
    name: str
    label: str | None
    statements: tuple[ChannelStatement, ...]
    span: Span = _span()


# ------------------------------------------------------------------ derived fields


@frozen
class Cell:
    value: str
    span: Span = _span()


@frozen
class MatrixRow:
    key: Cell
    cells: tuple[Cell, ...]
    span: Span = _span()


@frozen
class MatrixDecl:
    name: str
    row_field: str
    column_field: str
    columns: tuple[Cell, ...]
    rows: tuple[MatrixRow, ...]
    span: Span = _span()


@frozen
class DeriveCase:
    condition: Condition | None  # None: otherwise
    value: Value
    span: Span = _span()


@frozen
class DeriveDecl:
    name: str
    cases: tuple[DeriveCase, ...]
    span: Span = _span()


# ------------------------------------------------------------------ targets

Unit = Literal["minutes", "hours", "days"]


@frozen
class Duration:
    amount: Decimal
    unit: Unit
    business: bool = False
    calendar_days: bool = False  # `2 calendar days`: counted in dates, not 24-hour units
    span: Span = _span()


@frozen
class EventRef:
    """``created``, ``first_response``, a declared event, or ``status <name>``."""

    name: str
    argument: str | None = None
    span: Span = _span()


@frozen
class DurationDeadline:
    duration: Duration
    calendar: str | None = None
    span: Span = _span()


@frozen
class Agreed:
    field: str
    span: Span = _span()


@frozen
class NoTarget:
    reason: str
    span: Span = _span()


@frozen
class EndOfDay:
    calendar: str
    span: Span = _span()


@frozen
class NextDayAt:
    at: int  # minutes after midnight
    calendar: str
    span: Span = _span()


Deadline: TypeAlias = DurationDeadline | Agreed | NoTarget | EndOfDay | NextDayAt


@frozen
class Clause:
    condition: Condition | None  # None: otherwise
    deadline: Deadline
    span: Span = _span()


EventRole = Literal["start", "stop", "reset", "cancel", "restart", "after_each"]


@frozen
class OnEvents:
    """``start on``, ``stop on``, ``reset on``, ``cancel on``, ``restart on``, ``after each``."""

    role: EventRole
    events: tuple[EventRef, ...]
    span: Span = _span()


@frozen
class PauseWhile:
    condition: Condition
    span: Span = _span()


@frozen
class WarnAt:
    percent: Decimal
    span: Span = _span()


@frozen
class ResumeOn:
    """``resume on reopened within 7 days``: an event soon enough after the stop continues
    the count where it stopped; later, it starts the clock again from zero."""

    events: tuple[EventRef, ...]
    within: Duration
    span: Span = _span()


ChangeOrigin = Literal["start", "change"]


@frozen
class OnChange:
    """``field change: from start`` (the default) | ``field change: from change``: from when the
    clause a field change picks counts its time."""

    origin: ChangeOrigin
    span: Span = _span()


TargetStatement: TypeAlias = OnEvents | ResumeOn | OnChange | PauseWhile | WarnAt | Clause


@frozen
class TargetDecl:
    name: str
    label: str | None
    statements: tuple[TargetStatement, ...]
    span: Span = _span()


# ------------------------------------------------------------------ escalation


@frozen
class LadderOnEvent:
    event: EventRef
    span: Span = _span()


@frozen
class LadderOnBreach:
    target: str
    span: Span = _span()


@frozen
class LevelAfter:
    duration: Duration
    calendar: str | None = None
    span: Span = _span()


@frozen
class LevelAtFraction:
    percent: Decimal
    target: str
    span: Span = _span()


@frozen
class LevelOffset:
    duration: Duration
    direction: Literal["before", "after"]
    target: str
    span: Span = _span()


LevelTime: TypeAlias = LevelAfter | LevelAtFraction | LevelOffset


@frozen
class Level:
    number: Decimal
    label: str | None
    role: str | None = None
    contacts: tuple[str, ...] = ()
    time: LevelTime | None = None
    span: Span = _span()


@frozen
class EscalationDecl:
    name: str
    label: str | None
    condition: Condition | None
    start: LadderOnEvent | LadderOnBreach | None
    levels: tuple[Level, ...]
    span: Span = _span()


# ------------------------------------------------------------------ scope, routing, maintenance


@frozen
class RouteDecl:
    name: str
    condition: Condition
    to: str
    via: str | None = None
    reason: str | None = None
    external: bool = False  # hands the ticket to someone outside the support team: its targets stop
    span: Span = _span()


@frozen
class RejectDecl:
    name: str
    condition: Condition
    reason: str
    span: Span = _span()


@frozen
class RequireDecl:
    name: str
    condition: Condition
    when: Condition | None
    message: str
    span: Span = _span()


@frozen
class ForbidDecl:
    name: str
    condition: Condition
    message: str
    span: Span = _span()


# ------------------------------------------------------------------ workflow and notification duties


@frozen
class FlowDecl:
    """``flow soporte when ...: nuevo -> en_curso -> cerrado``: the order of a ticket's statuses
    (a status change may not skip a step; docs/semantics.md, "Workflow")."""

    name: str
    label: str | None
    condition: Condition | None
    steps: tuple[str, ...]
    span: Span = _span()
    step_spans: tuple[Span, ...] = field(default=(), eq=False, repr=False, kw_only=True)


@frozen
class OrderDecl:
    """``order cierre: status cerrado after status validacion``: an event only after others."""

    name: str
    label: str | None
    event: EventRef
    after: tuple[EventRef, ...]
    condition: Condition | None = None
    message: str | None = None
    span: Span = _span()


@frozen
class ContactAudience:
    """A notification duty's audience that is a declared contact."""

    contact: str
    span: Span = _span()


@frozen
class TextAudience:
    """A notification duty's audience in words: ``"clientes del producto afectado"``."""

    text: str
    span: Span = _span()


Audience: TypeAlias = ContactAudience | TextAudience


@frozen
class NotifyDecl:
    """``notify aviso: clientes via email within 1 hour of created when ... met by notified``."""

    name: str
    label: str | None
    audience: Audience
    medium: str  # a channel of the policy or a medium word (email, phone, ...)
    within: Duration
    calendar: str | None
    start: EventRef
    condition: Condition | None
    met_by: EventRef
    span: Span = _span()
    medium_span: Span = field(default=NO_SPAN, eq=False, repr=False, kw_only=True)


@frozen
class Notice:
    minimum: Duration
    calendar: str | None = None
    maximum: Duration | None = None
    span: Span = _span()


@frozen
class Window:
    interval: Interval
    span: Span = _span()


@frozen
class DayWindow:
    """``window sat 22:00 - sun 06:00``: a window from a weekday's time to a time of the
    same or a later weekday (``last_day`` None: the same day, or the next when the end is
    not after the start)."""

    first_day: str
    start: int  # minutes after midnight
    last_day: str | None
    end: int
    span: Span = _span()


@frozen
class Emergency:
    kind: Literal["any_time", "same_day"]
    span: Span = _span()


@frozen
class EmergencyNotice:
    """``emergency notice at least 2 hours``: an emergency still needs this notice (clock time)."""

    minimum: Duration
    span: Span = _span()


MaintenanceStatement: TypeAlias = Notice | Window | DayWindow | Emergency | EmergencyNotice | TimezoneDecl


@frozen
class MaintenanceDecl:
    label: str | None
    statements: tuple[MaintenanceStatement, ...]
    span: Span = _span()


# ------------------------------------------------------------------ compliance commitments


@frozen
class CommitTarget:
    target: str
    span: Span = _span()


@frozen
class CommitWhen:
    condition: Condition
    span: Span = _span()


@frozen
class CommitPeriod:
    """``per month``: the period as written; the checker wants month, week or quarter."""

    period: str
    span: Span = _span()


@frozen
class AtMostBreached:
    """``at most 5% breached``: the share of decided targets that may be breached."""

    percent: Decimal
    span: Span = _span()


@frozen
class AtLeastMet:
    """``at least 95% met``: the share of decided targets that must be met."""

    percent: Decimal
    span: Span = _span()


@frozen
class PercentileAtMost:
    """``p90 at most 2 business hours``: a percentile of the time counted against the target."""

    percentile: int  # 90 for p90; the checker wants 1..99
    duration: Duration
    span: Span = _span()


@frozen
class Credit:
    """``credit 10%``: what missing the commitment in a period costs, a share of the fee."""

    percent: Decimal
    span: Span = _span()


CommitmentMeasure: TypeAlias = AtMostBreached | AtLeastMet | PercentileAtMost
CommitmentStatement: TypeAlias = CommitTarget | CommitWhen | CommitPeriod | CommitmentMeasure | Credit


@frozen
class CommitmentDecl:
    name: str
    label: str | None
    statements: tuple[CommitmentStatement, ...]
    span: Span = _span()


Item: TypeAlias = (
    CalendarDecl | CalendarExprDecl | FieldDecl | StatusDecl | EventDecl | ContactDecl | ChannelDecl
    | MatrixDecl | DeriveDecl | TargetDecl | EscalationDecl | RouteDecl | RejectDecl | RequireDecl | ForbidDecl
    | MaintenanceDecl | CommitmentDecl | FlowDecl | OrderDecl | NotifyDecl
)


@frozen
class Comment:
    text: str  # including the leading '#'
    span: Span = _span()


@frozen
class Policy:
    header: PolicyDecl | None
    language: LanguageDecl | None
    timezone: TimezoneDecl | TimezoneChoice | None
    holidays: HolidaysDecl | None
    items: tuple[Item, ...]
    comments: tuple[Comment, ...] = field(default=(), eq=False)
    span: Span = _span()
