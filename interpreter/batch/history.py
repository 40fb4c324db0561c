"""Ticket histories on disk: JSON Lines (one ticket per line, the JSON form of a
ticket) or CSV (one row per event, the rows of a ticket consecutive).

Reading is split in two so that it can stream and run on several cores:
:func:`chunks` (in the reading process) cuts the file into pieces of whole tickets,
each remembering the line it starts at; :func:`tickets_of` (in a worker) turns a
piece into tickets, or into :class:`Rejected` entries that say which line is wrong
and why. No ticket is dropped without an entry. :func:`raw_chunks` leaves a JSON
Lines file's lines as read, for the workers to check: the reading process then only
cuts the file, and finds an id repeated across pieces from the ids each piece gives
back (``workers.FirstIds``).

CSV columns: ``ticket``, ``event``, ``at`` (required), ``status`` (status events),
``field`` and ``value`` (``set`` events); every other column is a ticket field,
read from the ticket's rows (a later row may repeat the value or leave it empty,
not change it: that is a ``set`` event). Values are converted by the kind of field
the policy declares: numbers, booleans (true/false, 1/0, sí/si/no, yes, in any case), instants.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO, TypeVar

from attrs import frozen

from plazo.dsl.errors import PlazoError
from plazo.dsl.loader import UnreadableFile, open_regular
from plazo.dsl.names import suggest
from plazo.dsl.visible import visible
from plazo.interpreter.compile.fields import FieldType
from plazo.interpreter.errors import HistoryError, TicketError
from plazo.interpreter.run.ticket import Ticket

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

# A cell longer than this is a bad record (the csv module's default is 128 KiB, which a
# long text field can pass); anything a ticket can hold fits well below it. A line
# longer than MAX_LINE is a bad line, read past without keeping it.
MAX_CELL = 16 * 2**20
MAX_LINE = 16 * 2**20
CSV_REQUIRED = ("ticket", "event", "at")
CSV_EVENT_COLUMNS = ("status", "field", "value")
BOM = b"\xef\xbb\xbf"

CellValue = str | float | bool  # a CSV cell converted by its field's kind


@frozen
class Rejected:
    """A ticket (or a line) that could not be evaluated."""

    line: int
    ticket: str | None
    reason: str
    text: str  # the line(s) as read, so that a rejects file can be fixed and fed again


@frozen
class CsvTicket:
    """The consecutive rows of one ticket in a CSV history, as read. (One object per
    ticket, not per row: a history has millions of rows, and they cross to the workers.)"""

    lines: tuple[int, ...]  # the line of each row
    rows: tuple[tuple[str, ...], ...]  # the cells of each row


@frozen
class JsonlChunk:
    """Whole tickets of a JSON Lines history: one line each, the first at ``first_line``;
    a line the reading process already refused is its :class:`Rejected`."""

    first_line: int
    lines: tuple[str | Rejected, ...]
    size: int  # bytes read, for progress


@frozen
class JsonlLines:
    """Whole tickets of a JSON Lines history as read, for a worker to check: one line each
    (bytes; None for a line past MAX_LINE), the first at ``first_line``."""

    first_line: int
    lines: tuple[bytes | None, ...]
    size: int  # bytes read, for progress


@frozen
class CsvChunk:
    """Whole tickets of a CSV history: the rows of each ticket, under the file's header;
    a record the reading process already refused is its :class:`Rejected`."""

    header: tuple[str, ...]
    tickets: tuple[CsvTicket | Rejected, ...]
    size: int  # bytes read (an estimate), for progress


Chunk = JsonlChunk | JsonlLines | CsvChunk
_JsonlPiece = TypeVar("_JsonlPiece", JsonlChunk, JsonlLines)


def file_format(path: str | Path) -> str | None:
    """``jsonl`` or ``csv`` by the file's suffix (histories and per-ticket results alike)."""
    suffix = Path(path).suffix.lower()
    return "jsonl" if suffix in (".jsonl", ".ndjson") else "csv" if suffix == ".csv" else None


