"""The calendars pass: a calendar is open some time, its intervals are not empty and do not
overlap, each date and setting is given once, and no calendar is defined in terms of itself.

"Open some time" is checked on the text (:mod:`plazo.dsl.check.weekly`): a block needs
hours, and an expression (``soporte - soporte``, ``not siempre``) must leave some
minute of the week open, or open on some date; otherwise every evaluation that counts
on it would fail.

A recurring range (``dec-24 to dec-31``) has two different ends, each a day of every year.

Intervals and dates the parser could not read (``18:60``, ``2026-02-30``) hold stand-ins;
they are left out here, so that nothing is said of a value the policy does not hold.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import items_of
from plazo.dsl.check.weekly import calendar_weeks, names_in
from plazo.dsl.dates import dates_in, every_year, rule_text
from plazo.dsl.diagnostics import Diagnostic, Span, error, warning
from plazo.dsl.names import WEEKDAYS, interval_text

DAY = 24 * 60
# the years two recurring rules are compared in: 28 years hold every weekday of every date
CLASH_YEARS = range(2024, 2052)
WHOLE_DAY_HINT = "for a whole day write 00:00-24:00"
OVERLAP_HINT = "join them into one interval, or fix the times"


def check_calendars(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found = [d for item in items_of(policy, ast.CalendarDecl) for d in _calendar(item, policy, scope)]
    return found + _never_open(policy, scope) + _cycles(scope)


def _never_open(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    """Calendar expressions that leave no time open, ever."""
    weeks = calendar_weeks(policy, scope)
    return [error("empty-calendar", f"calendar {decl.name} is never open: its expression leaves no hour of "
                  "the week open", decl.span,
                  "a - b keeps the hours of a that b does not have, and 'not a' the hours a is closed")
            for decl in items_of(policy, ast.CalendarExprDecl)
            if decl.name in weeks and weeks[decl.name].never_open]


def _calendar(item: ast.CalendarDecl, policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    weekly = [s for s in item.statements if isinstance(s, ast.WeeklyHours)]
    always = [s for s in item.statements if isinstance(s, ast.Always)]
    special = [s for s in item.statements if isinstance(s, (ast.SpecialHours, ast.HoursEvery))]
    if not weekly and not always and not special:
        found.append(error("empty-calendar", f"calendar {item.name} has no hours: it is never open", item.span,
                           "add hours, e.g. mon-fri 08:00-18:00, or 'always' for 24x7"))
    if always and weekly:
        found.append(error("conflict", f"calendar {item.name} is 'always' open and also lists hours",
                           weekly[0].span, "remove the hours, or remove 'always'"))
    found.extend(_weekly(item.name, weekly, scope))
    found.extend(_dated(item, scope))
    found.extend(_recurring(item, scope))
    for length in (s for s in item.statements if isinstance(s, ast.DayLength)):
        if not 0 < length.hours <= 24:
            found.append(error("range", f"a business day of {length.hours} hours", length.span,
                               "a day length is more than 0 and at most 24 business hours"))
    for kind in (ast.TimezoneDecl, ast.HolidaysDecl, ast.ClosedOnHolidays, ast.DayLength):
        repeated = [s for s in item.statements if isinstance(s, kind)]
        found.extend(error("duplicate", f"calendar {item.name} says this twice", extra.span) for extra in repeated[1:])
    closes_on_holidays = any(isinstance(s, ast.ClosedOnHolidays) for s in item.statements)
    if closes_on_holidays and policy.holidays is None and not any(isinstance(s, ast.HolidaysDecl)
                                                                  for s in item.statements):
        found.append(error("no-holidays", f"calendar {item.name} closes on holidays, but no country is given",
                           item.span, "add 'holidays CO' to the policy header or to the calendar"))
    return found


def _open_intervals(
    hours: tuple[ast.Interval, ...], scope: Scope, empty_hint: str
) -> tuple[list[ast.Interval], list[Diagnostic]]:
    """The readable intervals that are not empty, and a diagnostic for each empty one."""
    kept: list[ast.Interval] = []
    empty: list[Diagnostic] = []
    for interval in hours:
        if not scope.readable(interval.span):
            continue
        if interval.start == interval.end:
            text = interval_text(interval.start, interval.end)
            empty.append(error("empty-interval", f"{text} is empty", interval.span, empty_hint))
        else:
            kept.append(interval)
    return kept, empty


def _weekly(calendar: str, weekly: list[ast.WeeklyHours], scope: Scope) -> list[Diagnostic]:
    """Empty intervals; one diagnostic per overlapping pair, naming every weekday it happens on."""
    found: list[Diagnostic] = []
    per_day: dict[int, list[ast.Interval]] = {day: [] for day in range(len(WEEKDAYS))}
    for statement in weekly:
        kept, empty = _open_intervals(statement.hours, scope, WHOLE_DAY_HINT)
        found.extend(empty)
        for interval in kept:
            for day in _days(statement.days):
                per_day[day].append(interval)
    days_of: dict[tuple[Span, ast.Interval, ast.Interval], list[str]] = {}
    for day, intervals in per_day.items():
        for earlier, later in _overlapping(intervals):
            days_of.setdefault((later.span, later, earlier), []).append(WEEKDAYS[day])
    found.extend(error("overlap", f"on {', '.join(days)}, {_overlap_text(later, earlier, calendar)}", span,
                       OVERLAP_HINT)
                 for (span, later, earlier), days in days_of.items())
    return found


def _dated(item: ast.CalendarDecl, scope: Scope) -> list[Diagnostic]:
    """Each date given once; the hours of a dated day neither empty nor overlapping."""
    found: list[Diagnostic] = []
    first: dict[date, Span] = {}
    for statement in item.statements:
        if not isinstance(statement, (ast.ClosedDate, ast.SpecialHours)):
            continue
        hours = statement.hours if isinstance(statement, ast.SpecialHours) else ()
        # what is unreadable in the statement and not in its hours is its date
        day_readable = all(any(i.span.contains(u) for i in hours) for u in scope.unreadable_in(statement.span))
        if day_readable:
            if statement.day in first:
                found.append(error("duplicate", f"{statement.day} is given twice in calendar {item.name}",
                                   statement.span, f"the first is on line {first[statement.day].line}"))
            first.setdefault(statement.day, statement.span)
        close_it = f"; to close that day write: closed on {statement.day}" if day_readable else ""
        kept, empty = _open_intervals(hours, scope, WHOLE_DAY_HINT + close_it)
        found.extend(empty)
        if day_readable:
            found.extend(error("overlap", f"on {statement.day}, {_overlap_text(later, earlier, item.name)}",
                               later.span, OVERLAP_HINT)
                         for earlier, later in _overlapping(kept))
    return found


def _recurring(item: ast.CalendarDecl, scope: Scope) -> list[Diagnostic]:
    """Recurring dates: each given once, their hours neither empty nor overlapping, and two
    rules that fall on the same day in some year told apart (the first written wins)."""
    found: list[Diagnostic] = []
    first: dict[str, ast.ClosedEvery | ast.HoursEvery] = {}
    rules: list[tuple[ast.Recurrence, ast.ClosedEvery | ast.HoursEvery]] = []
    for statement in item.statements:
        if not isinstance(statement, (ast.ClosedEvery, ast.HoursEvery)):
            continue
        if isinstance(statement, ast.HoursEvery):
            kept, empty = _open_intervals(statement.hours, scope, WHOLE_DAY_HINT)
            found.extend(empty)
            found.extend(error("overlap", f"on every {rule_text(statement.dates[0].rule)}, "
                               f"{_overlap_text(later, earlier, item.name)}", later.span, OVERLAP_HINT)
                         for earlier, later in _overlapping(kept))
        for rule in statement.dates:
            if not scope.readable(rule.span):
                continue
            if isinstance(rule, ast.RecurringRange):
                bad = _bad_range(rule)
                if bad is not None:
                    found.append(bad)
                    continue
            text = rule_text(rule.rule)
            if text in first:
                found.append(error("duplicate", f"every {text} is given twice in calendar {item.name}", rule.span,
                                   f"the first is on line {first[text].span.line}"))
                continue
            first[text] = statement
            rules.append((rule, statement))
    for (a, a_in), (b, _) in itertools.combinations(rules, 2):
        clash = next((min(shared) for year in CLASH_YEARS
                      if (shared := set(dates_in(a.rule, year)) & set(dates_in(b.rule, year)))), None)
        if clash is not None:
            found.append(warning("date-clash", f"every {rule_text(b.rule)} and every {rule_text(a.rule)} fall on "
                                 f"the same day in {clash.year} ({clash}); the rule on line {a_in.span.line} "
                                 "applies", b.span, f"to decide that day, write it out: hours on {clash} ... "
                                 f"or closed on {clash} (a dated line wins over every recurring one)"))
    return found


def _bad_range(r: ast.RecurringRange) -> Diagnostic | None:
    """A range needs two different ends, each a day of every year (else some years it would
    have no end, or no start)."""
    text = rule_text(r.rule)
    if r.first.rule == r.last.rule:
        return error("date-range", f"every {text} is one day, not a range", r.span,
                     f"write: every {rule_text(r.first.rule)}")
    for end, name in ((r.first, "starts"), (r.last, "ends")):
        if not every_year(end.rule):
            return error("date-range", f"every {text} {name} on {rule_text(end.rule)}, which some years do not have",
                         end.span, "a range starts and ends on a day of every year: e.g. feb-28, or fourth or "
                         "last <weekday> of <month>")
    return None


def _days(ranges: tuple[ast.DayRange, ...]) -> list[int]:
    """The weekdays (0 is Monday) of ``mon-fri, sun``; an unknown weekday (reported by the parser) names none."""
    days: list[int] = []
    for r in ranges:
        if r.first not in WEEKDAYS or (r.last is not None and r.last not in WEEKDAYS):
            continue
        first = WEEKDAYS.index(r.first)
        last = WEEKDAYS.index(r.last) if r.last else first
        days.extend((first + i) % 7 for i in range((last - first) % 7 + 1))
    return days


def _overlapping(intervals: list[ast.Interval]) -> Iterator[tuple[ast.Interval, ast.Interval]]:
    """Pairs (earlier, later) of intervals of one day that overlap; one ending before it starts ends the next day."""
    ordered = sorted(intervals, key=lambda i: (i.start, _end(i)))
    for earlier, later in itertools.pairwise(ordered):
        if later.start < _end(earlier):
            yield earlier, later


def _end(interval: ast.Interval) -> int:
    return interval.end if interval.end > interval.start else DAY + interval.end


def _overlap_text(later: ast.Interval, earlier: ast.Interval, calendar: str) -> str:
    later_text, earlier_text = interval_text(later.start, later.end), interval_text(earlier.start, earlier.end)
    return f"{later_text} overlaps {earlier_text} in calendar {calendar}"


def _cycles(scope: Scope) -> list[Diagnostic]:
    """Each calendar expression that names itself, directly or through others."""
    exprs = {name: decl for name, decl in scope.calendars.items()
             if isinstance(decl, ast.CalendarExprDecl) and not isinstance(decl.expr, ast.CalChoice)}
    graph = {name: sorted(names_in(decl.expr) & exprs.keys()) for name, decl in exprs.items()
             if not isinstance(decl.expr, ast.CalChoice)}
    cyclic = _in_cycles(graph)
    return [error("cycle", f"calendar {name} is defined in terms of itself", exprs[name].span)
            for name in exprs if name in cyclic]


def _in_cycles(graph: dict[str, list[str]]) -> set[str]:
    """The nodes on a cycle: Tarjan's strongly connected components, with an explicit stack
    (linear in the graph, and a long chain of calendars does not recurse)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[str] = set()
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.update(component)
    return found
