"""Instants as integer microseconds since the Unix epoch, and local wall times.

Business-time arithmetic runs on integers: exact, cheap to compare and bisect,
and free of the ambiguities of local clocks. Local wall times are turned into
instants in one place, :func:`wall_to_us`, with one rule for DST:

* a wall time skipped by a spring-forward change means the moment the clocks
  jump (the first instant at which the wall clock shows that time or later);
* a wall time repeated by a fall-back change means its first occurrence.

Both are "the first instant at which the wall clock reads >= the wall time",
so an interval 01:30-05:00 on a fall-back night lasts its real 4.5 hours and an
interval 02:30-04:00 on a spring-forward night starts at 03:00. That rule is for
calendars' hours; an instant a *user* writes as a local time is read by
:func:`local_instant`, which refuses a time the clocks skip instead of moving it.

Every instant that comes in from outside (the API, tickets, the command line) passes
:func:`to_us`, :func:`parse_instant` or :func:`local_instant`, which refuse instants
outside the supported range, [``FIRST_INSTANT``, ``END_INSTANT``) (docs/semantics.md,
"Limits"): a datetime can name the year 1 or 9999, but business time is only
defined where the time zone database and holiday rules mean something, and a bound
on the years bounds what one question can cost.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from attrs import frozen

from plazo.interpreter.errors import CalendarError, InstantError, JsonPath, NaiveDatetimeError, TicketError

US_PER_S = 1_000_000
US_PER_MIN = 60 * US_PER_S
US_PER_DAY = 86_400 * US_PER_S
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)
_ONE_US = timedelta(microseconds=1)
_ZERO = timedelta(0)
FLOAT_EXACT_US = 2**52  # below this, microseconds / 1e6 as a float is exact to the microsecond

# The supported instants, [FIRST_INSTANT, END_INSTANT). Before 1900 the time zone
# database gives local mean time, not civil time, so a business day there means
# little; after 2999 nothing an SLA asks about lies, and the bound keeps what one
# question can cost finite (a question crossing years builds each year it crosses
# once, about 2 ms each: the whole range is a couple of seconds). It leaves room for
# business time past the last instant (the horizon) inside what a datetime can hold.
FIRST_YEAR, END_YEAR = 1900, 3000
FIRST_INSTANT = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
END_INSTANT = datetime(END_YEAR, 1, 1, tzinfo=UTC)
FIRST_US = (FIRST_INSTANT - EPOCH) // _ONE_US
END_US = (END_INSTANT - EPOCH) // _ONE_US
RANGE_HINT = f"plazo works with instants from {FIRST_YEAR}-01-01T00:00Z to {END_YEAR - 1}-12-31T23:59Z"


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
    """Microseconds since the epoch of an aware datetime in the supported range.

    Raises :class:`NaiveDatetimeError` for a naive datetime (or not a datetime) and
    :class:`InstantError` for one outside [``FIRST_INSTANT``, ``END_INSTANT``)."""
    try:
        us = (t - EPOCH) // _ONE_US
    except TypeError:
        require_aware(t, what)
        raise
    except OverflowError:
        us = END_US  # only a custom tzinfo could overflow here; it is out of range either way
    if not FIRST_US <= us < END_US:
        raise InstantError(what, f"{t.isoformat()} is outside the supported range", RANGE_HINT)
    return us


def in_range(t: datetime) -> bool:
    """Whether an aware datetime lies in the supported range."""
    try:
        return FIRST_US <= (t - EPOCH) // _ONE_US < END_US
    except OverflowError:
        return False


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


# The microseconds of the non-negative timedeltas duration_us has seen (at most
# _KNOWN_DURATIONS_MAX since it was last emptied): a caller asks for the same few durations
# again and again, and a hit is one dict lookup (a timedelta keeps its hash), where dividing
# builds big integers. BusinessCalendar's hot paths read it directly (a miss calls duration_us).
KNOWN_DURATIONS_US: dict[timedelta, int] = {}
_KNOWN_DURATIONS_MAX = 1024


def duration_us(d: timedelta, what: str = "duration") -> int:
    """Microseconds of a non-negative timedelta (else :class:`CalendarError`, saying what to pass)."""
    if type(d) is timedelta:
        us = KNOWN_DURATIONS_US.get(d)
        if us is not None:
            return us
        us = d // _ONE_US
        if us >= 0:
            if len(KNOWN_DURATIONS_US) >= _KNOWN_DURATIONS_MAX:
                KNOWN_DURATIONS_US.clear()  # start again: a caller's few durations come back at once
            KNOWN_DURATIONS_US[d] = us
            return us
    return _duration_us(d, what)


def _duration_us(d: timedelta, what: str) -> int:
    if not isinstance(d, timedelta):
        raise CalendarError(f"{what} must be a timedelta, not {type(d).__name__}; e.g. timedelta(hours=2)")
    if d < _ZERO:
        raise CalendarError(f"{what} must not be negative, got {d}; "
                            "to go back in business time use subtract(t, d) with a positive d")
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
    us = (first - EPOCH) // _ONE_US  # not to_us: a calendar's table reaches a little past the range
    if from_us(us, tz).replace(tzinfo=None) == wall:
        return us
    # The wall time does not exist: fold=0 read it with the offset from before the
    # jump, which puts `us` after the jump; fold=1 puts it before. The jump itself is
    # the answer; find it by bisection on whole seconds (zone changes fall on them).
    low = (wall.replace(tzinfo=tz, fold=1) - EPOCH) // _ONE_US // US_PER_S  # wall clock still < wall
    high = us // US_PER_S  # wall clock already > wall
    while high - low > 1:
        mid = (low + high) // 2
        if datetime.fromtimestamp(mid, tz).replace(tzinfo=None) >= wall:
            high = mid
        else:
            low = mid
    return high * US_PER_S


@frozen
class ZoneYear:
    """The local midnights of one year in one zone, for turning wall times into instants
    without asking the zone each time."""

    first_ordinal: int  # 1 January
    midnights: tuple[int, ...]  # of each day, and of the next 1 January
    changes: frozenset[int]  # ordinals of days whose clock does not run 24 even hours


@lru_cache(maxsize=4096)
def zone_year(tz: tzinfo, year: int) -> ZoneYear:
    """Shared by every calendar in the zone; built once per year asked about."""
    first = date(year, 1, 1)
    days = (date(year + 1, 1, 1) - first).days
    midnights: list[int] = []
    offsets: list[timedelta | None] = []
    for k in range(days + 1):
        wall = datetime.combine(first + timedelta(days=k), time())
        # a wall time both readings of agree on is shown once: it is the wall time minus
        # its offset; one in a jump or a repeated hour takes the long way
        offset = tz.utcoffset(wall)
        if offset is not None and offset == tz.utcoffset(wall.replace(fold=1)):
            us = (wall - _NAIVE_EPOCH - offset) // _ONE_US
        else:
            us = wall_to_us(wall.date(), time(), tz)
            offset = from_us(us, tz).utcoffset()
        midnights.append(us)
        offsets.append(offset)
    changes = frozenset(
        first.toordinal() + k for k in range(days)
        if midnights[k + 1] - midnights[k] != US_PER_DAY or offsets[k] != offsets[k + 1]
    )
    return ZoneYear(first.toordinal(), tuple(midnights), changes)


def plain_midnight(day: date, tz: tzinfo) -> int | None:
    """The local midnight of ``day`` when neither it nor the next day has a clock change
    (so any wall time up to 48:00 is midnight plus the offset), else None."""
    zy = zone_year(tz, day.year)
    ordinal = day.toordinal()
    index = ordinal - zy.first_ordinal
    if index + 2 >= len(zy.midnights) or ordinal in zy.changes or ordinal + 1 in zy.changes:
        return None  # 31 December: the next day's table is another year's; take the long way
    return zy.midnights[index]


def wall_us(day: date, offset: int, tz: tzinfo) -> int:
    """:func:`wall_to_us` with ``offset`` in microseconds after midnight (up to two days), read
    from the zone's year table when no clock change lies in the way."""
    midnight = plain_midnight(day, tz) if 0 <= offset < 2 * US_PER_DAY else None
    if midnight is not None:
        return midnight + offset
    return wall_to_us(day, timedelta(microseconds=offset), tz)


