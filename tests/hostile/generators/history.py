"""Inputs of the history and output cases that cannot be inline TOML text: bytes that
are not UTF-8, byte order marks, control characters, and policies with hostile texts.
Each function returns a file's bytes."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BOM = b"\xef\xbb\xbf"
CSV_HEADER = b"ticket,type,severity,service,report_months,event,at,status,field,value\n"


def _ticket(ticket_id: str, day: int) -> bytes:
    """A good ticket of policies/aldeamo.plazo, created on March ``day``, 2026 (a JSON line)."""
    return (f'{{"id": "{ticket_id}", "fields": {{"type": "incidente", "severity": "medio"}}, "events": '
            f'[{{"type": "created", "at": "2026-03-{day:02d}T09:00:00-05:00"}}, '
            f'{{"type": "first_response", "at": "2026-03-{day:02d}T09:30:00-05:00"}}]}}\n').encode()


def _row(ticket_id: str, day: int) -> bytes:
    return f"{ticket_id},incidente,medio,,,created,2026-03-{day:02d}T09:00:00-05:00,,,\n".encode()


def jsonl_invalid_utf8() -> bytes:
    """Line 2 holds a byte 0xff (byte 12 of the line); lines 1 and 3 are good tickets."""
    return _ticket("A1", 2) + b'{"id": "B2\xff", "fields": {}}\n' + _ticket("C3", 4)


def jsonl_bom() -> bytes:
    """A byte order mark before the first of two good tickets."""
    return BOM + _ticket("A1", 2) + _ticket("B2", 3)


def csv_invalid_utf8() -> bytes:
    """Row 3 (ticket B2) holds a byte 0xff at byte 9 of the line; A1 and C3 are good."""
    return (CSV_HEADER + _row("A1", 2) + b"B2,incid\xffente,medio,,,created,2026-03-03T09:00:00-05:00,,,\n"
            + _row("C3", 4))


def csv_bom() -> bytes:
    return BOM + CSV_HEADER + _row("A1", 2) + _row("B2", 3)


def csv_unclosed_quote_at_end() -> bytes:
    """A quote opened on line 4 and never closed: the file ends inside it."""
    return CSV_HEADER + _row("A1", 2) + _row("B2", 3) + b'C3,"incidente,medio,,,created,2026-03-04T09:00:00-05:00\n'


def ticket_with_escape_sequences() -> bytes:
    """One ticket whose id and text values hold ESC (clear screen, colours) and a carriage return."""
    return (b'{"id": "X\\u001b[2J\\u001b[31mred\\rY", "fields": {"type": "incidente", "severity": "medio"}, '
            b'"events": [{"type": "created", "at": "2026-03-06T09:00:00-05:00"}]}\n')


def policy_with_hostile_texts() -> bytes:
    """policies/aldeamo.plazo with a label that is a javascript: link, a contact name with a
    carriage return and an escape sequence, and a description that is HTML."""
    text = (ROOT / "policies" / "aldeamo.plazo").read_bytes()
    text = text.replace(b'"Customer Success Center"', b'"[click](javascript:alert(1)) \r\x1b[2J<b>x</b>"', 1)
    return text.replace(b'description "Una interrupci', b'description "<script>alert(1)</script> Una interrupci', 1)


_SCENARIO = """scenario "{title}"
policy "p.plazo"

ticket T1 {{
  type = incidente
  severity = medio
  report_months = {months}
  2026-03-06 17:30  created
  at 2026-03-06 17:31 expect {{
    first_response running
  }}
}}
"""


def scenario_with_bom() -> bytes:
    """A scenario that passes, saved with a byte order mark."""
    return BOM + _SCENARIO.format(title="with a BOM", months=3).encode()


def scenario_with_huge_numbers() -> bytes:
    """A field value of 5,000 digits (line 7, column 19)."""
    return _SCENARIO.format(title="huge", months="9" * 5000).encode()
