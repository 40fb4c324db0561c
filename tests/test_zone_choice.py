"""A policy's reference time zone chosen per ticket: ``timezone by country { ... }``.

Every expected instant is worked by hand from the zone rules (Lima is UTC-5 all year;
Santiago goes back from UTC-3 to UTC-4 at 00:00 on Sunday 2026-04-05), not printed by
plazo: see the comments by each.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from plazo.dsl.format.formatter import format_policy
from plazo.dsl.loader import check_text
from plazo.dsl.syntax.parser import parse
from plazo.interpreter import Ticket, loads_policy
from plazo.interpreter.present.document import document, render_markdown
from plazo.interpreter.simulate.expect import run
from plazo.interpreter.simulate.load import load_scenario

ROOT = Path(__file__).resolve().parent.parent
ANDES = (ROOT / "policies" / "andes.plazo").read_text(encoding="utf-8")

POLICY = """policy z "Z" version 1
language es
timezone by country { cl: America/Santiago  pe, co: America/Lima  otherwise: America/Bogota }
field country { cl pe co ar }
field vip boolean
target t {
  start on created
  stop on resolved
  otherwise: 8 hours
}
"""


def critical(country: str, created: str) -> Ticket:
    return Ticket.from_dict({"id": f"T_{country}", "fields": {"country": country, "severity": "critica"},
                             "events": [{"type": "created", "at": created}]})


def test_a_lima_tickets_clock_target_is_shown_in_lima_time() -> None:
    policy = loads_policy(ANDES)
    # created Saturday 2026-04-04 20:00 in Lima = 2026-04-05 01:00 UTC; 30 min and 8 h of clock time
    result = policy.evaluate(critical("pe", "2026-04-05T01:00:00Z"), datetime(2026, 4, 5, 1, 1, tzinfo=UTC))
    assert result.at.isoformat() == "2026-04-04T20:01:00-05:00"
    assert result.target("first_response").due.isoformat() == "2026-04-04T20:30:00-05:00"
    assert result.target("resolution").due.isoformat() == "2026-04-05T04:00:00-05:00"
    assert result.to_dict()["targets"][1]["due"] == "2026-04-05T04:00:00-05:00"


def test_a_santiago_tickets_clock_target_crosses_chiles_clock_change() -> None:
    policy = loads_policy(ANDES)
    # 2026-04-04 20:00 in Santiago (UTC-3) = 23:00 UTC; + 8 h = 07:00 UTC on Sunday, after
    # the clocks went back at 00:00 (-> 23:00, UTC-4): 03:00-04:00 in Santiago
    result = policy.evaluate(critical("cl", "2026-04-04T23:00:00Z"), datetime(2026, 4, 4, 23, 1, tzinfo=UTC))
    assert result.target("first_response").due.isoformat() == "2026-04-04T20:30:00-03:00"
    assert result.target("resolution").due.isoformat() == "2026-04-05T03:00:00-04:00"


def test_explain_names_the_tickets_zone_for_clock_time() -> None:
    policy = loads_policy(ANDES)
    e = policy.explain(critical("pe", "2026-04-05T01:00:00Z"), datetime(2026, 4, 5, 1, 1, tzinfo=UTC))
    assert e.timezone == "America/Lima"
    assert e.at.utcoffset().total_seconds() == -5 * 3600  # type: ignore[union-attr]
    assert e.target("resolution").timezone == "America/Lima"


def test_each_value_otherwise_and_a_ticket_without_the_field() -> None:
    policy = loads_policy(POLICY)
    assert policy.zone_for({"country": "cl"}) == ZoneInfo("America/Santiago")
    assert policy.zone_for({"country": "co"}) == ZoneInfo("America/Lima")
    assert policy.zone_for({"country": "ar"}) == ZoneInfo("America/Bogota")
    # no value yet: otherwise, as a calendar choice's otherwise takes such a ticket
    assert policy.zone_for({}) == ZoneInfo("America/Bogota")
    # the policy's own zone (what is one for every ticket) is the first written
    assert policy.timezone == "America/Santiago"


def test_a_policy_with_one_zone_is_the_same_for_every_ticket() -> None:
    policy = loads_policy(POLICY.replace(
        "timezone by country { cl: America/Santiago  pe, co: America/Lima  otherwise: America/Bogota }",
        "timezone America/Lima"))
    assert policy.for_ticket({"country": "cl"}) is policy
    assert policy.zone_for({"country": "cl"}) == ZoneInfo("America/Lima")


def test_a_scenarios_local_times_are_read_in_the_tickets_zone() -> None:
    loaded = load_scenario(ROOT / "examples" / "andes" / "reloj_por_pais.scenario")
    created = {t.id: t.events[0].at for _, t in loaded.tickets}
    # both written "2026-04-04 20:00": Lima (UTC-5) and Santiago (UTC-3)
    assert created["AND_RELOJ_PE"] == datetime(2026, 4, 5, 1, 0, tzinfo=UTC)
    assert created["AND_RELOJ_CL"] == datetime(2026, 4, 4, 23, 0, tzinfo=UTC)
    checks = run(loaded)
    assert checks and all(c.ok for c in checks), [c.render() for c in checks if not c.ok]


def test_the_checker_proves_the_choice_complete() -> None:
    _, found = check_text(POLICY.replace("  otherwise: America/Bogota", ""), "z.plazo")
    assert [(d.code, d.message) for d in found if d.severity == "error"] == [
        ("choice-incomplete", "the time zone choice has no zone for country = ar")]


def test_the_formatter_writes_the_choice_back() -> None:
    policy, _ = parse(POLICY.replace("co: America/Lima  otherwise", 'co: "America/Lima" otherwise'), "z.plazo")
    assert policy is not None
    assert ("timezone by country { cl: America/Santiago  pe, co: America/Lima  otherwise: America/Bogota }"
            in format_policy(policy).splitlines())


def test_render_publishes_each_countrys_zone() -> None:
    # the SLA: "en la hora local del país del cliente"; one zone for all would tell Peruvian
    # customers they are served on Santiago time
    text = render_markdown(document(loads_policy(ANDES, "andes.plazo"), 2026))
    assert ("Zona horaria: la de cada caso, según País del cliente: Chile → America/Santiago; "
            "Perú → America/Lima.") in text
    english = render_markdown(document(loads_policy(POLICY, "z.plazo"), 2026, "en"))
    assert "Time zone: each ticket's, by country: cl → America/Santiago; pe or co → America/Lima; " \
        "others → America/Bogota." in english
