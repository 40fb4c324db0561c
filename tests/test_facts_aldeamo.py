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


def test_onboarding_ten_business_days_is_a_first_response_paused_while_the_client_is_away() -> None:
    # Tabla 2, "Tiempo de primera respuesta": 10 días hábiles on Mon-Fri 08:00-18:00 (10 h a day).
    # Created Mon 2 March 10:00: 10 working days later is Mon 16 March 10:00 (100 open hours).
    onb = {"type": "solicitud", "service": "onboarding"}
    created = [("created", "2026-03-02T10:00-05:00")]
    r = run("aldeamo", onb, created, "2026-03-02T10:05-05:00")
    assert r.target("first_response").due == at("2026-03-16T10:00-05:00")
    assert r.target("delivery").status == "not_applicable"
    # "Depende de la disponibilidad del cliente": unavailable Tue 10:00 - Thu 10:00 pauses
    # Tue 10-18 (8) + Wed (10) + Thu 08-10 (2) = 20 open hours; counted by Tue 10:00: 8 + 2 = 10;
    # then Thu 10-18 (18), Fri (28), Mon 9 - Fri 13 (78), Mon 16 (88), Tue 17 (98), Wed 18 08:00 + 2 h
    paused = [*created,
              {"type": "set", "field": "client_available", "value": False, "at": "2026-03-03T10:00:00-05:00"},
              {"type": "set", "field": "client_available", "value": True, "at": "2026-03-05T10:00:00-05:00"}]
    assert run("aldeamo", onb, paused, "2026-03-04T12:00-05:00").target("first_response").status == "paused"
    assert run("aldeamo", onb, paused, "2026-03-05T12:00-05:00").target("first_response").due == \
        at("2026-03-18T10:00-05:00")


def test_vip_and_mass_training() -> None:
    created = [("created", "2026-03-02T10:00-05:00")]
    cap = {"type": "solicitud", "service": "capacitacion"}
    # Mass Training: a client that accepts a collective session, 5 participants: "Según inscripción"
    mass = run("aldeamo", {**cap, "collective_ok": True, "participants": 5}, created, "2026-03-02T10:00-05:00")
    assert mass.fields["training"] == "mass"
    fr = mass.target("first_response")
    assert (fr.status, fr.reason) == ("not_applicable", "Mass Training: según inscripción")
    assert "formulario_mass" in mass.channels_open and "formulario_vip" not in mass.channels_open
    # more than 5 participants: VIP, 8 business hours: Mon 10-18 ends at the close -> Tue 08:00
    vip = run("aldeamo", {**cap, "collective_ok": True, "participants": 6}, created, "2026-03-02T10:00-05:00")
    assert vip.fields["training"] == "vip" and vip.target("first_response").due == at("2026-03-03T08:00-05:00")
    assert "formulario_vip" in vip.channels_open
    # the forms follow the onboarding hours: closed on Saturday
    sat = run("aldeamo", {**cap, "collective_ok": True}, [("created", "2026-03-07T10:00-05:00")],
              "2026-03-07T10:00-05:00")
    assert "formulario_mass" not in sat.channels_open


def test_a_high_incident_calls_its_own_country_line() -> None:
    # Sunday 03:00: the phone lines are 24/7, each takes its country's high incidents
    created = [("created", "2026-03-08T03:00-05:00")]
    pe = run("aldeamo", {**ALTO, "country": "pe"}, created, "2026-03-08T03:00-05:00")
    assert [c for c in pe.channels_open if c.startswith("telefono")] == ["telefono_pe"]
    nowhere = run("aldeamo", ALTO, created, "2026-03-08T03:00-05:00")
    assert [c for c in nowhere.channels_open if c.startswith("telefono")] == ["telefono"]
    medio = run("aldeamo", {"type": "incidente", "severity": "medio", "country": "pe"}, created,
                "2026-03-08T03:00-05:00")
    assert not [c for c in medio.channels_open if c.startswith("telefono")]


def test_other_incidents_go_to_customer_success_and_unofficial_channels_have_no_sla() -> None:
    created = [("created", "2026-03-02T10:00-05:00")]
    bajo = run("aldeamo", {"type": "incidente", "severity": "bajo"}, created, "2026-03-02T10:00-05:00")
    assert bajo.route.name == "customer_success"
    # 6 business hours from Mon 10:00 on Mon-Fri 08:00-18:00: 16:00
    assert bajo.target("first_response").due == at("2026-03-02T16:00-05:00")
    # "para que se cumplan los SLA's prometidos": a case by another medium is out of the SLA
    other = run("aldeamo", {"type": "incidente", "severity": "bajo", "origin": "otro"}, created,
                "2026-03-02T17:00-05:00")
    assert other.rejected is not None and other.rejected.name == "canal_no_oficial"
    assert other.target("first_response").status == "not_applicable"
