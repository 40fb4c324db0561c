"""What a batch writes: one record per ticket evaluated (a line of JSON Lines, or a
CSV row under :func:`csv_header`), and, comparing two policies, one :class:`Change`
per target whose outcome differs."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import datetime
from typing import TypedDict

from attrs import frozen

from plazo.interpreter.batch.iso import iso_text
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.run.record_path import RecordFacts, TargetFacts
from plazo.interpreter.run.results import EvaluationResult, TargetResult

TARGET_COLUMNS = ("status", "due", "breached_at", "elapsed_seconds")

FieldValue = str | float | bool | None  # a field's value in a record (instants in ISO 8601)
CsvCell = str | int | float


class TargetRecord(TypedDict):
    status: str
    due: str | None
    stopped: str | None
    breached_at: str | None
    elapsed_seconds: float | None


class TicketRecord(TypedDict):
    """A ticket's line in a JSON Lines output: the facts a report reads (the full form of
    one ticket is ``plazo evaluate POLICY TICKET.json --json``)."""

    ticket: str
    line: int
    at: str
    fields: dict[str, FieldValue]
    status: str | None
    route: str | None
    rejected: str | None
    scope: str  # in_scope | out_of_scope | handed_off
    scope_rule: str | None  # the reject or the external route that took the ticket out
    violations: list[str]
    targets: dict[str, TargetRecord]


@frozen
class Change:
    """A target whose outcome differs between the two policies."""

    ticket: str
    line: int
    target: str
    old_status: str | None  # None: the target is not in that policy
    new_status: str | None
    old_due: str | None
    new_due: str | None


def _iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat()


def scope(r: EvaluationResult | RecordFacts) -> tuple[str, str | None]:
    """``in_scope``, ``out_of_scope`` (a reject holds: it wins over a route) or ``handed_off``
    (an external route), with the rule's name."""
    if r.rejected is not None:
        return "out_of_scope", r.rejected.name
    if r.handed_off is not None:
        return "handed_off", r.handed_off.route
    return "in_scope", None


def record(line: int, r: EvaluationResult | RecordFacts) -> TicketRecord:
    """The JSON Lines record of a ticket evaluated (``line``: its first line in the history)."""
    kind, rule = scope(r)
    return {
        "ticket": r.ticket, "line": line, "at": r.at.isoformat(),
        "fields": {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.fields.items()},
        "status": r.status,
        "route": r.route.team if r.route else None,
        "rejected": r.rejected.reason if r.rejected else None,
        "scope": kind, "scope_rule": rule,
        "violations": [v.rule for v in r.violations],
        "targets": {t.name: {"status": t.status, "due": _iso(t.due), "stopped": _iso(t.stopped),
                             "breached_at": _iso(t.breached_at), "elapsed_seconds": t.elapsed_seconds}
                    for t in r.targets},
    }


# The JSON Lines record as text, written directly: json.dumps(record(...)) builds the
# record's dicts and an encoder per line, and costs more than the evaluation's last steps.
# record_text gives the same bytes (tests/test_reading_records.py compares them).
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)
_string = json.encoder.encode_basestring  # what the encoder writes a text with (ensure_ascii=False)


def _json(value: object) -> str:
    """``value`` as :data:`_ENCODER` writes it (allow_nan=False: NaN and Infinity are not
    JSON, and no field can hold them: a guard that raises ValueError)."""
    if type(value) is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    if isinstance(value, datetime):
        return _string(value.isoformat())
    return _ENCODER.encode(value)


def _instant(t: datetime | None) -> str:
    # an ISO 8601 text has nothing JSON escapes: quoted as it is
    return "null" if t is None else f'"{t.isoformat()}"'


def _target_text(t: TargetResult) -> str:
    elapsed = t.elapsed_seconds
    return (f'{_string(t.name)}: {{"status": {_string(t.status)}, "due": {_instant(t.due)}, '
            f'"stopped": {_instant(t.stopped)}, "breached_at": {_instant(t.breached_at)}, '
            f'"elapsed_seconds": {"null" if elapsed is None else _json(elapsed)}}}')


