"""A JSON Lines history whose lines the workers check (``raw_chunks``: the reading process
only cuts the file) gives what the reading process checking every line gives (``chunks``,
the oracle): the same tickets and the same rejections, with the same line, id, reason and
text, in the same order; and a ticket id repeated across pieces, each read on its own as
a worker reads it, is refused as reading the file whole refuses it (``FirstIds``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from examples_budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from plazo.interpreter.batch.history import MAX_LINE, Chunk, Entry, Rejected, chunks, raw_chunks, tickets_of
from plazo.interpreter.batch.workers import Evaluator, FirstIds, Job, PieceResult, TaskResult
from plazo.interpreter.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
POLICY = str(ROOT / "policies" / "aldeamo.plazo")
_policy = load_policy(POLICY)
EVALUATOR = Evaluator.of(Job((POLICY,), None, ("severity",), "jsonl"), (_policy,))
TYPES = EVALUATOR.fields

TICKET = ('{{"id": {id}, "fields": {{"type": "incidente", "severity": "alto"}}, "events": [{{"type": "created", '
          '"at": "2026-03-02T09:00:00-05:00"}}, {{"type": "first_response", "at": "{second}"}}]}}')
LINES = st.one_of(
    st.builds(lambda i, second: TICKET.format(id=i, second=second).encode(),
              st.sampled_from(['"T1"', '"T2"', '"T3"', "4", '""', "null", "1.5"]),  # ids repeat; some are refused
              st.sampled_from(["2026-03-02T10:00:00-05:00", "2026-03-01T10:00:00-05:00", "2026-03-02T10:00",
                               "2045-01-01T00:00:00Z", "not an instant"])),
    st.just(b""), st.just(b"   "), st.just(b"\r"), st.just(b"{not json"), st.just(b"\xff\xfe oops"), st.just(b"7"),
    st.just(b'{"id": "N", "events": [], "fields": {"x": NaN}}'), st.just(b'{"id": "D", "id": "E"}'),
    st.just(b'{"id": "F", "fields": {"x": 1e999}}'),
    st.just(b"\xef\xbb\xbf" + TICKET.format(id='"B"', second="x").encode()),  # a byte order mark: line 1 only
)


def write(path: Path, lines: list[bytes], final_newline: bool) -> Path:
    path.write_bytes(b"\n".join(lines) + (b"\n" if final_newline and lines else b""))
    return path


def whole(path: Path, per_chunk: int) -> list[Entry | Rejected]:
    """The oracle: the reading process checks every line, ids included."""
    return [e for chunk in chunks(path, per_chunk) for e in tickets_of(chunk, TYPES)]


def evaluated_whole(path: Path) -> tuple[str, list[Rejected], int]:
    """The oracle's output, rejections and count of tickets, evaluated."""
    results = [EVALUATOR.piece(chunk) for chunk in chunks(path, 3)]
    return "".join(r.output for r in results), [x for r in results for x in r.rejected], sum(r.tickets for r in results)


def piece_by_piece(path: Path, per_chunk: int) -> tuple[str, list[Rejected], int]:
    """Each piece evaluated on its own, as a worker evaluates it; the ids settled in order."""
    first = FirstIds()
    results: list[PieceResult] = []
    for chunk in raw_chunks(path, per_chunk):
        def again(refuse: dict[str, int], chunk: Chunk = chunk) -> TaskResult:
            return EVALUATOR.checked(chunk, refuse)
        results.append(first.settled(EVALUATOR.checked(chunk, {}), again).piece)
    return "".join(r.output for r in results), [x for r in results for x in r.rejected], sum(r.tickets for r in results)


