"""plazo import: each product's fixtures (written from its public API documentation) made
into tickets and evaluated against a bundled policy. The due instants are worked out by
hand from the policies' text, in each comment; none was copied from the program's output."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from plazo.interpreter import Ticket, load_policy
from plazo.interpreter.importers import PRODUCTS, Imported, Report, import_export, load_mapping, read_export
from plazo.interpreter.importers.happenings import Rejected

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "imports"
MAPPINGS = ROOT / "examples" / "imports"


def imported(product: str, name: str) -> tuple[dict[str, Ticket], list[Rejected], Report]:
    mapping = load_mapping(str(MAPPINGS / f"{product}.toml"), PRODUCTS[product])
    report = Report()
    tickets: dict[str, Ticket] = {}
    rejected = []
    for r in import_export(read_export(str(FIXTURES / product / name)), mapping, report):
        if isinstance(r, Imported):
            tickets[r.ticket.id] = r.ticket
        else:
            rejected.append(r)
    return tickets, rejected, report


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def target(policy: str, ticket: Ticket, when: str, name: str) -> tuple[str, str | None]:
    result = load_policy(ROOT / "policies" / f"{policy}.plazo").evaluate(ticket, at(when)).target(name)
    return result.status, result.due.isoformat() if result.due else None


# -- Zendesk audits -> Intcomex (America/New_York; EST until 2026-03-08, then EDT) -------------

def test_zendesk_tickets_and_their_due_instants() -> None:
    tickets, rejected, _ = imported("zendesk", "audits.json")
    assert sorted(tickets) == ["101", "102", "103", "104"] and rejected == []
    t = tickets["101"]  # created 13:00Z = 09:00 EDT, priority high -> severity b
    assert t.fields == {"severity": "b", "environment": "produccion", "topic": "tecnico"}
    # acknowledgement: 1 minute; the trigger's notification at creation
    assert target("intcomex", t, "2026-03-10T12:00-04:00", "acknowledgement") == ("met", "2026-03-10T09:01:00-04:00")
    # first response: 1 clock hour; the agent's public reply at 09:40 EDT
    assert target("intcomex", t, "2026-03-10T12:00-04:00", "first_response") == ("met", "2026-03-10T10:00:00-04:00")
    # level 2: moved to the group at 10:00 EDT, severity b: 2 hours -> 12:00; the internal note
    # at 10:00 does not answer, the public reply at 11:30 does
    assert target("intcomex", t, "2026-03-10T12:00-04:00", "l2_response") == ("met", "2026-03-10T12:00:00-04:00")

    t = tickets["102"]  # created 02:30Z = Thu 21:30 EST; low -> high -> urgent (c, b, a)
    assert [(e.type, e.value) for e in t.events if e.type == "set"] == [("set", "b"), ("set", "a")]
    assert target("intcomex", t, "2026-03-06T00:00-05:00", "first_response") == ("met", "2026-03-05T22:30:00-05:00")
    # escalated 22:10 EST as severity a: 1 hour -> 23:10 EST, answered 22:20
    assert target("intcomex", t, "2026-03-06T00:00-05:00", "l2_response") == ("met", "2026-03-05T23:10:00-05:00")
    # solved, then the customer wrote again and the ticket went back to open: a reopening
    assert [e.type for e in t.events][-3:] == ["resolved", "customer_message", "reopened"]

    t = tickets["103"]  # merged into 101 at 14:20 EDT: closed, never answered
    assert [e.type for e in t.events][-1] == "closed"
    assert target("intcomex", t, "2026-03-11T16:00-04:00", "first_response") == \
        ("breached", "2026-03-11T15:00:00-04:00")

    t = tickets["104"]  # Saturday: escalated 10:45 EDT, severity c: 4 business hours on Sat 09-17 -> 14:45
    assert target("intcomex", t, "2026-03-14T19:00-04:00", "l2_response") == ("breached", "2026-03-14T14:45:00-04:00")


def test_zendesk_report_counts_what_is_not_mapped() -> None:
    _, _, report = imported("zendesk", "audits.json")
    assert [(e.what, e.name, e.count, e.first_ticket) for e in report.unmapped_entries()] == [
        ("field", "360099999999", 1, "104")]
    ignored = {(e.what, e.name): e.count for e in report.ignored_entries()}
    assert ignored[("comment kind", "internal")] == 1           # ticket 101's note
    assert ignored[("comment kind", "merge")] == 1              # ticket 103
    assert ignored[("record", "CommentRedactionEvent")] == 1    # ticket 104's deleted comment
    assert ignored[("status", "hold")] == 1


# -- Jira issues with their changelog -> iKhodi (America/Guatemala, UTC-6) -----------------------

def test_jira_tickets_and_their_due_instants() -> None:
    tickets, rejected, _ = imported("jira", "search.json")
    assert sorted(tickets) == ["IKH-1", "IKH-2", "IKH-3"] and rejected == []
    t = tickets["IKH-1"]  # Tue 09:00, Medium -> p3
    # first response: 1 business hour on Mon-Fri 08-17; the internal comment at 09:20 does not count
    assert target("ikhodi", t, "2026-03-11T17:00-06:00", "first_response") == ("met", "2026-03-10T10:00:00-06:00")
    # resolution: 24 business hours: Tue 8 h + Wed 9 h + Thu 7 h -> Thu 15:00
    assert target("ikhodi", t, "2026-03-11T17:00-06:00", "resolution") == ("met", "2026-03-12T15:00:00-06:00")

    t = tickets["IKH-2"]  # Fri 16:30, Low, then High, then Highest (the second change written in UTC)
    assert t.fields["severity"] == "p4"
    # answered from Madrid at 00:10+01:00 = 17:10 Guatemala, as p1: 15 minutes from 16:30 -> 16:45
    assert target("ikhodi", t, "2026-03-13T21:00-06:00", "first_response") == \
        ("breached", "2026-03-13T16:45:00-06:00")
    # resolution p1: 4 clock hours -> 20:30; resolved 02:00Z = 20:00
    assert target("ikhodi", t, "2026-03-13T21:00-06:00", "resolution") == ("met", "2026-03-13T20:30:00-06:00")

    t = tickets["IKH-3"]  # Mon 10:00, Low -> p4; resolved Tue 09:00, reopened Tue 10:05
    assert target("ikhodi", t, "2026-03-19T13:00-06:00", "first_response") == ("met", "2026-03-16T14:00:00-06:00")
    # reset on reopened: 3 business days from Tue 10:05 -> Fri 10:05; the workaround (Thu 12:00) stops it
    assert target("ikhodi", t, "2026-03-19T13:00-06:00", "resolution") == ("met", "2026-03-20T10:05:00-06:00")
    assert [e.status for e in t.events if e.type == "status"] == ["clasificado", "asignado"]


# -- Zammad tickets, articles and history -> Aldeamo (America/Bogota, UTC-5) ---------------------

def test_zammad_tickets_and_their_due_instants() -> None:
    tickets, rejected, _ = imported("zammad", "tickets.json")
    assert sorted(tickets) == ["31001", "31002", "31003", "31004"] and rejected == []
    t = tickets["31001"]  # incidente medio, Friday 17:30: 0.5 h Friday + 1.5 h Monday
    assert target("aldeamo", t, "2026-03-09T12:00-05:00", "first_response") == ("met", "2026-03-09T09:30:00-05:00")

    t = tickets["31002"]  # 08:00, normal -> low -> high: alto, 10 clock minutes; the agent answered 08:20
    assert target("aldeamo", t, "2026-03-10T12:00-05:00", "first_response") == \
        ("breached", "2026-03-10T08:10:00-05:00")
    # failure report: 24 hours from the resolution (closed at 10:00)
    assert target("aldeamo", t, "2026-03-10T12:00-05:00", "failure_report") == \
        ("running", "2026-03-11T10:00:00-05:00")
    assert [e.type for e in t.events][-1] == "reopened"  # closed -> open

    t = tickets["31003"]  # bajo, Wed 15:00: 6 business hours -> Thu 11:00; the deleted reply does not count
    assert target("aldeamo", t, "2026-03-11T16:00-05:00", "first_response") == \
        ("running", "2026-03-12T11:00:00-05:00")
    assert [e.type for e in t.events][-1] == "closed"  # merged

    t = tickets["31004"]  # solicitud de envíos, Saturday 08:00: 4 business hours on Sat 08-17 -> 12:00
    assert t.fields == {"type": "solicitud", "service": "envios", "severity": "medio"}
    assert target("aldeamo", t, "2026-03-07T12:00-05:00", "delivery") == ("met", "2026-03-07T12:00:00-05:00")


# -- bad exports: one bad ticket is rejected with its id and the place, the run goes on ---------

@pytest.mark.parametrize(("product", "expected"), [
    ("zendesk", {"202": "'2026-03-10 08:30:00' has no UTC offset @ $.audits[2].created_at",
                 "203": "missing key 'public' @ $.audits[3].events[1]"}),
    ("jira", {"IKH-9": "'2026-03-10T10:00:00.000' has no UTC offset @ $.issues[0].fields.comment.comments[0].created",
              "IKH-10": "missing key 'changelog' @ $.issues[1]"}),
    ("zammad", {"39001": "expected true or false, got a text @ $[0].articles[0].internal"}),
])
def test_a_bad_ticket_is_rejected_and_the_run_goes_on(product: str, expected: dict[str, str]) -> None:
    tickets, rejected, _ = imported(product, "broken.json")
    assert len(tickets) == 1
    assert {r.id: r.reason.split(" (")[0] for r in rejected} == expected


def test_every_fixture_ticket_loads_as_json() -> None:
    for product in PRODUCTS:
        tickets, _, _ = imported(product, {"zendesk": "audits.json", "jira": "search.json",
                                           "zammad": "tickets.json"}[product])
        for t in tickets.values():
            assert Ticket.from_dict(json.loads(json.dumps(t.to_dict()))) == t
