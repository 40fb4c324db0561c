"""Timelines in the zone of the ticket's calendar (issue 16): andes counts a Peruvian
ticket on Lima's hours and a Chilean one on Santiago's (policies/andes.plazo,
examples/andes/zonas.scenario). Facts worked by hand: on Tuesday 10 March 2026
Santiago is at UTC-3 (summer time until 4 April) and Lima at UTC-5, so 17:00 in
Santiago is 15:00 in Lima; hours mon-fri 08:30-18:00 in each country."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from plazo.interpreter.policy import Policy, load_policy, loads_policy
from plazo.interpreter.present.timeline import Timeline, render_table, timeline
from plazo.interpreter.run.ticket import Ticket

ROOT = Path(__file__).resolve().parent.parent
ANDES = ROOT / "policies" / "andes.plazo"
CREATED = "2026-03-10T17:00:00-03:00"  # Tuesday, 17:00 in Santiago, 15:00 in Lima
# a target on Santiago's calendar whatever the country: a Peruvian ticket then counts in two zones
VISITA = '''target visita "Visita en Santiago" {
  start on created
  stop on first_response
  otherwise: 2 business hours on habil_cl
}

'''


def _ticket(country: str) -> Ticket:
    return Ticket.from_dict({"id": f"Z_{country}", "fields": {"country": country, "severity": "alta"},
                             "events": [{"type": "created", "at": CREATED}]})


def _timeline(policy: Policy, country: str) -> Timeline:
    return timeline(policy, _ticket(country), datetime.fromisoformat("2026-03-10T17:01:00-03:00"))


def _mixed() -> Policy:
    text = ANDES.read_text(encoding="utf-8")
    at = text.index("target resolution")
    return loads_policy(text[:at] + VISITA + text[at:], "mixed.plazo")


def _rows(table: str) -> list[str]:
    return [" ".join(line.split()) for line in table.splitlines()]


def test_a_peruvian_ticket_is_shown_in_limas_time() -> None:
    tl = _timeline(load_policy(ANDES), "pe")
    assert tl.timezone == "America/Lima" and not tl.mixed
    rows = _rows(render_table(tl))
    assert "(America/Lima)" in rows[0]
    assert "2026-03-10 15:00 · created" in rows  # 17:00 in Santiago
    assert "2026-03-10 17:00* first_response vence" in rows  # 15:00-17:00: 2 business hours in Lima
    # 1 business day = 9.5 hours: Tue 15:00-18:00 (3), Wed 08:30-15:00 (6.5)
    assert "2026-03-11 15:00* resolution vence" in rows


def test_a_chilean_ticket_stays_in_santiagos_time() -> None:
    tl = _timeline(load_policy(ANDES), "cl")
    assert tl.timezone == "America/Santiago"
    rows = _rows(render_table(tl))
    assert "2026-03-10 17:00 · created" in rows
    assert "2026-03-11 09:30* first_response vence" in rows  # Tue 17:00-18:00, Wed 08:30-09:30


def test_targets_in_two_zones_keep_the_policys_axis_and_show_offsets() -> None:
    tl = _timeline(_mixed(), "pe")
    assert tl.timezone == "America/Santiago" and tl.mixed
    assert dict(tl.lane_zones) == {"first_response": "America/Lima", "resolution": "America/Lima",
                                   "visita": "America/Santiago"}
    rows = _rows(render_table(tl))
    assert "cada objetivo en la zona de su calendario" in rows[0]
    assert "2026-03-10 17:00-03:00 · created" in rows
    assert "2026-03-10 15:00-05:00 first_response empieza a contar" in rows
    assert "2026-03-10 17:00-05:00* first_response vence" in rows
    assert "2026-03-11 09:30-03:00* visita vence" in rows  # Tue 17:00-18:00, Wed 08:30-09:30 in Santiago
    assert tl.to_dict()["target_timezones"] == dict(tl.lane_zones)
    # in time order across zones: 17:00-05:00 is 22:00 UTC on the 10th, 09:30-03:00 is 12:30 UTC on the 11th,
    # 15:00-05:00 is 20:00 UTC on the 11th
    order = [r.subject for r in tl.rows if r.kind == "due"]
    assert order == ["first_response", "visita", "resolution"]


@pytest.mark.parametrize("country", ["pe", "cl"])
def test_a_clock_time_clause_counts_in_no_zone(country: str) -> None:
    # severidad crítica: 30 minutes of clock time, resolution 8 hours: no calendar, the policy's zone
    ticket = Ticket.from_dict({"id": "C", "fields": {"country": country, "severity": "critica"},
                               "events": [{"type": "created", "at": CREATED}]})
    tl = timeline(load_policy(ANDES), ticket, datetime.fromisoformat(CREATED))
    assert tl.timezone == "America/Santiago" and not tl.mixed
    assert "2026-03-10 17:30* first_response vence" in _rows(render_table(tl))
