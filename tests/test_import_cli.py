"""plazo import on the command line: outputs that plazo evaluate reads, the report on
stderr or as JSON, exit codes, and docs/importers.md's examples, which must run."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from plazo.interpreter import Ticket
from plazo.interpreter.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = "tests/fixtures/imports"
INPUTS = {"zendesk": ("audits.json", "intcomex", 4), "jira": ("search.json", "ikhodi", 3),
          "zammad": ("tickets.json", "aldeamo", 4)}


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("product", sorted(INPUTS))
def test_stdout_is_tickets_that_plazo_evaluate_reads(product: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    name, policy, count = INPUTS[product]
    code = main(["import", product, f"{FIXTURES}/{product}/{name}", "--mapping", f"examples/imports/{product}.toml"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == count and all(Ticket.from_dict(json.loads(line)) for line in lines)
    assert f"{product}: {count} tickets in {FIXTURES}/{product}/{name}: {count} written, 0 rejected" in err
    history = tmp_path / "tickets.jsonl"
    history.write_text(out, encoding="utf-8")
    assert main(["evaluate", f"policies/{policy}.plazo", str(history), "--json", "--jobs", "1"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["tickets"], summary["evaluated"], summary["rejected"]) == (count, count, 0)


def test_json_report_and_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.jsonl"
    code = main(["import", "zendesk", f"{FIXTURES}/zendesk/broken.json", "--mapping", "examples/imports/zendesk.toml",
                 "--out", str(out), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert (report["tickets"], report["written"], report["rejected"]) == (3, 1, 2)
    assert [r["ticket"] for r in report["rejections"]] == ["202", "203"]
    assert report["unmapped"] == [] and {"what": "status", "name": "new", "count": 1, "first_ticket": "201"} in \
        report["ignored"]
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["201"]


def test_unmapped_things_are_listed_once_with_their_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = tmp_path / "bare.toml"
    mapping.write_text(f'policy = "{ROOT / "policies" / "intcomex.plazo"}"\n', encoding="utf-8")
    assert main(["import", "zendesk", f"{FIXTURES}/zendesk/audits.json", "--mapping", str(mapping)]) == 0
    err = capsys.readouterr().err
    # by hand from audits.json: priority is set on 4 creations and changed twice; the custom fields
    # on 4 creations each; group_id on 1 creation and changed 3 times; 4 Notification events
    assert "  field 'priority': 6 (first in ticket 101)\n" in err
    assert "  field '360011110001': 4 (first in ticket 101)\n" in err
    assert "  field 'group_id': 4 (first in ticket 101)\n" in err
    assert "  record 'Notification': 4 (first in ticket 101)\n" in err
    assert err.count("field 'priority'") == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--json"], "--json prints the report on stdout: give --out FILE for the tickets"),
    (["--out", f"{FIXTURES}/zendesk/audits.json"], "is the input"),
])
def test_bad_arguments_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", "zendesk", f"{FIXTURES}/zendesk/audits.json", "--mapping", "examples/imports/zendesk.toml",
                 *args])
    assert code == 2 and message in capsys.readouterr().err


def test_an_export_that_is_not_json_or_not_the_products_exits_2(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"audits": [1,\n', encoding="utf-8")
    assert main(["import", "zendesk", str(bad), "--mapping", "examples/imports/zendesk.toml"]) == 2
    assert f"{bad}:2:1: not JSON" in capsys.readouterr().err
    bad.write_text('{"tickets": []}', encoding="utf-8")
    assert main(["import", "zendesk", str(bad), "--mapping", "examples/imports/zendesk.toml"]) == 2
    assert "error: missing key 'audits' @ $" in capsys.readouterr().err


def test_a_mapping_error_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text(f'policy = "{ROOT / "policies" / "intcomex.plazo"}"\n\n[fields.priority]\nto = "severty"\n',
                       encoding="utf-8")
    assert main(["import", "zendesk", f"{FIXTURES}/zendesk/audits.json", "--mapping", str(mapping)]) == 2
    assert f"error: {mapping}:4: policy intcomex has no field 'severty' (did you mean 'severity'?)" in \
        capsys.readouterr().err


# -- docs/importers.md: its shell commands exit as documented, its Python runs

DOC = (ROOT / "docs" / "importers.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```\s*$", re.S | re.M)
SH = [line for kind, text in FENCE.findall(DOC) if kind == "sh" for line in text.splitlines()
      if line.startswith(".venv/bin/plazo ")]


@pytest.mark.parametrize("command", SH)
def test_documented_command_runs(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    expected = re.search(r"#\s*exit (\d+)\s*$", command)
    code = main(shlex.split(command, comments=True)[1:])
    assert code == (int(expected.group(1)) if expected else 0), capsys.readouterr().err


def test_documented_python_runs() -> None:
    blocks = [text for kind, text in FENCE.findall(DOC) if kind == "python"]
    assert blocks
    for text in blocks:
        exec(compile(text, "docs/importers.md", "exec"), {})
