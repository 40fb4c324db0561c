"""What a policy's calendars open in an ordinary week, worked out from the text alone.

The checker may not compile calendars (the dsl does not import the engine), and it
need not: whether a calendar is ever open, and how much a week, follow from its
weekly hours. A :class:`Week` is the set of open minutes of an ordinary week (a day
that is no holiday and has no dated hours) as the bits of an integer, bit
``day * 1440 + minute`` with Monday 00:00 as bit 0, in the calendar's time zone.
Beside the bits, two flags say how the days that are not ordinary may differ: a
calendar may open *more* on some dates (dated hours; or a complement or difference
whose other side closes on holidays) or *less* (holidays, closed dates, dated hours).

Parts of an expression in another time zone are shifted by the difference of the
zones' offsets, which changes through the year; their bits are kept only when the
shift cannot matter (nothing open, or the whole week), else the week is unknown
(``bits is None``) and nothing is said of it. So every conclusion drawn here holds
for every week of the year.
"""

from __future__ import annotations

from attrs import frozen

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.names import WEEKDAYS

DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES
FULL = (1 << WEEK_MINUTES) - 1


@frozen
class Week:
    bits: int | None  # open minutes of an ordinary week; None: unknown (parts in other zones)
    zone: str
    more: bool  # some dates may be open outside ``bits``
    less: bool  # some dates may be closed inside ``bits``

    @property
    def never_open(self) -> bool:
        """Closed in every week, ordinary or not."""
        return self.bits == 0 and not self.more

    @property
    def open_minutes(self) -> int | None:
        """Open minutes an ordinary week (None: unknown)."""
        return None if self.bits is None else self.bits.bit_count()

    @property
    def working_days(self) -> int | None:
        """Working days of an ordinary week: days an open stretch starts on, or open from
        midnight to midnight (the engine's rule; docs/semantics.md, 3.1)."""
        if self.bits is None:
            return None
        starts = self.bits & ~_rotate_up(self.bits)  # open at m, closed at m - 1
        return sum(1 for day in range(7)
                   if (starts >> (day * DAY_MINUTES)) & ((1 << DAY_MINUTES) - 1)
                   or (self.bits >> (day * DAY_MINUTES)) & ((1 << DAY_MINUTES) - 1) == (1 << DAY_MINUTES) - 1)


def calendar_weeks(policy: ast.Policy, scope: Scope) -> dict[str, Week]:
    """The week of every calendar the policy defines (unknown where a name is unknown or
    the calendars refer to each other in a cycle)."""
    zone = policy.timezone.zone if policy.timezone is not None else "UTC"
    weeks: dict[str, Week] = {}
    for name, decl in scope.calendars.items():
        if isinstance(decl, ast.CalendarDecl):
            weeks[name] = _block(decl, zone, scope)
    # expressions in an order where each comes after the ones it names (Kahn's algorithm;
    # those in a cycle are never ready and stay out: unknown)
    # a calendar chosen per ticket has no week of its own: each ticket counts on one of its parts
    exprs = {name: decl.expr for name, decl in scope.calendars.items()
             if isinstance(decl, ast.CalendarExprDecl) and not isinstance(decl.expr, ast.CalChoice)}
    waiting_on = {name: names_in(expr) & exprs.keys() for name, expr in exprs.items()}
    needed_by: dict[str, list[str]] = {}
    for name, names in waiting_on.items():
        for other in names:
            needed_by.setdefault(other, []).append(name)
    ready = [name for name, names in waiting_on.items() if not names]
    while ready:
        name = ready.pop()
        weeks[name] = _expression(exprs[name], weeks, zone)
        for later in needed_by.get(name, ()):
            waiting_on[later].discard(name)
            if not waiting_on[later]:
                ready.append(later)
    return weeks


