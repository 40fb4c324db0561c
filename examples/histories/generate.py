"""Synthetic ticket histories for a bundled policy, reproducible from a seed.

    python examples/histories/generate.py policies/aldeamo.plazo --tickets 200 --seed 1 \\
        --out examples/histories/aldeamo.jsonl

What makes them look like a real helpdesk's: tickets arrive mostly in office hours
(peaks mid-morning and mid-afternoon, local time), fewer at night, on weekends and
on the policy's holidays; field values follow each provider's mix (few high-severity
incidents, many low ones); answers are usually on time with a long tail of late ones;
some tickets move through the policy's statuses, get a field changed, are reopened,
or carry the provider's own events (Aldeamo's failure report after resolution,
Intcomex's acknowledgement and escalations, iKhodi's workarounds).

Everything comes from the policy (its fields, values, statuses, events, calendars)
plus a small profile per provider below; the same seed gives the same file.

Tickets are drawn in blocks of ``BLOCK``, each from a random stream of its own, so the
blocks of a long history are drawn on every core (``--jobs``) and the file is the same
however many there are. The first block's stream is the seed's own: a history of up to
``BLOCK`` tickets is what one stream of that seed gives.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import math
import multiprocessing
import os
import random
import sys
from bisect import bisect
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from plazo.interpreter import CompiledPolicy, load_policy
from plazo.interpreter.compile.deadlines import BusinessDays, BusinessDuration, ClockDuration

BLOCK = 10_000  # tickets per random stream (part of what a seed means: not to be changed lightly)

Fields = dict[str, Any]
_MINUTES: dict[int, timedelta] = {}  # delays drawn, by whole minutes: the same few hundred again and again
MESSAGES = ("agent_message", "customer_message", "agent_message")  # agents write twice as often
_NV_MAGICCONST, _log, _exp = 4 * math.exp(-0.5) / math.sqrt(2.0), math.log, math.exp
Profile = Callable[[random.Random], Fields]


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


# Each provider's mix of tickets (the share of each type and severity is an assumption:
# the seeds define the categories, not their frequencies).
def _aldeamo(rng: random.Random) -> Fields:
    if rng.random() < 0.6:
        return {"type": "incidente", "severity": _pick(rng, {"alto": 0.12, "medio": 0.43, "bajo": 0.45})}
    service = _pick(rng, {"envios": 0.3, "reportes": 0.2, "plataforma": 0.15, "plantillas": 0.15,
                          "lista_blanca": 0.1, "capacitacion": 0.05, "onboarding": 0.05})
    out: Fields = {"type": "solicitud", "service": service}
    if service == "reportes":
        out["report_months"] = rng.randint(1, 12)
    return out


def _wekall(rng: random.Random) -> Fields:
    kind = _pick(rng, {"incidente": 0.55, "requerimiento": 0.35, "problema": 0.1})
    return {"type": kind, "urgency": _pick(rng, {"alta": 0.2, "media": 0.45, "baja": 0.35}),
            "impact": _pick(rng, {"organizacion": 0.15, "departamento": 0.35, "individual": 0.5})}


def _intcomex(rng: random.Random) -> Fields:
    return {"environment": _pick(rng, {"produccion": 0.7, "desarrollo": 0.15, "pruebas": 0.15}),
            "topic": _pick(rng, {"tecnico": 0.5, "ordenes": 0.2, "comercial": 0.15, "facturacion": 0.15}),
            "severity": _pick(rng, {"a": 0.1, "b": 0.3, "c": 0.6})}


def _openpyme(rng: random.Random) -> Fields:
    return {"classification": _pick(rng, {"soporte": 0.7, "cambio": 0.2, "consultoria": 0.1}),
            "impact": _pick(rng, {"alto": 0.15, "medio": 0.45, "bajo": 0.4}),
            "account": _pick(rng, {"general": 0.85, "especial": 0.15}),
            "contract_valid": rng.random() < 0.97}


def _ikhodi(rng: random.Random) -> Fields:
    category = _pick(rng, {"errores": 0.4, "configuracion": 0.2, "consultas": 0.2, "integraciones": 0.1,
                           "actualizaciones": 0.06, "desarrollo_personalizado": 0.02, "terceros": 0.02})
    return {"severity": _pick(rng, {"p1": 0.05, "p2": 0.2, "p3": 0.45, "p4": 0.3}), "category": category,
            "client_validated": rng.random() < 0.9}


PROFILES: dict[str, Profile] = {"aldeamo": _aldeamo, "wekall": _wekall, "intcomex": _intcomex,
                                "openpyme": _openpyme, "ikhodi": _ikhodi}


def _uniform_profile(policy: CompiledPolicy) -> Profile:
    enums = {name: spec.values for name, spec in policy.fields.items()
             if spec.kind == "enum" and name not in {n for n, _ in policy.derived}}
    return lambda rng: {name: rng.choice(list(values)) for name, values in enums.items()}


class Generator:
    def __init__(self, policy: CompiledPolicy, seed: int, start: date, days: int) -> None:
        self.policy = policy
        self.seed = seed
        self.rng = random.Random(seed)
        self.profile = PROFILES.get(policy.name) or _uniform_profile(policy)
        self.tz = policy.tz
        office = _office_calendar(policy)
        # a day's weight: a working day of the office calendar gets most tickets
        self.days = [start + timedelta(days=i) for i in range(days)]
        self.weights = [1.0 if office is None or _works(office, d, self.tz) else 0.2 for d in self.days]
        # rng.choices(self.days, self.weights) adds the weights up on every call: once here, and
        # the same draw (random() * total, bisected) below, so a seed gives the same file as before
        self.cumulative = list(accumulate(self.weights))
        self.total = self.cumulative[-1] + 0.0
        self.stops = {m[0] for t in policy.targets for m in t.stop}
        self.after_resolved = {m[0] for t in policy.targets if ("resolved", None) in t.start for m in t.stop}
        derived = {d for d, _ in policy.derived}
        self.changeable = [n for n, s in policy.fields.items() if s.kind == "enum" and n not in derived]

    def created(self) -> datetime:
        rng = self.rng
        day = self.days[bisect(self.cumulative, rng.random() * self.total, 0, len(self.days) - 1)]
        if rng.random() < 0.85:  # office hours, peaks at 10:30 and 15:00 local
            hour = rng.gauss(10.5, 1.4) if rng.random() < 0.55 else rng.gauss(15.0, 1.6)
            hour = min(max(hour, 0.0), 23.99)
        else:
            hour = rng.uniform(0, 24)
        local = datetime.combine(day, time()) + timedelta(hours=hour)
        return local.replace(tzinfo=self.tz, second=0, microsecond=0)

    def delay(self, median_minutes: float, spread: float = 1.0) -> timedelta:
        # rng.lognormvariate(log(median), spread) inlined (random.py's own steps, the same
        # numbers): it runs some ten times per ticket, and the calls cost more than the sums
        random_ = self.rng.random
        while True:  # normalvariate: Kinderman and Monahan
            u1 = random_()
            u2 = 1.0 - random_()
            z = _NV_MAGICCONST * (u1 - 0.5) / u2
            if z * z / 4.0 <= -_log(u2):
                break
        minutes = round(_exp(_log(median_minutes) + z * spread))
        found = _MINUTES.get(minutes)
        if found is None:
            found = _MINUTES[minutes] = timedelta(minutes=max(1, minutes))
        return found

    def allowed(self, names: tuple[str, ...], env: Fields) -> float | None:
        """The minutes the first of the named targets allows this ticket (clock minutes for
        business time too: a rough aim is enough), or None."""
        for t in self.policy.targets:
            if t.name in names:
                clause = t.choose(env)
                deadline = clause.deadline if clause is not None else None
                if isinstance(deadline, (ClockDuration, BusinessDuration)):
                    return deadline.amount_us / 60e6
                if isinstance(deadline, BusinessDays):
                    return deadline.days * 600.0
        return None

    def ticket(self, number: int) -> dict[str, Any]:
        rng, policy = self.rng, self.policy
        fields = self.profile(rng)
        for name, spec in policy.fields.items():
            if spec.kind == "datetime" and rng.random() < 0.3:  # an agreed date, some days out
                fields[name] = None  # filled below, once `created` is known
        created = self.created()
        for name in [n for n, v in fields.items() if v is None]:
            fields[name] = (created + timedelta(days=rng.randint(2, 10))).isoformat()
        events: list[tuple[datetime, dict[str, Any]]] = [(created, {"type": "created"})]
        # answers aim at the ticket's own deadlines: most land well inside, some late
        env = policy.derive({**fields, "status": None})
        respond = self.allowed(("first_response", "acknowledgement"), env) or 60
        resolve = self.allowed(("resolution", "delivery"), env) or 900
        late = rng.random() < 0.1
        first = created + self.delay(respond * (1.6 if late else 0.3), 0.7)
        if "acknowledged" in policy.events:
            events.append((created + timedelta(minutes=1), {"type": "acknowledged"}))
        events.append((first, {"type": "first_response"}))
        resolved = first + self.delay(resolve * (1.5 if rng.random() < 0.1 else 0.4), 0.8)
        statuses = policy.statuses
        for i, status in enumerate(statuses):  # a walk through the statuses, in order, not always complete
            if rng.random() < 0.35:
                events.append((created + (resolved - created) * (i + 1) / (len(statuses) + 1),
                               {"type": "status", "status": status}))
        t = first
        bits = rng.getrandbits
        while True:  # the conversation until the resolution
            t += self.delay(150, 0.8)
            if t >= resolved:
                break
            # rng.choice(MESSAGES) inlined (random.py's _randbelow(3): two bits, again if 3)
            r = bits(2)
            while r >= 3:
                r = bits(2)
            events.append((t, {"type": MESSAGES[r]}))
        if rng.random() < 0.12:
            events.append((first + (resolved - first) / 3, {"type": "escalated"}))
        if self.changeable and rng.random() < 0.05:
            name = rng.choice(self.changeable)
            events.append((first + (resolved - first) / 2,
                           {"type": "set", "field": name, "value": rng.choice(list(policy.fields[name].values))}))
        for name in policy.events:
            if name in self.after_resolved or name == "acknowledged":
                continue
            if name in self.stops and rng.random() < 0.2:  # a workaround before the resolution
                events.append((first + (resolved - first) / 4, {"type": name}))
        if rng.random() < 0.93:  # the rest are still open at the end of the history
            events.append((resolved, {"type": "resolved"}))
            for name in self.after_resolved:
                if rng.random() < 0.8:
                    events.append((resolved + self.delay(600, 0.9), {"type": name}))
            if rng.random() < 0.03:
                reopened = resolved + self.delay(1440)
                events.append((reopened, {"type": "reopened"}))
                events.append((reopened + self.delay(300), {"type": "resolved"}))
            elif rng.random() < 0.5:
                events.append((resolved + self.delay(2880, 0.5), {"type": "closed"}))
        events.sort(key=lambda e: e[0])
        tz = self.tz
        for when, e in events:
            e["at"] = when.astimezone(tz).isoformat(timespec="seconds")
        return {"id": f"{self.policy.name.upper()[:3]}-{number:07d}", "fields": fields,
                "events": [e for _, e in events]}

    def tickets(self, n: int) -> Iterator[dict[str, Any]]:
        for block in blocks(n):
            yield from self.block(*block)

    def block(self, number: int, first: int, last: int) -> Iterator[dict[str, Any]]:
        """Tickets ``first`` to ``last`` (numbered from 1), block ``number``: from its own stream."""
        self.rng = random.Random(self.seed if number == 0 else f"{self.seed}/{number}")
        for i in range(first, last + 1):
            yield self.ticket(i)


def blocks(n: int) -> list[tuple[int, int, int]]:
    """(block, first ticket, last ticket) of each block of a history of ``n`` tickets."""
    return [(b, first, min(n, first + BLOCK - 1)) for b, first in enumerate(range(1, n + 1, BLOCK))]


def _office_calendar(policy: CompiledPolicy) -> Any:
    """The calendar with the fewest open hours in a sample week (the office, not 24x7)."""
    week = datetime(2026, 3, 2, tzinfo=policy.tz)
    scored = [(cal.elapsed(week, week + timedelta(days=7)), name) for name, cal in policy.calendars.items()]
    scored = [s for s in scored if s[0] > timedelta(0)]
    return policy.calendars[min(scored)[1]] if scored else None


def _works(calendar: Any, day: date, tz: Any) -> bool:
    start = datetime.combine(day, time(), tz)
    return bool(calendar.elapsed(start, start + timedelta(days=1)) >= timedelta(hours=3))


def jsonl_text(tickets: Iterator[dict[str, Any]]) -> str:
    # one encoder for the whole file: json.dumps with options builds a new one per call
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    return "".join([encode(t) + "\n" for t in tickets])


def csv_columns(policy: CompiledPolicy) -> list[str]:
    return [n for n in policy.fields if n not in {d for d, _ in policy.derived}]


def csv_header(policy: CompiledPolicy) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(["ticket", *csv_columns(policy), "event", "at", "status", "field",
                                                    "value"])
    return out.getvalue()


def csv_text(tickets: Iterator[dict[str, Any]], policy: CompiledPolicy) -> str:
    """The rows of ``tickets`` (no header)."""
    fields = csv_columns(policy)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for t in tickets:
        for i, e in enumerate(t["events"]):
            # the ticket's values on its first row
            values = [t["fields"].get(f, "") if i == 0 else "" for f in fields]
            cells = ["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in values]
            writer.writerow([t["id"], *cells, e["type"], e["at"], e.get("status", ""), e.get("field", ""),
                             e.get("value", "")])
    return out.getvalue()


_worker: tuple[Generator, bool] | None = None  # in a worker process: its generator, and whether CSV


def _start_worker(policy: str, seed: int, start: date, days: int, as_csv: bool) -> None:
    global _worker
    _worker = (Generator(load_policy(policy), seed, start, days), as_csv)


def _block_text(block: tuple[int, int, int]) -> str:
    assert _worker is not None, "run by a pool started with _start_worker"
    generator, as_csv = _worker
    tickets = generator.block(*block)
    return csv_text(tickets, generator.policy) if as_csv else jsonl_text(tickets)


def texts(policy_path: str, seed: int, start: date, days: int, n: int, as_csv: bool, jobs: int) -> Iterator[str]:
    """The file's text, block by block, in order: drawn on ``jobs`` processes when there are
    several blocks (the same text as one process draws)."""
    todo = blocks(n)
    if jobs <= 1 or len(todo) <= 1:
        _start_worker(policy_path, seed, start, days, as_csv)
        yield from map(_block_text, todo)
        return
    with multiprocessing.Pool(jobs, _start_worker, (policy_path, seed, start, days, as_csv)) as pool:
        yield from pool.imap(_block_text, todo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("policy")
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 1, 5),
                        help="first day (default 2026-01-05)")
    parser.add_argument("--days", type=int, default=90, help="days the history covers (default 90)")
    parser.add_argument("--out", help="a .jsonl or .csv file (default: JSON Lines on stdout)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes drawing blocks of tickets (default: one per core; the file is the same)")
    args = parser.parse_args(argv)
    as_csv = bool(args.out) and Path(args.out).suffix == ".csv"
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(Path(args.out).open("w", encoding="utf-8", newline="")) if args.out else sys.stdout
        if as_csv:
            out.write(csv_header(load_policy(args.policy)))
        for text in texts(args.policy, args.seed, args.start, args.days, args.tickets, as_csv, args.jobs):
            out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
