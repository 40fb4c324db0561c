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


def test_help_center_and_its_mail_open_at_night_and_no_severity_before_level_two() -> None:
    # 3. Help Center "de forma continua 24x7"; 5. the support mail is integrated into it.
    # 4. severity is catalogued "una vez se escale el caso a Soporte nivel 2": not yet
    r = run("intcomex", PROD, [("created", "2026-03-02T03:00-05:00")], "2026-03-02T03:00-05:00")
    assert r.channels_open == ("help_center", "correo")
    assert r.violations == ()
    # the internal channel follows the team's hours: Monday 06:00-22:00
    assert "interno" in run("intcomex", PROD, [("created", "2026-03-02T06:00-05:00")],
                            "2026-03-02T06:00-05:00").channels_open


def test_level_two_catalogues_severity_and_an_estimate() -> None:
    events = [("created", "2026-03-02T10:00-05:00"), ("escalated", "2026-03-02T10:30-05:00"),
              {"type": "set", "field": "support_level", "value": "nivel_2", "at": "2026-03-02T10:30:00-05:00"}]
    r = run("intcomex", PROD, events, "2026-03-02T10:31-05:00")
    assert [v.rule for v in r.violations] == ["severidad_nivel_2", "estimado_nivel_2"]
    # with severity A and an update estimate, nothing is missing; the solution has no agreed date
    given = {**PROD, "severity": "a", "estimated_update": "2026-03-02T15:00:00-05:00"}
    r = run("intcomex", given, events, "2026-03-02T10:31-05:00")
    assert r.violations == ()
    assert r.target("l2_solution").status == "running" and r.target("l2_solution").due is None


def test_level_two_estimated_solution_is_an_agreed_date() -> None:
    # estimate Tue 3 March 12:00; resolved Tue 13:00: breached at 12:00
    given = {**PROD, "severity": "b", "estimated_solution": "2026-03-03T12:00:00-05:00"}
    events = [("created", "2026-03-02T10:00-05:00"), ("escalated", "2026-03-02T10:30-05:00"),
              ("resolved", "2026-03-03T13:00-05:00")]
    sol = run("intcomex", given, events, "2026-03-03T14:00-05:00").target("l2_solution")
    assert (sol.status, sol.due, sol.breached_at) == ("breached", at("2026-03-03T12:00-05:00"),
                                                      at("2026-03-03T12:00-05:00"))


def test_order_operations_go_only_to_credit_and_order_questions_to_sales() -> None:
    created = [("created", "2026-03-02T10:00-05:00")]
    orders = run("intcomex", {"environment": "produccion", "topic": "ordenes"}, created, "2026-03-02T10:00-05:00")
    assert orders.route.name == "credito" and orders.route.team == "Departamento de Crédito"
    questions = run("intcomex", {"environment": "produccion", "topic": "dudas_ordenes"}, created,
                    "2026-03-02T10:00-05:00")
    assert questions.route.name == "ventas"


def test_production_client_without_completed_production_tests_goes_to_integrations() -> None:
    created = [("created", "2026-03-02T10:00-05:00")]
    r = run("intcomex", {**PROD, "production_tests_done": False}, created, "2026-03-02T10:30-05:00")
    assert r.route.name == "integraciones" and r.handed_off is not None
    assert r.target("first_response").status == "not_applicable"
    done = run("intcomex", {**PROD, "production_tests_done": True}, created, "2026-03-02T10:30-05:00")
    assert done.route is None and done.target("first_response").status == "running"
