"""`plazo explain`: the counted stretches, skipped days and pauses behind a deadline,
worked out by hand, and the command line around it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from policy_helpers import POLICIES, at, policy

from plazo.interpreter import Ticket, loads_policy
from plazo.interpreter.cli.main import main
from plazo.interpreter.explain.facts import explain
from plazo.interpreter.present.explanation_text import render_explanation

ROOT = Path(__file__).resolve().parent.parent


def wekall_requirement() -> Ticket:
    # urgency baja x impact individual -> priority baja; a low requirement: 32 business hours
    fields = {"type": "requerimiento", "urgency": "baja", "impact": "individual"}
    return Ticket.from_dict({"id": "WK-7", "fields": fields,
                             "events": [{"type": "created", "at": "2026-03-20T19:00:00-05:00"}]})


def test_stretches_and_skipped_days_across_a_weekend_and_a_holiday() -> None:
    # WeKall soporte: mon-fri 07:30-21:00, sat 08:00-12:30 and 14:00-18:00, closed on CO holidays.
    # Created Friday 20 March 2026 19:00. Counted: Fri 19-21 (2 h), Sat 08:00-12:30 (4.5 h) and
    # 14-18 (4 h) = 10.5 h; Sunday has no hours; Monday 23 is San José (moved holiday);
    # Tue 24 07:30-21:00 (13.5 h) = 24 h; Wed 25 from 07:30, 8 h more: due 15:30.
    e = explain(policy("wekall"), wekall_requirement(), at("2026-03-24T10:00:00-05:00"))
    t = e.target("first_response")
    assert t.status == "running" and t.calendar == "soporte" and t.deadline == "duration"
    (cycle,) = t.cycles
    assert cycle.allowed_seconds == 32 * 3600
    assert cycle.due == at("2026-03-25T15:30:00-05:00")
    stretches = [(s.start.isoformat()[:16], s.end.isoformat()[11:16], s.projected) for s in cycle.counted]
    assert stretches == [
        ("2026-03-20T19:00", "21:00", False),
        ("2026-03-21T08:00", "12:30", False),
        ("2026-03-21T14:00", "18:00", False),
        ("2026-03-24T07:30", "10:00", False),  # the evaluation instant cuts Tuesday in two
        ("2026-03-24T10:00", "21:00", True),
        ("2026-03-25T07:30", "15:30", True),
    ]
    assert sum(s.seconds for s in cycle.counted) == 32 * 3600
    assert cycle.counted_seconds == 13 * 3600  # 10.5 h before Tuesday + 2.5 h on Tuesday
    assert [(d.day, d.kind) for d in cycle.skipped] == [(date(2026, 3, 22), "closed"), (date(2026, 3, 23), "holiday")]
    assert "San José" in (cycle.skipped[1].name or "")
    assert cycle.pauses == ()


PAUSED = """\
policy demo "Demo"
language en
timezone America/Bogota
holidays CO
calendar office "Office" {
  mon-fri 08:00-18:00
  closed on holidays
}
status waiting "Waiting for the customer"
status working "Working"
target resolution "Resolution" {
  start on created
  stop on resolved
  pause while status = waiting
  otherwise: 8 business hours on office
}
"""


def test_pauses_are_listed_and_push_the_due_instant() -> None:
    # created Tue 3 March 09:00; waiting 11:00-14:00 (paused 3 h); 8 office hours:
    # 09-11 (2 h), 14-18 (4 h), Wed 08:00-10:00 (2 h): due Wed 4 March 10:00.
    p = loads_policy(PAUSED)
    ticket = Ticket.from_dict({"id": "P", "fields": {}, "events": [
        {"type": "created", "at": "2026-03-03T09:00:00-05:00"},
        {"type": "status", "status": "waiting", "at": "2026-03-03T11:00:00-05:00"},
        {"type": "status", "status": "working", "at": "2026-03-03T14:00:00-05:00"},
    ]})
    e = explain(p, ticket, at("2026-03-03T15:00:00-05:00"))
    (cycle,) = e.target("resolution").cycles
    assert [(x.start.hour, x.end.hour) for x in cycle.pauses] == [(11, 14)]
    assert cycle.due == at("2026-03-04T10:00:00-05:00")
    assert p.evaluate(ticket, at("2026-03-03T15:00:00-05:00")).target("resolution").due == cycle.due
    text = render_explanation(e)
    assert "Pauses:" in text and "from Tuesday 3 March 2026, 11:00 to Tuesday 3 March 2026, 14:00" in text
    # still paused: the pause has no end yet
    waiting = Ticket.from_dict({"id": "P", "fields": {}, "events": [
        {"type": "created", "at": "2026-03-03T09:00:00-05:00"},
        {"type": "status", "status": "waiting", "at": "2026-03-03T11:00:00-05:00"}]})
    (cycle,) = explain(p, waiting, at("2026-03-03T15:00:00-05:00")).target("resolution").cycles
    assert cycle.status == "paused" and cycle.pauses[-1].end is None
    assert "since Tuesday 3 March 2026, 11:00 (still paused)" in render_explanation(
        explain(p, waiting, at("2026-03-03T15:00:00-05:00")))


def test_sentences_in_the_policy_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ticket = tmp_path / "t.json"
    ticket.write_text(json.dumps(wekall_requirement().to_dict()))
    assert main(["explain", str(POLICIES / "wekall.plazo"), str(ticket), "--at", "2026-03-24T10:00",
                 "--target", "first_response"]) == 0
    out = capsys.readouterr().out
    assert "Vence el miércoles 25 de marzo de 2026, 15:30." in out
    assert "lunes 23 de marzo de 2026 (festivo: Día de San José" in out
    assert "domingo 22 de marzo de 2026 (sin horario)" in out
    assert main(["explain", str(POLICIES / "wekall.plazo"), str(ticket), "--at", "2026-03-24T10:00",
                 "--target", "first_response", "--language", "en"]) == 0
    assert "Due on Wednesday 25 March 2026, 15:30." in capsys.readouterr().out


def test_json_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ticket = ROOT / "examples" / "tickets" / "aldeamo_alto.json"
    assert main(["explain", str(POLICIES / "aldeamo.plazo"), str(ticket), "--at", "2026-03-07T09:00", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    targets = {t["name"]: t for t in data["targets"]}
    # updates every 3 hours, restarted by each agent message (19:00, 21:00), stopped at 23:10
    assert [c["started"][11:16] for c in targets["update"]["cycles"]] == ["17:30", "19:00", "21:00"]
    # resolved 23:10; at 09:00 the next day 9 h 50 min of the 24 hours have passed
    report = targets["failure_report"]["cycles"][0]
    assert report["counted_seconds"] == (9 * 60 + 50) * 60
    assert report["counted"][-1]["projected"] is True
    assert main(["explain", str(POLICIES / "aldeamo.plazo"), str(ticket), "--target", "nope"]) == 2
    assert "no target 'nope'" in capsys.readouterr().err
    assert main(["explain", str(POLICIES / "aldeamo.plazo"), str(ticket), "--at", "tomorrow"]) == 2
    assert "--at tomorrow" in capsys.readouterr().err


def andes_ticket(ticket_id: str, country: str, created: str) -> Ticket:
    return Ticket.from_dict({"id": ticket_id, "fields": {"country": country, "severity": "alta"},
                             "events": [{"type": "created", "at": created}]})


def test_a_lima_ticket_is_explained_in_lima_time() -> None:
    # andes: habil_pe is mon-fri 08:30-18:00 America/Lima (UTC-5 all year), day 9.5 business
    # hours; the policy's zone is America/Santiago (UTC-3 until 5 April 2026).
    # Created Fri 20 March 2026 17:00 Lima = 19:00 Santiago. Primera respuesta (alta, 2 business
    # hours on habil -> habil_pe): Fri 17:00-18:00 (1 h), Sat and Sun closed, Mon 23 (not a
    # Peruvian holiday) 08:30-09:30: due Mon 23 March 09:30 Lima. Solución (1 business day =
    # 9.5 h): Fri 1 h + Mon 08:30-17:00 (8.5 h): due Mon 23 March 17:00 Lima.
    e = explain(policy("andes"), andes_ticket("PE-1", "pe", "2026-03-20T17:00:00-05:00"),
                at("2026-03-20T17:30:00-05:00"))
    assert e.timezone == "America/Lima"  # andes chooses the reference zone by country
    first, resolution = e.target("first_response"), e.target("resolution")
    assert (first.calendar, first.timezone) == ("habil_pe", "America/Lima")
    assert (resolution.calendar, resolution.timezone) == ("habil_pe", "America/Lima")
    (cycle,) = first.cycles
    assert cycle.started.isoformat() == "2026-03-20T17:00:00-05:00"
    assert cycle.due is not None and cycle.due.isoformat() == "2026-03-23T09:30:00-05:00"
    assert [(s.start.isoformat(), s.end.isoformat()) for s in cycle.counted] == [
        ("2026-03-20T17:00:00-05:00", "2026-03-20T17:30:00-05:00"),  # the evaluation instant cuts Friday
        ("2026-03-20T17:30:00-05:00", "2026-03-20T18:00:00-05:00"),
        ("2026-03-23T08:30:00-05:00", "2026-03-23T09:30:00-05:00"),
    ]
    assert [(d.day, d.kind) for d in cycle.skipped] == [(date(2026, 3, 21), "closed"), (date(2026, 3, 22), "closed")]
    (day,) = resolution.cycles
    assert day.due is not None and day.due.isoformat() == "2026-03-23T17:00:00-05:00"
    text = render_explanation(e)
    # the whole explanation is in Lima time (andes chooses the zone by country): one zone, named once
    assert "Se cuenta en el horario «habil_pe»." in text and "17:30 (America/Lima)" in text
    assert "America/Santiago" not in text
    assert "El reloj empezó el viernes 20 de marzo de 2026, 17:00." in text
    assert "vie 20 mar 17:00–17:30" in text and "lun 23 mar 08:30–09:30" in text
    assert "Vence el lunes 23 de marzo de 2026, 09:30." in text
    assert "Vence el lunes 23 de marzo de 2026, 17:00." in text
    assert "19:00" not in text  # nothing of this ticket in Santiago time


def test_a_santiago_ticket_skips_a_chilean_holiday_in_santiago_time() -> None:
    # Created Wed 20 May 2026 17:00 Santiago (UTC-4 in winter). Thu 21 May is Navy Day in
    # Chile (not in Peru): habil_cl skips it. Primera respuesta (2 business hours): Wed
    # 17:00-18:00, Fri 22 08:30-09:30: due Fri 22 May 09:30 -04:00. Solución (9.5 h): Wed 1 h
    # + Fri 08:30-17:00: due Fri 22 May 17:00 -04:00.
    e = explain(policy("andes"), andes_ticket("CL-1", "cl", "2026-05-20T17:00:00-04:00"),
                at("2026-05-20T17:30:00-04:00"))
    first, resolution = e.target("first_response"), e.target("resolution")
    assert (first.calendar, first.timezone) == ("habil_cl", "America/Santiago")
    (cycle,) = first.cycles
    assert cycle.due is not None and cycle.due.isoformat() == "2026-05-22T09:30:00-04:00"
    assert [(d.day, d.kind) for d in cycle.skipped] == [(date(2026, 5, 21), "holiday")]
    (day,) = resolution.cycles
    assert day.due is not None and day.due.isoformat() == "2026-05-22T17:00:00-04:00"
    text = render_explanation(e)
    # every target counts in the policy's own zone: no offsets, no zone line
    assert "Vence el viernes 22 de mayo de 2026, 09:30." in text and "Horas en" not in text
    # the same ticket from Peru counts Thursday (Lima time): due Thu 21 May 09:30 -05:00
    lima = explain(policy("andes"), andes_ticket("PE-2", "pe", "2026-05-20T17:00:00-05:00"),
                   at("2026-05-20T17:30:00-05:00"))
    (peru,) = lima.target("first_response").cycles
    assert peru.due is not None and peru.due.isoformat() == "2026-05-21T09:30:00-05:00" and peru.skipped == ()


def test_a_ticket_out_of_scope_is_explained_as_evaluate_decides_it() -> None:
    # Intcomex rejects ESD licences (reject licencias_esd): out of the SLA, so every target is
    # not_applicable with the reject's reason, though six hours pass without an answer
    intcomex = policy("intcomex")
    ticket = Ticket.from_dict({"id": "S3", "fields": {"environment": "produccion", "topic": "licencias_esd"},
                               "events": [{"type": "created", "at": "2026-03-02T10:00:00-05:00"}]})
    when = at("2026-03-02T16:00:00-05:00")
    result = intcomex.evaluate(ticket, when)
    assert result.rejected is not None and result.rejected.name == "licencias"
    explained = explain(intcomex, ticket, when)
    assert [t.status for t in explained.targets] == ["not_applicable"] * len(intcomex.targets)
    assert {t.reason for t in explained.targets} == {result.rejected.reason}


# ---------------------------------------------------------------------------- values with their labels (issue 15)

LABELLED = """
policy demo "Demo" version 1
timezone America/Bogota
field severity "Prioridad" { alto "Incidente Alto" bajo }
field contract_valid "Contrato vigente" boolean
field amount number
target t { start on created
  otherwise: 1 hour }
