"""Boundary exploration (``plazo test --explore``): for each target and each clause of a
policy, tickets whose stop falls one minute before, at and one minute after the due
instant, started at random instants, around the zone's DST changes and on Friday
evenings before a weekend (the closures), and the invariants every policy must keep:

- ``met iff stopped at or before due``: stopped at ``due - 1 min`` or ``due`` it is met,
  at ``due + 1 min`` breached, and stopping does not move the due instant;
- ``due not before start``;
- ``later start, no earlier due``: on the same clause, a later start never gives an
  earlier due instant;
- ``a pause never brings due earlier``: a status change that pauses the target (and does
  not stop it) leaves the due instant where it was or later;
- ``evaluation equals the log cut``: evaluating at ``at`` equals evaluating the log cut
  at ``at`` (events after ``at`` have not happened).

Random choices come from ``random.Random(seed)``: the same seed explores the same
tickets. A violation carries a scenario that reproduces it, ready to paste.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from attrs import frozen

from plazo.dsl.errors import PlazoError
from plazo.interpreter.compile.targets import CompiledClause, CompiledTarget
from plazo.interpreter.policy import Policy
from plazo.interpreter.run.results import EvaluationResult, TargetResult
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.simulate.scenario_text import instant, value

MINUTE = timedelta(minutes=1)
MAX_COMBINATIONS = 400  # field values tried per policy (sampled past this)
NUMBERS = (1.0, 3.0, 6.0)  # values tried for a number field
MAX_FINDINGS = 50  # enough to see a pattern; the rest would repeat it


@frozen
class Finding:
    """A broken invariant, with the scenario that shows it."""

    invariant: str
    target: str
    message: str
    scenario: str


Evaluate = Callable[[Policy, Ticket, datetime], EvaluationResult]


def _evaluate(policy: Policy, ticket: Ticket, at: datetime) -> EvaluationResult:
    return policy.evaluate(ticket, at)


def explore(policy: Policy, policy_path: str, seed: int = 0, examples: int = 20,
            evaluate: Evaluate = _evaluate) -> list[Finding]:
    """Every invariant broken by the explored tickets (``examples`` start instants per
    target and clause); ``evaluate`` is the evaluator under test."""
    rng = random.Random(seed)
    findings: list[Finding] = []
    combos = _combinations(policy, rng)
    for target in policy.targets:
        if target.repeating or not target.start or not target.stop:
            continue  # cycles have their own boundaries: not explored here
        for clause in target.clauses:
            values = next((c for c in combos if target.choose(policy.derive(c)) is clause
                           and _in_support(policy, c)), None)
            if values is None:
                continue
            for start in _starts(policy, rng, examples):
                findings.extend(_probe(policy, policy_path, target, clause, values, start, rng, evaluate))
                if len(findings) >= MAX_FINDINGS:
                    return findings
    return findings


def _in_support(policy: Policy, values: Mapping[str, Any]) -> bool:
    """Whether a ticket with ``values`` stays with support: out of scope (a ``reject``) or
    handed off (an ``external`` route), its targets do not apply and there is nothing to probe."""
    created = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    try:
        r = policy.evaluate(_ticket(values, [_event(("created", None), created)]), created + MINUTE)
    except PlazoError:
        return False
    return r.rejected is None and r.handed_off is None


def _combinations(policy: Policy, rng: random.Random) -> list[dict[str, Any]]:
    choices: list[tuple[str, tuple[Any, ...]]] = []
    for name, spec in policy.fields.items():
        if spec.kind == "enum":
            choices.append((name, (None, *spec.values)))
        elif spec.kind == "number":
            choices.append((name, (None, *NUMBERS)))
        elif spec.kind == "boolean":
            choices.append((name, (None, True, False)))
    names = [n for n, _ in choices]
    total = 1
    for _, values in choices:
        total *= len(values)
    if total <= MAX_COMBINATIONS:
        rows = list(itertools.product(*(v for _, v in choices)))
    else:
        rows = [tuple(rng.choice(v) for _, v in choices) for _ in range(MAX_COMBINATIONS)]
    return [{n: v for n, v in zip(names, row, strict=True) if v is not None} for row in rows]


def _starts(policy: Policy, rng: random.Random, examples: int) -> Iterator[datetime]:
    """Start instants: random in 2026, near the zone's DST changes, Friday evenings."""
    tz = policy.tz
    changes = _dst_changes(policy)
    for i in range(examples):
        kind = i % 3
        if kind == 1 and changes:
            t = rng.choice(changes) + timedelta(minutes=rng.randrange(-240, 240))
        elif kind == 2:
            friday = datetime(2026, 1, 2, tzinfo=UTC) + timedelta(weeks=rng.randrange(52))
            t = datetime(friday.year, friday.month, friday.day, 15, 0, tzinfo=tz).astimezone(UTC) + timedelta(
                minutes=rng.randrange(0, 300))
        else:
            t = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(365 * 24 * 60))
        yield t.astimezone(UTC)  # arithmetic on instants in UTC: a local wall time plus a minute is not a minute later


def _dst_changes(policy: Policy) -> list[datetime]:
    out = []
    t = datetime(2026, 1, 1, tzinfo=UTC)
    previous = t.astimezone(policy.tz).utcoffset()
    while t.year == 2026:
        t += timedelta(hours=1)
        offset = t.astimezone(policy.tz).utcoffset()
        if offset != previous:
            out.append(t)
        previous = offset
    return out


