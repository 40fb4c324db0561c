"""Hand-offs shown everywhere: scenario expectations, `plazo evaluate`'s text, history
records (JSON Lines and CSV), the published document and the timeline (text and HTML).

Facts worked by hand from policies/intcomex.plazo (seed 002, "2. Definición de alcances"):
Integraciones (desarrollo, pruebas), ventas (dudas sobre órdenes, comercial) and Crédito
(facturación, gestión de órdenes) are `external` routes; acknowledgement is 1 minute and
first response 1 hour from `created`, clock time. Monday 2 March 2026 in New York, UTC-5.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from plazo.interpreter import Ticket, load_policy
from plazo.interpreter.cli.main import main
from plazo.interpreter.present.result_text import render_result
from plazo.interpreter.present.timeline import render_table, timeline
from plazo.interpreter.present.timeline_html import render_html
from plazo.interpreter.simulate import load_scenario
from plazo.interpreter.simulate import run as run_scenario

ROOT = Path(__file__).resolve().parent.parent
INTCOMEX = ROOT / "policies" / "intcomex.plazo"
SCENARIO = ROOT / "examples" / "intcomex" / "traslados.scenario"
HISTORY = ROOT / "tests" / "fixtures" / "histories" / "scope.jsonl"
AT = "2026-03-02T12:00:00-05:00"


def ny(hhmm: str) -> str:
    return f"2026-03-02T{hhmm}:00-05:00"


# technical at 10:00, acknowledged at once, reclassified as billing at 11:30: to Crédito
BILLING: dict[str, Any] = {
    "id": "F", "fields": {"environment": "produccion", "topic": "tecnico"}, "events": [
        {"type": "created", "at": ny("10:00")}, {"type": "acknowledged", "at": ny("10:00")},
        {"type": "set", "field": "topic", "value": "facturacion", "at": ny("11:30")}]}


def billing_ticket() -> Ticket:
    return Ticket.from_dict(BILLING)


# ---------------------------------------------------------------- scenarios


def test_the_intcomex_hand_off_scenario_passes() -> None:
    checks = run_scenario(load_scenario(SCENARIO))
    assert checks and all(c.ok for c in checks), [c.render() for c in checks if not c.ok]
    assert sum("handed_off" in c.what for c in checks) == 6  # 1 + 2 + 2 + 1 written


SCENARIO_HEAD = f'scenario "h"\npolicy "{INTCOMEX}"\n'
DUDAS = """ticket T {
  environment = produccion
  topic = tecnico
  2026-03-02 10:00  created
  2026-03-02 11:00  set topic = dudas_ordenes
  at 2026-03-02 12:00 expect {
    EXPECTATION
  }
}
"""


@pytest.mark.parametrize(("expectation", "ok", "got"), [
    ("handed_off", True, "ventas at 2026-03-02 11:00"),
    ("handed_off ventas", True, "ventas at 2026-03-02 11:00"),
    ("handed_off ventas at 2026-03-02 11:00", True, "ventas at 2026-03-02 11:00"),
    ("handed_off at 2026-03-02 11:00", True, "ventas at 2026-03-02 11:00"),
    ("handed_off credito", False, "ventas at 2026-03-02 11:00"),
    ("handed_off ventas at 2026-03-02 10:00", False, "ventas at 2026-03-02 11:00-05:00"),
    ("not handed_off", False, "ventas at 2026-03-02 11:00"),
])
def test_handed_off_expectations_can_fail(tmp_path: Path, expectation: str, ok: bool, got: str) -> None:
    path = tmp_path / "h.scenario"
    path.write_text(SCENARIO_HEAD + DUDAS.replace("EXPECTATION", expectation), encoding="utf-8")
    [check] = run_scenario(load_scenario(path))
    assert (check.ok, check.got) == (ok, got)


def test_not_handed_off_on_a_ticket_in_support(tmp_path: Path) -> None:
    path = tmp_path / "h.scenario"
    path.write_text(SCENARIO_HEAD + DUDAS.replace("  2026-03-02 11:00  set topic = dudas_ordenes\n", "")
                    .replace("EXPECTATION", "handed_off\n    not handed_off"), encoding="utf-8")
    first, second = run_scenario(load_scenario(path))
    assert (first.ok, first.got, second.ok) == (False, "not handed off", True)


# ---------------------------------------------------------------- plazo evaluate


def test_evaluate_text_says_the_hand_off_in_the_policy_language(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    ticket = tmp_path / "f.json"
    ticket.write_text(json.dumps(BILLING), encoding="utf-8")
    assert main(["evaluate", str(INTCOMEX), str(ticket), "--at", AT]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2] == ("fuera del soporte: trasladado a Departamento de Crédito (route credito) "
                        "desde 2026-03-02T11:30:00-05:00")
    result = load_policy(INTCOMEX).evaluate(billing_ticket(), datetime.fromisoformat(AT))
    assert ("out of support: handed off to Departamento de Crédito (route credito) at 2026-03-02T11:30:00-05:00"
            in render_result(result, "intcomex", "en").splitlines())
    # a ticket in support: no such line
    result = load_policy(INTCOMEX).evaluate(Ticket.from_dict({**BILLING, "events": BILLING["events"][:2]}),
                                            datetime.fromisoformat(AT))
    assert "fuera del soporte" not in render_result(result, "intcomex", "es")


# ---------------------------------------------------------------- history records


def test_jsonl_and_csv_records_carry_the_scope(tmp_path: Path) -> None:
    # scope.jsonl: S1, S2 in scope; S3 out of scope (reject licencias); S4 handed off to
    # Integraciones (pruebas); S5 handed off to Crédito at 11:30; S6 bad input (no record)
    jsonl, table = tmp_path / "out.jsonl", tmp_path / "out.csv"
    assert main(["evaluate", str(INTCOMEX), str(HISTORY), "--at", AT, "--out", str(jsonl)]) == 1
    assert main(["evaluate", str(INTCOMEX), str(HISTORY), "--at", AT, "--out", str(table)]) == 1
    expected = {"S1": ("in_scope", None), "S2": ("in_scope", None), "S3": ("out_of_scope", "licencias"),
                "S4": ("handed_off", "integraciones"), "S5": ("handed_off", "credito")}
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert {r["ticket"]: (r["scope"], r["scope_rule"]) for r in records} == expected
    with table.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    assert {len(r) for r in rows} == {len(head)}  # equal-length rows
    scope, rule = head.index("scope"), head.index("scope_rule")
    assert {r[0]: (r[scope], r[rule] or None) for r in body} == expected


# ---------------------------------------------------------------- plazo render


def test_the_published_document_says_which_routes_leave_support(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(INTCOMEX), "--year", "2026"]) == 0
    doc = capsys.readouterr().out
    for team in ("Equipo de Integraciones", "Departamento de ventas", "Departamento de Crédito"):
        assert f"→ se traslada a {team}, fuera del soporte" in doc
    assert "sus plazos dejan de correr desde el traslado" in doc
    assert main(["render", str(ROOT / "policies" / "aldeamo.plazo"), "--year", "2026"]) == 0
    assert "fuera del soporte" not in capsys.readouterr().out  # Backoffice is internal


# ---------------------------------------------------------------- timeline


def test_the_timeline_marks_the_hand_off_and_the_targets_it_stopped() -> None:
    policy = load_policy(INTCOMEX)
    tl = timeline(policy, billing_ticket(), datetime.fromisoformat(AT))
    [mark] = [r for r in tl.rows if r.kind == "handoff"]
    assert mark.at == datetime.fromisoformat(ny("11:30"))
    assert "trasladado a Departamento de Crédito (ruta credito)" in mark.text
    # first response: never answered, breached at 11:00 (1 hour from 10:00); its clock still ran
    # at 11:30 and the hand-off stops it there, breached it stays (acknowledgement stopped at 10:00)
    stops = [(r.subject, r.text) for r in tl.rows if r.kind == "stop" and r.at == mark.at]
    assert stops == [("first_response", "se detuvo (incumplido)")]
    table = render_table(tl)
    assert "2026-03-02 11:30" in table and "trasladado a Departamento de Crédito" in table
    html = render_html(tl, policy)
    assert html.count('data-kind="handoff"') == 1 and 'data-at="2026-03-02T11:30:00-05:00"' in html


def test_a_target_running_at_the_hand_off_stops_as_not_applicable() -> None:
    # technical, answered 10:20; severity A escalated 10:40 (level 2: 1 hour, due 11:40);
    # to ventas at 11:00: level 2 stops there and no longer applies
    t = Ticket.from_dict({"id": "D", "fields": {"environment": "produccion", "topic": "tecnico"}, "events": [
        {"type": "created", "at": ny("10:00")}, {"type": "acknowledged", "at": ny("10:00")},
        {"type": "first_response", "at": ny("10:20")},
        {"type": "set", "field": "severity", "value": "a", "at": ny("10:40")},
        {"type": "escalated", "at": ny("10:40")},
        {"type": "set", "field": "topic", "value": "dudas_ordenes", "at": ny("11:00")}]})
    tl = timeline(load_policy(INTCOMEX), t, datetime.fromisoformat(AT))
    stops = {r.subject: r.text for r in tl.rows if r.kind == "stop" and r.at == datetime.fromisoformat(ny("11:00"))}
    assert stops == {"l2_response": "se detuvo (no aplica)", "l2_solution": "se detuvo (no aplica)"}
    assert not any(r.kind == "due" and r.subject == "l2_response" for r in tl.rows)  # 11:40 never comes