def history_format(path: str | Path) -> str:
    found = file_format(path)
    if found is None:
        raise HistoryError(str(path), "a history is .jsonl (one ticket per line) or .csv (one row per event)")
    return found


def chunks(path: str | Path, tickets_per_chunk: int = 2000, fields: Iterable[str] | None = None) -> Iterator[Chunk]:
    """The history in pieces of whole tickets. ``fields``: the field names a policy knows,
    to check a CSV header before any row is read.

    The reading process also refuses what only it can see: a line that is not UTF-8,
    and a ticket id already given on an earlier line (it keeps the ids seen, so its
    memory grows by about a hundred bytes per ticket)."""
    return _pieces(path, tickets_per_chunk, fields, _jsonl_chunks)


def raw_chunks(path: str | Path, tickets_per_chunk: int = 2000, fields: Iterable[str] | None = None
               ) -> Iterator[JsonlLines | CsvChunk]:
    """As :func:`chunks`, but a JSON Lines file's lines are left as read: each is checked by
    :func:`tickets_of` in a worker, which refuses what :func:`chunks` would have refused with
    the same reason. Only a ticket id already given by an earlier piece is the caller's to
    find: ``tickets_of`` records the ids a piece gives first (``seen``), and a piece that
    repeats an earlier piece's id is read again told to refuse it (``workers.FirstIds``).
    (A CSV file is cut as :func:`chunks` cuts it: finding its tickets' rows reads them.)"""
    return _pieces(path, tickets_per_chunk, fields, _raw_jsonl_chunks)


def _pieces(path: str | Path, per_chunk: int, fields: Iterable[str] | None,
            jsonl: Callable[[BinaryIO, int], Iterator[_JsonlPiece]]) -> Iterator[_JsonlPiece | CsvChunk]:
    """The file's pieces: JSON Lines cut by ``jsonl``, CSV by whole tickets."""
    kind = history_format(path)
    with _open(path) as handle:
        if kind == "jsonl":
            yield from jsonl(handle, per_chunk)
        else:
            yield from _csv_chunks(handle, str(path), per_chunk, fields)


def _open(path: str | Path) -> BinaryIO:
    try:
        return open_regular(path)
    except UnreadableFile as exc:
        raise HistoryError(str(path), exc.problem) from None


# ------------------------------------------------------------------ JSON Lines


class _Refused(ValueError):
    """A JSON text Python would read but a ticket may not hold (NaN, a repeated key ...)."""


def _refuse_constant(name: str) -> object:
    raise _Refused(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"the number {text[:40]}{'…' if len(text) > 40 else ''} is out of range")
    return value


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(f"the key '{visible(key[:80])}' appears twice in one object (JSON readers "
                               "disagree on which one counts)")
            seen.add(key)
    return found


# json.loads with these options builds a decoder per call; a line is read with this one
_STRICT = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite, object_pairs_hook=_unique_keys)


def parse_json(text: str) -> object:
    """Strict JSON, as a ticket's line must be: raises :class:`LineError` with the reason
    for what is not JSON, for NaN and Infinity (Python's extension, which other readers
    refuse), for a number out of range, for a repeated key, and for what Python cannot
    hold (more than 4,300 digits, nesting past its recursion limit)."""
    try:
        # json.loads(text, ...) is this decoder's decode after refusing a text that starts
        # with a byte order mark, which decode refuses too: what it reads is the same
        return _STRICT.decode(text)
    except (ValueError, RecursionError):
        pass  # read again below, for json.loads's own reason
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite,
                          object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise LineError(f"not JSON: {exc.msg} (column {exc.colno})") from None
    except _Refused as exc:
        raise LineError(str(exc)) from None
    except ValueError:  # Python refuses to read an integer of more than 4,300 digits
        raise LineError(f"a number with more than {sys.get_int_max_str_digits():,} digits") from None
    except RecursionError:
        raise LineError("JSON nested too deeply to be a ticket") from None