def _event(matcher: tuple[str, str | None], at: datetime) -> dict[str, Any]:
    kind, status = matcher
    event: dict[str, Any] = {"type": kind, "at": at.isoformat()}
    if kind == "status" and status is not None:
        event["status"] = status
    return event


def _ticket(values: Mapping[str, Any], events: list[dict[str, Any]]) -> Ticket:
    return Ticket.from_dict({"id": "EXPLORE", "fields": dict(values), "events": events})


def _opening(target: CompiledTarget, start: datetime) -> list[dict[str, Any]]:
    """The events that start the target at ``start`` (a ticket is created first)."""
    first = target.start[0]
    if first == ("created", None):
        return [_event(first, start)]
    return [{"type": "created", "at": (start - MINUTE).isoformat()}, _event(first, start)]


def _probe(policy: Policy, path: str, target: CompiledTarget, clause: CompiledClause, values: Mapping[str, Any],
           start: datetime, rng: random.Random, evaluate: Evaluate) -> list[Finding]:
    def show(t: datetime | None) -> str:
        return _written(t, policy.tz)

    opening = _opening(target, start)
    base = _ticket(values, opening)
    try:
        first = evaluate(policy, base, start + MINUTE).target(target.name)
    except PlazoError:
        return []  # an instant the policy cannot take (its calendar's horizon): nothing to check
    if first.clause != clause.text or first.due is None or first.status not in ("running", "breached"):
        return []
    due = first.due.astimezone(UTC)
    found: list[Finding] = []

    def finding(invariant: str, message: str, events: list[dict[str, Any]], at: datetime, expect: str) -> None:
        found.append(Finding(invariant, target.name, message,
                             _scenario(policy, path, invariant, message, values, events, at, expect)))

    if due < start:
        finding("due not before start", f"{target.name} starts {start.isoformat()} and is due {due.isoformat()}",
                opening, start + MINUTE, f"{target.name} due {show(due)}")
    for offset in (-MINUTE, timedelta(0), MINUTE):
        stop = due + offset
        if stop < start:
            continue
        events = [*opening, _event(target.stop[0], stop)]
        at = stop + MINUTE
        r = evaluate(policy, _ticket(values, events), at).target(target.name)
        want = "met" if offset <= timedelta(0) else "breached"
        if r.status != want or (r.due is not None and r.due.astimezone(UTC) != due):
            finding("met iff stopped at or before due", f"{target.name} due {show(due)}, stopped "
                    f"{show(stop)}: expected {want}, got {r.status} (due {show(r.due)})", events, at,
                    f"{target.name} {want}\n    {target.name} due {show(due)}")
        cut = start + (at - start) * rng.random()
        whole = evaluate(policy, _ticket(values, events), cut)
        kept = [e for e in events if datetime.fromisoformat(e["at"]) <= cut]
        if kept and whole.to_dict() != evaluate(policy, _ticket(values, kept), cut).to_dict():
            finding("evaluation equals the log cut", f"evaluated at {show(cut)}, the whole log and the log cut "
                    "there differ", events, cut, _expectations(whole.target(target.name), policy.tz))
    later = start + timedelta(minutes=rng.randrange(1, 3 * 24 * 60))
    second = evaluate(policy, _ticket(values, _opening(target, later)), later + MINUTE).target(target.name)
    if second.clause == clause.text and second.due is not None and second.due.astimezone(UTC) < due:
        finding("later start, no earlier due", f"started {show(start)} it is due {show(due)}; started later, "
                f"{show(later)}, it is due earlier, {show(second.due)}", _opening(target, later),
                later + MINUTE, f"{target.name} due {show(due)}  # at the earliest")
    for status in policy.statuses:
        pause_at = start + (due - start) / 2
        events = [*opening, {"type": "status", "status": status, "at": pause_at.isoformat()}]
        try:
            paused = evaluate(policy, _ticket(values, events), pause_at + MINUTE).target(target.name)
        except PlazoError:
            continue
        if paused.status in ("running", "paused") and paused.clause == clause.text and paused.due is not None \
                and paused.due.astimezone(UTC) < due:
            finding("a pause never brings due earlier", f"status {status} at {show(pause_at)} moves the due "
                    f"instant from {show(due)} to {show(paused.due)}", events, pause_at + MINUTE,
                    f"{target.name} due {show(due)}  # at the earliest")
    return found


def _written(t: datetime | None, tz: tzinfo) -> str:
    """An instant as a scenario writes it, in ``tz`` with its offset (exact in any DST)."""
    return "none" if t is None else instant(t, tz)


def _expectations(r: TargetResult, tz: tzinfo) -> str:
    return f"{r.name} {r.status}\n    {r.name} due {_written(r.due, tz)}"


def _scenario(policy: Policy, path: str, invariant: str, message: str, values: Mapping[str, Any],
              events: list[dict[str, Any]], at: datetime, expect: str) -> str:
    fields = "".join(f"  {k} = {value(v, ('fields', k), policy.tz)}\n" for k, v in values.items())
    lines = []
    for e in events:
        when = _written(datetime.fromisoformat(e["at"]), policy.tz)
        what = f"status {e['status']}" if e["type"] == "status" else e["type"]
        lines.append(f"  {when}  {what}\n")
    return (f"# plazo test --explore: {invariant}\n# {message}\n"
            f'scenario "explore: {invariant}"\npolicy "{path}"\n\nticket EXPLORE {{\n{fields}{"".join(lines)}'
            f"  at {_written(at, policy.tz)} expect {{\n    {expect}\n  }}\n}}\n")
