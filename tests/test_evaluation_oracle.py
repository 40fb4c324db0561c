"""Evaluation against a slow reference, on random small policies and random tickets.

The policy is written as text (a random weekly calendar, one target with an
optional pause and an optional restart, two clauses on the calendar or on the
clock); the ticket is a random event log (status changes, a severity change,
agent messages, resolution). The reference shares no code with the engine: it
replays the log one minute at a time, marks the minutes in which each cycle's clock
ran, keeps those the chosen clause's calendar has open (the minute-by-minute
oracle of business time), and reads the due instant as the start of the counted
minute after the allowed ones (docs/semantics.md: a deadline that lands on a closing is
the next opening).

Compiling the policy (and its calendar's year table) costs more than a ticket, so
each example draws one policy and ``TICKETS`` tickets for it. Each ticket is
checked at its random `at` and again at the first due instant the reference
gives for it, where the allowed time is used up exactly (the boundary between
running and breached that random instants seldom hit).

It was checked against three engine mutations, each of which fails it: pauses
ignored, ``>=`` for ``>`` in the breach test, and the clause chosen by the values
at `at` instead of those at the cycle's stop.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise

import business_time_oracle as oracle
from examples_budget import examples
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from plazo.interpreter import Policy, Ticket, loads_policy

WINDOWS = [("America/Bogota", "2026-03-02T00:00:00-05:00"), ("America/New_York", "2026-03-02T00:00:00-05:00")]
DAYS = 21
EVENT_SPAN = 4 * 24 * 60  # events fall within two days of creation, `at` within four
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def week_pattern(draw: st.DrawFn) -> list[list[tuple[int, int]]]:
    week: list[list[tuple[int, int]]] = []
    for _ in range(7):
        # up to two intervals in order, on quarter hours; sometimes one crossing midnight
        cuts = sorted(draw(st.sets(st.integers(0, 96), min_size=0, max_size=4)))
        pairs = [(cuts[i] * 15, cuts[i + 1] * 15) for i in range(0, len(cuts) - 1, 2)]
        if draw(st.integers(0, 9)) == 0:
            pairs = [(22 * 60, 6 * 60)]
        week.append(pairs)
    assume(sum(1 for day in week if day) >= 2)
    return week


def policy_text(zone: str, week: list[list[tuple[int, int]]], pause: bool, restart: bool,
                clauses: list[tuple[int, bool]]) -> str:
    days = "\n".join(f"  {DAY_NAMES[d]} " + ", ".join(f"{clock(s)}-{clock(e)}" for s, e in week[d])
                     for d in range(7) if week[d])
    (a_minutes, a_on), (other_minutes, other_on) = clauses
    return f"""policy random "Random"
