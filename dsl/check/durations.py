"""The durations pass: deadlines and notices take time, business days are whole days, no
duration is longer than plazo allows, and a business duration can be counted on its
calendar within the horizon of business time (docs/semantics.md, "Limits")."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import durations
from plazo.dsl.check.weekly import Week, calendar_weeks
from plazo.dsl.diagnostics import Diagnostic, error
from plazo.dsl.limits import HORIZON_YEARS, MAX_DURATION_YEARS

MAX_YEARS = MAX_DURATION_YEARS
MAX_MINUTES = {"minutes": MAX_YEARS * 365 * 24 * 60, "hours": MAX_YEARS * 365 * 24, "days": MAX_YEARS * 365}
_DAYS_PER_YEAR = Decimal("365.2425")
_UNIT_MINUTES = {"minutes": 1, "hours": 60, "days": 24 * 60}


def check_durations(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for duration, use in durations(policy):
        # a level may be reached at once ("after 0 minutes"); a deadline or a notice may not
        if use != "level" and duration.amount <= 0:
            found.append(error("range", "a duration here must be more than zero", duration.span,
                               "a reopening resumes within a span of a few minutes at least" if use == "resume"
                               else "a target due at once is 'none' or a few minutes"))
        if duration.unit == "days" and duration.business and duration.amount != duration.amount.to_integral():
            found.append(error("range", "business days are whole days", duration.span,
                               "write business hours for part of a day"))
        if duration.calendar_days and duration.amount != duration.amount.to_integral():
            found.append(error("range", "calendar days are whole dates", duration.span,
                               "write hours for part of a day"))
        if duration.amount > MAX_MINUTES[duration.unit]:
            found.append(error("range", f"{_text(duration)} is longer than plazo allows", duration.span,
                               f"at most {MAX_YEARS} years: {MAX_MINUTES['days']:,} days, "
                               f"{MAX_MINUTES['hours']:,} hours or {MAX_MINUTES['minutes']:,} minutes"))
    weeks = calendar_weeks(policy, scope)
    for duration, calendar in _on_calendars(policy):
        week = weeks.get(calendar)
        if week is not None and duration.amount <= MAX_MINUTES[duration.unit]:
            found.extend(_past_horizon(duration, calendar, week))
    return found


def _past_horizon(duration: ast.Duration, calendar: str, week: Week) -> list[Diagnostic]:
    """A diagnostic when even every ordinary week of ``calendar`` open would not give
    ``duration`` within the horizon (holidays only make it longer)."""
    if week.more or week.never_open or week.bits is None:
        return []  # unknown, or open on dates beyond its weeks; a never-open calendar is its own error
    if duration.unit == "days":
        per_week, amount, what = week.working_days, duration.amount, "working days"
    else:
        per_week, amount, what = week.open_minutes, duration.amount * _UNIT_MINUTES[duration.unit], "minutes"
    if not per_week:
        return []
    years = amount / per_week * 7 / _DAYS_PER_YEAR
    if years <= HORIZON_YEARS:
        return []
    return [error("range", f"{_text(duration)} on {calendar} take about {years:,.0f} years: {calendar} is open "
                  f"{_week_text(per_week, what)} a week", duration.span,
                  f"business time looks at most {HORIZON_YEARS} years ahead; check the calendar's hours "
                  "or the duration")]


def _on_calendars(policy: ast.Policy) -> Iterator[tuple[ast.Duration, str]]:
    """Every business duration with the calendar it is counted on."""
    for item in policy.items:
        if isinstance(item, ast.TargetDecl):
            for s in item.statements:
                if isinstance(s, ast.Clause) and isinstance(s.deadline, ast.DurationDeadline) \
                        and s.deadline.calendar is not None:
                    yield s.deadline.duration, s.deadline.calendar
        elif isinstance(item, ast.EscalationDecl):
            for level in item.levels:
                if isinstance(level.time, ast.LevelAfter) and level.time.calendar is not None:
                    yield level.time.duration, level.time.calendar
        elif isinstance(item, ast.MaintenanceDecl):
            for m in item.statements:
                if isinstance(m, ast.Notice) and m.calendar is not None:
                    yield from ((d, m.calendar) for d in (m.minimum, m.maximum) if d is not None)


def _text(duration: ast.Duration) -> str:
    amount = duration.amount.normalize()
    number = f"{amount:,f}" if amount == amount.to_integral() else f"{amount:f}"
    unit = duration.unit[:-1] if amount == 1 else duration.unit
    kind = "business " if duration.business else "calendar " if duration.calendar_days else ""
    return f"{number} {kind}{unit}"


def _week_text(amount: int, what: str) -> str:
    if what == "minutes" and amount % 60 == 0:
        return f"{amount // 60} hours"
    if what == "minutes" and amount > 60:
        return f"{amount // 60} hours {amount % 60} minutes"
    return f"{amount} {what[:-1] if amount == 1 else what}"
