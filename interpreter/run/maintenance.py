"""Is a proposed maintenance announced in time and inside a window? Each refusal says
which rule, what the policy asks and what was proposed."""

from __future__ import annotations

from datetime import datetime, timedelta

from plazo.dsl.format.formatter import duration as duration_text
from plazo.interpreter.compile.deadlines import duration_us
from plazo.interpreter.compile.maintenance import MaintenanceRules
from plazo.interpreter.run.results import MaintenanceProblem
from plazo.interpreter.time.instants import from_us, local_date, to_us


def check_maintenance(rules: MaintenanceRules | None, notice_at: datetime, start: datetime, end: datetime,
                      emergency: bool = False) -> list[MaintenanceProblem]:
    n, s, e = to_us(notice_at, "notice_at"), to_us(start, "start"), to_us(end, "end")
    problems: list[MaintenanceProblem] = []
    if e <= s:
        problems.append(MaintenanceProblem("window", "the maintenance ends before it starts"))
    if n > s:
        problems.append(MaintenanceProblem("notice", "the notice comes after the maintenance starts"))
    if rules is None:
        return problems
    tz = rules.tz

    def show(us: int) -> str:
        return from_us(us, tz).isoformat(timespec="minutes")

    if emergency:
        if rules.emergency is None and rules.emergency_minimum is None:
            problems.append(MaintenanceProblem("emergency", "this policy has no exception for emergencies"))
        if rules.emergency_minimum is not None and s < n + duration_us(rules.emergency_minimum):
            problems.append(MaintenanceProblem(
                "emergency", f"an emergency needs notice of at least {duration_text(rules.emergency_minimum)}: "
                             f"announced {show(n)}, it may start at {show(n + duration_us(rules.emergency_minimum))} "
                             "at the earliest"))
        if rules.emergency == "any_time" or (rules.emergency is None and rules.emergency_minimum is not None):
            return problems
    waive_notice = emergency and rules.emergency == "same_day"
    if not waive_notice and rules.minimum is not None:
        earliest = rules.later_by(n, rules.minimum)
        if s < earliest:
            problems.append(MaintenanceProblem(
                "notice", f"notice of at least {duration_text(rules.minimum)} is required: "
                          f"announced {show(n)}, it may start at {show(earliest)} at the earliest"))
    if not waive_notice and rules.maximum is not None:
        latest = rules.latest_by(n, rules.maximum)
        if s > latest:
            problems.append(MaintenanceProblem(
                "notice", f"notice of at most {duration_text(rules.maximum)}: announced {show(n)}, "
                          f"it must start by {show(latest + (1 if rules.maximum.calendar_days else 0))}; "
                          "announce it later"))
    if rules.windows and e > s and not _inside_a_window(rules, s, e):
        problems.append(MaintenanceProblem(
            "window", f"maintenance runs only {', '.join(rules.window_texts)} ({tz}); "
                      f"{show(s)} to {show(e)} is outside it"))
    return problems


def _inside_a_window(rules: MaintenanceRules, s: int, e: int) -> bool:
    """Whether ``[s, e)`` lies within one opening of one window."""
    day = local_date(s, rules.tz)
    for window in rules.windows:
        for back in range(window.days + 1):
            opening = day - timedelta(days=back)
            if opening.weekday() != window.weekday:
                continue
            open_at, close_at = window.occurrence(opening, rules.tz)
            if open_at <= s < close_at and e <= close_at:
                return True
    return False
