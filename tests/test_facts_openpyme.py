"""OpenPyme facts, worked out by hand from seed 003 (no office hours in the seed: clock time)."""

import pytest
from policy_helpers import policy, run

from plazo.interpreter import Ticket, TicketError

SOPORTE = {"classification": "soporte", "impact": "medio", "account": "general", "contract_valid": True,
           "account_leader": "Laura Méndez"}


def test_reply_within_four_hours_after_each_customer_message() -> None:
    # 09:00 asked, 12:00 answered (met); 14:00 and 15:00 asked, not answered: the round opened at 14:00
    # is due 18:00 and at 19:00 it is breached
    events = [("created", "2026-03-02T08:00-06:00"), ("customer_message", "2026-03-02T09:00-06:00"),
              ("agent_message", "2026-03-02T12:00-06:00"), ("customer_message", "2026-03-02T14:00-06:00"),
              ("customer_message", "2026-03-02T15:00-06:00")]
    reply = run("openpyme", SOPORTE, events, "2026-03-02T19:00-06:00").target("reply")
    assert [c.status for c in reply.cycles] == ["met", "breached"]
    assert reply.cycles[1].breached_at.isoformat() == "2026-03-02T18:00:00-06:00"


def test_support_ticket_turns_red_after_24_hours_without_a_note() -> None:
    # note Tue 08:00 (23 h after creation: met); next due Wed 08:00; at Wed 09:00 it is red
    events = [("created", "2026-03-02T09:00-06:00"), ("agent_message", "2026-03-03T08:00-06:00")]
    update = run("openpyme", SOPORTE, events, "2026-03-04T09:00-06:00").target("update")
    assert [c.status for c in update.cycles] == ["met", "breached"]
    assert update.breached_at.isoformat() == "2026-03-04T08:00:00-06:00"
    change = run("openpyme", {**SOPORTE, "classification": "cambio"}, events, "2026-03-04T09:00-06:00")
    assert change.target("update").status == "not_applicable"


def test_support_may_not_be_in_backlog() -> None:
    events = [("created", "2026-03-02T09:00-06:00"),
              {"type": "status", "status": "backlog", "at": "2026-03-02T10:00:00-06:00"}]
    assert [v.rule for v in run("openpyme", SOPORTE, events, "2026-03-02T11:00-06:00").violations] == [
        "soporte_en_backlog"]
    assert run("openpyme", {**SOPORTE, "classification": "cambio"}, events, "2026-03-02T11:00-06:00").violations == ()
    # out of backlog again: no violation any more
    moved = [*events, {"type": "status", "status": "validacion", "at": "2026-03-02T10:30:00-06:00"}]
    assert run("openpyme", SOPORTE, moved, "2026-03-02T11:00-06:00").violations == ()


def test_no_valid_contract_is_rejected() -> None:
    created = [("created", "2026-03-02T09:00-06:00")]
    assert run("openpyme", {**SOPORTE, "contract_valid": False}, created,
               "2026-03-02T09:00-06:00").rejected.name == "sin_contrato"
    assert run("openpyme", SOPORTE, created, "2026-03-02T09:00-06:00").rejected is None


def test_duplicate_is_rejected() -> None:
    r = run("openpyme", {**SOPORTE, "duplicate": True}, [("created", "2026-03-02T09:00-06:00")],
            "2026-03-02T09:00-06:00")
    assert r.rejected.name == "duplicado"


def test_validated_workaround_needs_a_problem_ticket() -> None:
    created = [("created", "2026-03-02T09:00-06:00")]
    missing = run("openpyme", {**SOPORTE, "workaround_validated": True}, created, "2026-03-02T09:00-06:00")
    assert [v.rule for v in missing.violations] == ["ticket_de_problema"]
    linked = run("openpyme", {**SOPORTE, "workaround_validated": True, "problem_ticket": "PRB-7"}, created,
                 "2026-03-02T09:00-06:00")
    assert linked.violations == ()


