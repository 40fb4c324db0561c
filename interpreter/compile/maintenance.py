"""Maintenance rules, compiled: the notice a maintenance needs, its window, the exception
for emergencies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo

from attrs import frozen

from plazo.dsl import ast
from plazo.interpreter.compile.deadlines import duration_us
from plazo.interpreter.time.calendar import BusinessCalendar


@frozen
class MaintenanceRules:
    minimum: ast.Duration | None
    maximum: ast.Duration | None
    calendar: BusinessCalendar | None
    window: tuple[int, int] | None  # local minutes; end <= start crosses midnight
    emergency: str | None  # any_time | same_day | None
    tz: tzinfo

    @classmethod
    def of(cls, decl: ast.MaintenanceDecl, calendars: Mapping[str, BusinessCalendar], tz: tzinfo) -> MaintenanceRules:
        minimum = maximum = calendar = window = emergency = None
        for s in decl.statements:
            if isinstance(s, ast.Notice):
                minimum, maximum = s.minimum, s.maximum
                calendar = calendars[s.calendar] if s.calendar else None
            elif isinstance(s, ast.Window):
                window = (s.interval.start, s.interval.end)
            else:
                emergency = s.kind
        return cls(minimum, maximum, calendar, window, emergency, tz)

    def later_by(self, t: int, d: ast.Duration) -> int:
        """``t`` plus a notice duration: business durations on the notice calendar."""
        cal = self.calendar
        if d.business and cal is not None:
            if d.unit == "days":
                return cal.add_business_days_us(t, int(d.amount))
            return cal.add_us(t, duration_us(d))
        return t + duration_us(d)
