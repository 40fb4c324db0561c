"""A slow, obvious model of business time, one minute at a time.

It shares no code with the engine. Time is a row of UTC minutes over a fixed
window; a calendar is a bytearray with 1 for each open minute. Local wall times
become minutes by the rule of docs/semantics.md, written here the plain way: "the first
minute at which the wall clock reads that time or later". Every question is
then a scan of the row.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from zoneinfo import ZoneInfo


class Window:
    """UTC minutes ``[start, start + minutes)`` seen through a time zone's wall clock."""

    def __init__(self, tz_name: str, start: datetime, days: int) -> None:
        self.tz = ZoneInfo(tz_name)
        self.start = start.astimezone(UTC)
        self.minutes = days * 24 * 60
        self.walls = [
            (self.start + timedelta(minutes=i)).astimezone(self.tz).replace(tzinfo=None)
            for i in range(self.minutes)
        ]
        # the wall clock goes back at a fall-back change; "reads >= w for the first
        # time" is a search in the running maximum
        self.peak = list(accumulate(self.walls, max))
        # the minutes at which the wall clock jumps (the DST changes inside the window)
        self.changes = [
            i for i in range(1, self.minutes) if self.walls[i] - self.walls[i - 1] != timedelta(minutes=1)
        ]

    def instant(self, i: int) -> datetime:
        return (self.start + timedelta(minutes=i)).astimezone(self.tz)

    def index(self, t: datetime) -> int:
        return int((t - self.start) / timedelta(minutes=1))

    def resolve(self, wall: datetime) -> int:
        return bisect_left(self.peak, wall)

    def local_dates(self) -> list[date]:
        first = self.walls[0].date() - timedelta(days=1)
        last = self.walls[-1].date()
        return [first + timedelta(days=k) for k in range((last - first).days + 1)]


@lru_cache(maxsize=8)
def window(tz_name: str, start_iso: str, days: int) -> Window:
    return Window(tz_name, datetime.fromisoformat(start_iso), days)


def paint_weekly(
    w: Window,
    week: list[list[tuple[int, int]]],
    closed: set[date],
    special: dict[date, list[tuple[int, int]]],
) -> bytearray:
    """Open minutes of a weekly pattern (minutes after midnight; end <= start crosses midnight)."""
    row = bytearray(w.minutes)
    for day in w.local_dates():
        if day in special:
            pattern = special[day]
        elif day in closed:
            continue
        else:
            pattern = week[day.weekday()]
        midnight = datetime.combine(day, datetime.min.time())
        for s, e in pattern:
            end = e if e > s else e + 24 * 60
            a = w.resolve(midnight + timedelta(minutes=s))
            b = w.resolve(midnight + timedelta(minutes=end))
            for i in range(a, min(b, w.minutes)):
                row[i] = 1
    return row


def union(a: bytearray, b: bytearray) -> bytearray:
    return bytearray(x | y for x, y in zip(a, b, strict=True))


def difference(a: bytearray, b: bytearray) -> bytearray:
    return bytearray(x & (1 - y) for x, y in zip(a, b, strict=True))


def complement(a: bytearray) -> bytearray:
    return bytearray(1 - x for x in a)


def elapsed(row: bytearray, i: int, j: int) -> int:
    return sum(row[i:j])


def add(row: bytearray, i: int, d: int) -> int | None:
    """Earliest T >= i with d open minutes in [i, T) and open at T (None: past the window)."""
    t, acc = i, 0
    while t < len(row):
        if acc == d and row[t]:
            return t
        acc += row[t]
        t += 1
    return None


def subtract(row: bytearray, i: int, d: int) -> int | None:
    """Latest T <= i with d open minutes in [T, i) (None: before the window)."""
    t, acc = i, 0
    while acc < d:
        t -= 1
        if t < 0:
            return None
        acc += row[t]
    return t


def working_days(w: Window, row: bytearray) -> set[date]:
    """Days on which an open run starts, or which are open from midnight to midnight."""
    days = {w.walls[i].date() for i in range(1, len(row)) if row[i] and not row[i - 1]}
    for day in w.local_dates():
        midnight = datetime.combine(day, datetime.min.time())
        a, b = w.resolve(midnight), w.resolve(midnight + timedelta(days=1))
        if 0 < a < b < len(row) and all(row[a:b]):
            days.add(day)
    return days


def add_business_days(
    w: Window, row: bytearray, i: int, n: int, workdays: set[date] | None = None
) -> int | None:
    """``workdays``: ``working_days(w, row)``, when the caller has it already."""
    start = add(row, i, 0)
    if start is None:
        return None
    if n == 0:
        return start
    wall = w.walls[start]
    later = sorted(d for d in (working_days(w, row) if workdays is None else workdays) if d > wall.date())
    if len(later) < n:
        return None
    target = datetime.combine(later[n - 1], wall.time())
    return add(row, w.resolve(target), 0)
