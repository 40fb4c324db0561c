"""Workflow rules (flows and order rules): facts worked by hand from the seeds (OpenPyme's
support and change steps, its "cancel after telling the client", iKhodi's "close only after
validating with the client"), and the checker's, formatter's and outputs' handling of them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from policy_helpers import run

from plazo.dsl.format.formatter import format_policy
from plazo.dsl.loader import check_text
from plazo.dsl.syntax.parser import parse
from plazo.interpreter import Ticket, loads_policy

ROOT = Path(__file__).resolve().parent.parent
SOPORTE = {"classification": "soporte", "impact": "medio", "account": "general", "contract_valid": True,
           "account_leader": "Laura Méndez"}
CAMBIO = {**SOPORTE, "classification": "cambio"}
CHANGE_STEPS = ["toma_requerimientos", "analisis", "historia_usuario", "aclaracion_dudas", "diseno_tecnico",
                "viabilidad_funcional", "desglose_tareas", "ejecucion_tareas", "muestra_local",
                "validacion_pruebas", "validacion_produccion"]


def status(name: str, when: str) -> dict[str, str]:
    return {"type": "status", "status": name, "at": when}


def test_support_flow_allows_going_back_and_reports_the_skipped_step() -> None:
    # en_atencion (start) -> validacion (next: fine) -> en_atencion (back: fine) -> cerrado:
    # the last step reached is en_atencion, so cerrado skips validacion, at event 3 (12:00)
    events = [("created", "2026-03-02T09:00-06:00"), status("validacion", "2026-03-02T10:00-06:00"),
              status("en_atencion", "2026-03-02T11:00-06:00"), status("cerrado", "2026-03-02T12:00-06:00")]
    assert run("openpyme", SOPORTE, events[:3], "2026-03-02T11:30-06:00").workflow == ()
    [v] = run("openpyme", SOPORTE, events, "2026-03-02T12:30-06:00").workflow
    assert (v.rule, v.event_index, v.event, v.from_status, v.to_status, v.missing) == (
        "soporte", 3, "status cerrado", "en_atencion", "cerrado", ("validacion",))
    assert v.at.isoformat() == "2026-03-02T12:00:00-06:00"
    # the support flow is not a change's: a cambio ticket closing at once breaks nothing here
    assert run("openpyme", CAMBIO, events, "2026-03-02T12:30-06:00").workflow == ()


def test_a_status_outside_the_flow_keeps_the_place_in_it() -> None:
    # backlog is no step: validacion after it is judged from en_atencion (the next step: fine)
    events = [("created", "2026-03-02T09:00-06:00"), status("backlog", "2026-03-02T10:00-06:00"),
              status("validacion", "2026-03-02T10:30-06:00"), status("cerrado", "2026-03-02T11:00-06:00")]
    assert run("openpyme", SOPORTE, events, "2026-03-02T12:00-06:00").workflow == ()


def test_change_walks_the_eleven_steps_and_a_skip_names_each_step_skipped() -> None:
    created = [("created", "2026-03-02T08:00-06:00")]
    walk = [status(step, f"2026-03-02T{9 + i:02d}:00-06:00") for i, step in enumerate(CHANGE_STEPS)]
    assert run("openpyme", CAMBIO, created + walk, "2026-03-02T23:00-06:00").workflow == ()
    # análisis (1) then diseño técnico (4): historia de usuario (2) and aclaración de dudas (3) skipped
    skip = [status("toma_requerimientos", "2026-03-02T09:00-06:00"), status("analisis", "2026-03-02T10:00-06:00"),
            status("diseno_tecnico", "2026-03-02T15:00-06:00")]
    [v] = run("openpyme", CAMBIO, created + skip, "2026-03-02T16:00-06:00").workflow
    assert (v.rule, v.event_index, v.missing) == ("cambio", 3, ("historia_usuario", "aclaracion_dudas"))
    # going to the flow's last step straight from the start skips the nine steps between
    [v] = run("openpyme", CAMBIO, [*created, status("validacion_produccion", "2026-03-02T09:00-06:00")],
              "2026-03-02T10:00-06:00").workflow
    assert v.missing == tuple(CHANGE_STEPS[1:10])


def test_cancelling_before_telling_the_client_is_reported_even_out_of_scope() -> None:
    duplicate = {**SOPORTE, "duplicate": True}
    early = [("created", "2026-03-02T09:00-06:00"), status("cancelado", "2026-03-02T09:20-06:00"),
             ("aviso_cliente", "2026-03-02T09:30-06:00")]
    r = run("openpyme", duplicate, early, "2026-03-02T10:00-06:00")
    assert r.rejected is not None and r.rejected.name == "duplicado"
    [v] = r.workflow
    assert (v.rule, v.event_index, v.from_status, v.to_status, v.missing) == (
        "cancelar_con_aviso", 1, None, "cancelado", ("aviso_cliente",))
    assert v.message.startswith("Se cancela previo aviso al cliente")
    in_order = [early[0], early[2], status("cancelado", "2026-03-02T09:40-06:00")]
    assert run("openpyme", duplicate, in_order, "2026-03-02T10:00-06:00").workflow == ()


def test_ikhodi_closes_only_after_validating_with_the_client() -> None:
    base = {"severity": "p3", "category": "errores", "client_validated": True}
    # closed 15:00, validated 15:30, closed again 16:00: the first close breaks the rule, the second not
    events = [("created", "2026-03-02T10:00-06:00"), status("cerrado", "2026-03-02T15:00-06:00"),
              status("seguimiento", "2026-03-02T15:10-06:00"), ("validado_con_cliente", "2026-03-02T15:30-06:00"),
              status("cerrado", "2026-03-02T16:00-06:00")]
    r = run("ikhodi", base, events, "2026-03-02T16:05-06:00")
    assert [(v.rule, v.event_index, v.at.isoformat()) for v in r.workflow] == [
        ("cierre_tras_validacion", 1, "2026-03-02T15:00:00-06:00")]
    assert r.violations == ()  # the field says validated: the forbid on the field is kept
    # evaluated before the close, nothing has happened yet
    assert run("ikhodi", base, events, "2026-03-02T14:59-06:00").workflow == ()


def test_a_flow_with_a_condition_applies_by_the_values_at_the_instant() -> None:
    policy = loads_policy("""
