"""A JSON Lines history read by byte ranges (the Dask engine's pieces) gives what reading
it whole gives: the oracle is :func:`plazo.interpreter.batch.history.chunks`, which reads
the file from its first byte to its last in one pass.

Files are made of lines that stress the boundaries: empty lines, a byte order mark, bytes
that are not UTF-8, lines without a final newline, ids given twice, lines of one byte;
ranges as short as one byte, so that a range may start or end on any byte of a line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from examples_budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from plazo.interpreter.batch.history import JsonlChunk, Rejected, _jsonl_line, chunks
from plazo.interpreter.batch.spans import Span, line_starts, span_lines, spans_of

TICKET = '{{"id": "{id}", "fields": {{}}, "events": [{{"type": "created", "at": "2026-03-02T09:00:00-05:00"}}]}}'
LINES = st.one_of(
    st.sampled_from(["T1", "T2", "T3", "T4"]).map(lambda i: TICKET.format(id=i).encode()),  # ids repeat
    st.just(b""), st.just(b"   "), st.just(b"{not json"), st.just(b"\xff\xfe oops"), st.just(b"7"),
    st.just(b"\xef\xbb\xbf" + TICKET.format(id="B").encode()),  # a byte order mark: only line 1 may have it
)


def span_chunks(span: Span, first_line: int, seen: dict[str, int], per_chunk: int) -> Iterator[JsonlChunk]:
    """The span's lines checked as :func:`chunks` checks a whole file's; ``seen``: the ids
    of earlier spans to refuse, and the ids this span gives first."""
    for chunk in span_lines(span, first_line, per_chunk):
        yield JsonlChunk(chunk.first_line, tuple(_jsonl_line(raw, chunk.first_line + i, seen)
                                                 for i, raw in enumerate(chunk.lines)), chunk.size)


def whole(path: Path) -> list[str | Rejected]:
    return [line for chunk in chunks(path, 3) if isinstance(chunk, JsonlChunk) for line in chunk.lines]


def by_spans(path: Path, span_bytes: int) -> tuple[list[str | Rejected], list[int]]:
    """The lines read range by range, each told its first line and the ids seen before
    it (as the Dask engine tells a range it runs again), and each range's first line."""
    size = path.stat().st_size
    lines: list[str | Rejected] = []
    firsts = []
    first = 1
    seen: dict[str, int] = {}
    for span in spans_of(str(path), size, span_bytes):
        firsts.append(first)
        read = [line for chunk in span_chunks(span, first, seen, 2) for line in chunk.lines]
        assert len(read) == line_starts(span)  # the count that numbers the next range
        lines += read
        first += len(read)
    return lines, firsts


@settings(max_examples=examples(150), deadline=None)
@given(lines=st.lists(LINES, max_size=12), final_newline=st.booleans(),
       span_bytes=st.integers(min_value=1, max_value=200))
def test_reading_by_ranges_gives_what_reading_whole_gives(tmp_path_factory: pytest.TempPathFactory,
                                                          lines: list[bytes], final_newline: bool,
                                                          span_bytes: int) -> None:
    path = tmp_path_factory.mktemp("spans") / "history.jsonl"
    path.write_bytes(b"\n".join(lines) + (b"\n" if final_newline and lines else b""))
    expected = whole(path)
    read, firsts = by_spans(path, span_bytes)
    assert read == expected
    assert firsts == sorted(firsts) and (not firsts or firsts[0] == 1)


def test_a_range_starting_inside_a_line_begins_after_it(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    one, two = TICKET.format(id="A"), TICKET.format(id="B")
    path.write_text(f"{one}\n{two}\n", encoding="utf-8")
    size = len(one) + 1 + len(two) + 1
    # worked by hand: line 1 is bytes [0, len(one)], line 2 starts at len(one) + 1
    (a, b) = spans_of(str(path), size, 10)[:2]
    assert (a.start, a.end, b.start, b.end) == (0, 10, 10, 20)
    assert line_starts(a) == 1 and line_starts(b) == 0  # line 1 starts in a; nothing starts in b
    at_two = spans_of(str(path), size, len(one) + 1)[1]
    assert at_two.start == len(one) + 1 and line_starts(at_two) == 1
    (chunk,) = span_chunks(at_two, 2, {}, 10)
    assert chunk.first_line == 2 and [json.loads(x)["id"] for x in chunk.lines if isinstance(x, str)] == ["B"]


def test_an_id_an_earlier_range_gave_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    one = TICKET.format(id="A")
    path.write_text(f"{one}\n{one}\n", encoding="utf-8")
    second = spans_of(str(path), path.stat().st_size, len(one) + 1)[1]
    seen = {"A": 1}
    (chunk,) = span_chunks(second, 2, seen, 10)
    (refused,) = chunk.lines
    assert isinstance(refused, Rejected) and refused.line == 2
    assert "ticket A again: line 1 has it already" in refused.reason
