"""WeKall facts, worked out by hand from seed 000 (soporte: Mon-Fri 07:30-21:00,
Sat 08:00-12:30 and 14:00-18:00, closed on Colombian holidays; 2026-03-23 is San José)."""

from policy_helpers import at, policy, run

INC = {"type": "incidente"}


def test_priority_from_the_urgency_impact_matrix() -> None:
    # MATRIZ URGENCIA: Medio x Organización = Alta; Bajo x Departamento = Bajo; Alta x Individual = Normal
    for urgency, impact, priority in [("media", "organizacion", "alta"), ("baja", "departamento", "baja"),
                                      ("alta", "individual", "normal"), ("alta", "organizacion", "urgente")]:
        r = run("wekall", {**INC, "urgency": urgency, "impact": impact}, [("created", "2026-03-02T08:00-05:00")],
                "2026-03-02T08:00-05:00")
        assert r.fields["priority"] == priority


def test_saturday_split_shift_and_sunday_are_skipped() -> None:
    # alta: 6 business hours from Sat 12:00: 12:00-12:30 (0.5) + 14:00-18:00 (4) = 4.5; Mon 07:30 + 1.5 = 09:00
    r = run("wekall", {**INC, "urgency": "media", "impact": "organizacion"}, [("created", "2026-03-07T12:00-05:00")],
            "2026-03-07T13:00-05:00")
    fr = r.target("first_response")
    assert fr.due == at("2026-03-09T09:00-05:00") and fr.status == "running"
    assert fr.elapsed_seconds == 30 * 60  # only 12:00-12:30 counted by 13:00 (lunch break)
    assert "telefono" not in r.channels_open and "portal" in r.channels_open


def test_holiday_is_skipped() -> None:
    # baja: 16 h from Fri 2026-03-20 18:00: Fri 3 h, Sat 8.5 h (11.5), Sun closed, Mon 23 San José closed,
    # Tue 07:30 + 4.5 h = 12:00
    r = run("wekall", {**INC, "urgency": "baja", "impact": "individual"}, [("created", "2026-03-20T18:00-05:00")],
            "2026-03-20T18:00-05:00")
    assert r.target("first_response").due == at("2026-03-24T12:00-05:00")


def test_requirement_first_response_in_one_long_day() -> None:
    # requerimiento alta: 12 business hours from Mon 08:00; Monday is open until 21:00 -> 20:00
    r = run("wekall", {"type": "requerimiento", "urgency": "alta", "impact": "departamento",
                       "agreed_due": "2026-03-10T17:00:00-05:00"},
            [("created", "2026-03-02T08:00-05:00")], "2026-03-02T09:00-05:00")
    assert r.target("first_response").due == at("2026-03-02T20:00-05:00")
    assert r.violations == ()


def test_agreed_date_breached() -> None:
    r = run("wekall", {"type": "requerimiento", "urgency": "baja", "impact": "individual",
                       "agreed_due": "2026-03-10T17:00:00-05:00"},
            [("created", "2026-03-02T08:00-05:00"), ("resolved", "2026-03-11T09:00-05:00")], "2026-03-12T00:00-05:00")
    res = r.target("resolution")
    assert res.status == "breached" and res.breached_at == at("2026-03-10T17:00-05:00")


def test_requirement_without_agreed_date_is_a_violation() -> None:
    r = run("wekall", {"type": "requerimiento", "urgency": "baja", "impact": "individual"},
            [("created", "2026-03-02T08:00-05:00")], "2026-03-02T09:00-05:00")
    assert [v.rule for v in r.violations] == ["fecha_pactada"]


def test_urgent_incident_on_sunday_uses_clock_time_and_on_call_phone() -> None:
    # urgente (assumption in the policy): 6 hours of clock time; the on-call phone takes it out of hours
    r = run("wekall", {**INC, "urgency": "alta", "impact": "organizacion"}, [("created", "2026-03-08T10:00-05:00")],
            "2026-03-08T10:30-05:00")
    assert r.target("first_response").due == at("2026-03-08T16:00-05:00")
    assert "guardia" in r.channels_open
    other = run("wekall", {**INC, "urgency": "alta", "impact": "departamento"},
                [("created", "2026-03-08T10:00-05:00")], "2026-03-08T10:30-05:00")
    assert "guardia" not in other.channels_open


def test_response_exactly_at_due_is_met_one_minute_later_breached() -> None:
    # alta from Mon 08:00: 6 business hours -> 14:00
    base = {**INC, "urgency": "media", "impact": "organizacion"}
    ok = run("wekall", base, [("created", "2026-03-02T08:00-05:00"), ("first_response", "2026-03-02T14:00-05:00")],
             "2026-03-02T15:00-05:00")
    assert ok.target("first_response").status == "met"
    late = run("wekall", base, [("created", "2026-03-02T08:00-05:00"), ("first_response", "2026-03-02T14:01-05:00")],
               "2026-03-02T15:00-05:00")
    assert late.target("first_response").status == "breached"
    assert late.target("first_response").breached_at == at("2026-03-02T14:00-05:00")


