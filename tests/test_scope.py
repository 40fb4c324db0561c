"""Out of scope means out of the SLA: a ticket a `reject` rule holds for has no target,
an `external` route stops the targets from the event after which it holds, and history
summaries count both apart from the tickets in scope (and from bad input).

Every number below is worked by hand from policies/intcomex.plazo (seed 002): acknowledgement
1 minute and first response 1 hour from `created`, clock time; level 2 from `escalated`.
Instants are Monday 2 March 2026 in New York (UTC-5).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from plazo.dsl.format.formatter import format_policy
from plazo.dsl.syntax.parser import parse
from plazo.interpreter import Ticket, load_policy, loads_policy
from plazo.interpreter.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
INTCOMEX = ROOT / "policies" / "intcomex.plazo"
HISTORY = str(Path(__file__).resolve().parent / "fixtures" / "histories" / "scope.jsonl")
AT = "2026-03-02T12:00:00-05:00"


def ticket(tid: str, fields: dict[str, str], *events: tuple[str, str] | tuple[str, str, str]) -> Ticket:
    evs: list[dict[str, str]] = []
    for e in events:
        if len(e) == 3:
            evs.append({"type": "set", "at": f"2026-03-02T{e[0]}:00-05:00", "field": e[1], "value": e[2]})
        else:
            evs.append({"type": e[1], "at": f"2026-03-02T{e[0]}:00-05:00"})
    return Ticket.from_dict({"id": tid, "fields": fields, "events": evs})


def at(hhmm: str) -> datetime:
    return datetime.fromisoformat(f"2026-03-02T{hhmm}:00-05:00")


def test_a_rejected_ticket_has_no_target_and_says_which_rule() -> None:
    policy = load_policy(INTCOMEX)
    # no acknowledgement nor response by 12:00: in scope both would be breached (10:01, 11:00)
    r = policy.evaluate(ticket("L", {"environment": "produccion", "topic": "licencias_esd"},
                               ("10:00", "created")), at("12:00"))
    assert r.rejected is not None and r.rejected.name == "licencias"
    reason = "Distribuidas las licencias ESD, su administración y uso son responsabilidad del cliente"
    for name in ("acknowledgement", "first_response", "l2_response"):
        t = r.target(name)
        assert (t.status, t.reason, t.due, t.breached_at) == ("not_applicable", reason, None, None)
    assert r.handed_off is None
    assert r.to_dict()["rejected"] == {"name": "licencias", "reason": reason}


def test_an_external_route_from_creation_stops_every_target_at_creation() -> None:
    policy = load_policy(INTCOMEX)
    r = policy.evaluate(ticket("P", {"environment": "pruebas", "topic": "tecnico"}, ("10:00", "created")),
                        at("12:00"))
    assert r.handed_off is not None
    assert (r.handed_off.route, r.handed_off.team, r.handed_off.at) == (
        "integraciones", "Equipo de Integraciones", at("10:00"))
    why = "handed off to Equipo de Integraciones by route integraciones"
    assert [(t.name, t.status, t.reason) for t in r.targets] == [
        ("acknowledgement", "not_applicable", why), ("first_response", "not_applicable", why),
        ("l2_response", "not_applicable", why), ("l2_solution", "not_applicable", why)]
    assert r.to_dict()["handed_off"] == {"route": "integraciones", "team": "Equipo de Integraciones",
                                         "at": "2026-03-02T10:00:00-05:00"}


def test_a_hand_off_keeps_what_was_met_or_breached_before_it() -> None:
    policy = load_policy(INTCOMEX)
    t = ticket("F", {"environment": "produccion", "topic": "tecnico"},
               ("10:00", "created"), ("10:00", "acknowledged"), ("11:30", "topic", "facturacion"),
               ("11:45", "first_response"), ("11:50", "escalated"))
    # before the change: an ordinary ticket, first response due 11:00
    before = policy.evaluate(t, at("10:59"))
    assert before.handed_off is None and before.target("first_response").status == "running"
    r = policy.evaluate(t, at("12:00"))
    assert r.handed_off is not None and (r.handed_off.route, r.handed_off.at) == ("credito", at("11:30"))
    assert r.target("acknowledgement").status == "met"  # 0 of its minute, at 10:00
    fr = r.target("first_response")  # breached at 11:00, half an hour before the hand-off
    assert (fr.status, fr.breached_at) == ("breached", at("11:00"))
    # the response at 11:45 and the escalation at 11:50 came after: nothing starts or stops
    l2 = r.target("l2_response")
    assert (l2.status, l2.reason) == ("not_applicable", "handed off to Departamento de Crédito by route credito")


def test_a_hand_off_before_the_due_instant_makes_the_target_not_applicable() -> None:
    policy = load_policy(INTCOMEX)
    t = ticket("C", {"environment": "produccion", "topic": "tecnico"},
               ("10:00", "created"), ("10:00", "acknowledged"), ("10:30", "topic", "comercial"))
    fr = policy.evaluate(t, at("12:00")).target("first_response")
    # due 11:00, never answered, but handed to Ventas at 10:30: no longer support's
    assert (fr.status, fr.reason, fr.due, fr.stopped) == (
        "not_applicable", "handed off to Departamento de ventas by route ventas", None, at("10:30"))


POLICY = """policy p "P"
timezone America/Bogota
field area "Área" { soporte "Soporte" backoffice "Backoffice" fuera "Fuera" }
target first_response "Primera respuesta" {
  start on created
  stop on first_response
  otherwise: 1 hour
}
route backoffice when area = backoffice to "Backoffice"
route fuera when area = fuera to "Otro equipo" external
"""


def test_an_internal_route_changes_nothing() -> None:
    policy = loads_policy(POLICY)
    t = Ticket.from_dict({"id": "B", "fields": {"area": "backoffice"},
                          "events": [{"type": "created", "at": "2026-03-02T10:00:00-05:00"}]})
    r = policy.evaluate(t, datetime.fromisoformat("2026-03-02T12:00:00-05:00"))
    assert r.route is not None and r.route.name == "backoffice" and not r.route.external
    assert r.handed_off is None and r.target("first_response").status == "breached"


def test_external_is_parsed_formatted_and_reported_in_the_route() -> None:
    policy = loads_policy(POLICY)
    assert [(r.name, r.external) for r, _ in policy.rules.routes] == [("backoffice", False), ("fuera", True)]
    formatted = format_text(POLICY)
    assert 'route fuera when area = fuera to "Otro equipo" external\n' in formatted
    assert 'route backoffice when area = backoffice to "Backoffice"\n' in formatted  # no `external`
    assert format_text(formatted) == formatted
    # `external` may come before the other options; it is printed last
    text = POLICY.replace('to "Otro equipo" external', 'to "Otro" external reason "r"')
    assert format_text(text).endswith('route fuera when area = fuera to "Otro" reason "r" external\n')


def format_text(text: str) -> str:
    policy, diagnostics = parse(text, "<policy>")
    assert not diagnostics and policy is not None
    return format_policy(policy, text)


# tests/fixtures/histories/scope.jsonl, evaluated at 12:00, grouped by environment:
#   S1 produccion/tecnico/c: acknowledged 10:00 (met, 0 min), answered 10:30 (met, 30 min)
#   S2 produccion/tecnico: acknowledged 10:05 (breached at 10:01, stopped: 5 min), never
#      answered (breached at 11:00, still open: no final time)
#   S3 licencias_esd: out of scope (reject licencias)
#   S4 pruebas: handed off to Integraciones at 10:00
#   S5 produccion/tecnico: acknowledged 10:00, handed off to Crédito at 11:30 (its first
#      response was breached at 11:00, but a handed-off ticket is not in the rates)
#   S6 topic "soporte": bad input (line 6)
# tickets 6 = evaluated 5 + rejected 1; evaluated 5 = in scope 2 (S1, S2) + out of scope 1 (S3)
# + handed off 2 (S4, S5). Only S1 and S2 are tallied, both produccion:
#   acknowledgement: met 1, breached 1 -> 1/2 = 50%; median of {0, 5} minutes (nearest rank
#     1 of 2) 0, p90 (rank ceil(1.8) = 2) 5 minutes
#   first_response: met 1, breached 1 -> 50%; only S1 stopped: median = p90 = 30 minutes
#   l2_response and l2_solution: never escalated, not applicable on both: no rate
# Counting every evaluated ticket instead, acknowledgement would be 3 breached of 5 (S2, S3,
# S4) = 60% and first_response 4 of 5: the test fails if the scope rule is lost.
EXPECTED_ROWS = [
    {"target": "acknowledgement", "group": "produccion", "count": 2, "met": 1, "breached": 1, "running": 0,
     "not_applicable": 0, "breach_rate": 0.5, "median_elapsed_seconds": 0, "p90_elapsed_seconds": 300},
    {"target": "first_response", "group": "produccion", "count": 2, "met": 1, "breached": 1, "running": 0,
     "not_applicable": 0, "breach_rate": 0.5, "median_elapsed_seconds": 1800, "p90_elapsed_seconds": 1800},
    {"target": "l2_response", "group": "produccion", "count": 2, "met": 0, "breached": 0, "running": 0,
     "not_applicable": 2, "breach_rate": None, "median_elapsed_seconds": None, "p90_elapsed_seconds": None},
    {"target": "l2_solution", "group": "produccion", "count": 2, "met": 0, "breached": 0, "running": 0,
     "not_applicable": 2, "breach_rate": None, "median_elapsed_seconds": None, "p90_elapsed_seconds": None},
]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_history_counts_out_of_scope_and_handed_off_apart(capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    code = main(["evaluate", str(INTCOMEX), HISTORY, "--at", AT, "--by", "environment", "--jobs", jobs, "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1  # the bad line is a finding
    counts = {k: report[k] for k in ("tickets", "evaluated", "rejected", "in_scope", "out_of_scope", "handed_off")}
    assert counts == {"tickets": 6, "evaluated": 5, "rejected": 1, "in_scope": 2, "out_of_scope": 1, "handed_off": 2}
    assert report["tickets"] == report["evaluated"] + report["rejected"]
    assert report["evaluated"] == report["in_scope"] + report["out_of_scope"] + report["handed_off"]
    assert report["summary"] == EXPECTED_ROWS
    assert [r["line"] for r in report["rejections"]] == [6]


def test_history_text_says_the_scope_counts(capsys: pytest.CaptureFixture[str]) -> None:
    main(["evaluate", str(INTCOMEX), HISTORY, "--at", AT, "--by", "environment"])
    out = capsys.readouterr().out
    assert "6 tickets in" in out and "5 evaluated, 1 rejected" in out
    assert "of the 5 evaluated: 2 in scope, 1 out of scope, 2 handed off" in out


def test_compare_counts_scope_per_policy(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # the same policy with every route internal: S4 and S5 are back in the rates
    internal = tmp_path / "internal.plazo"
    internal.write_text(INTCOMEX.read_text(encoding="utf-8").replace(" external\n", "\n"), encoding="utf-8")
    code = main(["compare", str(internal), str(INTCOMEX), HISTORY, "--at", AT, "--by", "environment", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["scope"] == {"old": {"in_scope": 4, "out_of_scope": 1, "handed_off": 0},
                               "new": {"in_scope": 2, "out_of_scope": 1, "handed_off": 2}}
    rates = {(d["target"], d["group"]): (d["old_breach_rate"], d["new_breach_rate"]) for d in report["breach_rates"]}
    # old first_response, produccion: S1 met, S2 and S5 breached (11:00) -> 2/3; new: 1/2.
    # old pruebas: S4 breached (never answered) -> 1/1; new: no pruebas ticket in scope
    assert rates[("first_response", "produccion")] == (pytest.approx(2 / 3), 0.5)
    assert rates[("first_response", "pruebas")] == (1.0, None)
    # old acknowledgement, produccion: S1, S5 met, S2 breached -> 1/3; new 1/2
    assert rates[("acknowledgement", "produccion")] == (pytest.approx(1 / 3), 0.5)
