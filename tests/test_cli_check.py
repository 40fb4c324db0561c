"""`plazo check`: exit codes 0 / 1 / 2, text and JSON output, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plazo.interpreter.cli.main import main

GOLDEN = Path(__file__).parent / "golden" / "check"
COMPLETE = Path(__file__).parent / "fixtures" / "complete.plazo"


def test_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COMPLETE)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_findings_exit_1_with_caret_and_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(GOLDEN / "unknown_calendar.plazo")]) == 1
    out = capsys.readouterr().out
    assert "unknown_calendar.plazo:9:25: error[unknown-calendar]: unknown calendar 'soprte'" in out
    assert "      |                         ^^^^^^" in out
    assert "hint: did you mean 'soporte'?" in out


def test_json_and_max_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", "--max-errors", "1", str(GOLDEN / "unknown_status.plazo")]) == 1
    report = json.loads(capsys.readouterr().out)
    (entry,) = report["files"]
    assert entry["errors"] == 2 and len(entry["diagnostics"]) == 1
    assert entry["diagnostics"][0]["line"] == 8 and entry["diagnostics"][0]["code"] == "unknown-value"


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.plazo")]) == 2
    latin1 = tmp_path / "latin1.plazo"
    latin1.write_bytes("calendar atención".encode("latin-1"))
    assert main(["check", str(latin1)]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    assert main(["check", "--max-errors", "many", str(COMPLETE)]) == 2
