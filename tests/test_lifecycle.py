"""A ticket's life cycle, worked by hand: several start events, resuming after a reopening
(`resume on ... within`), and from when a changed clause counts (`field change: from ...`).

Every expected instant below was worked out on paper from docs/semantics.md (6.2, 6.6.1)
and the calendar written in the test; Monday 9 March 2026 is the first day, Bogotá
is UTC-5 all year.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from plazo.dsl.format.formatter import format_policy
from plazo.dsl.loader import check_text
from plazo.dsl.syntax.parser import parse
from plazo.interpreter import loads_policy
from plazo.interpreter.present.document import document, render_markdown
from plazo.interpreter.present.explanation_text import render_explanation
from plazo.interpreter.run.ticket import Ticket

HEAD = """policy ciclo "Ciclo de vida" version 1
language es
timezone America/Bogota
calendar soporte "Soporte" { mon-fri 08:00-18:00 }
field severity "Prioridad" { alto "Alto" medio "Medio" }
status waiting "En espera"
status working "En curso"
status cancelado "Cancelado"
"""


def T(day: int, hhmm: str) -> str:
    return f"2026-03-{day:02d}T{hhmm}:00-05:00"


def run(policy_text: str, at: tuple[int, str], *events: tuple[Any, ...], severity: str = "medio",
        target: str = "t") -> Any:
    policy = loads_policy(HEAD + policy_text)
    log = []
    for kind, day, hhmm, *rest in events:
        event: dict[str, Any] = {"type": kind, "at": T(day, hhmm)}
        if kind == "status":
            event["status"] = rest[0]
        elif kind == "set":
            event.update(field="severity", value=rest[0])
        log.append(event)
    ticket = Ticket.from_dict({"id": "T", "fields": {"severity": severity}, "events": log})
    return policy.evaluate(ticket, datetime.fromisoformat(T(*at))).target(target)


# ------------------------------------------------------------------ resume on ... within

BUSINESS = """target t {
  start on created, reopened
  stop on resolved
  resume on reopened within 3 days
  otherwise: 8 business hours on soporte
}
"""


def test_a_reopening_within_the_span_goes_on_in_business_time() -> None:
    # Friday 6 16:00-17:00 counts 1 hour; reopened Monday 10:00 (65 clock hours later,
    # within 72): 7 hours left, Monday 10:00-17:00
    r = run(BUSINESS, (9, "12:00"), ("created", 6, "16:00"), ("resolved", 6, "17:00"), ("reopened", 9, "10:00"))
    assert (r.status, r.started.isoformat(), r.due.isoformat()) == ("running", T(6, "16:00"), T(9, "17:00"))
    assert r.elapsed_seconds == 3 * 3600 and r.stopped is None


def test_a_reopening_after_the_span_counts_from_zero() -> None:
    # Tuesday 10 09:00 is 88 clock hours after the stop: 8 fresh hours, Tuesday 09:00-17:00
    r = run(BUSINESS, (10, "09:30"), ("created", 6, "16:00"), ("resolved", 6, "17:00"), ("reopened", 10, "09:00"))
    assert (r.started.isoformat(), r.due.isoformat(), r.elapsed_seconds) == (T(10, "09:00"), T(10, "17:00"), 1800)


def test_a_second_start_event_does_nothing_once_started() -> None:
    # created, then reopened while the clock runs (no stop before): neither a resume nor a restart
    r = run(BUSINESS, (9, "12:00"), ("created", 9, "09:00"), ("reopened", 9, "10:00"))
    assert (r.started.isoformat(), r.due.isoformat()) == (T(9, "09:00"), T(9, "17:00"))


REPEATING = """target t {
  start on created
  stop on resolved
  restart on agent_message
  resume on reopened within 1 day
  otherwise: 3 hours
}
"""


def test_a_repeating_target_takes_up_its_last_cycle_again() -> None:
    # cycle 1 08:00-10:00 (due 11:00); cycle 2 from 10:00, 1 hour by the stop at 11:00;
    # reopened 12:00: 2 hours left, due 14:00
    r = run(REPEATING, (9, "13:00"), ("created", 9, "08:00"), ("agent_message", 9, "10:00"),
            ("resolved", 9, "11:00"), ("reopened", 9, "12:00"))
    assert [(c.started.isoformat(), c.due.isoformat(), c.status) for c in r.cycles] == [
        (T(9, "08:00"), T(9, "11:00"), "met"), (T(9, "10:00"), T(9, "14:00"), "running")]


def test_a_repeating_target_opens_a_new_cycle_after_the_span() -> None:
    # reopened Tuesday 12:00, 25 hours after the stop: cycle 2 stays met (it would have been
    # due at 13:00), cycle 3 runs 12:00-15:00
    r = run(REPEATING, (10, "13:00"), ("created", 9, "08:00"), ("agent_message", 9, "10:00"),
            ("resolved", 9, "11:00"), ("reopened", 10, "12:00"))
    assert [(c.started.isoformat(), c.due.isoformat(), c.status) for c in r.cycles] == [
        (T(9, "08:00"), T(9, "11:00"), "met"), (T(9, "10:00"), T(9, "13:00"), "met"),
        (T(10, "12:00"), T(10, "15:00"), "running")]


PAUSED = """target t {
  start on created
  stop on resolved
  resume on reopened within 7 days
  cancel on status cancelado
  pause while status = waiting
  otherwise: 4 hours
}
"""


def test_a_resume_while_the_pause_holds_stays_paused() -> None:
    # 09:00-09:30 counts, paused from 09:30, resolved 10:00, reopened 11:00 still waiting:
    # paused until 12:00, then 3.5 hours left: due 15:30
    events = (("created", 9, "09:00"), ("status", 9, "09:30", "waiting"), ("resolved", 9, "10:00"),
              ("reopened", 9, "11:00"))
    assert run(PAUSED, (9, "11:30"), *events).status == "paused"
    r = run(PAUSED, (9, "12:30"), *events, ("status", 9, "12:00", "working"))
    assert (r.status, r.due.isoformat(), r.elapsed_seconds) == ("running", T(9, "15:30"), 3600)


def test_a_cancelled_target_is_not_resumed() -> None:
    r = run(PAUSED, (9, "12:00"), ("created", 9, "09:00"), ("status", 9, "10:00", "cancelado"),
            ("reopened", 9, "11:00"))
    assert (r.status, r.reason, r.stopped.isoformat()) == ("not_applicable", "cancelled", T(9, "10:00"))


# ------------------------------------------------------------------ field change: from ...

CHANGE = """target t {{
  start on created
  stop on resolved
  field change: from {origin}
  when severity = alto: {alto}
  otherwise: {medio}
}}
"""


def test_from_change_in_business_time() -> None:
    text = CHANGE.format(origin="change", alto="2 business hours on soporte", medio="8 business hours on soporte")
    # raised Friday 17:00: alto's 2 hours are Friday 17-18 and Monday 08-09
    r = run(text, (6, "17:30"), ("created", 6, "16:00"), ("set", 6, "17:00", "alto"))
    assert (r.clause, r.due.isoformat(), r.elapsed_seconds) == (
        "when severity = alto: 2 business hours on soporte", T(9, "09:00"), 1800)
    # from the start: 1 hour was counted by 17:00, 1 more ends on Friday's close, reported
    # as Monday's opening
    r = run(CHANGE.format(origin="start", alto="2 business hours on soporte", medio="8 business hours on soporte"),
            (6, "17:30"), ("created", 6, "16:00"), ("set", 6, "17:00", "alto"))
    assert (r.due.isoformat(), r.elapsed_seconds) == (T(9, "08:00"), 5400)


def test_from_change_back_to_the_first_clause_counts_from_the_last_change() -> None:
    text = CHANGE.format(origin="change", alto="2 hours", medio="4 hours")
    # medio, alto at 10:00 (1 hour of its 2, not breached), medio again at 11:00: 4 hours from 11:00
    r = run(text, (9, "12:00"), ("created", 9, "09:00"), ("set", 9, "10:00", "alto"), ("set", 9, "11:00", "medio"))
    assert (r.status, r.due.isoformat(), r.breached_at) == ("running", T(9, "15:00"), None)


def test_from_change_with_a_fixed_deadline() -> None:
    def text(origin: str) -> str:
        return CHANGE.format(origin=origin, alto="end of business day on soporte",
                             medio="16 business hours on soporte")
    events = (("created", 9, "09:00"), ("set", 10, "10:00", "alto"))
    # medio had used Monday's 9 hours and Tuesday's 2 of 16; alto's day is the change's: Tuesday 18:00
    r = run(text("change"), (10, "11:00"), *events)
    assert (r.status, r.due.isoformat()) == ("running", T(10, "18:00"))
    # from the start, alto's day is the start's, Monday: breached at Monday 18:00
    r = run(text("start"), (10, "11:00"), *events)
    assert (r.status, r.breached_at.isoformat()) == ("breached", T(9, "18:00"))


def test_explain_says_which_rule_applied_and_from_when() -> None:
    text = HEAD + CHANGE.format(origin="change", alto="2 hours", medio="4 hours")
    ticket = Ticket.from_dict({"id": "T", "fields": {"severity": "medio"}, "events": [
        {"type": "created", "at": T(9, "09:00")},
        {"type": "set", "field": "severity", "value": "alto", "at": T(9, "10:00")}]})
    facts = loads_policy(text).explain(ticket, datetime.fromisoformat(T(9, "10:30")))
    t = facts.target("t")
    assert t.on_change == "change" and t.cycles[0].changed_at.isoformat() == T(9, "10:00")
    assert t.cycles[0].counted_from.isoformat() == T(9, "10:00")
    first = t.cycles[0].counted[0]
    assert (first.start.isoformat(), first.end.isoformat()) == (T(9, "10:00"), T(9, "10:30"))
    assert "su plazo se cuenta desde ese cambio (field change: from change)" in render_explanation(facts)
    # the default rule says so too, once a change picked the clause
    start = loads_policy(HEAD + CHANGE.format(origin="start", alto="2 hours", medio="4 hours"))
    words = render_explanation(start.explain(ticket, datetime.fromisoformat(T(9, "10:30"))))
    assert "el tiempo contado desde el inicio sigue contando (field change: from start)" in words


# ------------------------------------------------------------------ the language

def test_the_statements_parse_format_and_check() -> None:
    text = HEAD + """target t {
  start on created, reopened
  stop on resolved
  resume on reopened, status working within 7 days
  field change: from change
  otherwise: 4 hours
}
"""
    policy, diagnostics = parse(text, "t.plazo")
    assert policy is not None and not diagnostics
    formatted = format_policy(policy, text)
    assert "  resume on reopened, status working within 7 days\n  field change: from change\n" in formatted
    assert "  start on created, reopened\n" in formatted
    again, _ = parse(formatted, "t.plazo")
    assert again == policy
    _, found = check_text(text, "t.plazo")
    assert [d.code for d in found if d.severity == "error"] == []


def test_the_published_document_says_when_a_target_resumes() -> None:
    policy = loads_policy(HEAD + PAUSED.replace("cancel on status cancelado\n", "") + """target u {
  start on created
  stop on resolved
  field change: from change
  otherwise: 4 hours
}
""")
    md = render_markdown(document(policy, 2026))
    assert "Se reanuda con la reapertura dentro de 7 días después de detenerse" in md
    assert "Si un cambio de valor elige otra regla, su plazo se cuenta desde el cambio" in md