timezone {zone}
calendar office "Office" {{
{days}
}}
field severity "Severity" {{ a "A" b "B" }}
status waiting "Waiting"
status working "Working"
target t "T" {{
  start on created
  stop on resolved
{"  restart on agent_message" if restart else ""}
{"  pause while status = waiting" if pause else ""}
  when severity = a: {a_minutes} minutes{" on office" if a_on else ""}
  otherwise: {other_minutes} minutes{" on office" if other_on else ""}
}}
"""


@st.composite
def policies(draw: st.DrawFn) -> dict:
    zone, start = draw(st.sampled_from(WINDOWS))
    week = draw(week_pattern())
    pause, restart = draw(st.integers(0, 3)) > 0, draw(st.booleans())
    clauses = [(draw(st.integers(1, 600)), draw(st.booleans())) for _ in range(2)]
    return {"zone": zone, "start": start, "week": week, "pause": pause, "restart": restart, "clauses": clauses}


KINDS = st.sampled_from(["waiting", "working", "set_a", "set_b", "agent_message", "resolved"])
LATER = st.lists(st.tuples(st.integers(0, EVENT_SPAN // 2), KINDS), min_size=1, max_size=8)


@st.composite
def tickets(draw: st.DrawFn) -> dict:
    created = draw(st.integers(0, 2 * 24 * 60))
    events = [(created, "created"), *sorted((created + d, k) for d, k in draw(LATER))]
    at = created + draw(st.integers(0, EVENT_SPAN))
    return {"severity": draw(st.sampled_from(["a", "b"])), "events": events, "at": at}


def reference(s: dict, row: bytearray) -> list[dict] | None:
    """Each cycle's start, stop, status, due and counted minutes, minute by minute
    (None: a due instant lies past the window, not a question for this test)."""
    ones = bytearray([1]) * len(row)
    at = s["at"]
    events = [(m, k) for m, k in s["events"] if m <= at]
    by_minute: dict[int, list[str]] = {}
    for m, k in events:
        by_minute.setdefault(m, []).append(k)
    cycles: list[dict] = []
    status, severity = None, s["severity"]
    started = stopped = False
    for m in range(s["events"][0][0], at):
        for k in by_minute.get(m, []):
            if k == "created" and not started:
                started = True
                cycles.append({"start": m, "stop": None, "ran": [], "severity": None})
            elif k == "resolved" and started and not stopped:
                cycles[-1].update(stop=m, severity=severity)
                stopped = True
            elif k == "agent_message" and s["restart"] and started and not stopped:
                cycles[-1].update(stop=m, severity=severity)
                cycles.append({"start": m, "stop": None, "ran": [], "severity": None})
            elif k in ("waiting", "working"):
                status = k
            elif k.startswith("set_"):
                severity = k[4:]
        paused = s["pause"] and status == "waiting"
        if started and not stopped and not paused:
            cycles[-1]["ran"].append(m)
    # events at `at` itself happen (the engine's replay includes them); they open or stop cycles
    for k in by_minute.get(at, []):
        if k == "created" and not started:
            started = True
            cycles.append({"start": at, "stop": None, "ran": [], "severity": None})
        elif k == "resolved" and started and not stopped:
            cycles[-1].update(stop=at, severity=severity)
            stopped = True
        elif k == "agent_message" and s["restart"] and started and not stopped:
            cycles[-1].update(stop=at, severity=severity)
            cycles.append({"start": at, "stop": None, "ran": [], "severity": None})
        elif k in ("waiting", "working"):
            status = k
        elif k.startswith("set_"):
            severity = k[4:]
    paused_now = s["pause"] and status == "waiting"
    out = []
    for c in cycles:
        chosen = c["severity"] if c["stop"] is not None else severity
        need, on_calendar = s["clauses"][0] if chosen == "a" else s["clauses"][1]
        counter = row if on_calendar else ones
        counted = [m for m in c["ran"] if counter[m]]
        # the clock runs on after the stop (to say when a met target was due) or after `at`
        if c["stop"] is not None:
            tail_from = c["stop"]
        elif not paused_now:
            tail_from = at
        else:
            tail_from = None
        due = None
        if len(counted) > need:
            due = counted[need]
        elif tail_from is not None:
            due = oracle.add(counter, tail_from, need - len(counted))
            if due is None:
                return None
        if len(counted) > need:
            status_of = "breached"
        elif c["stop"] is not None:
            status_of = "met"
        else:
            status_of = "paused" if paused_now else "running"
        out.append({"start": c["start"], "stop": c["stop"], "due": due, "status": status_of,
                    "counted": len(counted)})
    return out


TICKETS = 8

_compiled: dict[str, tuple[Policy, oracle.Window, bytearray]] = {}


def compiled(p: dict) -> tuple[Policy, oracle.Window, bytearray]:
    """The policy compiled, its window and its calendar's minute row, once per policy text."""
    text = policy_text(p["zone"], p["week"], p["pause"], p["restart"], p["clauses"])
    if text not in _compiled:
        if len(_compiled) > 64:
            _compiled.clear()
        w = oracle.window(p["zone"], p["start"], DAYS)
        _compiled[text] = (loads_policy(text), w, oracle.paint_weekly(w, p["week"], set(), {}))
    return _compiled[text]


