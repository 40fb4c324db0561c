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
the policy declares: numbers, booleans (true/false, si/no), instants.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from attrs import evolve, frozen

from plazo.dsl.errors import PlazoError
from plazo.dsl.names import suggest
from plazo.interpreter.errors import HistoryError, TicketError
from plazo.interpreter.run.ticket import Ticket

CSV_REQUIRED = ("ticket", "event", "at")
CSV_EVENT_COLUMNS = ("status", "field", "value")
_BOOLEANS = {"true": True, "false": False, "si": True, "sí": True, "no": False, "yes": True, "1": True, "0": False}


@frozen
class Rejected:
    """A ticket (or a line) that could not be evaluated."""

    line: int
    ticket: str | None
    reason: str
    text: str  # the line(s) as read, so that a rejects file can be fixed and fed again


@frozen
class Chunk:
    """Whole tickets of a history: JSON Lines (``lines``) or CSV (``rows``, one list per
    ticket, with each row's line number)."""

    format: str
    first_line: int
    lines: tuple[str, ...] = ()
    rows: tuple[tuple[tuple[int, tuple[str, ...]], ...], ...] = ()
    header: tuple[str, ...] = ()
    size: int = 0  # bytes read, for progress


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
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise HistoryError(str(path), f"cannot read: {exc.strerror}") from None
    with handle:
        if kind == "jsonl":
            yield from _jsonl_chunks(handle, tickets_per_chunk)
        else:
            yield from _csv_chunks(handle, str(path), tickets_per_chunk, fields)


def _jsonl_chunks(handle: BinaryIO, per_chunk: int) -> Iterator[Chunk]:
    line_no = 1
    while True:
        raw = handle.readlines(per_chunk * 400)  # about per_chunk lines of a typical ticket
        if not raw:
            return
        size = sum(len(r) for r in raw)
        yield Chunk("jsonl", line_no, tuple(r.decode("utf-8", "replace") for r in raw), size=size)
        line_no += len(raw)


def _csv_chunks(handle: BinaryIO, path: str, per_chunk: int, fields: Iterable[str] | None) -> Iterator[Chunk]:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(text)
    try:
        header = tuple(h.strip() for h in next(reader))
    except StopIteration:
        return
    check_header(header, path, fields)
    id_column = header.index("ticket")
    tickets: list[tuple[tuple[int, tuple[str, ...]], ...]] = []
    current: list[tuple[int, tuple[str, ...]]] = []
    current_id = None
    line = reader.line_num + 1
    first_line = line
    for row in reader:
        if not row:  # a blank line is not a ticket (as in JSON Lines)
            line = reader.line_num + 1
            continue
        row_id = row[id_column] if len(row) > id_column else ""
        if current and row_id != current_id:
            tickets.append(tuple(current))
            current = []
            if len(tickets) >= per_chunk:
                yield Chunk("csv", first_line, rows=tuple(tickets), header=header, size=_rows_size(tickets))
                tickets = []
                first_line = line
        if not current:
            current_id = row_id
        current.append((line, tuple(row)))
        line = reader.line_num + 1
    if current:
        tickets.append(tuple(current))
    if tickets:
        yield Chunk("csv", first_line, rows=tuple(tickets), header=header, size=_rows_size(tickets))


def _rows_size(tickets: list[tuple[tuple[int, tuple[str, ...]], ...]]) -> int:
    # an estimate of the bytes read (cells and separators), for the progress bar
    return sum(sum(len(c) + 1 for c in row) for t in tickets for _, row in t)


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
    """One ticket of a history as read: the ticket, or why it could not be read."""

    line: int  # the ticket's first line
    ticket: Ticket | None
    rejected: Rejected | None
    text: str = ""
    row_lines: tuple[int, ...] = ()  # CSV: the line of each event's row

    def reject(self, error: PlazoError) -> Rejected:
        """A rejection for an error found later (the policy's checks), on the line of the
        event it names (CSV: each event has its row)."""
        line = self.line
        index = error.event_index if isinstance(error, TicketError) else None
        if index is not None and index < len(self.row_lines):
            line = self.row_lines[index]
        return Rejected(line, self.ticket.id if self.ticket else None, str(error), self.text)


