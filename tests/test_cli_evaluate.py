"""`plazo evaluate`: text and JSON output, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from plazo.interpreter import EscalationResult, EvaluationResult, Rejection, Route, TargetResult, Violation
from plazo.interpreter.cli.main import main
from plazo.interpreter.present.result_text import render_result

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


def test_text_output_is_exactly_these_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(POLICY), str(TICKET), "--at", "2026-03-07T09:00"]) == 0
    assert capsys.readouterr().out == (
        "ticket ALD-1042 at 2026-03-07T09:00:00-05:00 (aldeamo)\n"
        "fields: type=incidente, severity=alto\n"
        "route operaciones: to Operaciones (Operaciones resuelve las incidencias altas)\n"
        "target first_response: met due 2026-03-06T17:40:00-05:00\n"
        "    when type = incidente and severity = alto: 10 minutes\n"
        "target delivery: not_applicable (Sin tiempo de entrega en el documento)\n"
        '    otherwise: none "Sin tiempo de entrega en el documento"\n'
        "target update: met due 2026-03-07T00:00:00-05:00\n"
        "    when type = incidente and severity = alto: 3 hours\n"
        "target failure_report: running due 2026-03-07T23:10:00-05:00\n"
        "    when type = incidente and severity = alto: 24 hours\n"
        "escalation tecnica: level 4\n"
        # created 17:30, the clients never told: 1 clock hour, due 18:30, breached
        "notify aviso_incidente_alto: breached due 2026-03-06T18:30:00-05:00\n"
        "    clientes que usan el producto afectado via correo\n"
        "notify aviso_ventana_emergencia: not_applicable (ventana_emergencia has not happened)\n"
        "    clientes afectados por el despliegue via email\n"
        # Saturday 09:00: the 24/7 lines, and the Service Site (a web page, no hours of its own)
        "channels open: telefono, whatsapp, correo, service_site\n"
    )


def test_render_result_says_a_rejection_the_violations_and_no_open_channel() -> None:
    at = datetime(2026, 3, 7, 9, 0, tzinfo=ZoneInfo("America/Bogota"))
    result = EvaluationResult(
        ticket="T-1", at=at, fields={"severity": "bajo", "opened": at},
        route=Route("soporte", "Soporte", None, None), rejected=Rejection("fuera", "no es del contrato"),
        violations=(Violation("r1", "falta la prioridad"), Violation("r2", "sin contacto")),
        targets=(TargetResult("first_response", None, None, None, "not_applicable"),),
        escalations=(EscalationResult("tecnica", None, None, None, (), None),),
        channels_open=(),
    )
    assert render_result(result, "demo") == (
        "ticket T-1 at 2026-03-07T09:00:00-05:00 (demo)\n"
        "fields: severity=bajo, opened=2026-03-07T09:00:00-05:00\n"
        "rejected by fuera: no es del contrato\n"
        "route soporte: to Soporte\n"
        "violation r1: falta la prioridad\n"
        "violation r2: sin contacto\n"
        "target first_response: not_applicable\n"
        "escalation tecnica: level None\n"
        "channels open: none\n"
    )