"""


def _labelled(language: str | None = None) -> tuple[list[str], dict[str, object]]:
    ticket = Ticket.from_dict({"id": "L1", "fields": {"severity": "alto", "contract_valid": True, "amount": 1200},
                               "events": [{"type": "created", "at": "2026-03-09T09:00:00-05:00"}]})
    e = explain(loads_policy(LABELLED), ticket, at("2026-03-09T09:30:00-05:00"))
    text = render_explanation(e, language).splitlines()
    start = text.index("Valores:" if language != "en" else "Values:")
    return text[start + 1:start + 4], e.to_dict()


def test_explain_prints_values_with_the_field_and_value_labels() -> None:
    lines, _ = _labelled()
    # the field's label, then the value's label with the value; a boolean in words; a number as written
    assert lines == ["  Prioridad: Incidente Alto (alto)", "  Contrato vigente: sí", "  amount: 1200"]
    assert _labelled("en")[0][1] == "  Contrato vigente: yes"


def test_explain_json_keeps_the_raw_value_and_adds_the_labels() -> None:
    _, data = _labelled()
    assert data["fields"] == {"severity": "alto", "contract_valid": True, "amount": 1200.0}
    assert data["values"] == [
        {"field": "severity", "field_label": "Prioridad", "value": "alto", "value_label": "Incidente Alto"},
        {"field": "contract_valid", "field_label": "Contrato vigente", "value": True, "value_label": "sí"},
        {"field": "amount", "field_label": None, "value": 1200.0, "value_label": None},
    ]
