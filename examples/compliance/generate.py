"""Writes history.jsonl: three months of made-up tickets for examples/compliance/mesa.plazo
(three customers; February is a bad month for one of them), from a fixed seed, so the file
is the same on every run. ``python examples/compliance/generate.py [N] [OUT]``; the
benchmark (benchmarks/bench_report.py) writes bigger histories with :func:`tickets`."""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

BOGOTA = timezone(timedelta(hours=-5))
CUSTOMERS = ("acme", "beta", "gamma")
START = datetime(2026, 1, 1, tzinfo=BOGOTA)
DAYS = 90  # January to March 2026


def tickets(count: int, seed: int = 7) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    for i in range(count):
        customer = CUSTOMERS[i % len(CUSTOMERS)]
        created = START + timedelta(minutes=rng.randrange(DAYS * 24 * 60))
        topic = rng.choices(("soporte", "comercial", "spam"), (90, 6, 4))[0]
        priority = rng.choices(("p1", "p2", "p3"), (15, 35, 50))[0]
        # hours to solve: mostly within 4; beta's February is slow
        slow = customer == "beta" and created.month == 2
        hours = rng.expovariate(1 / (3.5 if slow else 1.2))
        events: list[dict[str, str]] = [{"type": "created", "at": created.isoformat()}]
        if rng.random() < 0.97:
            events.append({"type": "resolved", "at": (created + timedelta(minutes=int(hours * 60) + 1)).isoformat()})
        yield {"id": f"MESA-{i + 1:07d}", "fields": {"priority": priority, "customer": customer, "topic": topic},
               "events": events}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    out = sys.argv[2] if len(sys.argv) > 2 else "examples/compliance/history.jsonl"
    with Path(out).open("w", encoding="utf-8") as handle:
        for t in tickets(count):
            handle.write(json.dumps(t, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
