"""Instants as integer microseconds since the Unix epoch, and local wall times.

Business-time arithmetic runs on integers: exact, cheap to compare and bisect,
and free of the ambiguities of local clocks. Local wall times are turned into
instants in one place, :func:`wall_to_us`, with one rule for DST:

* a wall time skipped by a spring-forward change means the moment the clocks
  jump (the first instant at which the wall clock shows that time or later);
* a wall time repeated by a fall-back change means its first occurrence.

Both are "the first instant at which the wall clock reads >= the wall time",
so an interval 01:30-05:00 on a fall-back night lasts its real 4.5 hours and an
interval 02:30-04:00 on a spring-forward night starts at 03:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from plazo.interpreter.errors import JsonPath, NaiveDatetimeError, TicketError

US_PER_S = 1_000_000
US_PER_MIN = 60 * US_PER_S
US_PER_DAY = 86_400 * US_PER_S
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
FLOAT_EXACT_US = 2**52  # below this, microseconds / 1e6 as a float is exact to the microsecond


def require_aware(t: datetime, what: str = "instant") -> None:
    """Raise :class:`NaiveDatetimeError` unless ``t`` is a timezone-aware datetime."""
    if not isinstance(t, datetime):
        raise NaiveDatetimeError(f"{what} must be a datetime, not {type(t).__name__}")
    if t.tzinfo is None or t.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{what} {t.isoformat()} has no time zone; give an aware datetime, "
            f"e.g. {t.replace(tzinfo=UTC).isoformat()} or one built with ZoneInfo(...)"
        )


def to_us(t: datetime, what: str = "instant") -> int:
    """Microseconds since the epoch of an aware datetime (rejects naive ones)."""
    try:
        return (t - EPOCH) // _ONE_US
    except TypeError:
        require_aware(t, what)
        raise


def from_us(us: int, tz: tzinfo) -> datetime:
    """The aware datetime, in ``tz``, of an instant in epoch microseconds."""
    if -FLOAT_EXACT_US < us < FLOAT_EXACT_US:
        # one call instead of three: below 2**52 microseconds (until the year 2112) the
        # float quotient is off by less than half a microsecond, and fromtimestamp rounds to the
        # nearest microsecond, so the result is exact
        return datetime.fromtimestamp(us / 1e6, tz)
    seconds, micro = divmod(us, US_PER_S)
    result = datetime.fromtimestamp(seconds, tz)
    return result.replace(microsecond=micro) if micro else result


def duration_us(d: timedelta, what: str = "duration") -> int:
    """Microseconds of a non-negative timedelta."""
    if not isinstance(d, timedelta):
        raise TypeError(f"{what} must be a timedelta, not {type(d).__name__}")
    if d < timedelta(0):
        raise ValueError(f"{what} must not be negative, got {d}")
    return d // _ONE_US


def local_date(us: int, tz: tzinfo) -> date:
    """The local calendar date of an instant in ``tz``."""
    return from_us(us, tz).date()


def wall_to_us(day: date, at: time | timedelta, tz: tzinfo) -> int:
    """The first instant at which the wall clock in ``tz`` reads ``day`` + ``at`` or later.

    ``at`` may be a :class:`~datetime.time` or an offset from midnight (which may be a
    whole day, for an interval ending at 24:00 or crossing midnight).
    """
    offset = at if isinstance(at, timedelta) else timedelta(
        hours=at.hour, minutes=at.minute, seconds=at.second, microseconds=at.microsecond
    )
    wall = datetime.combine(day, time()) + offset
    first = wall.replace(tzinfo=tz, fold=0)
    us = to_us(first)
    if from_us(us, tz).replace(tzinfo=None) == wall:
        return us
    # The wall time does not exist: fold=0 read it with the offset from before the
    # jump, which puts `us` after the jump; fold=1 puts it before. The jump itself is
    # the answer; find it by bisection on whole seconds (zone changes fall on them).
    low = to_us(wall.replace(tzinfo=tz, fold=1)) // US_PER_S  # wall clock still < wall
    high = us // US_PER_S  # wall clock already > wall
    while high - low > 1:
        mid = (low + high) // 2
        if datetime.fromtimestamp(mid, tz).replace(tzinfo=None) >= wall:
            high = mid
        else:
            low = mid
    return high * US_PER_S


_INSTANT_EXAMPLE = "write e.g. 2026-03-06T17:30:00-05:00"


def parse_instant(value: object, path: JsonPath) -> datetime:
    """An aware instant from an ISO 8601 text (or a datetime); ``path``: where it was read."""
    if isinstance(value, datetime):
        instant = value
    elif isinstance(value, str):
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            raise TicketError(f"'{value}' is not an ISO 8601 instant", path, _INSTANT_EXAMPLE) from None
    else:
        raise TicketError(f"expected an ISO 8601 instant, got {type(value).__name__}", path)
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise TicketError(f"'{value}' has no UTC offset", path, _INSTANT_EXAMPLE)
    return instant
