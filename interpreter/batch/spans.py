"""A JSON Lines history cut by byte ranges, so that machines that share its disk can
each read a part of it without the others: the pieces of the Dask engine.

A line belongs to the span its first byte is in: a span starting in the middle of a
line begins after it, and a span reads its last line to the end, past the span's
end. Lines are numbered through the whole file (each span is told the number of its
first line, counted by :func:`line_starts`), and a span is read line by line exactly
as :func:`plazo.interpreter.batch.history.chunks` reads the whole file (with its own
line reader and line check), so a ticket
evaluated in a span has the record, and a refused line the reason, it would have in
one piece. The one thing a span cannot see alone is a ticket id given on an earlier
span: the caller passes the ids it must treat as seen to ``tickets_of`` for the lines
:func:`span_lines` gives, and gets back in the same mapping the ids the span gave first.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import BinaryIO

from attrs import frozen

from plazo.dsl.loader import UnreadableFile, open_regular
from plazo.interpreter.batch.history import JsonlLines, _read_lines
from plazo.interpreter.errors import HistoryError

BLOCK = 2**20  # bytes read at a time when counting or skipping


@frozen
class Span:
    """The lines of ``path`` whose first byte is at ``start`` or after and before ``end``."""

    path: str
    start: int
    end: int


def spans_of(path: str, size: int, span_bytes: int) -> tuple[Span, ...]:
    """``[0, size)`` cut into spans of about ``span_bytes`` (the last one shorter)."""
    bounds = [*range(0, size, max(span_bytes, 1)), size]
    return tuple(Span(path, a, b) for a, b in pairwise(bounds))


def _open(path: str) -> BinaryIO:
    try:
        return open_regular(path)
    except UnreadableFile as exc:
        raise HistoryError(path, exc.problem) from None


def _first_line_start(handle: BinaryIO, start: int) -> int:
    """Where the first line that begins at ``start`` or after begins (the handle is left there)."""
    if start == 0:
        handle.seek(0)
        return 0
    handle.seek(start - 1)
    while True:
        block = handle.read(BLOCK)
        if not block:
            return handle.tell()
        newline = block.find(b"\n")
        if newline >= 0:
            position = handle.tell() - len(block) + newline + 1
            handle.seek(position)
            return position


def line_starts(span: Span) -> int:
    """How many lines begin in the span (a last line without a newline is a line)."""
    with _open(span.path) as handle:
        position = _first_line_start(handle, span.start)
        if position >= span.end:
            return 0
        count = 1  # the line at `position`; then one per newline whose next byte is in the span
        while position < span.end - 1:
            block = handle.read(min(BLOCK, span.end - 1 - position))
            if not block:
                break
            count += block.count(b"\n")
            position += len(block)
        return count


def span_lines(span: Span, first_line: int, per_chunk: int) -> Iterator[JsonlLines]:
    """The span's lines as read, in pieces of ``per_chunk``, numbered from ``first_line``,
    for :func:`~plazo.interpreter.batch.history.tickets_of` to check (told the ids of
    earlier spans to refuse)."""
    with _open(span.path) as handle:
        if _first_line_start(handle, span.start) >= span.end:
            return
        line = first = first_line
        lines: list[bytes | None] = []
        size = 0
        for raw in _read_lines(handle):
            size += len(raw) if raw is not None else 0
            lines.append(raw)
            line += 1
            if len(lines) >= per_chunk:
                yield JsonlLines(first, tuple(lines), size)
                first, lines, size = line, [], 0
            if handle.tell() >= span.end:
                break
        if lines:
            yield JsonlLines(first, tuple(lines), size)