def day_index(us: int, zy: ZoneYear) -> int:
    """The index in ``zy`` of the local day holding instant ``us`` (-1: before the year)."""
    return bisect_right(zy.midnights, us) - 1


_INSTANT_EXAMPLE = "write e.g. 2026-03-06T17:30:00-05:00"


def parse_instant(value: object, path: JsonPath) -> datetime:
    """An aware instant in the supported range from an ISO 8601 text (or a datetime);
    ``path``: where it was read."""
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
    if not in_range(instant):
        raise TicketError(f"'{instant.isoformat()}' is outside the supported range", path, RANGE_HINT)
    return instant


def local_instant(t: datetime, tz: tzinfo, what: str) -> datetime:
    """The exact instant a user means by ``t``; ``what`` names where it was given (``--at``).

    An aware ``t`` is taken as it is. A naive ``t`` is a wall time in ``tz``: a time the
    clocks skip (inside a spring-forward jump) is refused, since no instant shows it; a
    time they repeat (fall-back) is its first occurrence. Either way the instant must be
    in the supported range. Raises :class:`InstantError` saying what to write instead.
    """
    aware = t if t.tzinfo is not None else t.replace(tzinfo=tz, fold=0)
    if aware.utcoffset() is None or not in_range(aware):
        raise InstantError(what, f"{t.isoformat()} is outside the supported range", RANGE_HINT)
    if t.tzinfo is not None:
        return t
    us = (aware - EPOCH) // _ONE_US
    if from_us(us, tz).replace(tzinfo=None) == t:
        return aware
    # fold=0 read the skipped wall time with the offset from before the jump: the jump
    # is the first instant whose wall clock reads t or later
    jump = wall_to_us(t.date(), t - datetime.combine(t.date(), time()), tz)
    after = from_us(jump, tz)
    before = from_us(jump - 1, tz).replace(tzinfo=None) + _ONE_US
    # the same wall time shifted by the jump, with the offset in force after it
    example = (t + (after.replace(tzinfo=None) - before)).replace(tzinfo=after.tzinfo)
    raise InstantError(
        what,
        f"{_minutes(t)} does not exist in {tz}: the clocks jump from {before:%H:%M} to {after:%H:%M}",
        f"pick a time outside the jump, or give the offset, e.g. {example.isoformat(timespec='minutes')}",
    )


def _minutes(t: datetime) -> str:
    return t.isoformat(timespec="minutes" if not (t.second or t.microsecond) else "auto")
