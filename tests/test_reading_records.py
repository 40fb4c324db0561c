"""A history's JSON Lines record written directly (``record_text``) is the text
``json.dumps(record(...), ensure_ascii=False, allow_nan=False)`` writes, byte for byte: for
every ticket of every bundled history (both the record path's facts and the full
evaluation), and for field values and names of every JSON kind."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from examples_budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from plazo.dsl.errors import PlazoError
from plazo.interpreter import Ticket, load_policy
from plazo.interpreter.batch.records import record, record_text
from plazo.interpreter.run.record_path import RecordFacts, record_facts
from plazo.interpreter.run.results import EvaluationResult

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "examples" / "histories").glob("*.jsonl"))
AT = datetime(2027, 1, 10, tzinfo=timezone(timedelta(hours=-5)))


def dumped(line: int, r: EvaluationResult | RecordFacts) -> str:
    return json.dumps(record(line, r), ensure_ascii=False, allow_nan=False)


@pytest.mark.parametrize("history", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_bundled_ticket_is_written_as_json_dumps_writes_it(history: Path) -> None:
    policy = load_policy(ROOT / "policies" / f"{history.stem}.plazo")
    written = 0
    for line, text in enumerate(history.read_text(encoding="utf-8").splitlines(), 1):
        try:
            ticket = Ticket.from_dict(json.loads(text))
            for at in (ticket.events[-1].at, AT):
                for result in (record_facts(policy, ticket, at), policy.evaluate(ticket, at)):
                    assert record_text(line, result) == dumped(line, result), (history.name, line)
                    written += 1
        except (ValueError, PlazoError):  # a line the batch refuses
            continue
    assert written > 0


def _facts() -> RecordFacts:
    policy = load_policy(ROOT / "policies" / "aldeamo.plazo")
    ticket = Ticket.from_dict(json.loads((ROOT / "examples" / "histories" / "aldeamo.jsonl").read_text(
        encoding="utf-8").splitlines()[0]))
    return record_facts(policy, ticket, AT)


FACTS = _facts()
texts = st.text(max_size=12)  # quotes, backslashes, control characters, lone surrogates, any script
zones = st.just(UTC) | st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-900, 900))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3), max_leaves=8)
values = json_values | st.datetimes(timezones=zones)  # an instant field: its ISO 8601 text


@settings(max_examples=examples(300), deadline=None)
@given(fields=st.dictionaries(texts, values, max_size=5), ticket=texts, status=st.none() | texts,
       line=st.integers(1, 10**12))
def test_any_field_value_is_written_as_json_dumps_writes_it(fields: dict[str, Any], ticket: str, status: str | None,
                                                            line: int) -> None:
    facts = evolve(FACTS, fields=fields, ticket=ticket, status=status)
    assert record_text(line, facts) == dumped(line, facts)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, [1.0, math.nan], {"x": math.inf}])
def test_a_value_json_cannot_hold_is_refused_alike(value: object) -> None:
    facts = evolve(FACTS, fields={"x": value})
    with pytest.raises(ValueError) as expected:
        dumped(1, facts)
    with pytest.raises(ValueError) as got:
        record_text(1, facts)
    assert str(got.value) == str(expected.value)


def test_a_field_name_that_is_not_a_text_is_written_as_json_dumps_writes_it() -> None:
    facts = evolve(FACTS, fields={1: "a", None: 2.5, False: "f"})
    assert record_text(3, facts) == dumped(3, facts)


def test_a_value_json_cannot_write_is_refused_alike() -> None:
    facts = evolve(FACTS, fields={"x": [AT]})
    with pytest.raises(TypeError) as expected:
        dumped(1, facts)
    with pytest.raises(TypeError) as got:
        record_text(1, facts)
    assert str(got.value) == str(expected.value)
