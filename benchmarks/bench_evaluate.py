"""Evaluations per second of each bundled policy for a ticket with 6 events.

Prints ``{"policies": [{"name", "evals_per_s", "records_per_s", "vs_calendar_add"}]}``
with ``--json``. ``records_per_s`` is what a history's batch computes per ticket: the
record path (run/record_path.py) and the ticket's record, where ``record_full_per_s``
builds the same record from the full evaluation (the batch's way before it; same run).
``vs_calendar_add`` is the time of one evaluation over the time of one business-time
``add`` on the same machine in the same run (a ratio, so noisy machines compare).
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime, timedelta
from pathlib import Path

from plazo.interpreter import Ticket, WeeklyCalendar, compile_calendar, load_policy
from plazo.interpreter.batch.records import record
from plazo.interpreter.run.record_path import record_facts

ROOT = Path(__file__).resolve().parent.parent
TICKETS = {
    "wekall": {"type": "incidente", "urgency": "media", "impact": "organizacion"},
    "aldeamo": {"type": "incidente", "severity": "alto"},
    "intcomex": {"environment": "produccion", "topic": "tecnico", "severity": "c"},
    "openpyme": {"classification": "soporte", "impact": "medio", "account": "general", "contract_valid": True},
    "ikhodi": {"severity": "p3", "category": "errores"},
}
EVENTS = ["created", "first_response", "customer_message", "agent_message", "escalated", "resolved"]


def ticket(fields: dict) -> Ticket:
    start = datetime.fromisoformat("2026-03-06T17:30:00-05:00")
    return Ticket.from_dict({"id": "B", "fields": fields, "events": [
        {"type": kind, "at": (start + timedelta(hours=3 * i)).isoformat()} for i, kind in enumerate(EVENTS)]})


def rate(fn, rounds: int = 5, seconds: float = 0.2) -> float:
    """Calls per second in the best of ``rounds`` rounds: on a shared machine noise only
    ever slows a round down, so the fastest is the closest to the code's own speed
    (the advice of the timeit documentation)."""
    best = 0.0
    for _ in range(rounds):
        n, began = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - began) < seconds:
            for _ in range(100):
                fn()
            n += 100
        best = max(best, n / elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    at = datetime.fromisoformat("2026-03-08T09:00:00-05:00")
    rows = []
    # the reference: a split-shift calendar with holidays, as in bench_calendar.py
    cal = compile_calendar(WeeklyCalendar.of("America/Bogota",
                                             {"mon-fri": "07:30-21:00", "sat": "08:00-12:30, 14:00-18:00"}))
    add = rate(lambda: cal.add(at, timedelta(hours=2)))
    for name, fields in TICKETS.items():
        policy = load_policy(ROOT / "policies" / f"{name}.plazo")
        t = ticket(fields)
        evals = rate(lambda policy=policy, t=t: policy.evaluate(t, at))
        records = rate(lambda policy=policy, t=t: record(1, record_facts(policy, t, at)))
        full = rate(lambda policy=policy, t=t: record(1, policy.evaluate(t, at)))
        rows.append({"name": name, "evals_per_s": round(evals), "records_per_s": round(records),
                     "record_full_per_s": round(full), "vs_calendar_add": round(add / evals, 1)})
    if args.json:
        print(json.dumps({"policies": rows}, indent=2))
    else:
        for row in rows:
            print(f"{row['name']:10} {row['evals_per_s']:>8} evaluations/s  (one evaluation = "
                  f"{row['vs_calendar_add']} calendar adds); history records {row['records_per_s']}/s "
                  f"(from a full evaluation {row['record_full_per_s']}/s)")


if __name__ == "__main__":
    main()