def _block(decl: ast.CalendarDecl, policy_zone: str, scope: Scope) -> Week:
    bits = 0
    zone, more, less = policy_zone, False, False
    for s in decl.statements:
        if isinstance(s, ast.TimezoneDecl):
            zone = s.zone
        elif isinstance(s, ast.Always):
            bits = FULL
        elif isinstance(s, ast.WeeklyHours):
            for day in _days(s.days):
                for interval in s.hours:
                    if scope.readable(interval.span) and interval.start != interval.end:
                        bits |= _interval_bits(day, interval.start, interval.end)
        elif isinstance(s, (ast.SpecialHours, ast.HoursEvery)):
            more = more or any(i.start != i.end for i in s.hours)
            less = True
        elif isinstance(s, (ast.ClosedDate, ast.ClosedOnHolidays, ast.ClosedEvery)):
            less = True
    return Week(bits, zone, more, less)


def _expression(expr: ast.CalendarExpr, weeks: dict[str, Week], policy_zone: str) -> Week:
    """Post-order over the expression with an explicit stack: long chains do not recurse."""
    results: list[Week] = []
    stack: list[tuple[ast.CalendarExpr, bool]] = [(expr, False)]
    while stack:
        node, children_done = stack.pop()
        if isinstance(node, ast.CalRef):
            results.append(weeks.get(node.name, Week(None, policy_zone, True, True)))
        elif not children_done:
            stack.append((node, True))
            operands = [node.operand] if isinstance(node, ast.CalComplement) else [node.right, node.left]
            stack.extend((operand, False) for operand in operands)  # left is popped, so computed, first
        elif isinstance(node, ast.CalComplement):
            a = results.pop()
            results.append(Week(None if a.bits is None else FULL & ~a.bits, a.zone, a.less, a.more))
        else:
            b, a = results.pop(), results.pop()
            b_bits = _in_zone(b, a.zone)
            if isinstance(node, ast.CalUnion):
                results.append(Week(_union(a.bits, b_bits), a.zone, a.more or b.more, a.less or b.less))
            else:
                results.append(Week(_minus(a.bits, b_bits), a.zone, a.more or b.less, a.less or b.more))
    return results[0]


def _in_zone(week: Week, zone: str) -> int | None:
    """``week``'s bits seen from ``zone``: unchanged in the same zone; elsewhere only when no
    shift can change them."""
    if week.zone == zone or week.bits in (0, FULL):
        return week.bits
    return None


def _union(a: int | None, b: int | None) -> int | None:
    if a == FULL or b == FULL:
        return FULL
    return None if a is None or b is None else a | b


def _minus(a: int | None, b: int | None) -> int | None:
    if a == 0 or b == FULL:
        return 0
    return None if a is None or b is None else a & ~b


def _interval_bits(day: int, start: int, end: int) -> int:
    """``start``-``end`` on ``day``; an end before the start is the next day's (wrapping past Sunday)."""
    first = day * DAY_MINUTES + start
    last = day * DAY_MINUTES + (end if end > start else end + DAY_MINUTES)
    bits = ((1 << (last - first)) - 1) << first
    return (bits | (bits >> WEEK_MINUTES)) & FULL


def _rotate_up(bits: int) -> int:
    """Bit m of the result is bit m - 1 of ``bits`` (the minute before, Sunday 23:59 before Monday 00:00)."""
    return ((bits << 1) | (bits >> (WEEK_MINUTES - 1))) & FULL


def _days(ranges: tuple[ast.DayRange, ...]) -> list[int]:
    days: list[int] = []
    for r in ranges:
        if r.first not in WEEKDAYS or (r.last is not None and r.last not in WEEKDAYS):
            continue  # an unknown weekday: the parser reported it
        first = WEEKDAYS.index(r.first)
        last = WEEKDAYS.index(r.last) if r.last else first
        days.extend((first + i) % 7 for i in range((last - first) % 7 + 1))
    return days


def names_in(expr: ast.CalendarExpr) -> set[str]:
    """The calendars an expression names (without recursion: expressions may be long)."""
    names: set[str] = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.CalRef):
            names.add(node.name)
        elif isinstance(node, ast.CalComplement):
            stack.append(node.operand)
        else:
            stack.extend((node.left, node.right))
    return names
