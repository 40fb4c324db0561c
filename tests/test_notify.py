"""Notification duties: facts worked by hand from Aldeamo's seed ("La notificación de incidencias
con prioridad alta ... se realizará vía email a los clientes que usen específicamente el producto
afectado"; emergency windows "se enviarán notificaciones durante el día"), with the policy's
assumptions (1 clock hour; 3 hours for the emergency window), and the checker's, formatter's
and outputs' handling of them."""

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
ALTO = {"type": "incidente", "severity": "alto"}


def test_high_incident_clients_are_told_within_an_hour_of_the_clock() -> None:
    # created Friday 23:30 Bogotá: due Saturday 00:30 (clock time, across midnight and a weekend)
    created = [("created", "2026-03-06T23:30-05:00")]
    duty = run("aldeamo", ALTO, created, "2026-03-07T00:00-05:00").notification("aviso_incidente_alto")
    assert (duty.status, duty.due.isoformat(), duty.opened.isoformat()) == (
        "pending", "2026-03-07T00:30:00-05:00", "2026-03-06T23:30:00-05:00")
    assert (duty.audience, duty.contact, duty.medium, duty.deadline) == (
        "clientes que usan el producto afectado", None, "correo", "1 hour")
    # told at 00:30 exactly: met (on the due instant counts as in time)
    told = [*created, ("clientes_notificados", "2026-03-07T00:30-05:00")]
    duty = run("aldeamo", ALTO, told, "2026-03-07T01:00-05:00").notification("aviso_incidente_alto")
    assert (duty.status, duty.met_at.isoformat(), duty.breached_at) == ("met", "2026-03-07T00:30:00-05:00", None)


def test_not_told_in_time_is_breached_at_the_due_instant() -> None:
    created = [("created", "2026-03-06T17:30-05:00")]
    on_time = run("aldeamo", ALTO, created, "2026-03-06T18:30-05:00").notification("aviso_incidente_alto")
    assert on_time.status == "pending"  # at the due instant itself it is not late yet
    late = run("aldeamo", ALTO, created, "2026-03-06T18:31-05:00").notification("aviso_incidente_alto")
    assert (late.status, late.breached_at.isoformat()) == ("breached", "2026-03-06T18:30:00-05:00")
    told_late = [*created, ("clientes_notificados", "2026-03-06T18:45-05:00")]
    duty = run("aldeamo", ALTO, told_late, "2026-03-06T19:00-05:00").notification("aviso_incidente_alto")
    assert (duty.status, duty.met_at.isoformat(), duty.breached_at.isoformat()) == (
        "breached", "2026-03-06T18:45:00-05:00", "2026-03-06T18:30:00-05:00")


def test_only_high_incidents_and_only_tickets_in_scope_have_the_duty() -> None:
    created = [("created", "2026-03-06T17:30-05:00")]
    medio = run("aldeamo", {"type": "incidente", "severity": "medio"}, created, "2026-03-06T19:00-05:00")
    assert medio.notification("aviso_incidente_alto").status == "not_applicable"
    assert medio.notification("aviso_incidente_alto").reason == "only when type = incidente and severity = alto"
    window = medio.notification("aviso_ventana_emergencia")
    assert (window.status, window.reason) == ("not_applicable", "ventana_emergencia has not happened")


def test_emergency_window_dates_are_sent_within_three_hours_of_deciding_it() -> None:
    events = [("created", "2026-03-06T17:30-05:00"), ("ventana_emergencia", "2026-03-06T19:00-05:00"),
              ("aviso_ventana_enviado", "2026-03-06T22:30-05:00")]
    duty = run("aldeamo", ALTO, events, "2026-03-06T23:00-05:00").notification("aviso_ventana_emergencia")
    assert (duty.status, duty.due.isoformat()) == ("breached", "2026-03-06T22:00:00-05:00")
    # a meeting event before the opening does not count: only one at or after it
    early = [("created", "2026-03-06T17:30-05:00"), ("aviso_ventana_enviado", "2026-03-06T18:00-05:00"),
             ("ventana_emergencia", "2026-03-06T19:00-05:00")]
    duty = run("aldeamo", ALTO, early, "2026-03-06T20:00-05:00").notification("aviso_ventana_emergencia")
    assert duty.status == "pending"


