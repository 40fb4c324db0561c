"""batch/iso.py writes an instant's ISO 8601 text from its epoch microseconds: the same
text as the aware datetime's ``isoformat``, in zones with daylight saving, half-hour and
45-minute offsets, across their changes, before 1900 and after 2999 (the slow way)."""

from __future__ import annotations

import random
from datetime import UTC, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from plazo.interpreter.batch.iso import US_PER_HOUR, iso_text
from plazo.interpreter.time.instants import from_us

ZONES: list[tzinfo] = [ZoneInfo(name) for name in (
    "America/Bogota", "America/New_York", "America/St_Johns", "Europe/London", "Asia/Kolkata",
    "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "Africa/Monrovia")]
ZONES += [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30, seconds=7)),
          timezone(timedelta(hours=1, microseconds=3))]


@pytest.mark.parametrize("tz", ZONES, ids=str)
def test_the_same_text_as_isoformat(tz: tzinfo) -> None:
    draw = random.Random(20)
    instants = [draw.randrange(-2_300_000_000, 33_000_000_000) * 10**6 + draw.choice((0, 0, draw.randrange(10**6)))
                for _ in range(3000)]
    # every quarter hour (and a microsecond either side) of two years: each change of offset
    start = 1_700_000_000 * 10**6 // US_PER_HOUR * US_PER_HOUR
    for k in range(2 * 366 * 96):
        t = start + k * US_PER_HOUR // 4
        instants += [t - 1, t, t + 1]
    for us in instants:
        assert iso_text(us, tz) == from_us(us, tz).isoformat(), us