@settings(max_examples=examples(40))
@given(policies(), st.lists(tickets(), min_size=TICKETS, max_size=TICKETS))
# the allowed time used up exactly when a pause begins: not breached, and no due instant
# until the clock runs again (a boundary random durations seldom hit)
@example({"zone": "America/Bogota", "start": WINDOWS[0][1], "week": [[(540, 1020)]] * 5 + [[], []],
          "pause": True, "restart": False, "clauses": [(480, True), (480, True)]},
         [{"severity": "a", "events": [(540, "created"), (1020, "waiting")], "at": 1080}])
def test_evaluation_agrees_with_the_minute_by_minute_reference(p: dict, ts: list[dict]) -> None:
    policy, w, row = compiled(p)
    for t in ts:
        expected = check(policy, w, row, {**p, **t})
        # again where the first due instant falls: the allowed time used up exactly
        due = next((c["due"] for c in expected or () if c["due"] is not None), None)
        if due is not None and due != t["at"]:
            check(policy, w, row, {**p, **t, "at": due})


def check(policy: Policy, w: oracle.Window, row: bytearray, s: dict) -> list[dict] | None:
    """The engine's answer for one ticket against the reference's (None: not a question)."""
    expected = reference(s, row)
    if expected is None:
        return None
    log = []
    for m, k in s["events"]:
        when = w.instant(m).isoformat()
        if k in ("waiting", "working"):
            log.append({"type": "status", "status": k, "at": when})
        elif k.startswith("set_"):
            log.append({"type": "set", "field": "severity", "value": k[4:], "at": when})
        else:
            log.append({"type": k, "at": when})
    ticket = Ticket.from_dict({"id": "R", "fields": {"severity": s["severity"]}, "events": log})
    result = policy.evaluate(ticket, w.instant(s["at"])).target("t")

    def instant(m: int | None) -> datetime | None:
        return None if m is None else utc(w.instant(m))

    if s["restart"]:
        got = [(utc(c.started), utc(c.stopped), utc(c.due), c.status) for c in result.cycles or ()]
        assert got == [(instant(c["start"]), instant(c["stop"]), instant(c["due"]), c["status"]) for c in expected]
    else:
        (c,) = expected
        assert (result.status, utc(result.started), utc(result.stopped), utc(result.due)) == (
            c["status"], instant(c["start"]), instant(c["stop"]), instant(c["due"]))
        assert result.elapsed_seconds == c["counted"] * 60
        assert utc(result.breached_at) == (instant(c["due"]) if c["status"] == "breached" else None)
    return expected


def utc(t: datetime | None) -> datetime | None:
    """Instants are compared in UTC: Python compares two datetimes of one zone by their wall
    clocks, blind to which of the two 01:30s of a repeated hour each one is."""
    return None if t is None else t.astimezone(UTC)


# ------------------------------------------------------------------ the life cycle
# `resume on reopened within S minutes` and `field change: from start | from change`, against
# a second minute-by-minute reference. Written from docs/semantics.md (6.2, 6.6), not from
# the engine: a reopening at most S minutes after the stop goes on with the time counted;
# later, the clock starts from zero. From a change, the clause the change picks counts
# only the minutes since the change; a clause breached before it was left stays a breach.
# It fails on three engine mutations: `<` for `<=` in the span test, the earlier breach
# forgotten, and `from change` counted as `from start`.


def life_cycle_text(zone: str, week: list[list[tuple[int, int]]], pause: bool, span: int | None,
                    origin: str, clauses: list[tuple[int, bool]]) -> str:
    days = "\n".join(f"  {DAY_NAMES[d]} " + ", ".join(f"{clock(s)}-{clock(e)}" for s, e in week[d])
                     for d in range(7) if week[d])
    (a_minutes, a_on), (other_minutes, other_on) = clauses
    return f"""policy random "Random"
timezone {zone}
calendar office "Office" {{
{days}
}}
field severity "Severity" {{ a "A" b "B" }}
status waiting "Waiting"
status working "Working"
target t "T" {{
  start on created
  stop on resolved
{f"  resume on reopened within {span} minutes" if span is not None else "  reset on reopened"}
  field change: from {origin}
{"  pause while status = waiting" if pause else ""}
  when severity = a: {a_minutes} minutes{" on office" if a_on else ""}
  otherwise: {other_minutes} minutes{" on office" if other_on else ""}
}}
"""