def tickets_of(chunk: Chunk, kinds: Mapping[str, str]) -> Iterator[Entry]:
    """Each ticket of the piece. ``kinds``: field name -> its kind in the policy (to
    convert CSV cells)."""
    if chunk.format == "jsonl":
        for offset, text in enumerate(chunk.lines):
            if text.strip():
                yield _jsonl_entry(text.rstrip("\r\n"), chunk.first_line + offset)
    else:
        for rows in chunk.rows:
            yield _csv_entry(rows, chunk.header, kinds)


def _jsonl_entry(text: str, line: int) -> Entry:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Entry(line, None, Rejected(line, None, f"not JSON: {exc.msg} (column {exc.colno})", text), text)
    ticket_id = str(data.get("id")) if isinstance(data, dict) and data.get("id") is not None else None
    try:
        return Entry(line, _with_created(Ticket.from_dict(data)), None, text)
    except TicketError as exc:
        return Entry(line, None, Rejected(line, ticket_id, str(exc), text), text)


def _with_created(ticket: Ticket) -> Ticket:
    if not any(e.type == "created" for e in ticket.events):
        raise TicketError("no 'created' event", ("events",), "every ticket of a history starts with one")
    return ticket


def _csv_entry(rows: tuple[tuple[int, tuple[str, ...]], ...], header: tuple[str, ...],
               kinds: Mapping[str, str]) -> Entry:
    first_line = rows[0][0]
    text = "\r\n".join(_csv_line(r) for _, r in rows)
    row_lines = tuple(line for line, _ in rows)
    ticket_id = None
    try:
        fields: dict[str, Any] = {}
        events = []
        for line, row in rows:
            if len(row) != len(header):
                raise _RowError(line, f"{len(row)} cells where the header has {len(header)}")
            cells = dict(zip(header, row))
            ticket_id = cells["ticket"]
            if not ticket_id:
                raise _RowError(line, "no ticket id")
            for name, value in cells.items():
                if name in CSV_REQUIRED or name in CSV_EVENT_COLUMNS or value == "":
                    continue
                value = _cell_value(value, kinds.get(name, "text"), name, line)
                if name in fields and fields[name] != value:
                    raise _RowError(line, f"field {name} changes from {fields[name]!r} to {value!r}: "
                                          "write a 'set' event (field, value columns) instead")
                fields[name] = value
            event: dict[str, Any] = {"type": cells["event"], "at": cells["at"]}
            if cells["event"] == "status":
                event["status"] = cells.get("status", "")
            elif cells["event"] == "set":
                name = cells.get("field", "")
                event["field"] = name
                raw = cells.get("value", "")
                event["value"] = None if raw == "" else _cell_value(raw, kinds.get(name, "text"), name, line)
            else:
                extra = [c for c in CSV_EVENT_COLUMNS if cells.get(c)]
                if extra:
                    raise _RowError(line, f"a '{cells['event']}' event has no {extra[0]} (only status and "
                                          "set events fill the status, field and value columns)")
            events.append(event)
        ticket = _with_created(Ticket.from_dict({"id": ticket_id, "fields": fields, "events": events}))
        return Entry(first_line, ticket, None, text, row_lines)
    except _RowError as exc:
        return Entry(first_line, None, Rejected(exc.line, ticket_id, exc.reason, text), text, row_lines)
    except TicketError as exc:
        entry = Entry(first_line, None, None, text, row_lines)
        return Entry(first_line, None, evolve(entry.reject(exc), ticket=ticket_id), text, row_lines)


class _RowError(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def _cell_value(raw: str, kind: str, name: str, line: int) -> Any:
    if kind == "number":
        try:
            return float(raw)
        except ValueError:
            raise _RowError(line, f"field {name} is a number, got '{raw}'") from None
    if kind == "boolean":
        value = _BOOLEANS.get(raw.strip().lower())
        if value is None:
            raise _RowError(line, f"field {name} is true or false, got '{raw}'")
        return value
    return raw


def _csv_line(row: tuple[str, ...]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    return out.getvalue()
