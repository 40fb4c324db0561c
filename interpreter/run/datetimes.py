"""Epoch microseconds -> aware datetimes at the edge of an evaluation."""

from __future__ import annotations

from datetime import datetime, tzinfo

from plazo.interpreter.time.instants import FLOAT_EXACT_US, from_us

_fromtimestamp = datetime.fromtimestamp


class Instants(dict[int | None, datetime | None]):
    """Epoch microseconds -> aware datetimes in one zone, each built once per evaluation
    (a cycle's start is often another's stop, a due instant a ladder's level); ``None``
    stays ``None``. A dict, so that a repeated instant costs one lookup."""

    __slots__ = ("_zones", "tz")

    def __init__(self, tz: tzinfo) -> None:
        super().__init__({None: None})
        self.tz = tz
        self._zones: dict[tzinfo, Instants] = {}

    def zone(self, tz: tzinfo | None) -> Instants:
        """The same instants shown in ``tz`` (None or the same zone: these)."""
        if tz is None or tz is self.tz:
            return self
        found = self._zones.get(tz)
        if found is None:
            found = self._zones[tz] = Instants(tz)
        return found

    def __missing__(self, us: int | None) -> datetime:
        assert us is not None  # None is always present
        # from_us inlined for the common range: this runs ~20 times per evaluation
        if -FLOAT_EXACT_US < us < FLOAT_EXACT_US:
            d = self[us] = _fromtimestamp(us / 1e6, self.tz)
        else:
            d = self[us] = from_us(us, self.tz)
        return d

    def instant(self, us: int) -> datetime:
        """The datetime of an instant that is known to be there (not None)."""
        d = self[us]
        assert d is not None
        return d