class LineError(Exception):
    """Why a line of a history is not a ticket."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _shown_bytes(raw: bytes) -> str:
    """A line as a rejection keeps it: bytes that are not UTF-8 written as ``\\xff``."""
    return raw.decode("utf-8", "backslashreplace").rstrip("\r\n")


def _decoded(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LineError(f"not UTF-8: byte {exc.start + 1} of the line (0x{raw[exc.start]:02x}); "
                        "save the history as UTF-8") from None


def _id_of(data: object) -> str | None:
    """The id a ticket's JSON gives, as the ticket will have it (None: none, or one the
    ticket will refuse)."""
    if not isinstance(data, dict):
        return None
    raw = data.get("id")
    if isinstance(raw, str):
        return raw or None
    if isinstance(raw, int) and not isinstance(raw, bool) and raw.bit_length() < 300:
        return str(raw)
    return None


def _read_lines(handle: BinaryIO) -> Iterator[bytes | None]:
    """Each line of the file (None for a line past MAX_LINE, read past in pieces)."""
    while True:
        raw = handle.readline(MAX_LINE + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(MAX_LINE)
            yield None
        else:
            yield raw


def _raw_jsonl_chunks(handle: BinaryIO, per_chunk: int) -> Iterator[JsonlLines]:
    first_line = line = 1
    lines: list[bytes | None] = []
    size = 0
    for raw in _read_lines(handle):
        size += MAX_LINE if raw is None else len(raw)
        lines.append(raw)
        line += 1
        if len(lines) >= per_chunk:
            yield JsonlLines(first_line, tuple(lines), size)
            first_line, lines, size = line, [], 0
    if lines:
        yield JsonlLines(first_line, tuple(lines), size)


def _jsonl_chunks(handle: BinaryIO, per_chunk: int) -> Iterator[JsonlChunk]:
    seen: dict[str, int] = {}  # id -> the line that gave it first
    for piece in _raw_jsonl_chunks(handle, per_chunk):
        first = piece.first_line
        yield JsonlChunk(first, tuple([_jsonl_line(raw, first + i, seen) for i, raw in enumerate(piece.lines)]),
                         piece.size)


def _jsonl_line(raw: bytes | None, line: int, seen: dict[str, int]) -> str | Rejected:
    """The line's text for a worker to read ("" for a blank line), or why it is refused already."""
    read = _checked_line(raw, line, seen)
    return "" if read is None else read if isinstance(read, Rejected) else read[0]


def _checked_line(raw: bytes | None, line: int, seen: dict[str, int]) -> tuple[str, object] | Rejected | None:
    """A line's text and its JSON value, or why it is refused, or None for a blank line.
    ``seen``: the ids of the history so far -> the line that gave each first (this line's
    id is added to it)."""
    if raw is None:
        return Rejected(line, None, f"a line longer than {MAX_LINE // 2**20} MiB", "")
    if line == 1:
        raw = raw.removeprefix(BOM)  # what some editors put first: not part of the text
    try:
        text = _decoded(raw)
        if not text.strip():
            return None
        data = parse_json(text)
    except LineError as exc:
        return Rejected(line, None, exc.reason, _shown_bytes(raw))
    text = text.rstrip("\r\n")
    ticket_id = _id_of(data)
    if ticket_id is not None:
        first = seen.setdefault(ticket_id, line)
        if first != line:
            return Rejected(line, ticket_id, f"ticket {visible(ticket_id)} again: line {first} has it already "
                            "(an id names one ticket; the later line is not evaluated)", text)
    return text, data


# ------------------------------------------------------------------ CSV


class _Unclosed(Exception):
    """A quoted cell ran on to a line that reads as a record of its own."""


