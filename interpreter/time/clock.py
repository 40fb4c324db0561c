"""Clock time: the counter of durations written without `on <calendar>`.

It answers the same questions as a compiled calendar (in epoch microseconds) for a
calendar that is always open, so evaluation counts clock and business time alike.
"""

from __future__ import annotations

from typing import Final

from plazo.interpreter.time.calendar import BusinessCalendar
from plazo.interpreter.time.instants import US_PER_DAY


class Clock:
    """Real elapsed time, 24x7. Stateless: use the one :data:`CLOCK`."""

    __slots__ = ()
    name: Final = None

    @staticmethod
    def elapsed_us(x: int, y: int) -> int:
        return y - x

    @staticmethod
    def add_us(x: int, need: int) -> int:
        return x + need

    @staticmethod
    def next_open_us(x: int) -> int:
        return x

    @staticmethod
    def add_business_days_us(x: int, n: int) -> int:
        return x + n * US_PER_DAY

    def __repr__(self) -> str:
        return "CLOCK"


CLOCK: Final = Clock()

# what time is counted on: a calendar's open hours, or the clock
Counter = BusinessCalendar | Clock
