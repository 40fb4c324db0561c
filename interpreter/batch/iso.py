"""Instants in epoch microseconds as ISO 8601 text in a zone, the text
``datetime.isoformat`` gives of the aware datetime, without building it.

A history's records show four or five instants per target, and building each as an
aware datetime then writing it asks the zone for its offset twice (a Python call of
``zoneinfo`` each time). Here the offset is found once per hour of UTC it holds for,
and the text of the date and hour once per local hour; what remains is arithmetic.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from plazo.interpreter.time.instants import from_us

US_PER_S = 1_000_000
US_PER_HOUR = 3600 * US_PER_S
_EPOCH = datetime(1970, 1, 1)
# the fast way is taken between 1900-01-02 and 2999-12-30 (UTC): a local time a day off
# stays inside what a datetime holds, and outside it the offsets of local mean time
# need not change on a whole hour (the slow way is always right)
_FIRST_US = -2208902400 * US_PER_S
_END_US = 32503507200 * US_PER_S
_MINUTE_SECOND = tuple(f"{m:02d}:{s:02d}" for m in range(60) for s in range(60))
_CACHED_HOURS = 50_000  # per zone: over five years of hours; past it a cache starts again


class _ZoneText:
    """One zone's offsets per UTC hour, and its local hours' texts."""

    __slots__ = ("hours", "offsets", "tz")

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        # UTC hour -> (offset in microseconds, its text), or None: the offset changes in that hour
        self.offsets: dict[int, tuple[int, str] | None] = {}
        self.hours: dict[int, str] = {}  # local hour -> "YYYY-MM-DDTHH:"

    def offset(self, hour: int) -> tuple[int, str] | None:
        """The offset of the zone all through the UTC hour ``hour`` (None: it changes in it).
        Zones change offset at most once in an hour: the same offset at both ends holds between."""
        first, last = from_us(hour * US_PER_HOUR, self.tz), from_us((hour + 1) * US_PER_HOUR - 1, self.tz)
        delta = first.utcoffset()
        found: tuple[int, str] | None = None
        # (an offset with microseconds: isoformat writes them, the slow way does)
        if delta is not None and delta == last.utcoffset() and not delta.microseconds:
            # isoformat of a whole second: the date and time take 19 characters, the offset follows
            found = (delta // timedelta(microseconds=1), first.isoformat()[19:])
        if len(self.offsets) >= _CACHED_HOURS:
            self.offsets.clear()
        self.offsets[hour] = found
        return found

    def hour_text(self, local_hour: int) -> str:
        if len(self.hours) >= _CACHED_HOURS:
            self.hours.clear()
        text = self.hours[local_hour] = (_EPOCH + timedelta(hours=local_hour)).isoformat()[:14]
        return text


_zones: dict[tzinfo, _ZoneText] = {}


def iso_text(us: int, tz: tzinfo) -> str:
    """``from_us(us, tz).isoformat()``, the same text."""
    zone = _zones.get(tz)
    if zone is None:
        zone = _zones[tz] = _ZoneText(tz)
    if not _FIRST_US <= us < _END_US:
        return from_us(us, tz).isoformat()
    hour = us // US_PER_HOUR
    offsets = zone.offsets
    found = offsets[hour] if hour in offsets else zone.offset(hour)
    if found is None:
        return from_us(us, tz).isoformat()
    local = us + found[0]
    local_hour, rest = divmod(local, US_PER_HOUR)
    hours = zone.hours
    prefix = hours.get(local_hour) or zone.hour_text(local_hour)
    seconds, micro = divmod(rest, US_PER_S)
    if micro:
        return f"{prefix}{_MINUTE_SECOND[seconds]}.{micro:06d}{found[1]}"
    return f"{prefix}{_MINUTE_SECOND[seconds]}{found[1]}"
