"""Aldeamo facts, worked out by hand from seed 001 (soporte Mon-Fri 08:00-18:00 and the
backoffice calendars, closed on Colombian holidays; 2026-03-23 is San José)."""

from policy_helpers import at, policy, run

ALTO = {"type": "incidente", "severity": "alto"}


def test_high_incident_ten_minutes_of_clock_time_at_night() -> None:
    r = run("aldeamo", ALTO, [("created", "2026-03-07T23:55-05:00")], "2026-03-07T23:56-05:00")
    assert r.target("first_response").due == at("2026-03-08T00:05-05:00")
    assert "telefono" in r.channels_open


def test_medium_incident_two_business_hours_over_the_weekend() -> None:
    # Fri 17:30-18:00 (0.5 h), Mon 08:00 + 1.5 h = 09:30
    r = run("aldeamo", {"type": "incidente", "severity": "medio"}, [("created", "2026-03-06T17:30-05:00")],
            "2026-03-06T17:31-05:00")
    assert r.target("first_response").due == at("2026-03-09T09:30-05:00")


def test_low_incident_skips_san_jose() -> None:
    # Fri 15:00-18:00 (3 h), Mon 23 holiday, Tue 08:00 + 3 h = 11:00
    r = run("aldeamo", {"type": "incidente", "severity": "bajo"}, [("created", "2026-03-20T15:00-05:00")],
            "2026-03-20T15:01-05:00")
    assert r.target("first_response").due == at("2026-03-24T11:00-05:00")


def test_escalation_ladder_zero_one_two_four_hours() -> None:
    created = [("created", "2026-03-02T10:00-05:00")]
    r = run("aldeamo", ALTO, created, "2026-03-02T11:30-05:00")
    ladder = r.escalation("tecnica")
    assert ladder.current_level == 2 and ladder.next_at == at("2026-03-02T12:00-05:00")
    assert run("aldeamo", ALTO, created, "2026-03-02T14:00-05:00").escalation("tecnica").current_level == 4
    # resolved at 13:00: level 3 (12:00) was reached, level 4 (14:00) never is
    done = run("aldeamo", ALTO, [*created, ("resolved", "2026-03-02T13:00-05:00")], "2026-03-02T15:00-05:00")
    assert done.escalation("tecnica").current_level == 3 and done.escalation("tecnica").next_at is None
    medium = run("aldeamo", {"type": "incidente", "severity": "medio"}, created, "2026-03-02T15:00-05:00")
    assert medium.escalations == ()


def test_updates_every_three_hours_each_update_restarts_the_clock() -> None:
    events = [("created", "2026-03-02T10:00-05:00"), ("agent_message", "2026-03-02T12:00-05:00"),
              ("agent_message", "2026-03-02T14:30-05:00")]
    running = run("aldeamo", ALTO, events, "2026-03-02T16:00-05:00").target("update")
    assert [c.status for c in running.cycles] == ["met", "met", "running"]
    assert running.due == at("2026-03-02T17:30-05:00")
    late = run("aldeamo", ALTO, events, "2026-03-02T18:00-05:00").target("update")
    assert late.status == "breached" and late.breached_at == at("2026-03-02T17:30-05:00")


def test_failure_report_within_24_hours_after_resolution() -> None:
    events = [("created", "2026-03-02T10:00-05:00"), ("resolved", "2026-03-02T13:00-05:00"),
              ("failure_report_sent", "2026-03-03T14:00-05:00")]
    fr = run("aldeamo", ALTO, events, "2026-03-04T00:00-05:00").target("failure_report")
    assert fr.status == "breached" and fr.breached_at == at("2026-03-03T13:00-05:00")


def test_report_delivery_under_and_over_three_months() -> None:
    # 3 business days from Mon 03-02 10:00 -> Thu 03-05 10:00;
    # 11 business days: 3,4,5,6 (4) 9..13 (9) 16,17 (11) -> Tue 03-17 10:00
    created = [("created", "2026-03-02T10:00-05:00")]
    short = run("aldeamo", {"type": "solicitud", "service": "reportes", "report_months": 2}, created,
                "2026-03-02T11:00-05:00")
    assert short.target("delivery").due == at("2026-03-05T10:00-05:00")
    long = run("aldeamo", {"type": "solicitud", "service": "reportes", "report_months": 6}, created,
               "2026-03-02T11:00-05:00")
    assert long.target("delivery").due == at("2026-03-17T10:00-05:00")


def test_sends_count_sunday_hours_but_not_the_holiday() -> None:
    # envíos: 4 business hours from Sun 16:00: Sun 16-17 (1 h), Mon 23 holiday, Tue 07:00 + 3 h = 10:00
    r = run("aldeamo", {"type": "solicitud", "service": "envios"}, [("created", "2026-03-22T16:00-05:00")],
            "2026-03-22T16:30-05:00")
    assert r.target("delivery").due == at("2026-03-24T10:00-05:00")


def test_routing_by_area() -> None:
    created = [("created", "2026-03-02T10:00-05:00")]
    assert run("aldeamo", ALTO, created, "2026-03-02T10:00-05:00").route.team == "Operaciones"
    training = run("aldeamo", {"type": "solicitud", "service": "capacitacion"}, created, "2026-03-02T10:00-05:00")
    assert training.route.name == "customer_success"
    # 8 h from Mon 10:00 end exactly at Monday's close, 18:00: a due instant on a close is
    # reported as the next opening (docs/semantics.md, "the on-a-close rule"), Tue 08:00
    assert training.target("first_response").due == at("2026-03-03T08:00-05:00")
    assert run("aldeamo", {"type": "solicitud", "service": "envios"}, created,
               "2026-03-02T10:00-05:00").route.name == "backoffice"


def test_report_without_months_is_a_violation() -> None:
    r = run("aldeamo", {"type": "solicitud", "service": "reportes"}, [("created", "2026-03-02T10:00-05:00")],
            "2026-03-02T10:00-05:00")
    assert [v.rule for v in r.violations] == ["meses_del_reporte"]


def test_maintenance_three_business_days_notice() -> None:
    # notice Thu 03-19 10:00: Fri 20, (Mon 23 holiday), Tue 24, Wed 25 -> not before Wed 25 10:00
    p = policy("aldeamo")
    notice = at("2026-03-19T10:00-05:00")
    assert [x.rule for x in p.check_maintenance(notice, at("2026-03-24T22:00-05:00"),
                                                at("2026-03-25T05:00-05:00"))] == ["notice"]
    assert p.check_maintenance(notice, at("2026-03-25T22:00-05:00"), at("2026-03-26T05:00-05:00")) == []
    assert [x.rule for x in p.check_maintenance(notice, at("2026-03-25T20:00-05:00"),
                                                at("2026-03-25T23:00-05:00"))] == ["window"]
    assert p.check_maintenance(notice, at("2026-03-19T12:00-05:00"), at("2026-03-19T13:00-05:00"),
                               emergency=True) == []