policy p
timezone America/Bogota
field kind { a b }
status uno
status dos
status tres
flow f when kind = a: uno -> dos -> tres
""")
    def ticket(kind: str) -> Ticket:
        return Ticket.from_dict({"id": "T", "fields": {"kind": kind}, "events": [
            {"type": "created", "at": "2026-03-02T09:00:00-05:00"},
            {"type": "status", "status": "tres", "at": "2026-03-02T10:00:00-05:00"}]})
    at = datetime.fromisoformat("2026-03-02T11:00:00-05:00")
    assert [v.missing for v in policy.evaluate(ticket("a"), at).workflow] == [("dos",)]
    assert policy.evaluate(ticket("b"), at).workflow == ()


def test_checker_diagnostics_for_flows_and_orders() -> None:
    text = """policy p
timezone America/Bogota
status nuevo
status en_curso
status cerrado
flow f: nuevo -> en_cruso -> cerrado -> nuevo
order o: status cerrado after status en_curso
order o2: status cerrado after status nuevo
order f: closed after status cerado
"""
    _, diagnostics = check_text(text, "p.plazo")
    found = [(d.code, d.span.line, d.span.column, d.hint) for d in diagnostics]
    assert ("unknown-status", 6, 18, "did you mean 'en_curso'?") in found
    assert ("duplicate", 6, 41, "a flow lists each step once (the first is on line 6); going back to an "
            "earlier step is always allowed") in found
    # a flow with an unknown step still orders the known ones: en_curso is not one of them here
    assert not any(code == "implied-order" for code, *_ in found)
    assert ("unknown-status", 9, 23, "did you mean 'cerrado'?") in found
    assert any(code == "duplicate" and line == 9 for code, line, *_ in found)  # a rule named f, like the flow


def test_implied_order_is_a_warning_only_past_the_first_step() -> None:
    text = """policy p
timezone America/Bogota
status nuevo
status en_curso
status cerrado
flow f: nuevo -> en_curso -> cerrado
order o: status cerrado after status en_curso
order o2: status cerrado after status nuevo
"""
    _, diagnostics = check_text(text, "p.plazo")
    assert [(d.code, d.severity, d.span.line) for d in diagnostics] == [("implied-order", "warning", 7)]


def test_flows_and_orders_format_back_to_the_same_tree() -> None:
    text = ('policy p\ntimezone America/Bogota\nfield k { a }\nstatus x\nstatus y\nevent e\n'
            'flow f "Flujo" when k = a: x -> y\norder o "Orden": status y after e, status x when k = a message "m"\n'
            'order o2: e after created\n')
    tree, problems = parse(text)
    assert tree is not None and not problems
    again, _ = parse(format_policy(tree, text))
    assert again == tree
    assert "flow f \"Flujo\" when k = a: x -> y" in format_policy(tree, text)


def test_evaluate_json_text_and_explain_name_the_event() -> None:
    ticket = {"id": "OP1", "fields": SOPORTE, "events": [
        {"type": "created", "at": "2026-03-02T09:00:00-06:00"},
        {"type": "status", "status": "cerrado", "at": "2026-03-02T12:00:00-06:00"}]}
    path = ROOT / ".pytest_cache" / "workflow_ticket.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(ticket), encoding="utf-8")
    plazo = [sys.executable, "-m", "plazo.interpreter.cli"]
    out = subprocess.run([*plazo, "evaluate", "policies/openpyme.plazo", str(path), "--json"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    [v] = json.loads(out)["workflow"]
    assert v == {"rule": "soporte", "label": "Ciclo de un ticket de soporte", "event_index": 1,
                 "at": "2026-03-02T12:00:00-06:00", "event": "status cerrado", "from_status": None,
                 "to_status": "cerrado", "missing": ["validacion"], "message": v["message"]}
    text = subprocess.run([*plazo, "evaluate", "policies/openpyme.plazo", str(path)], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    assert "violation soporte: event 1 (status cerrado) at 2026-03-02T12:00:00-06:00, (no status) -> cerrado" in text
    explained = subprocess.run([*plazo, "explain", "policies/openpyme.plazo", str(path)], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout
    assert "el evento 1 (status cerrado)" in explained and "antes de validacion" in explained
