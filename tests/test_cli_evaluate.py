"""`plazo evaluate`: text and JSON output, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plazo.interpreter.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
TICKET = ROOT / "examples" / "tickets" / "aldeamo_alto.json"
POLICY = ROOT / "policies" / "aldeamo.plazo"


def test_json_output_with_a_local_at(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(POLICY), str(TICKET), "--at", "2026-03-07T09:00", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["at"] == "2026-03-07T09:00:00-05:00"
    targets = {t["name"]: t for t in data["targets"]}
    # created 17:30, first response 17:36: within the 10 minutes, due 17:40
    assert targets["first_response"]["status"] == "met"
    assert targets["first_response"]["due"] == "2026-03-06T17:40:00-05:00"
    # resolved 23:10: the failure report is due 24 hours later
    assert targets["failure_report"]["due"] == "2026-03-07T23:10:00-05:00"
    assert data["route"]["name"] == "operaciones"


def test_text_output_defaults_to_the_last_event(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(POLICY), str(TICKET)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ticket ALD-1042 at 2026-03-06T23:10:00-05:00")
    assert "target first_response: met" in out


def test_bad_ticket_is_exit_2_with_the_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "t.json"
    bad.write_text(json.dumps({"id": "X", "fields": {"severity": "altisimo"},
                               "events": [{"type": "created", "at": "2026-03-06T17:30:00-05:00"}]}))
    assert main(["evaluate", str(POLICY), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "unknown value 'altisimo' for field severity @ $.fields.severity" in err
    bad.write_text("{not json")
    assert main(["evaluate", str(POLICY), str(bad)]) == 2
    assert "not JSON" in capsys.readouterr().err
