"""Ticket histories on disk: JSON Lines (one ticket per line, the JSON form of a
ticket) or CSV (one row per event, the rows of a ticket consecutive).

Reading is split in two so that it can stream and run on several cores:
:func:`chunks` (in the reading process) cuts the file into pieces of whole tickets,
each remembering the line it starts at; :func:`tickets_of` (in a worker) turns a
piece into tickets, or into :class:`Rejected` entries that say which line is wrong
and why. No ticket is dropped without an entry.

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
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from attrs import frozen

from plazo.dsl.errors import PlazoError
from plazo.dsl.names import suggest
from plazo.interpreter.compile.fields import FieldType
from plazo.interpreter.errors import HistoryError, TicketError
from plazo.interpreter.run.ticket import Ticket

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

# A cell longer than this stops the reading (the csv module's default is 128 KiB, which
# a long text field can pass); anything a ticket can hold fits well below it.
MAX_CELL = 16 * 2**20
CSV_REQUIRED = ("ticket", "event", "at")
CSV_EVENT_COLUMNS = ("status", "field", "value")

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
    """Whole tickets of a JSON Lines history: one line each, the first at ``first_line``."""

    first_line: int
    lines: tuple[str, ...]
    size: int  # bytes read, for progress


@frozen
class CsvChunk:
    """Whole tickets of a CSV history: the rows of each ticket, under the file's header."""

    header: tuple[str, ...]
    tickets: tuple[CsvTicket, ...]
    size: int  # bytes read (an estimate), for progress


Chunk = JsonlChunk | CsvChunk


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
    to check a CSV header before any row is read."""
    kind = history_format(path)
    with _open(path) as handle:
        if kind == "jsonl":
            yield from _jsonl_chunks(handle, tickets_per_chunk)
        else:
            yield from _csv_chunks(handle, str(path), tickets_per_chunk, fields)


def _open(path: str | Path) -> BinaryIO:
    try:
        return Path(path).open("rb")
    except OSError as exc:
        raise HistoryError(str(path), f"cannot read: {exc.strerror}") from None


def _jsonl_chunks(handle: BinaryIO, per_chunk: int) -> Iterator[JsonlChunk]:
    line_no = 1
    while True:
        raw = handle.readlines(per_chunk * 400)  # about per_chunk lines of a typical ticket
        if not raw:
            return
        size = sum(len(r) for r in raw)
        yield JsonlChunk(line_no, tuple(r.decode("utf-8", "replace") for r in raw), size)
        line_no += len(raw)


def _csv_chunks(handle: BinaryIO, path: str, per_chunk: int, fields: Iterable[str] | None) -> Iterator[CsvChunk]:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace", newline="")
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(text)
    try:
        yield from _csv_pieces(reader, path, per_chunk, fields)
    except csv.Error as exc:  # a cell past MAX_CELL: the file is not a history this reader takes
        raise HistoryError(path, f"unreadable CSV: {exc}", reader.line_num,
                           f"cells are read up to {MAX_CELL // 2**20} MiB") from None


def _csv_pieces(reader: CsvReader, path: str, per_chunk: int, fields: Iterable[str] | None) -> Iterator[CsvChunk]:
    try:
        header = tuple(h.strip() for h in next(reader))
    except StopIteration:
        return
    check_header(header, path, fields)
    id_column = header.index("ticket")
    tickets: list[CsvTicket] = []
    lines: list[int] = []  # of the current ticket
    rows: list[tuple[str, ...]] = []
    current_id = None
    line = reader.line_num + 1
    for row in reader:
        if not row:  # a blank line is not a ticket (as in JSON Lines)
            line = reader.line_num + 1
            continue
        row_id = row[id_column] if len(row) > id_column else ""
        if rows and row_id != current_id:
            tickets.append(CsvTicket(tuple(lines), tuple(rows)))
            lines, rows = [], []
            if len(tickets) >= per_chunk:
                yield _csv_chunk(header, tickets)
                tickets = []
        if not rows:
            current_id = row_id
        lines.append(line)
        rows.append(tuple(row))
        line = reader.line_num + 1
    if rows:
        tickets.append(CsvTicket(tuple(lines), tuple(rows)))
    if tickets:
        yield _csv_chunk(header, tickets)


def _csv_chunk(header: tuple[str, ...], tickets: list[CsvTicket]) -> CsvChunk:
    # the size is an estimate of the bytes read (cells and separators), for the progress bar
    size = sum(sum(len(c) + 1 for c in row) for t in tickets for row in t.rows)
    return CsvChunk(header, tuple(tickets), size)


def check_header(header: tuple[str, ...], path: str, fields: Iterable[str] | None) -> None:
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise HistoryError(path, f"the header has no '{missing[0]}' column", 1,
                           f"a CSV history needs {', '.join(CSV_REQUIRED)}; one row per event")
    if fields is None:
        return
    known = set(fields)
    for column in header:
        if column not in known and column not in CSV_REQUIRED and column not in CSV_EVENT_COLUMNS:
            hint = suggest(column, sorted(known))
            raise HistoryError(path, f"column '{column}' is not a field of the policy", 1,
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


def tickets_of(chunk: Chunk, types: Mapping[str, FieldType]) -> Iterator[Entry | Rejected]:
    """Each ticket of the piece, or why it cannot be read. ``types``: field name -> its
    kind in the policy (to convert CSV cells)."""
    if isinstance(chunk, JsonlChunk):
        for offset, text in enumerate(chunk.lines):
            if text.strip():
                yield _jsonl_entry(text.rstrip("\r\n"), chunk.first_line + offset)
    else:
        for read in chunk.tickets:
            yield _csv_entry(read, chunk.header, types)


def _jsonl_entry(text: str, line: int) -> Entry | Rejected:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejected(line, None, f"not JSON: {exc.msg} (column {exc.colno})", text)
    except ValueError:  # Python refuses to read an integer of more than 4,300 digits
        return Rejected(line, None, f"a number with more than {sys.get_int_max_str_digits():,} digits", text)
    except RecursionError:
        return Rejected(line, None, "JSON nested too deeply to be a ticket", text)
    ticket_id = str(data.get("id")) if isinstance(data, dict) and data.get("id") is not None else None
    try:
        return Entry(line, _with_created(Ticket.from_dict(data)), text)
    except TicketError as exc:
        return _rejected(exc, ticket_id, line, (), text)


def _with_created(ticket: Ticket) -> Ticket:
    if not any(e.type == "created" for e in ticket.events):
        raise TicketError("no 'created' event", ("events",), "every ticket of a history starts with one")
    return ticket


def _csv_entry(read: CsvTicket, header: tuple[str, ...], types: Mapping[str, FieldType]) -> Entry | Rejected:
    first_line = read.lines[0]
    text = "\r\n".join(_csv_line(row) for row in read.rows)
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


def _csv_line(row: tuple[str, ...]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    return out.getvalue()
