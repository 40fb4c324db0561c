"""The time axis of a timeline drawing: real time mapped to x, with long stretches in
which nothing happens compressed (a broken axis), so that a three-hour story followed a
week later by one event stays readable.

A stretch is compressed when no row of the timeline falls in it and either every
calendar the lanes count on is closed throughout it for at least ``LONG`` (a night, a
weekend, a holiday: nothing can count then), or, when some lane counts clock time, it
lasts at least ``VERY_LONG``. ``PAD`` of it is kept on each side at the normal scale; the
rest is drawn ``BREAK_WIDTH`` pixels wide, still shaded, between two break marks.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from itertools import pairwise

from attrs import frozen

from plazo.interpreter.time.calendar import BusinessCalendar

LONG = timedelta(hours=6)  # a closed stretch at least this long without a row is cut
VERY_LONG = timedelta(hours=24)  # any stretch at least this long without a row is cut
PAD = timedelta(minutes=45)  # kept on each side of a cut
BREAK_WIDTH = 44.0


@frozen
class Piece:
    """``[start, end)`` of real time drawn from ``x0`` to ``x1``; ``compressed``: a stretch
    drawn narrower than the rest of the axis."""

    start: datetime
    end: datetime
    x0: float
    x1: float
    compressed: bool = False


@frozen
class Scale:
    pieces: tuple[Piece, ...]

    @property
    def start(self) -> datetime:
        return self.pieces[0].start

    @property
    def end(self) -> datetime:
        return self.pieces[-1].end

    @property
    def breaks(self) -> list[Piece]:
        """The compressed stretches."""
        return [p for p in self.pieces if p.compressed]

    def x(self, t: datetime) -> float:
        i = bisect_right([p.start for p in self.pieces], t) - 1
        if i < 0:
            return self.pieces[0].x0
        p = self.pieces[i]
        if t >= p.end:
            return p.x1
        span = (p.end - p.start).total_seconds()
        return p.x0 + (p.x1 - p.x0) * (t - p.start).total_seconds() / span

    def shown(self, a: datetime, b: datetime) -> list[tuple[datetime, datetime]]:
        """``[a, b)`` clipped to the axis."""
        s, e = max(a, self.start), min(b, self.end)
        return [(s, e)] if e > s else []

    def compressed_at(self, t: datetime) -> bool:
        return any(p.compressed and p.start <= t < p.end for p in self.pieces)


def build_scale(start: datetime, end: datetime, moments: Iterable[datetime],
                calendars: Sequence[BusinessCalendar], x0: float, x1: float, clock: bool) -> Scale:
    """The axis from ``start`` to ``end`` drawn between ``x0`` and ``x1``. ``moments`` are
    the instants rows fall on (never cut); ``calendars`` those shaded; ``clock``: some lane
    counts clock time, so closed calendar time is not idle for it."""
    points = sorted({start, end, *(m for m in moments if start <= m <= end)})
    cuts: list[tuple[datetime, datetime]] = []
    for a, b in pairwise(points):
        if b - a < LONG:
            continue
        if clock or not calendars:
            idle = [(a, b)] if b - a >= VERY_LONG else []
        else:
            idle = [(s, e) for s, e in _all_closed(a, b, calendars) if e - s >= LONG]
        cuts.extend((s + PAD, e - PAD) for s, e in idle if e - s > 2 * PAD)
    stretches: list[tuple[datetime, datetime, bool]] = []
    cursor = start
    for s, e in cuts:
        stretches += [(cursor, s, False), (s, e, True)]
        cursor = e
    stretches.append((cursor, end, False))
    seconds = sum((e - s).total_seconds() for s, e, squeezed in stretches if not squeezed)
    per_second = (x1 - x0 - BREAK_WIDTH * len(cuts)) / max(seconds, 1.0)
    pieces = []
    x = x0
    for s, e, squeezed in stretches:
        width = BREAK_WIDTH if squeezed else (e - s).total_seconds() * per_second
        pieces.append(Piece(s, e, x, x + width, squeezed))
        x += width
    return Scale(tuple(pieces))


def _all_closed(a: datetime, b: datetime, calendars: Sequence[BusinessCalendar]) -> list[tuple[datetime, datetime]]:
    """The stretches of ``[a, b)`` in which every calendar is closed."""
    opens = sorted((iv.start, iv.end) for cal in calendars for iv in cal.open_intervals(a, b))
    out = []
    cursor = a
    for s, e in opens:
        if s > cursor:
            out.append((cursor, s))
        cursor = max(cursor, e)
    if b > cursor:
        out.append((cursor, b))
    return out