def _facts_text(t: TargetFacts) -> str:
    """As :func:`_target_text`, the instants written from their microseconds."""
    elapsed, tz = t.elapsed_seconds, t.tz
    if tz is None:  # a target with no instant
        due = stopped = breached = "null"
    else:
        due = "null" if t.due_us is None else f'"{iso_text(t.due_us, tz)}"'
        stopped = "null" if t.stopped_us is None else f'"{iso_text(t.stopped_us, tz)}"'
        breached = "null" if t.breached_us is None else f'"{iso_text(t.breached_us, tz)}"'
    return (f'{_string(t.name)}: {{"status": {_string(t.status)}, "due": {due}, '
            f'"stopped": {stopped}, "breached_at": {breached}, '
            f'"elapsed_seconds": {"null" if elapsed is None else _json(elapsed)}}}')


def record_text(line: int, r: EvaluationResult | RecordFacts) -> str:
    """``json.dumps(record(line, r), ensure_ascii=False, allow_nan=False)``, the same text."""
    try:
        return _record_text(line, r)
    except TypeError:  # a name that is not a text (only through the API): json.dumps's way
        return _ENCODER.encode(record(line, r))


def _record_text(line: int, r: EvaluationResult | RecordFacts) -> str:
    kind, rule = scope(r)
    fields = ", ".join([f"{_string(k)}: {_json(v)}" for k, v in r.fields.items()])
    violations = ", ".join([_string(v.rule) for v in r.violations])
    if isinstance(r, RecordFacts):
        targets = ", ".join([_facts_text(t) for t in r.targets])
        at = f'"{iso_text(r.at_us, r.tz)}"'
    else:
        targets = ", ".join([_target_text(t) for t in r.targets])
        at = _instant(r.at)
    route, rejected = r.route, r.rejected
    return (f'{{"ticket": {_string(r.ticket)}, "line": {int.__repr__(line)}, "at": {at}, '
            f'"fields": {{{fields}}}, "status": {_json(r.status)}, '
            f'"route": {"null" if route is None else _string(route.team)}, '
            f'"rejected": {"null" if rejected is None else _string(rejected.reason)}, '
            f'"scope": {_string(kind)}, "scope_rule": {_json(rule)}, "violations": [{violations}], '
            f'"targets": {{{targets}}}}}')


def csv_header(policy: CompiledPolicy, by: str | None) -> list[str]:
    """The header of a CSV output: the ticket, its group (``by``), then per target of the
    policy its :data:`TARGET_COLUMNS`."""
    head = ["ticket", "line", "at", by or "group", "route", "rejected", "scope", "scope_rule", "violations"]
    return head + [f"{t.name}_{c}" for t in policy.targets for c in TARGET_COLUMNS]


# A cell a spreadsheet would read as a formula (OWASP, "CSV injection"): a ticket id
# "=HYPERLINK(...)" runs when the file is opened. Such a text gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: CsvCell) -> CsvCell:
    """A text that a spreadsheet would run as a formula, prefixed with ``'``; numbers
    (a negative elapsed time too) and every other text as they are."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def csv_row(line: int, r: EvaluationResult | RecordFacts, by: str | None) -> list[CsvCell]:
    """The CSV row of a ticket evaluated, under :func:`csv_header`; texts from the ticket
    and the policy are made :func:`inert`."""
    kind, rule = scope(r)
    row: list[CsvCell] = [r.ticket, line, r.at.isoformat(), "" if by is None else r.fields.get(by, ""),
                          r.route.team if r.route else "", r.rejected.reason if r.rejected else "",
                          kind, rule or "", "; ".join(v.rule for v in r.violations)]
    for t in r.targets:
        row += [t.status, _iso(t.due) or "", _iso(t.breached_at) or "",
                "" if t.elapsed_seconds is None else t.elapsed_seconds]
    return [inert(cell) for cell in row]


def changed(line: int, old: EvaluationResult, new: EvaluationResult) -> Iterator[Change]:
    """The targets whose status differs (a target only one policy has counts as changed)."""
    before = {t.name: t for t in old.targets}
    after = {t.name: t for t in new.targets}
    for name in [*before, *(n for n in after if n not in before)]:
        a, b = before.get(name), after.get(name)
        if a is None or b is None or a.status != b.status:
            yield Change(old.ticket, line, name, a.status if a else None, b.status if b else None,
                         _iso(a.due) if a else None, _iso(b.due) if b else None)
