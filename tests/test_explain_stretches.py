"""Explain's empty stretches: a closed gap in the counted span that holds a holiday or a
dated closure is named, with its closures; ordinary nights, lunch breaks and weekends are not.

Worked by hand from policies/wekall.plazo (seed: "lunes a viernes 7:30 a.m. a 9:00 p.m.,
sábado 8 am - 12:30 pm y 2:00 pm - 6:00 pm", festivos de Colombia cerrados). Holy Week
2026 in Colombia: Jueves Santo Thursday 2 April, Viernes Santo Friday 3 April. Bogotá is
UTC-5 all year.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from plazo.interpreter import Ticket, load_policy, loads_policy
from plazo.interpreter.explain.stretches import EmptyStretch, NamedClosure, empty_stretches
from plazo.interpreter.present.explanation_text import render_explanation

ROOT = Path(__file__).resolve().parent.parent
WEKALL = ROOT / "policies" / "wekall.plazo"


def bogota(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}:00-05:00")


def wekall_ticket(priority: str, created: str) -> Ticket:
    return Ticket.from_dict({"id": "WK", "fields": {"type": "incidente", "priority": priority},
                             "events": [{"type": "created", "at": f"{created}:00-05:00"}]})


def test_holy_week_is_named_and_the_sunday_and_the_lunch_break_are_not() -> None:
    # baja: 16 business hours. Wed 1 Apr 18:00-21:00 = 3 h; Thu 2, Fri 3 closed (holidays);
    # Sat 4 08:00-12:30 + 14:00-18:00 = 8 h 30 min (11 h 30 min); Sun 5 no hours;
    # Mon 6 from 07:30, 4 h 30 min more: due 12:00.
    e = load_policy(WEKALL).explain(wekall_ticket("baja", "2026-04-01T18:00"), bogota("2026-04-01T19:00"))
    [cycle] = e.target("first_response").cycles
    assert cycle.due == bogota("2026-04-06T12:00")
    assert cycle.empty == (EmptyStretch(bogota("2026-04-01T21:00"), bogota("2026-04-04T08:00"),
                                        (NamedClosure(date(2026, 4, 2), "Jueves Santo"),
                                         NamedClosure(date(2026, 4, 3), "Viernes Santo"))),)
    text = render_explanation(e)
    assert ("Sin horario abierto del miércoles 1 de abril de 2026, 21:00 al sábado 4 de abril de 2026, 08:00: "
            "Jueves Santo, Viernes Santo.") in text
    assert text.count("Sin horario abierto") == 1  # not Sat 12:30-14:00, not Sat 18:00 - Mon 07:30


def test_english_and_json() -> None:
    e = load_policy(WEKALL).explain(wekall_ticket("normal", "2026-04-01T18:00"), bogota("2026-04-01T19:00"))
    # normal: 10 business hours: 3 h on Wednesday, then Sat 08:00-12:30 (7 h 30 min) and
    # 14:00-16:30: due Saturday 4 April 16:30
    [cycle] = e.target("first_response").cycles
    assert cycle.due == bogota("2026-04-04T16:30")
    assert "No open time from Wednesday 1 April 2026" in render_explanation(e, "en")
    data = json.loads(json.dumps(e.to_dict()))
    [gap] = data["targets"][0]["cycles"][0]["empty"]
    assert gap == {"start": "2026-04-01T21:00:00-05:00", "end": "2026-04-04T08:00:00-05:00",
                   "closures": [{"day": "2026-04-02", "name": "Jueves Santo"},
                                {"day": "2026-04-03", "name": "Viernes Santo"}],
                   "days_without_hours": []}


def test_a_ticket_created_on_a_holiday_waits_from_its_creation() -> None:
    # created Thursday 2 April at 10:00 (Jueves Santo): nothing counts until Saturday 08:00;
    # alta (6 business hours): Sat 08:00-12:30 = 4 h 30 min, then 14:00-15:30: due 15:30
    e = load_policy(WEKALL).explain(wekall_ticket("alta", "2026-04-02T10:00"), bogota("2026-04-02T11:00"))
    [cycle] = e.target("first_response").cycles
    assert cycle.due == bogota("2026-04-04T15:30")
    [gap] = cycle.empty
    assert (gap.start, gap.end) == (bogota("2026-04-02T10:00"), bogota("2026-04-04T08:00"))
    assert [c.name for c in gap.closures] == ["Jueves Santo", "Viernes Santo"]


def test_an_ordinary_week_has_no_empty_stretch() -> None:
    # baja created Friday 6 March 2026 at 20:00: 1 h Friday, Sat 8 h 30 min, Mon from 07:30
    # 6 h 30 min: due Monday 9 March 14:00. The Sunday is not a holiday: nothing to say.
    e = load_policy(WEKALL).explain(wekall_ticket("baja", "2026-03-06T20:00"), bogota("2026-03-06T20:30"))
    [cycle] = e.target("first_response").cycles
    assert cycle.due == bogota("2026-03-09T14:00")
    assert cycle.empty == ()
    assert "Sin horario abierto" not in render_explanation(e)


def test_a_dated_closure_and_a_day_without_hours_inside_one_gap() -> None:
    policy = loads_policy("""policy p
timezone America/Bogota
calendar oficina { mon-fri 09:00-17:00; closed on 2026-12-24 "Nochebuena" }
target first_response { start on created; stop on first_response; otherwise: 4 business hours on oficina }
""")
    # Wednesday 23 Dec 2026 15:00: 2 h to 17:00; Thursday 24 closed (Nochebuena); no holidays
    # are declared, so Friday 25 is an ordinary day: 2 h more from 09:00, due 11:00.
    t = Ticket.from_dict({"id": "N", "events": [{"type": "created", "at": "2026-12-23T15:00:00-05:00"}]})
    [cycle] = policy.explain(t, bogota("2026-12-23T16:00")).target("first_response").cycles
    assert cycle.due == bogota("2026-12-25T11:00")
    assert cycle.empty == (EmptyStretch(bogota("2026-12-23T17:00"), bogota("2026-12-25T09:00"),
                                        (NamedClosure(date(2026, 12, 24), "Nochebuena"),)),)


def test_the_gap_function_skips_pauses_and_counts_days_without_hours() -> None:
    started = bogota("2026-04-01T18:00")
    counted = [(started, bogota("2026-04-01T21:00")), (bogota("2026-04-06T07:30"), bogota("2026-04-06T09:00"))]
    days = [(date(2026, 4, 2), "Jueves Santo"), (date(2026, 4, 3), "Viernes Santo"), (date(2026, 4, 5), None)]
    [gap] = empty_stretches(started, counted, [], days)
    assert gap.days_without_hours == (date(2026, 4, 5),) and len(gap.closures) == 2
    # paused over the gap: the pause explains it, not the calendar
    assert empty_stretches(started, counted, [(bogota("2026-04-01T20:00"), None)], days) == ()
    # only days without hours: an ordinary weekend
    assert empty_stretches(started, counted, [], [(date(2026, 4, 5), None)]) == ()
