"""docs/schema/*.json: current with the classes they are generated from, valid JSON
Schemas, met by everything plazo really writes, and in agreement with what
``Ticket.from_dict`` accepts and refuses."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from plazo.interpreter import EvaluationResult, Explanation, PlazoError, Ticket, load_policy
from plazo.interpreter.batch.records import TargetRecord, TicketRecord, record
from plazo.interpreter.explain.facts import CycleExplanation, Stretch
from plazo.interpreter.run.results import Cycle, TargetResult
from plazo.interpreter.run.ticket import Event
from plazo.interpreter.serve.schema import documents, text

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "schema"
POLICIES = ("aldeamo", "wekall", "intcomex", "openpyme", "ikhodi")
PER_POLICY = 60  # tickets of each bundled history


# RFC 3339's date-time and full-date (what JSON Schema's formats mean), read here on their
# own rather than through plazo's parser; jsonschema checks them only with an extra package
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not RFC3339.fullmatch(value):
        return False
    datetime.fromisoformat(value.upper())  # a real day and time (raises for 2026-02-30)
    return True


@FORMATS.checks("date", raises=ValueError)
def _date(value: object) -> bool:
    return not isinstance(value, str) or (re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
                                          and date.fromisoformat(value) is not None)


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((FOLDER / name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FORMATS)


@pytest.mark.parametrize("name", sorted(documents()))
def test_the_files_are_what_the_classes_generate(name: str) -> None:
    on_disk = (FOLDER / name).read_text(encoding="utf-8")
    assert on_disk == text(documents()[name]), (
        f"docs/schema/{name} is out of date: .venv/bin/python -m plazo.interpreter.serve.schema docs/schema")


@pytest.mark.parametrize("name", sorted(documents()))
def test_each_file_is_a_valid_schema(name: str) -> None:
    Draft202012Validator.check_schema(json.loads((FOLDER / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize(("name", "definition", "cls"), [
    ("result.json", "EvaluationResult", EvaluationResult), ("result.json", "TargetResult", TargetResult),
    ("result.json", "Cycle", Cycle), ("explanation.json", "Explanation", Explanation),
    ("explanation.json", "CycleExplanation", CycleExplanation), ("explanation.json", "Stretch", Stretch),
])
def test_every_field_of_the_class_is_a_required_property(name: str, definition: str, cls: type) -> None:
    schema = json.loads((FOLDER / name).read_text(encoding="utf-8"))["$defs"][definition]
    names = [f.name for f in attrs.fields(cls)]
    assert list(schema["properties"]) == names and schema["required"] == names
    assert schema["additionalProperties"] is False


def test_the_history_record_follows_its_typed_dicts() -> None:
    schema = json.loads((FOLDER / "history-record.json").read_text(encoding="utf-8"))["$defs"]
    assert list(schema["TicketRecord"]["properties"]) == list(TicketRecord.__annotations__)
    assert list(schema["TargetRecord"]["properties"]) == list(TargetRecord.__annotations__)


def test_the_ticket_schema_names_every_field_of_ticket_and_event() -> None:
    schema = json.loads((FOLDER / "ticket.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) == {f.name for f in attrs.fields(Ticket)}
    assert set(schema["$defs"]["Event"]["properties"]) == {f.name for f in attrs.fields(Event) if f.init}


def outputs() -> Iterator[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """(where, ticket JSON, result, explanation, record) for tickets of every bundled history,
    each seen at its last event and two days after its creation (targets still running)."""
    for name in POLICIES:
        policy = load_policy(ROOT / "policies" / f"{name}.plazo")
        lines = (ROOT / "examples" / "histories" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines[:PER_POLICY], 1):
            data = json.loads(line)
            ticket = Ticket.from_dict(data)
            for at in (ticket.events[-1].at, ticket.events[0].at + timedelta(days=2)):
                result = policy.evaluate(ticket, at)
                yield (f"{name}:{number}@{at.isoformat()}", data, result.to_dict(),
                       policy.explain(ticket, at).to_dict(), json.loads(json.dumps(record(number, result))))


def test_what_plazo_writes_meets_the_schemas() -> None:
    tickets, results, explanations, records = (validator(n) for n in (
        "ticket.json", "result.json", "explanation.json", "history-record.json"))
    seen = 0
    statuses: set[str] = set()
    for where, data, result, explanation, rec in outputs():
        for v, instance in ((tickets, data), (results, result), (explanations, explanation), (records, rec)):
            problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(instance)]
            assert not problems, f"{where}: {problems[:3]}"
        statuses |= {t["status"] for t in result["targets"]}
        seen += 1
    assert seen == 2 * PER_POLICY * len(POLICIES)
    assert {"not_applicable", "running", "met", "breached"} <= statuses  # the outputs vary
    ticket = json.loads((ROOT / "examples" / "tickets" / "aldeamo_alto.json").read_text(encoding="utf-8"))
    assert tickets.is_valid(ticket)


def test_the_result_schema_can_fail() -> None:
    results = validator("result.json")
    policy = load_policy(ROOT / "policies" / "aldeamo.plazo")
    ticket = Ticket.from_dict({"id": "T", "events": [{"type": "created", "at": "2026-03-06T17:30:00-05:00"}]})
    good = policy.evaluate(ticket, datetime.fromisoformat("2026-03-06T18:00:00-05:00")).to_dict()
    assert results.is_valid(good)
    assert not results.is_valid({**good, "extra": 1})
    assert not results.is_valid({k: v for k, v in good.items() if k != "channels_open"})
    assert not results.is_valid({**good, "targets": [{**good["targets"][0], "status": "late"}]})
    assert not results.is_valid({**good, "at": "yesterday"})


# (ticket JSON, what from_dict does: True accepts): the schema must say the same
CASES: list[tuple[object, bool]] = [
    ({"id": "T", "events": [{"type": "created", "at": "2026-03-06T17:30:00-05:00"}]}, True),
    ({"id": 42, "fields": {"severity": "alto", "n": 3, "ok": True, "none": None}}, True),
    ({}, True),
    ({"id": "T", "events": [{"type": "status", "at": "2026-03-06T17:30:00Z", "status": "en_espera"}]}, True),
    ({"id": "T", "events": [{"type": "set", "at": "2026-03-06T17:30:00Z", "field": "severity", "value": "alto"}]},
     True),
    ({"id": "T", "events": [{"type": "status", "at": "2026-03-06T17:30:00Z"}]}, False),
    ({"id": "T", "events": [{"type": "set", "at": "2026-03-06T17:30:00Z", "field": "severity"}]}, False),
    ({"id": "T", "events": [{"type": "created", "at": "2026-03-06T17:30:00Z", "status": "x"}]}, False),
    ({"id": "T", "events": [{"type": "created"}]}, False),
    ({"id": "T", "events": [{"at": "2026-03-06T17:30:00Z"}]}, False),
    ({"id": "T", "events": [{"type": "", "at": "2026-03-06T17:30:00Z"}]}, False),
    ({"id": "T", "events": [{"type": "created", "at": "2026-03-06T17:30:00"}]}, False),
    ({"id": "T", "events": [{"type": "created", "at": "not an instant"}]}, False),
    ({"id": "T", "events": [{"type": "created", "at": "2026-02-30T10:00:00Z"}]}, False),
    ({"id": 1.5}, False),
    ({"id": "T", "priority": "alta"}, False),
    ({"id": "T", "fields": []}, False),
    ({"id": "T", "events": {}}, False),
    ([], False),
]


@pytest.mark.parametrize(("data", "accepted"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_the_ticket_schema_agrees_with_from_dict(data: object, accepted: bool) -> None:
    try:
        Ticket.from_dict(data)
        reads = True
    except PlazoError:
        reads = False
    assert reads is accepted
    assert validator("ticket.json").is_valid(data) is accepted