def test_urgency_raised_mid_ticket_carries_elapsed_time() -> None:
    # baja x individual = baja (16 h); at 10:00 urgency becomes alta -> alta x individual = normal (10 h);
    # the 2 hours already counted stay: due 08:00 + 10 h = 18:00
    r = run("wekall", {**INC, "urgency": "baja", "impact": "individual"},
            [("created", "2026-03-02T08:00-05:00"),
             {"type": "set", "field": "urgency", "value": "alta", "at": "2026-03-02T10:00:00-05:00"}],
            "2026-03-02T12:00-05:00")
    assert r.fields["priority"] == "normal"
    assert r.target("first_response").due == at("2026-03-02T18:00-05:00")
    assert r.target("first_response").elapsed_seconds == 4 * 3600


def test_contact_ladder_without_times_starts_at_its_first_level() -> None:
    r = run("wekall", {**INC, "urgency": "baja", "impact": "individual"}, [("created", "2026-03-02T08:00-05:00")],
            "2026-03-02T09:00-05:00")
    ladder = r.escalation("contactos")
    assert ladder.current_level == 1 and ladder.next_at is None and len(ladder.levels) == 5


def test_maintenance_notice_between_two_and_five_days_in_the_night_window() -> None:
    p = policy("wekall")
    notice = at("2026-03-02T10:00-05:00")
    assert p.check_maintenance(notice, at("2026-03-04T20:00-05:00"), at("2026-03-05T04:00-05:00")) == []
    short = p.check_maintenance(notice, at("2026-03-03T20:00-05:00"), at("2026-03-04T04:00-05:00"))
    assert [x.rule for x in short] == ["notice"]
    early = p.check_maintenance(notice, at("2026-03-09T20:00-05:00"), at("2026-03-10T04:00-05:00"))
    assert [x.rule for x in early] == ["notice"]
    # emergency: notified and run the same day, still in the 19:00-05:00 window
    assert p.check_maintenance(notice, at("2026-03-02T20:00-05:00"), at("2026-03-03T04:00-05:00"), emergency=True) == []
    late = p.check_maintenance(notice, at("2026-03-02T20:00-05:00"), at("2026-03-03T06:00-05:00"), emergency=True)
    assert [x.rule for x in late] == ["window"]


def test_channels_of_the_seed_and_their_hours() -> None:
    normal = {**INC, "urgency": "media", "impact": "departamento"}  # Medio x Departamento = Normal
    phones = ["telefono", "telefono_productos", "telefono_facturacion", "telefono_servicio", "telefono_operadora"]
    # Sunday 10:00: only the portal and the two mailboxes (Supuesto: 24x7)
    sunday = run("wekall", normal, [("created", "2026-03-08T10:00-05:00")], "2026-03-08T10:00-05:00")
    assert sunday.channels_open == ("portal", "correo_soporte", "correo")
    # Saturday 13:00 is the lunch break of the split shift (08:00-12:30, 14:00-18:00): the same
    lunch = run("wekall", normal, [("created", "2026-03-07T13:00-05:00")], "2026-03-07T13:00-05:00")
    assert lunch.channels_open == ("portal", "correo_soporte", "correo")
    # Saturday 15:00: every phone menu option, WhatsApp and the web chat too
    afternoon = run("wekall", normal, [("created", "2026-03-07T15:00-05:00")], "2026-03-07T15:00-05:00")
    assert afternoon.channels_open == ("portal", *phones, "whatsapp", "chat", "correo_soporte", "correo")


def test_on_the_san_jose_holiday_the_web_chat_is_closed_and_the_on_call_phone_takes_urgent_cases() -> None:
    urgent = {**INC, "urgency": "alta", "impact": "organizacion"}
    r = run("wekall", urgent, [("created", "2026-03-23T10:00-05:00")], "2026-03-23T10:00-05:00")
    assert "chat" not in r.channels_open and "guardia" in r.channels_open and "correo_soporte" in r.channels_open


def test_maintenance_notice_counts_dates_not_hours() -> None:
    # issue 15: Monday 2 March 20:00 for Wednesday 4 March 19:00 is 46 clock hours but 2 dates: allowed
    p = policy("wekall")
    notice = at("2026-03-02T20:00-05:00")
    assert p.check_maintenance(notice, at("2026-03-04T19:00-05:00"), at("2026-03-04T23:00-05:00")) == []
    # at most 5 days: Saturday 7 (5 dates later) is allowed, Sunday 8 (6) is not
    assert p.check_maintenance(notice, at("2026-03-07T19:00-05:00"), at("2026-03-07T23:00-05:00")) == []
    assert [x.rule for x in p.check_maintenance(notice, at("2026-03-08T19:00-05:00"),
                                                at("2026-03-08T23:00-05:00"))] == ["notice"]
