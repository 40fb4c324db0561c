"""Intcomex IWS facts, worked out by hand from seed 002 (support Mon-Fri 06:00-22:00 and
Sat-Sun 09:00-17:00, New York time; DST starts 2026-03-08 at 02:00)."""

from policy_helpers import at, run

PROD = {"environment": "produccion", "topic": "tecnico"}


def test_first_response_one_hour_across_the_dst_change() -> None:
    # created 01:30 EST; one real hour later is 03:30 EDT
    r = run("intcomex", PROD, [("created", "2026-03-08T01:30-05:00")], "2026-03-08T01:31-05:00")
    assert r.target("first_response").due == at("2026-03-08T03:30-04:00")


def test_level_two_severity_c_counts_weekend_hours() -> None:
    # 4 business hours from Fri 20:00: Fri 20-22 (2 h), Sat 09:00 + 2 h = 11:00
    r = run("intcomex", {**PROD, "severity": "c"},
            [("created", "2026-03-06T19:00-05:00"), ("escalated", "2026-03-06T20:00-05:00")], "2026-03-06T21:00-05:00")
    assert r.target("l2_response").due == at("2026-03-07T11:00-05:00")


def test_level_two_severity_c_on_the_dst_day() -> None:
    # Sat 16:00-17:00 (1 h), Sun 03-08 opens 09:00 EDT + 3 h = 12:00 EDT
    r = run("intcomex", {**PROD, "severity": "c"},
            [("created", "2026-03-07T15:00-05:00"), ("escalated", "2026-03-07T16:00-05:00")], "2026-03-07T16:30-05:00")
    assert r.target("l2_response").due == at("2026-03-08T12:00-04:00")


def test_level_two_waits_for_the_escalation() -> None:
    events = [("created", "2026-03-02T10:00-05:00"), ("agent_message", "2026-03-02T10:10-05:00")]
    before = run("intcomex", {**PROD, "severity": "a"}, events, "2026-03-02T10:20-05:00").target("l2_response")
    assert before.status == "not_applicable" and before.reason == "not started"
    answered = run("intcomex", {**PROD, "severity": "a"},
                   [*events, ("escalated", "2026-03-02T10:30-05:00"), ("agent_message", "2026-03-02T11:15-05:00")],
                   "2026-03-02T12:00-05:00").target("l2_response")
    assert answered.status == "met" and answered.due == at("2026-03-02T11:30-05:00")


def test_escalation_starts_when_first_response_is_missed() -> None:
    created = [("created", "2026-03-02T10:00-05:00")]
    before = run("intcomex", PROD, created, "2026-03-02T10:30-05:00").escalation("nivel_1")
    assert before.started is None and before.current_level is None
    after = run("intcomex", PROD, created, "2026-03-02T11:30-05:00").escalation("nivel_1")
    assert after.started == at("2026-03-02T11:00-05:00") and after.current_level == 1
    assert after.levels[1].contacts == ("nestor", "duvan")


def test_non_production_goes_to_integrations() -> None:
    r = run("intcomex", {"environment": "pruebas", "topic": "tecnico"}, [("created", "2026-03-02T10:00-05:00")],
            "2026-03-02T10:00-05:00")
    assert r.route.name == "integraciones" and r.route.contact == "integraciones"


def test_billing_goes_to_credit_through_sales() -> None:
    r = run("intcomex", {"environment": "produccion", "topic": "facturacion"},
            [("created", "2026-03-02T10:00-05:00")], "2026-03-02T10:00-05:00")
    assert r.route.team == "Departamento de Crédito" and r.route.contact == "ventas"


def test_esd_license_administration_is_out_of_scope() -> None:
    r = run("intcomex", {"environment": "produccion", "topic": "licencias_esd"},
            [("created", "2026-03-02T10:00-05:00")], "2026-03-02T10:00-05:00")
    assert r.rejected is not None and r.rejected.name == "licencias"


def test_acknowledgement_is_immediate() -> None:
    events = [("created", "2026-03-02T10:00:00-05:00"), ("acknowledged", "2026-03-02T10:00:30-05:00")]
    assert run("intcomex", PROD, events, "2026-03-02T10:05-05:00").target("acknowledgement").status == "met"
    slow = run("intcomex", PROD, events[:1], "2026-03-02T10:05-05:00").target("acknowledgement")
    assert slow.status == "breached" and slow.breached_at == at("2026-03-02T10:01-05:00")


def test_help_center_open_at_night_and_severity_required_in_production() -> None:
    r = run("intcomex", PROD, [("created", "2026-03-02T03:00-05:00")], "2026-03-02T03:00-05:00")
    assert r.channels_open == ("help_center",)
    assert [v.rule for v in r.violations] == ["severidad_nivel_2"]
