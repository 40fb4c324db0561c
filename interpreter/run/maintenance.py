"""Is a proposed maintenance announced in time and inside the window?"""

from __future__ import annotations

from datetime import datetime, timedelta

from plazo.dsl.format.formatter import duration as duration_text
from plazo.dsl.names import interval_text
from plazo.interpreter.compile.maintenance import MaintenanceRules
from plazo.interpreter.run.results import MaintenanceProblem
from plazo.interpreter.time.instants import from_us, to_us, wall_to_us


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

    if emergency and rules.emergency == "any_time":
        return problems
    if emergency and rules.emergency is None:
        problems.append(MaintenanceProblem("emergency", "this policy has no exception for emergencies"))
    waive_notice = emergency and rules.emergency == "same_day"
    if not waive_notice and rules.minimum is not None:
        earliest = rules.later_by(n, rules.minimum)
        if s < earliest:
            problems.append(MaintenanceProblem(
                "notice", f"notice of at least {duration_text(rules.minimum)} is required: "
                          f"announced {show(n)}, it may start at {show(earliest)} at the earliest"))
    if not waive_notice and rules.maximum is not None:
        latest = rules.later_by(n, rules.maximum)
        if s > latest:
            problems.append(MaintenanceProblem(
                "notice", f"notice of at most {duration_text(rules.maximum)}: announced {show(n)}, "
                          f"it must start by {show(latest)}; announce it later"))
    if rules.window is not None and e > s:
        ws, we = rules.window
        day = from_us(s, tz).date()
        inside = False
        for d in (day - timedelta(days=1), day):
            open_at = wall_to_us(d, timedelta(minutes=ws), tz)
            close_day = d + timedelta(days=1) if we <= ws else d
            close_at = wall_to_us(close_day, timedelta(minutes=we), tz)
            if open_at <= s < close_at:
                inside = e <= close_at
                break
        if not inside:
            problems.append(MaintenanceProblem(
                "window", f"maintenance runs only {interval_text(ws, we)} ({tz}); "
                          f"{show(s)} to {show(e)} is outside it"))
    return problems