def test_high_impact_support_is_attended_at_once_and_consulting_by_account() -> None:
    created = [("created", "2026-03-02T09:00-06:00")]
    assert run("openpyme", {**SOPORTE, "impact": "alto"}, created, "2026-03-02T09:00-06:00").route.name == "inmediato"
    general = {**SOPORTE, "classification": "consultoria"}
    assert run("openpyme", general, created, "2026-03-02T09:00-06:00").route.name == "sesiones_generales"
    special = {**general, "account": "especial"}
    assert run("openpyme", special, created, "2026-03-02T09:00-06:00").route.name == "sesion_agendada"


def test_unknown_value_names_the_place_and_the_nearest_value() -> None:
    ticket = Ticket.from_dict({"id": "T", "fields": {"classification": "suporte"},
                               "events": [{"type": "created", "at": "2026-03-02T09:00:00-06:00"}]})
    with pytest.raises(TicketError, match=r"unknown value 'suporte' for field classification "
                                          r"@ \$\.fields\.classification \(did you mean 'soporte'\?\)"):
        policy("openpyme").evaluate(ticket, ticket.events[0].at)


def test_events_out_of_order_and_naive_instants_are_refused() -> None:
    with pytest.raises(TicketError, match=r"out of order.*@ \$\.events\[1\]\.at"):
        Ticket.from_dict({"id": "T", "events": [{"type": "created", "at": "2026-03-02T09:00:00-06:00"},
                                                {"type": "agent_message", "at": "2026-03-02T08:00:00-06:00"}]})
    with pytest.raises(TicketError, match=r"no UTC offset @ \$\.events\[0\]\.at"):
        Ticket.from_dict({"id": "T", "events": [{"type": "created", "at": "2026-03-02T09:00:00"}]})


def test_unknown_event_and_status_are_refused() -> None:
    for event, where in [({"type": "escalatd", "at": "2026-03-02T09:00:00-06:00"}, r"\$\.events\[0\]\.type"),
                         ({"type": "status", "status": "bakclog", "at": "2026-03-02T09:00:00-06:00"},
                          r"\$\.events\[0\]\.status")]:
        ticket = Ticket.from_dict({"id": "T", "fields": SOPORTE, "events": [event]})
        with pytest.raises(TicketError, match=where):
            policy("openpyme").evaluate(ticket, ticket.events[0].at)


def test_every_ticket_needs_its_account_leader() -> None:
    # 1. "Se asigna el líder de cuenta, de acuerdo a la empresa."
    without = {k: v for k, v in SOPORTE.items() if k != "account_leader"}
    r = run("openpyme", without, [("created", "2026-03-02T09:00-06:00")], "2026-03-02T09:00-06:00")
    assert [v.rule for v in r.violations] == ["lider_de_cuenta"]
    # impacto alto: the leader attends at once (route via the leader's contact); the Helpdesk takes it
    alto = run("openpyme", {**SOPORTE, "impact": "alto"}, [("created", "2026-03-08T03:00-06:00")],
               "2026-03-08T03:00-06:00")
    assert alto.route.name == "inmediato" and alto.route.contact == "lider_cuenta"
    assert alto.channels_open == ("helpdesk",)


def test_a_note_also_keeps_a_support_ticket_white() -> None:
    # 8. "sin enviar un correo o nota": a note Tue 08:00 (23 h) closes cycle 1; cycle 2 due Wed 08:00
    events = [("created", "2026-03-02T09:00-06:00"), ("note", "2026-03-03T08:00-06:00")]
    update = run("openpyme", SOPORTE, events, "2026-03-03T09:00-06:00").target("update")
    assert [c.status for c in update.cycles] == ["met", "running"]
    assert update.due is not None and update.due.isoformat() == "2026-03-04T08:00:00-06:00"


def test_a_consulting_ticket_closes_after_the_session() -> None:
    consulta = {**SOPORTE, "classification": "consultoria"}
    events = [("created", "2026-03-02T09:00-06:00"),
              {"type": "status", "status": "cerrado", "at": "2026-03-02T10:00:00-06:00"}]
    closed_early = run("openpyme", consulta, events, "2026-03-02T11:00-06:00")
    assert [v.rule for v in closed_early.violations] == ["consultoria_sin_sesion"]
    assert run("openpyme", {**consulta, "session_held": True}, events, "2026-03-02T11:00-06:00").violations == ()
    # a support ticket may close without a session
    assert run("openpyme", SOPORTE, events, "2026-03-02T11:00-06:00").violations == ()