@settings(max_examples=examples(200), deadline=None)
@given(lines=st.lists(LINES, max_size=14), final_newline=st.booleans(), per_chunk=st.integers(1, 5))
def test_lines_checked_by_the_workers_read_as_lines_checked_by_the_reader(
        tmp_path_factory: pytest.TempPathFactory, lines: list[bytes], final_newline: bool, per_chunk: int) -> None:
    path = write(tmp_path_factory.mktemp("raw") / "h.jsonl", lines, final_newline)
    assert piece_by_piece(path, per_chunk) == evaluated_whole(path)
    seen: dict[str, int] = {}  # one reader in order (a small history, or one core)
    assert [e for chunk in raw_chunks(path, per_chunk) for e in tickets_of(chunk, TYPES, seen)] == whole(path, 3)


def test_an_id_an_earlier_piece_gave_is_refused_naming_its_first_line(tmp_path: Path) -> None:
    one = TICKET.format(id='"A"', second="2026-03-02T10:00:00-05:00").encode()
    other = TICKET.format(id='"B"', second="2026-03-02T10:00:00-05:00").encode()
    path = write(tmp_path / "h.jsonl", [one, other, one, one], True)
    output, (third, fourth), tickets = piece_by_piece(path, 2)
    assert tickets == 4 and output.count("\n") == 2
    assert (third.line, third.ticket, fourth.line) == (3, "A", 4)
    assert "ticket A again: line 1 has it already" in third.reason and "line 1 has it" in fourth.reason
    assert (output, [third, fourth], tickets) == evaluated_whole(path)


def test_a_line_past_the_limit_is_refused_by_the_worker_as_by_the_reader(tmp_path: Path) -> None:
    long = b'{"id": "L", "x": "' + b"a" * MAX_LINE + b'"}'
    good = TICKET.format(id='"G"', second="2026-03-02T10:00:00-05:00").encode()
    path = write(tmp_path / "h.jsonl", [good, long, good.replace(b'"G"', b'"H"')], True)
    seen: dict[str, int] = {}
    found = [e for chunk in raw_chunks(path, 2) for e in tickets_of(chunk, TYPES, seen)]
    assert found == whole(path, 2)
    assert [e.line for e in found] == [1, 2, 3] and isinstance(found[1], Rejected)
    assert found[1].reason == f"a line longer than {MAX_LINE // 2**20} MiB" and found[1].text == ""
    assert piece_by_piece(path, 1) == evaluated_whole(path)


def test_the_evaluator_refuses_the_ids_it_is_told_and_gives_back_the_others(tmp_path: Path) -> None:
    lines = [TICKET.format(id=f'"{i}"', second="2026-03-02T10:00:00-05:00").encode() for i in ("A", "B", "A", "C")]
    path = write(tmp_path / "h.jsonl", lines, True)
    (chunk,) = raw_chunks(path, 10)
    result = EVALUATOR.checked(chunk, {"B": 1})
    assert result.ids == {"A": 1, "C": 4}
    assert [(r.line, r.ticket) for r in result.piece.rejected] == [(2, "B"), (3, "A")]
    assert result.piece.tickets == 4 and result.piece.output.count("\n") == 2


def test_the_first_line_of_an_id_is_found_for_any_text() -> None:
    """Ids that differ only past ASCII, in normalization or by a lone surrogate (JSON can
    write one) stay apart; a repeated one is refused naming the line that gave it."""
    high, low = chr(0xD800), chr(0xDC00)  # lone surrogates
    empty = PieceResult(0, 0, "", (), (), ())
    first = FirstIds()
    given = {high: 1, "é": 2, "e\u0301": 3, "ALD-1": 4}
    assert first.settled(TaskResult(empty, given), pytest.fail) == TaskResult(empty, given)
    asked: list[dict[str, int]] = []

    def again(refuse: dict[str, int]) -> TaskResult:
        asked.append(refuse)
        return TaskResult(empty, {low: 9})  # the piece read again gives only its new id

    first.settled(TaskResult(empty, {"é": 7, low: 9, high: 8}), again)
    assert asked == [{"é": 2, high: 1}]
    assert [first.line(i) for i in ("e\u0301", low, "ALD-1")] == [3, 9, 4]
