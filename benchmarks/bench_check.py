"""How `plazo check` and business-time arithmetic grow with what they are asked.

* ``check``: the time to parse and check generated policies of 10, 100, 1,000 and
  10,000 top-level items (calendars, fields, contacts, targets with a clause per
  value, routes, in turn), as a cost *per item* relative to the 100-item policy: a
  check that is near-linear in the file's size keeps the ratio near 1 as the policy
  grows (a quadratic pass would multiply it by 10 at each step).
* ``add``: ``calendar.add`` on a calendar open Monday to Friday 09:00-18:00 and
  closed on Colombian holidays, for 1, 10^3 and 10^5 business hours from a start in
  2026, and for 1 hour from starts 1, 50 and 500 years ahead; each on a fresh
  calendar (so the cost of building its table is counted) and again on the same
  calendar (warm), relative to 1 business hour from 2026 (cold and warm).

Ratios are taken in the same run, so the machine's speed cancels out.

    python benchmarks/bench_check.py [--json] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from plazo.dsl.loader import check_text
from plazo.interpreter import BusinessCalendar, HolidaySet, WeeklyCalendar, compile_calendar

SIZES = (10, 100, 1_000, 10_000)
ZONE = ZoneInfo("America/Bogota")


def generated_policy(items: int) -> str:
    """A valid policy of ``items`` top-level items, each kind referring to the ones before it."""
    out = ['policy bench "Bench" version 1', "language en", "timezone America/Bogota", "holidays CO", ""]
    calendar = field = contact = None
    for i in range(items):
        kind = i % 5
        if kind == 0 or calendar is None:
            calendar = f"c{i}"
            out += [f'calendar {calendar} "Hours {i}" {{', "  mon-fri 08:00-18:00", "  closed on holidays", "}"]
        elif kind == 1 or field is None:
            field = f"f{i}"
            out += [f'field {field} "Field {i}" {{', *(f'  v{k} "Value {k}"' for k in range(3)), "}"]
        elif kind == 2 or contact is None:
            contact = f"k{i}"
            out += [f'contact {contact} "Contact {i}" {{', f'  email "k{i}@example.com"',
                    f'  phone "+57 601 555 {i % 10_000:04d}"', "}"]
        elif kind == 3:
            out += [f'target t{i} "Target {i}" {{', "  start on created", "  stop on resolved",
                    *(f"  when {field} = v{k}: {k + 1} business hours on {calendar}" for k in range(3)),
                    "  otherwise: none \"No target\"", "}"]
        else:
            out += [f'route r{i} when {field} = v0 to "Team {i}" via {contact} reason "Reason {i}"']
        out.append("")
    return "\n".join(out)


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def check_times(repeat: int) -> dict[int, float]:
    times = {}
    for items in SIZES:
        text = generated_policy(items)
        policy, diagnostics = check_text(text, "bench.plazo")
        errors = [d for d in diagnostics if d.severity == "error"]
        assert policy is not None and not errors, errors[:3]
        times[items] = best_of(lambda text=text: check_text(text, "bench.plazo"), repeat if items < 10_000 else 1)
    return times


def calendar() -> BusinessCalendar:
    return compile_calendar(WeeklyCalendar.of("America/Bogota", {"mon-fri": "09:00-18:00"},
                                              holidays=(HolidaySet("CO"),)))


def add_times(repeat: int) -> dict[str, tuple[float, float]]:
    """Case -> (cold, warm) seconds."""
    start = datetime(2026, 3, 2, 10, 0, tzinfo=ZONE)
    cases = {f"{hours:,} business hours from 2026": (start, timedelta(hours=hours)) for hours in (1, 1_000, 100_000)}
    cases |= {f"1 hour from {years} year(s) ahead": (start.replace(year=2026 + years), timedelta(hours=1))
              for years in (1, 50, 500)}
    out = {}
    for name, (t, d) in cases.items():
        cold = best_of(lambda t=t, d=d: calendar().add(t, d), repeat)
        warm_calendar = calendar()
        warm_calendar.add(t, d)
        warm = best_of(lambda t=t, d=d, c=warm_calendar: c.add(t, d), repeat * 20)
        out[name] = (cold, warm)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    checks = check_times(args.repeat)
    per_item = {n: t / n for n, t in checks.items()}
    adds = add_times(args.repeat)
    base_cold, base_warm = adds["1 business hours from 2026"]
    if args.json:
        print(json.dumps({
            "check": [{"items": n, "seconds": checks[n], "per_item_vs_100": per_item[n] / per_item[100]}
                      for n in SIZES],
            "add": [{"case": name, "cold_seconds": cold, "warm_seconds": warm, "cold_vs_1h": cold / base_cold,
                     "warm_vs_1h": warm / base_warm} for name, (cold, warm) in adds.items()],
        }, indent=2))
        return
    print("plazo check: cost per item, relative to the 100-item policy (near 1 = linear)")
    for n in SIZES:
        print(f"  {n:>6,} items  {checks[n]:8.3f} s   {per_item[n] / per_item[100]:5.2f}")
    print("calendar.add: relative to 1 business hour from 2026 (near 1 = flat)")
    print(f"  {'case':<36} {'cold':>8} {'warm':>8}")
    for name, (cold, warm) in adds.items():
        print(f"  {name:<36} {cold / base_cold:8.2f} {warm / base_warm:8.2f}")


if __name__ == "__main__":
    main()
