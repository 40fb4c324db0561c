"""Property-based fuzzing of the history readers (issue 13): whatever a line holds, it is
a ticket or a rejection naming its line, nothing else is raised, nothing is lost, and
what a batch writes always parses as strict JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from plazo.interpreter.batch.history import Entry, Rejected, chunks, tickets_of
from plazo.interpreter.batch.workers import Evaluator, Job
from plazo.interpreter.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
POLICY = str(ROOT / "policies" / "aldeamo.plazo")
_policy = load_policy(POLICY)
EVALUATOR = Evaluator.of(Job((POLICY,), None, (None,), "jsonl"), (_policy,))
TYPES = {name: spec.type for name, spec in _policy.fields.items()}
HEADER = "ticket,type,severity,service,report_months,event,at,status,field,value"
GOOD = ('{"id": "G%d", "fields": {"type": "incidente", "severity": "medio"}, '
        '"events": [{"type": "created", "at": "2026-03-02T09:00:00-05:00"}]}')


def _read(path: Path) -> list[Entry | Rejected]:
    return [e for chunk in chunks(path, 7, set(TYPES)) for e in tickets_of(chunk, TYPES)]


def _strict(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(constant)
    return json.loads(text, parse_constant=refuse)


def _counted(raw: bytes, first: bool) -> bool:
    """Whether a line is a ticket's line (not blank), worked out apart from the reader."""
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return bool(raw.decode("utf-8").strip())
    except UnicodeDecodeError:
        return True


lines_of_bytes = st.lists(st.binary(max_size=60).map(lambda b: b.replace(b"\n", b"")), max_size=12)


@settings(max_examples=150)
@given(lines=lines_of_bytes, good_at=st.integers(0, 12))
def test_every_jsonl_line_of_bytes_is_a_ticket_or_a_rejection(tmp_path_factory, lines, good_at) -> None:
    lines = [*lines[:good_at], GOOD.encode() % 0, *lines[good_at:]]
    path = tmp_path_factory.mktemp("h") / "h.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    entries = _read(path)
    expected = [n for n, raw in enumerate(lines, 1) if _counted(raw, n == 1)]
    assert [e.line for e in entries] == expected  # one entry per line, in order, none lost
    good_line = good_at + 1 if good_at < len(lines) else len(lines)
    assert any(isinstance(e, Entry) and e.line == good_line for e in entries)  # the good ticket after the bad ones


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12)
tickets = st.fixed_dictionaries({"id": st.text(max_size=4) | st.integers() | st.floats()},
                                optional={"fields": st.dictionaries(st.sampled_from(["type", "severity",
                                                                                     "report_months", "x"]),
                                                                    json_values, max_size=3),
                                          "events": json_values})


@settings(max_examples=150)
@given(values=st.lists(json_values | tickets, max_size=8))
def test_arbitrary_json_lines_give_tickets_or_rejections_and_strict_json_out(tmp_path_factory, values) -> None:
    lines = [json.dumps(v) for v in values] + [GOOD % 1]  # allow_nan: NaN and Infinity are written too
    path = tmp_path_factory.mktemp("h") / "h.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = [EVALUATOR.piece(chunk) for chunk in chunks(path, 5)]
    assert sum(r.tickets for r in result) == len(lines)
    rejected = [x for r in result for x in r.rejected]
    out = "".join(r.output for r in result).splitlines()
    assert len(out) + len(rejected) == len(lines)  # every line: a result or a rejection
    for line in out:
        assert isinstance(_strict(line), dict)
    assert json.loads(out[-1])["ticket"] == "G1"
    for r in rejected:
        assert 1 <= r.line <= len(lines) and r.reason


cells = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@settings(max_examples=150)
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=12), max_size=8))
def test_arbitrary_csv_cells_are_tickets_or_rejections(tmp_path_factory, rows) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerows(rows)
    good = "G9,incidente,medio,,,created,2026-03-02T09:00:00-05:00,,,"
    path = tmp_path_factory.mktemp("h") / "h.csv"
    body = text.getvalue()
    path.write_text(HEADER + "\n" + body + good + "\n", encoding="utf-8")
    entries = _read(path)
    last_line = 2 + len(re.findall("\r\n|\r|\n", body))  # a lone CR ends a line too, as in the csv module
    assert [e.line for e in entries] == sorted({e.line for e in entries})  # in order, each once
    assert all(2 <= e.line <= last_line for e in entries)
    # the good ticket after whatever came before is read as itself (unless a row before it had its id)
    assert entries and entries[-1].line == last_line
    assert isinstance(entries[-1], Entry) or "G9" in entries[-1].reason


@settings(max_examples=150)
@given(lines=st.lists(st.binary(max_size=60).map(lambda b: b.replace(b"\n", b"").replace(b"\r", b"")), max_size=12))
def test_csv_lines_of_bytes_never_raise_and_every_line_is_accounted_for(tmp_path_factory, lines) -> None:
    path = tmp_path_factory.mktemp("h") / "h.csv"
    good = b"G9,incidente,medio,,,created,2026-03-02T09:00:00-05:00,,,"
    path.write_bytes(HEADER.encode() + b"\n" + b"\n".join([*lines, good]) + b"\n")
    entries = _read(path)
    covered: set[int] = set()
    for e in entries:
        rows = e.row_lines if isinstance(e, Entry) else (e.line,)
        covered.update(rows)
    # a line that is not blank starts a record or is inside one that started before it
    for n, raw in enumerate([*lines, good], 2):
        if raw.strip(b" \r\t") and n not in covered:
            assert any(c < n for c in covered), f"line {n} is lost"
    assert entries[-1].line == len(lines) + 2 or any(isinstance(e, Rejected) for e in entries)
