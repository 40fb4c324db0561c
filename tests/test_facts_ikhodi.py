"""iKhodi facts, worked out by hand from seed 004 (office Mon-Fri 08:00-17:00, closed on
Guatemalan holidays: 2026-04-02 Jueves Santo, 04-03 Viernes Santo; Guatemala has no DST)."""

from policy_helpers import at, run


def test_p1_fifteen_minutes_of_clock_time_on_saturday_night() -> None:
    r = run("ikhodi", {"severity": "p1", "category": "errores"}, [("created", "2026-03-07T22:00-06:00")],
            "2026-03-07T22:05-06:00")
    assert r.target("first_response").due == at("2026-03-07T22:15-06:00")
    assert r.target("resolution").due == at("2026-03-08T02:00-06:00")


def test_p3_one_business_hour_over_the_weekend() -> None:
    # Fri 16:30-17:00 (0.5 h), Mon 08:00 + 0.5 h = 08:30
    r = run("ikhodi", {"severity": "p3", "category": "errores"}, [("created", "2026-03-06T16:30-06:00")],
            "2026-03-06T16:45-06:00")
    assert r.target("first_response").due == at("2026-03-09T08:30-06:00")


def test_p4_three_business_days_over_holy_week() -> None:
    # from Wed 04-01 10:00: Thu 2 and Fri 3 are holidays; Mon 6, Tue 7, Wed 8 -> Wed 04-08 10:00
    r = run("ikhodi", {"severity": "p4", "category": "consultas"}, [("created", "2026-04-01T10:00-06:00")],
            "2026-04-01T10:00-06:00")
    assert r.target("resolution").due == at("2026-04-08T10:00-06:00")


def test_p2_eight_business_hours() -> None:
    # Mon 13:00-17:00 (4 h), Tue 08:00 + 4 h = 12:00
    r = run("ikhodi", {"severity": "p2", "category": "errores"}, [("created", "2026-03-02T13:00-06:00")],
            "2026-03-02T13:00-06:00")
    assert r.target("resolution").due == at("2026-03-03T12:00-06:00")
    assert r.target("first_response").due == at("2026-03-02T13:30-06:00")


def test_a_workaround_meets_the_resolution_target() -> None:
    r = run("ikhodi", {"severity": "p1", "category": "errores"},
            [("created", "2026-03-02T10:00-06:00"), ("workaround", "2026-03-02T13:00-06:00")], "2026-03-02T18:00-06:00")
    assert r.target("resolution").status == "met"


def test_reopening_restarts_the_resolution_clock() -> None:
    events = [("created", "2026-03-02T10:00-06:00"), ("resolved", "2026-03-02T11:00-06:00"),
              ("reopened", "2026-03-02T12:00-06:00")]
    res = run("ikhodi", {"severity": "p1", "category": "errores"}, events,
              "2026-03-02T13:00-06:00").target("resolution")
    assert res.status == "running" and res.started == at("2026-03-02T12:00-06:00")
    assert res.due == at("2026-03-02T16:00-06:00")


def test_custom_development_is_never_covered_and_the_rest_only_when_excluded() -> None:
    created = [("created", "2026-03-02T10:00-06:00")]
    # "El soporte técnico no cubre la personalización o desarrollo a medida": always out
    r = run("ikhodi", {"severity": "p3", "category": "desarrollo_personalizado"}, created, "2026-03-02T10:00-06:00")
    assert r.rejected is not None and r.rejected.name == "fuera_de_alcance"
    for category in ("terceros", "conectividad", "hardware", "danos_fisicos"):
        # "puede excluir": in scope until support applies the exclusion; P3 1 business hour from
        # Monday 10:00 on Mon-Fri 08:00-17:00 is due 11:00
        kept = run("ikhodi", {"severity": "p3", "category": category}, created, "2026-03-02T10:30-06:00")
        assert kept.rejected is None and kept.target("first_response").due == at("2026-03-02T11:00-06:00")
        excluded = run("ikhodi", {"severity": "p3", "category": category, "exclusion_applied": True}, created,
                       "2026-03-02T10:30-06:00")
        assert excluded.rejected is not None and excluded.rejected.name == "exclusion"
        assert excluded.target("first_response").status == "not_applicable"
    ok = run("ikhodi", {"severity": "p3", "category": "integraciones", "exclusion_applied": True}, created,
             "2026-03-02T10:00-06:00")
    assert ok.rejected is None


def test_a_formal_mail_report_describes_the_error_with_images_when_warranted() -> None:
    created = [("created", "2026-03-02T10:00-06:00")]
    base = {"severity": "p3", "category": "errores"}
    mail = run("ikhodi", {**base, "reported_via": "correo", "images_warranted": True}, created,
               "2026-03-02T10:00-06:00")
    assert [v.rule for v in mail.violations] == ["descripcion_del_error", "imagenes_de_referencia"]
    described = {**base, "reported_via": "correo", "error_description": "Error 500 al guardar"}
    assert run("ikhodi", described, created, "2026-03-02T10:00-06:00").violations == ()  # images not warranted
    assert run("ikhodi", {**base, "reported_via": "telefono"}, created, "2026-03-02T10:00-06:00").violations == ()


def test_mail_and_the_urgent_phone_take_cases_on_a_sunday_night() -> None:
    # Supuesto (24x7): Sunday 8 March 03:00, outside office hours
    created = [("created", "2026-03-08T03:00-06:00")]
    assert run("ikhodi", {"severity": "p1"}, created, "2026-03-08T03:00-06:00").channels_open == ("correo", "telefono")
    assert run("ikhodi", {"severity": "p4"}, created, "2026-03-08T03:00-06:00").channels_open == ("correo",)


def test_the_phone_takes_urgent_and_critical_cases_only() -> None:
    created = [("created", "2026-03-07T22:00-06:00")]
    assert "telefono" in run("ikhodi", {"severity": "p2"}, created, "2026-03-07T22:00-06:00").channels_open
    assert "telefono" not in run("ikhodi", {"severity": "p3"}, created, "2026-03-07T22:00-06:00").channels_open


def test_closing_without_client_validation_is_a_violation() -> None:
    events = [("created", "2026-03-02T10:00-06:00"),
              {"type": "status", "status": "cerrado", "at": "2026-03-02T15:00:00-06:00"}]
    r = run("ikhodi", {"severity": "p3", "category": "errores", "client_validated": False}, events,
            "2026-03-02T16:00-06:00")
    assert [v.rule for v in r.violations] == ["cierre_sin_validar"]
    ok = run("ikhodi", {"severity": "p3", "category": "errores", "client_validated": True}, events,
             "2026-03-02T16:00-06:00")
    assert ok.violations == ()


def test_no_severity_yet_means_no_target_and_a_violation_once_classified() -> None:
    events = [("created", "2026-03-02T10:00-06:00"),
              {"type": "status", "status": "clasificado", "at": "2026-03-02T10:30:00-06:00"}]
    r = run("ikhodi", {"category": "errores"}, events, "2026-03-02T11:00-06:00")
    assert r.target("first_response").status == "not_applicable"
    assert r.target("first_response").reason == "Sin severidad asignada todavía"
    assert [v.rule for v in r.violations] == ["severidad"]
