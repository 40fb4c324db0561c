"""Set operations on sorted lists of disjoint half-open intervals ``(start, end)``.

Instants are integers (epoch microseconds). Every function returns a *normal*
list: sorted, non-empty intervals, with overlapping or touching ones merged, so
that an instant is open exactly when it lies in one interval and every interval
end is a closing instant.
"""

from __future__ import annotations

from collections.abc import Iterable

Span = tuple[int, int]


def normalize(spans: Iterable[Span]) -> list[Span]:
    """Sort, drop empty intervals and merge overlapping or touching ones."""
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def clip(spans: list[Span], lo: int, hi: int) -> list[Span]:
    """The part of normal ``spans`` inside ``[lo, hi)``."""
    return [(max(s, lo), min(e, hi)) for s, e in spans if s < hi and e > lo]


def union(a: list[Span], b: list[Span]) -> list[Span]:
    return normalize([*a, *b])


def difference(a: list[Span], b: list[Span]) -> list[Span]:
    """Open in ``a`` and not in ``b`` (both normal)."""
    out: list[Span] = []
    j = 0
    for start, end in a:
        while j < len(b) and b[j][1] <= start:
            j += 1
        k = j
        cursor = start
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cursor:
                out.append((cursor, b[k][0]))
            cursor = max(cursor, b[k][1])
            k += 1
        if cursor < end:
            out.append((cursor, end))
    return out


def complement(a: list[Span], lo: int, hi: int) -> list[Span]:
    """The closed time of normal ``a`` within ``[lo, hi)``."""
    return difference([(lo, hi)], a) if lo < hi else []


def append_merging(spans: list[Span], more: list[Span]) -> None:
    """Extend normal ``spans`` in place with normal ``more`` that starts at or after its end."""
    if spans and more and more[0][0] <= spans[-1][1]:
        spans[-1] = (spans[-1][0], max(spans[-1][1], more[0][1]))
        more = more[1:]
    spans.extend(more)
