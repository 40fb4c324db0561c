"""Business time on WeKall's support hours (seed 000), through the Python API.

Run with ``make demo`` or ``.venv/bin/python examples/calendar_demo.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from plazo.interpreter import HolidaySet, WeeklyCalendar, compile_calendar

BOGOTA = ZoneInfo("America/Bogota")

soporte = compile_calendar(
    WeeklyCalendar.of(
        "America/Bogota",
        {"mon-fri": "07:30-21:00", "sat": "08:00-12:30, 14:00-18:00"},
        holidays=(HolidaySet("CO"),),
    ),
    "soporte",
)

created = datetime(2026, 3, 21, 17, 30, tzinfo=BOGOTA)  # a Saturday, before San José
print(f"Ticket created {created:%a %d %b %Y %H:%M} on WeKall's 'soporte' hours")
for priority, hours in [("alta", 6), ("normal", 10), ("baja", 16)]:
    due = soporte.add(created, timedelta(hours=hours))
    print(f"  incident {priority:<6} first response {hours:>2} business hours -> due {due:%a %d %b %H:%M}")

due = soporte.add(created, timedelta(hours=16))
print("\nWhy the 16-hour deadline falls there:")
for piece in soporte.open_intervals(created, due):
    hours = piece.duration / timedelta(hours=1)
    print(f"  counted {piece.start:%a %d %b %H:%M} - {piece.end:%H:%M}  ({hours:g} h)")
for closure in soporte.closures(created, due):
    print(f"  skipped {closure.day:%a %d %b}: {closure.name}")
