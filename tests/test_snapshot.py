"""``plazo simulate POLICY TICKET --to-scenario``: a scenario written from a real ticket
parses, names its policy relative to its own folder, and passes ``plazo test`` (the
snapshot is what plazo computes today); the facts checked by hand come from the SLA
texts (docs/language.md §12's Aldeamo example)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from plazo.dsl.scenario.parser import parse_scenario
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.main import main
from plazo.interpreter.errors import TicketError
from plazo.interpreter.policy import load_policy
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.simulate import load_scenario, run, snapshot
from plazo.interpreter.simulate.scenario_text import instant, ticket_id, value

ROOT = Path(__file__).resolve().parent.parent
HISTORIES = ROOT / "examples" / "histories"


def _write(tmp_path: Path, *argv: str, name: str = "snap.scenario") -> Path:
    out = tmp_path / "sub" / name
    out.parent.mkdir(exist_ok=True)
    assert main(["simulate", *argv, "--to-scenario", "--out", str(out)]) == ExitCode.OK
    return out


def _passes(path: Path) -> int:
    checks = run(load_scenario(path))
    failed = [c.render() for c in checks if not c.ok]
    assert not failed, failed
    return len(checks)


def _ids(policy: str, lines: tuple[int, ...]) -> list[str]:
    texts = (HISTORIES / f"{policy}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(texts[n])["id"] for n in lines]


CHOSEN = [(p, i) for p in ("aldeamo", "ikhodi", "intcomex", "openpyme", "wekall") for i in _ids(p, (0, 7, 42))]


@pytest.mark.parametrize(("policy", "ticket"), CHOSEN)
def test_a_snapshot_of_a_history_ticket_passes_plazo_test(policy: str, ticket: str, tmp_path: Path) -> None:
    out = _write(tmp_path, str(ROOT / "policies" / f"{policy}.plazo"), str(HISTORIES / f"{policy}.jsonl"),
                 "--id", ticket)
    assert _passes(out) > 0
    assert main(["test", str(out)]) == ExitCode.OK


def test_a_snapshot_of_a_csv_history_ticket_passes(tmp_path: Path) -> None:
    out = _write(tmp_path, str(ROOT / "policies/aldeamo.plazo"), str(HISTORIES / "aldeamo.csv"),
                 "--id", "ALD-0000001")
    assert _passes(out) > 0


def test_a_single_ticket_file_needs_no_id_and_its_facts_are_the_slas(tmp_path: Path) -> None:
    for path in sorted((ROOT / "examples/tickets").glob("*.json")):
        policy = path.stem.split("_")[0]
        out = _write(tmp_path, str(ROOT / "policies" / f"{policy}.plazo"), str(path), name=f"{path.stem}.scenario")
        _passes(out)
    text = (tmp_path / "sub/aldeamo_alto.scenario").read_text(encoding="utf-8")
    scenario, problems = parse_scenario(text, "x.scenario")
    assert scenario is not None and not problems
    assert not Path(scenario.policy).is_absolute()  # relative to the scenario's folder, as a scenario reads it
    assert (tmp_path / "sub" / scenario.policy).resolve() == (ROOT / "policies/aldeamo.plazo").resolve()
    assert text.startswith("# A snapshot of ticket ALD-1042")
    assert 'ticket "ALD-1042" {' in text  # a dash is no name: the id is quoted
    blocks = text.split("  at ")
    created = next(b for b in blocks if b.startswith("2026-03-06 17:30-05:00 expect"))
    assert "first_response due 2026-03-06 17:40-05:00" in created  # 10 minutes of clock time
    assert "update due 2026-03-06 20:30-05:00" in created  # every 3 hours
    assert "escalation tecnica level 1" in created
    resolved = next(b for b in blocks if b.startswith("2026-03-06 23:10-05:00 expect"))
    assert "failure_report due 2026-03-07 23:10-05:00" in resolved  # 24 hours after the resolution
    assert "update cycles 3" in resolved  # agent messages at 19:00 and 21:00 open rounds 2 and 3
    assert len(blocks) - 1 == 6  # one block per instant with events


def test_values_are_quoted_where_the_grammar_needs_it(tmp_path: Path) -> None:
    policy = load_policy(ROOT / "policies/openpyme.plazo")
    ticket = Ticket.from_dict({"id": "weird id", "fields": {
        "classification": "soporte", "impact": "medio", "account": "general", "contract_valid": True,
        "duplicate": False}, "events": [
        {"type": "created", "at": "2026-03-09T09:00:00-06:00"},
        {"type": "set", "field": "problem_ticket", "value": "PRB 17 \"x\"", "at": "2026-03-09T09:30:15-06:00"},
        {"type": "set", "field": "problem_ticket", "value": "true", "at": "2026-03-09T10:00:00-06:00"}]})
    (tmp_path / "p.plazo").write_text((ROOT / "policies/openpyme.plazo").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    text = snapshot(policy, ticket, "p.plazo")
    assert 'ticket "weird id" {' in text
    assert 'set problem_ticket = "PRB 17 \\"x\\""' in text
    assert 'set problem_ticket = "true"' in text  # a bare true would be a boolean
    assert "contract_valid = true" in text
    assert "2026-03-09 09:30:15-06:00  set" in text  # seconds kept
    path = tmp_path / "w.scenario"
    path.write_text(text, encoding="utf-8")
    _passes(path)


def test_writers() -> None:
    tz = ZoneInfo("America/Santiago")
    assert ticket_id("ALD_1") == "ALD_1" and ticket_id("none") == '"none"'
    assert value("incidente", (), tz) == "incidente"
    assert value("false", (), tz) == '"false"'  # a boolean word: quoted to stay a text
    assert value(2.5, (), tz) == "2.5" and value(3.0, (), tz) == "3" and value(True, (), tz) == "true"
    with pytest.raises(TicketError, match="line break"):
        value("a\nb", ("fields", "note"), tz)
    with pytest.raises(TicketError, match="no sign"):
        value(-3, ("fields", "n"), tz)
    # the second 23:30 of Santiago's repeated hour keeps its offset
    assert instant(datetime(2026, 4, 5, 3, 30, tzinfo=UTC), tz) == "2026-04-04 23:30-04:00"
    assert instant(datetime(2026, 4, 5, 2, 30, tzinfo=UTC), tz) == "2026-04-04 23:30-03:00"


def test_an_unknown_id_names_the_count_and_the_nearest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    history = HISTORIES / "ikhodi.jsonl"
    count = len(history.read_text(encoding="utf-8").splitlines())
    code = main(["simulate", str(ROOT / "policies/ikhodi.plazo"), str(history), "--id", "IKH-000001",
                 "--to-scenario"])
    err = capsys.readouterr().err
    assert code == ExitCode.BAD_INPUT
    assert f"among the {count:,} of" in err
    assert "did you mean 'IKH-0000001'?" in err


@pytest.mark.parametrize(("argv", "said"), [
    (["policies/ikhodi.plazo", "examples/histories/ikhodi.jsonl", "--to-scenario"], "give the ticket with --id"),
    (["policies/aldeamo.plazo", "examples/tickets/aldeamo_alto.json", "--to-scenario", "--html", "x.html"],
     "--html is for"),
    (["examples/aldeamo/actualizaciones.scenario", "--id", "X"], "--id is for --to-scenario"),
    (["policies/aldeamo.plazo", "examples/tickets/aldeamo_alto.json"], "add --to-scenario"),
    (["policies/aldeamo.plazo", "--to-scenario"], "needs a policy and a ticket"),
    (["policies/aldeamo.plazo", "examples/tickets/aldeamo_alto.json", "--to-scenario", "--id", "OTHER"],
     "holds ticket 'ALD-1042'"),
])
def test_the_forms_do_not_mix(argv: list[str], said: str, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["simulate", *argv]) == ExitCode.BAD_INPUT
    assert said in capsys.readouterr().err


def test_the_scenario_form_still_works(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["simulate", "examples/aldeamo/actualizaciones.scenario"]) == ExitCode.OK
    assert capsys.readouterr().out.strip()


def test_printed_without_out_the_policy_is_relative_to_the_working_folder(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["simulate", "policies/aldeamo.plazo", "examples/tickets/aldeamo_alto.json", "--to-scenario"]) == 0
    assert 'policy "policies/aldeamo.plazo"' in capsys.readouterr().out