@st.composite
def life_cycle_policies(draw: st.DrawFn) -> dict:
    zone, start = draw(st.sampled_from(WINDOWS))
    week = draw(week_pattern())
    span = draw(st.one_of(st.none(), st.integers(1, 2 * 24 * 60)))
    clauses = [(draw(st.integers(1, 600)), draw(st.booleans())) for _ in range(2)]
    return {"zone": zone, "start": start, "week": week, "pause": draw(st.booleans()), "span": span,
            "origin": draw(st.sampled_from(["start", "change"])), "clauses": clauses}


LIFE_KINDS = st.sampled_from(["waiting", "working", "set_a", "set_b", "resolved", "reopened"])


@st.composite
def life_cycle_tickets(draw: st.DrawFn) -> dict:
    created = draw(st.integers(0, 2 * 24 * 60))
    later = draw(st.lists(st.tuples(st.integers(0, EVENT_SPAN // 2), LIFE_KINDS), min_size=1, max_size=10))
    events = [(created, "created"), *sorted((created + d, k) for d, k in later)]
    at = created + draw(st.integers(0, EVENT_SPAN))
    return {"severity": draw(st.sampled_from(["a", "b"])), "events": events, "at": at}


def life_cycle_reference(s: dict, row: bytearray) -> dict | None:
    """The target's status, start, stop, due, counted minutes and breach, minute by minute."""
    ones = bytearray([1]) * len(row)
    at = s["at"]
    by_minute: dict[int, list[str]] = {}
    for m, k in s["events"]:
        if m <= at:
            by_minute.setdefault(m, []).append(k)
    cycle: dict | None = None
    status, severity, stopped = None, s["severity"], False

    def happen(m: int, k: str) -> None:
        nonlocal cycle, status, severity, stopped
        if k == "created" and cycle is None:
            cycle = {"start": m, "stop": None, "ran": [], "periods": [(m, severity)], "severity_at_stop": None}
        elif k == "resolved" and cycle is not None and not stopped:
            cycle.update(stop=m, severity_at_stop=severity)
            stopped = True
        elif k == "reopened" and cycle is not None:
            if s["span"] is None or not stopped or m - cycle["stop"] > s["span"]:
                if s["span"] is not None and not stopped:
                    return  # a resume while the clock runs changes nothing
                # too late to go on (or `reset on`): the clock starts again from zero
                cycle = {"start": m, "stop": None, "ran": [], "periods": [(m, severity)], "severity_at_stop": None}
            else:
                cycle.update(stop=None, severity_at_stop=None)
                if cycle["periods"][-1][1] != severity:
                    cycle["periods"].append((m, severity))
            stopped = False
        elif k in ("waiting", "working"):
            status = k
        elif k.startswith("set_"):
            severity = k[4:]
            if cycle is not None and not stopped and cycle["periods"][-1][1] != severity:
                cycle["periods"].append((m, severity))

    for m in range(s["events"][0][0], at + 1):
        for k in by_minute.get(m, []):
            happen(m, k)
        if m == at:
            break
        if cycle is not None and not stopped and not (s["pause"] and status == "waiting"):
            cycle["ran"].append(m)
    if cycle is None:
        return {"status": "not_applicable"}
    paused_now = s["pause"] and status == "waiting"
    chosen = cycle["severity_at_stop"] if cycle["stop"] is not None else severity
    periods = cycle["periods"]
    end = cycle["stop"] if cycle["stop"] is not None else at
    if periods[-1][1] != chosen:
        periods = [*periods, (end, chosen)]

    def clause(severity: str) -> tuple[int, bytearray]:
        need, on_calendar = s["clauses"][0] if severity == "a" else s["clauses"][1]
        return need, row if on_calendar else ones

    origin = periods[-1][0] if s["origin"] == "change" else cycle["start"]
    need, counter = clause(chosen)
    counted = [m for m in cycle["ran"] if m >= origin and counter[m]]
    earlier = None
    if s["origin"] == "change":
        for (a, sev), (b, _) in pairwise(periods):
            need_then, counter_then = clause(sev)
            minutes = [m for m in cycle["ran"] if a <= m < b and counter_then[m]]
            if len(minutes) > need_then:
                earlier = minutes[need_then]
                break
    tail_from = cycle["stop"] if cycle["stop"] is not None else (None if paused_now else at)
    due = None
    if len(counted) > need:
        due = counted[need]
    elif tail_from is not None:
        due = oracle.add(counter, tail_from, need - len(counted))
        if due is None:
            return None
    breached_at = due if len(counted) > need else None
    if earlier is not None and (breached_at is None or earlier < breached_at):
        breached_at = earlier
    if breached_at is not None:
        status_of = "breached"
    elif cycle["stop"] is not None:
        status_of = "met"
    else:
        status_of = "paused" if paused_now else "running"
    return {"status": status_of, "start": cycle["start"], "stop": cycle["stop"], "due": due,
            "counted": len(counted), "breached_at": breached_at}


@settings(max_examples=examples(40))
@given(life_cycle_policies(), st.lists(life_cycle_tickets(), min_size=TICKETS, max_size=TICKETS))
# reopened 60 minutes after the stop with a 60-minute span: within (the span is inclusive)
@example({"zone": "America/Bogota", "start": WINDOWS[0][1], "week": [[(540, 1020)]] * 5 + [[], []],
          "pause": False, "span": 60, "origin": "start", "clauses": [(120, False), (120, False)]},
         [{"severity": "a", "events": [(540, "created"), (600, "resolved"), (660, "reopened")], "at": 700}])
# raised to a 30-minute clause after 60 minutes of a 120-minute one: due 30 minutes after the change
@example({"zone": "America/Bogota", "start": WINDOWS[0][1], "week": [[(540, 1020)]] * 5 + [[], []],
          "pause": False, "span": None, "origin": "change", "clauses": [(30, False), (120, False)]},
         [{"severity": "b", "events": [(540, "created"), (600, "set_a")], "at": 610}])
def test_life_cycle_agrees_with_the_minute_by_minute_reference(p: dict, ts: list[dict]) -> None:
    text = life_cycle_text(p["zone"], p["week"], p["pause"], p["span"], p["origin"], p["clauses"])
    if text not in _compiled:
        if len(_compiled) > 64:
            _compiled.clear()
        w = oracle.window(p["zone"], p["start"], DAYS)
        _compiled[text] = (loads_policy(text), w, oracle.paint_weekly(w, p["week"], set(), {}))
    policy, w, row = _compiled[text]
    for t in ts:
        expected = check_life_cycle(policy, w, row, {**p, **t})
        if expected is not None and expected.get("due") is not None and expected["due"] != t["at"]:
            check_life_cycle(policy, w, row, {**p, **t, "at": expected["due"]})


def check_life_cycle(policy: Policy, w: oracle.Window, row: bytearray, s: dict) -> dict | None:
    expected = life_cycle_reference(s, row)
    if expected is None:
        return None
    log = []
    for m, k in s["events"]:
        when = w.instant(m).isoformat()
        if k in ("waiting", "working"):
            log.append({"type": "status", "status": k, "at": when})
        elif k.startswith("set_"):
            log.append({"type": "set", "field": "severity", "value": k[4:], "at": when})
        else:
            log.append({"type": k, "at": when})
    ticket = Ticket.from_dict({"id": "R", "fields": {"severity": s["severity"]}, "events": log})
    result = policy.evaluate(ticket, w.instant(s["at"])).target("t")

    def instant(m: int | None) -> datetime | None:
        return None if m is None else utc(w.instant(m))

    if expected["status"] == "not_applicable":
        assert result.status == "not_applicable"
        return expected
    assert (result.status, utc(result.started), utc(result.stopped), utc(result.due), utc(result.breached_at)) == (
        expected["status"], instant(expected["start"]), instant(expected["stop"]), instant(expected["due"]),
        instant(expected["breached_at"]))
    assert result.elapsed_seconds == expected["counted"] * 60
    return expected