POLICY = """
policy p
timezone America/Bogota
holidays CO
calendar soporte { mon-fri 08:00-18:00; closed on holidays }
contact dayana "Dayana Vargas R." { email "dayana@example.com" }
channel correo "Correo" { email "servicio@example.com" }
event avisado
notify horas: dayana via correo within 2 business hours on soporte of created met by avisado
notify dias: "clientes" via email within 1 business day on soporte of created met by avisado
"""


def test_business_time_on_a_calendar_skips_the_night_weekend_and_holidays() -> None:
    policy = loads_policy(POLICY)
    # Friday 20 March 2026 17:30: 30 min on Friday; Monday 23 is San José (holiday); Tuesday
    # 08:00 + 1.5 h = 09:30
    ticket = Ticket.from_dict({"id": "T", "events": [{"type": "created", "at": "2026-03-20T17:30:00-05:00"}]})
    r = policy.evaluate(ticket, datetime.fromisoformat("2026-03-20T18:00:00-05:00"))
    horas = r.notification("horas")
    assert horas.due.isoformat() == "2026-03-24T09:30:00-05:00"
    assert (horas.audience, horas.contact, horas.medium) == ("Dayana Vargas R.", "dayana", "correo")
    # one business day: the same time on the next working day, Tuesday 24 at 17:30
    assert r.notification("dias").due.isoformat() == "2026-03-24T17:30:00-05:00"


def test_out_of_scope_tickets_have_no_duty() -> None:
    policy = loads_policy(POLICY + "field spam boolean\nreject basura when spam reason \"Correo basura\"\n")
    ticket = Ticket.from_dict({"id": "T", "fields": {"spam": True},
                               "events": [{"type": "created", "at": "2026-03-20T10:00:00-05:00"}]})
    duty = policy.evaluate(ticket, datetime.fromisoformat("2026-03-20T18:00:00-05:00")).notification("horas")
    assert (duty.status, duty.reason) == ("not_applicable", "Correo basura")


def test_checker_names_unknown_contact_channel_event_and_a_missing_calendar() -> None:
    text = """policy p
timezone America/Bogota
contact dayana { email "d@example.com" }
channel correo { email "s@example.com" }
notify a: dayanna via corre within 1 hour of creatd met by first_response
notify b: dayana via email within 2 business hours of created met by agent_message
notify c: "x" via fax within 1 hour of created met by agent_message
"""
    _, diagnostics = check_text(text, "p.plazo")
    found = {(d.code, d.span.line, d.span.column, d.hint) for d in diagnostics}
    assert ("unknown-contact", 5, 11, "did you mean 'dayana'?") in found
    assert ("unknown-channel", 5, 23, "did you mean 'correo'?") in found
    assert ("unknown-event", 5, 46, "did you mean 'created'?") in found
    assert ("no-calendar", 6, 35, "write: ... within 2 business hours on <calendar>") in found
    assert ("unknown-channel", 7, 19,
            "declare a channel, or write one of: email, phone, sms, whatsapp, chat, portal") in found


def test_notify_formats_back_to_the_same_tree() -> None:
    text = POLICY + 'field k { a }\nnotify c "Aviso": "x" via phone within 30 minutes of status y when k = a '
    text += "met by avisado\n"
    text += "status y\n"
    tree, problems = parse(text)
    assert tree is not None and not problems
    again, _ = parse(format_policy(tree, text))
    assert again == tree


def test_evaluate_prints_the_duty_and_render_publishes_it() -> None:
    ticket = {"id": "N1", "fields": ALTO, "events": [{"type": "created", "at": "2026-03-06T17:30:00-05:00"}]}
    path = ROOT / ".pytest_cache" / "notify_ticket.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(ticket), encoding="utf-8")
    plazo = [sys.executable, "-m", "plazo.interpreter.cli"]
    text = subprocess.run([*plazo, "evaluate", "policies/aldeamo.plazo", str(path), "--at", "2026-03-06T18:00"],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "notify aviso_incidente_alto: pending due 2026-03-06T18:30:00-05:00\n" in text
    rendered = subprocess.run([*plazo, "render", "policies/aldeamo.plazo", "--year", "2026"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
    assert "## Avisos" in rendered
    assert ("avisar a clientes que usan el producto afectado por Correo electrónico en 1 hora desde la "
            "creación del caso") in rendered