class _BadLine(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # a byte that was not UTF-8, kept by surrogateescape


class _Lines:
    """The physical lines of a CSV history for ``csv.reader``, numbered, and watched: a
    quote left open swallows the records after it into one cell, so a line that a
    record is still reading on to, and that reads as a whole record by itself, stops
    that record (the line is read again as the next record)."""

    def __init__(self, text: TextIO) -> None:
        self._text = text
        self._back: list[str] = []
        self.count = 0  # lines handed out
        self.record: list[str] = []  # the lines of the record being read
        self.start = 1  # its first line
        self.shape: tuple[int, int, int] | None = None  # width, id and at columns, once the header is read

    def begin(self) -> None:
        self.record = []
        self.start = self.count + 1

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self._back.pop() if self._back else self._read()  # StopIteration at the end
        self.count += 1
        if line is None:
            self.record.append("")
            raise _BadLine(f"a line longer than {MAX_LINE // 2**20} MiB")
        if self.record and self._whole_record(line):
            self._back.append(line)
            self.count -= 1
            raise _Unclosed
        self.record.append(line)
        found = _NOT_UTF8.search(line)
        if found is not None:
            column = len(line[:found.start()].encode("utf-8", "surrogateescape")) + 1
            raise _BadLine(f"not UTF-8: byte {column} of line {self.count}; save the history as UTF-8")
        return line

    def _read(self) -> str | None:
        """The next line (None: one past MAX_LINE, read past in pieces)."""
        line = self._text.readline(MAX_LINE + 1)
        if not line:
            raise StopIteration
        if len(line) > MAX_LINE and not line.endswith(("\n", "\r")):
            while line and not line.endswith(("\n", "\r")):
                line = self._text.readline(MAX_LINE)
            return None
        return line

    def _whole_record(self, line: str) -> bool:
        if self.shape is None:
            return False
        width, id_column, at_column = self.shape
        try:
            cells = next(csv.reader([line]), [])
        except csv.Error:
            return False
        if len(cells) != width or not cells[id_column].strip():
            return False
        try:
            datetime.fromisoformat(cells[at_column].strip())
        except ValueError:
            return False
        return True

    def text(self) -> str:
        """The record's lines as read (bytes that were not UTF-8 written as ``\\xff``)."""
        joined = "".join(self.record).rstrip("\r\n")
        return joined.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


Record = tuple[int, list[str]]  # its first line, its cells


def _records(lines: _Lines, reader: CsvReader) -> Iterator[Record | Rejected]:
    """Each record of the CSV text, or why it is not one (and the reading goes on)."""
    while True:
        lines.begin()
        try:
            row = next(reader)
        except StopIteration:
            return
        except _Unclosed:
            yield Rejected(lines.start, None, f"a quote opened on line {lines.start} is not closed, and the "
                           f"cell runs on over line {lines.count + 1}, which reads as a record of its own: "
                           "close the quote (a quote inside a cell is written twice)", lines.text())
            continue
        except _BadLine as exc:
            yield Rejected(lines.start, None, exc.reason, lines.text())
            continue
        except csv.Error as exc:
            yield Rejected(lines.start, None, _csv_reason(str(exc), lines.start), lines.text())
            continue
        yield lines.start, row


def _csv_reason(message: str, start: int) -> str:
    if "unexpected end of data" in message:
        return f"a quote opened on line {start} is not closed before the end of the file"
    if "field larger than field limit" in message:
        return f"a cell longer than {MAX_CELL // 2**20} MiB"
    return f"not CSV: {message}"


def _csv_chunks(handle: BinaryIO, path: str, per_chunk: int, fields: Iterable[str] | None) -> Iterator[CsvChunk]:
    # surrogateescape: a byte that is not UTF-8 is kept, and its line refused (not the whole file)
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
    csv.field_size_limit(MAX_CELL)
    lines = _Lines(text)
    records = _records(lines, csv.reader(lines, strict=True))
    header_record = next(records, None)
    if header_record is None:
        return
    if isinstance(header_record, Rejected):
        raise HistoryError(path, f"the header cannot be read: {header_record.reason}", 1)
    header = tuple(h.strip() for h in header_record[1])
    check_header(header, path, fields)
    lines.shape = (len(header), header.index("ticket"), header.index("at"))
    yield from _csv_pieces(records, header, per_chunk)


def _csv_pieces(records: Iterator[Record | Rejected], header: tuple[str, ...], per_chunk: int
                ) -> Iterator[CsvChunk]:
    id_column = header.index("ticket")
    seen: dict[str, int] = {}  # id -> the first line of its rows
    tickets: list[CsvTicket | Rejected] = []
    lines: list[int] = []  # of the current ticket
    rows: list[tuple[str, ...]] = []
    current_id = ""

    def close() -> None:
        """The current ticket's rows become a ticket, or a rejection if its id came before."""
        if not rows:
            return
        read = CsvTicket(tuple(lines), tuple(rows))
        first = seen.setdefault(current_id, lines[0]) if current_id else lines[0]
        if first == lines[0]:
            tickets.append(read)
        else:
            tickets.append(Rejected(lines[0], current_id, f"ticket {visible(current_id)} again: its rows begin on "
                                    f"line {first} (the rows of a ticket are consecutive and an id names one "
                                    "ticket; these rows are not evaluated)", _csv_text(read.rows)))
        lines.clear()
        rows.clear()

    for record in records:
        if isinstance(record, Rejected):
            close()
            tickets.append(record)
        else:
            line, row = record
            if not row:  # a blank line is not a ticket (as in JSON Lines)
                continue
            row_id = row[id_column] if len(row) > id_column else ""
            if rows and row_id != current_id:
                close()
            if not rows:
                current_id = row_id
            lines.append(line)
            rows.append(tuple(row))
        if len(tickets) >= per_chunk:
            yield _csv_chunk(header, tickets)
            tickets = []
    close()
    if tickets:
        yield _csv_chunk(header, tickets)


def _csv_chunk(header: tuple[str, ...], tickets: list[CsvTicket | Rejected]) -> CsvChunk:
    # the size is an estimate of the bytes read (cells and separators), for the progress bar
    size = sum(len(t.text) if isinstance(t, Rejected) else sum(len(c) + 1 for row in t.rows for c in row)
               for t in tickets)
    return CsvChunk(header, tuple(tickets), size)


def check_header(header: tuple[str, ...], path: str, fields: Iterable[str] | None) -> None:
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise HistoryError(path, f"the header has no '{missing[0]}' column", 1,
                           f"a CSV history needs {', '.join(CSV_REQUIRED)}; one row per event")
    counted = Counter(header)
    twice = next((c for c in header if counted[c] > 1), None)
    if twice is not None:
        raise HistoryError(path, f"column '{visible(twice)}' appears twice in the header", 1,
                           "each column once: which of the two cells would count is anyone's guess")
    if fields is None:
        return
    known = set(fields)
    for column in header:
        if column not in known and column not in CSV_REQUIRED and column not in CSV_EVENT_COLUMNS:
            hint = suggest(column, sorted(known))
            raise HistoryError(path, f"column '{visible(column)}' is not a field of the policy", 1,
                               hint or f"its fields: {', '.join(sorted(known))}")


# ------------------------------------------------------------------ pieces -> tickets


@frozen
class Entry:
    """One ticket of a history as read."""

    line: int  # the ticket's first line
    ticket: Ticket
    text: str  # the line(s) as read
    row_lines: tuple[int, ...] = ()  # CSV: the line of each event's row

    def reject(self, error: PlazoError) -> Rejected:
        """A rejection for an error found later (the policy's checks), on the line of the
        event it names (CSV: each event has its row)."""
        return _rejected(error, self.ticket.id, self.line, self.row_lines, self.text)


def _rejected(error: PlazoError, ticket: str | None, line: int, row_lines: tuple[int, ...], text: str) -> Rejected:
    index = error.event_index if isinstance(error, TicketError) else None
    if index is not None and index < len(row_lines):
        line = row_lines[index]
    return Rejected(line, ticket, str(error), text)


def tickets_of(chunk: Chunk, types: Mapping[str, FieldType], seen: dict[str, int] | None = None
               ) -> Iterator[Entry | Rejected]:
    """Each ticket of the piece, or why it cannot be read. ``types``: field name -> its
    kind in the policy (to convert CSV cells). ``seen`` (lines as read, :class:`JsonlLines`):
    the ids to refuse -> the line that gave each first, to which the piece's ids are added
    (by default, only an id the piece repeats is refused)."""
    if isinstance(chunk, JsonlLines):
        seen = {} if seen is None else seen
        line = chunk.first_line
        for raw in chunk.lines:
            checked = _checked_line(raw, line, seen)
            if checked is not None:
                yield checked if isinstance(checked, Rejected) else _ticket_entry(*checked, line)
            line += 1
    elif isinstance(chunk, JsonlChunk):
        for offset, item in enumerate(chunk.lines):
            if isinstance(item, Rejected):
                yield item
            elif item:
                yield _jsonl_entry(item, chunk.first_line + offset)
    else:
        for read in chunk.tickets:
            yield read if isinstance(read, Rejected) else _csv_entry(read, chunk.header, types)


def _jsonl_entry(text: str, line: int) -> Entry | Rejected:
    # the reading process refused what strict JSON refuses (_jsonl_line, parse_json): what is
    # left reads to the same values with plain json.loads, at half the cost of the checks
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # only if Python's limits differ here: say why as the reader would
        try:
            data = parse_json(text)
        except LineError as exc:
            return Rejected(line, None, exc.reason, text)
    return _ticket_entry(text, data, line)


def _ticket_entry(text: str, data: object, line: int) -> Entry | Rejected:
    try:
        return Entry(line, _with_created(Ticket.from_dict(data)), text)
    except TicketError as exc:
        return _rejected(exc, _id_of(data), line, (), text)


def _with_created(ticket: Ticket) -> Ticket:
    events = ticket.events
    if not (events and events[0].type == "created") and not any(e.type == "created" for e in events):
        raise TicketError("no 'created' event", ("events",), "every ticket of a history starts with one")
    return ticket


def _csv_entry(read: CsvTicket, header: tuple[str, ...], types: Mapping[str, FieldType]) -> Entry | Rejected:
    first_line = read.lines[0]
    text = _csv_text(read.rows)
    ticket_id = None
    try:
        fields: dict[str, CellValue] = {}
        events: list[dict[str, CellValue | None]] = []
        for line, row in zip(read.lines, read.rows, strict=True):
            if len(row) != len(header):
                raise _RowError(line, f"{len(row)} cells where the header has {len(header)}")
            cells = dict(zip(header, row, strict=True))
            ticket_id = cells["ticket"]
            if not ticket_id:
                raise _RowError(line, "no ticket id")
            for name, raw in cells.items():
                if name in CSV_REQUIRED or name in CSV_EVENT_COLUMNS or raw == "":
                    continue
                value = _cell_value(raw, types.get(name), name, line)
                if name in fields and fields[name] != value:
                    raise _RowError(line, f"field {name} changes from {fields[name]!r} to {value!r}: "
                                          "write a 'set' event (field, value columns) instead")
                fields[name] = value
            event: dict[str, CellValue | None] = {"type": cells["event"], "at": cells["at"]}
            if cells["event"] == "status":
                event["status"] = cells.get("status", "")
            elif cells["event"] == "set":
                name = cells.get("field", "")
                event["field"] = name
                raw = cells.get("value", "")
                event["value"] = None if raw == "" else _cell_value(raw, types.get(name), name, line)
            else:
                extra = [c for c in CSV_EVENT_COLUMNS if cells.get(c)]
                if extra:
                    raise _RowError(line, f"a '{cells['event']}' event has no {extra[0]} (only status and "
                                          "set events fill the status, field and value columns)")
            events.append(event)
        ticket = _with_created(Ticket.from_dict({"id": ticket_id, "fields": fields, "events": events}))
        return Entry(first_line, ticket, text, read.lines)
    except _RowError as exc:
        return Rejected(exc.line, ticket_id, exc.reason, text)
    except TicketError as exc:
        return _rejected(exc, ticket_id, first_line, read.lines, text)


class _RowError(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def _cell_value(raw: str, field: FieldType | None, name: str, line: int) -> CellValue:
    """A cell as the JSON value it stands for (a field the policy does not know stays text:
    the policy's check names it)."""
    if field is None:
        return raw
    try:
        value = field.from_cell(name, raw)
    except ValueError as exc:
        raise _RowError(line, str(exc)) from None
    assert isinstance(value, str | float | bool)
    return value


def _csv_text(rows: Iterable[tuple[str, ...]]) -> str:
    """Rows as CSV lines, as a rejection keeps them (to be fixed and fed again)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().removesuffix("\r\n")
