"""Running scenario files: build each ticket, evaluate it at each `expect` instant and
compare. A check that fails says where (file and line), what was expected and what
the evaluation gave."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from attrs import frozen

from plazo.dsl.diagnostics import Diagnostic, Span
from plazo.dsl.errors import PlazoError
from plazo.dsl.loader import read_text
from plazo.dsl.scenario.parser import Expectation, Instant, MaintenanceCheck, Scenario, TicketBlock, parse_scenario
from plazo.interpreter.policy import Policy, load_policy
from plazo.interpreter.run.results import EvaluationResult
from plazo.interpreter.errors import JsonPath, ScenarioError, TicketError
from plazo.interpreter.run.ticket import Ticket


@frozen
class Check:
    file: str
    line: int
    what: str  # the expectation as a short sentence: "first_response due"
    ok: bool
    expected: str
    got: str

    def render(self) -> str:
        return f"{self.file}:{self.line}: {self.what}: expected {self.expected}, got {self.got}"


@frozen
class LoadedScenario:
    scenario: Scenario
    policy: Policy
    tickets: tuple[tuple[TicketBlock, Ticket], ...]


_policies: dict[Path, Policy] = {}


def load_scenario(path: str | Path) -> LoadedScenario:
    """Parse a scenario, compile its policy (once per path) and build its tickets."""
    text = read_text(path)
    scenario, diagnostics = parse_scenario(text, str(path))
    if scenario is None:
        raise ScenarioError(diagnostics, text)
    policy_path = (Path(path).parent / scenario.policy).resolve()
    if policy_path not in _policies:
        if not policy_path.is_file():
            raise ScenarioError([Diagnostic("no-policy", f"no policy file {scenario.policy} next to this scenario",
                                            scenario.policy_span, f"the path is read relative to {Path(path).parent}/")],
                                text)
        _policies[policy_path] = load_policy(policy_path)
    policy = _policies[policy_path]
    tickets = tuple((block, build_ticket(block, policy, text)) for block in scenario.tickets)
    for check in scenario.maintenance:
        for instant in (check.notice, check.start, check.end):
            local_instant(instant, policy, text)  # a bad instant is a diagnostic before anything runs
    for block in scenario.tickets:
        for expect in block.expects:
            local_instant(expect.at, policy, text)
    return LoadedScenario(scenario, policy, tickets)


def local_instant(instant: Instant, policy: Policy, source: str | None = None) -> datetime:
    """An instant as written: local ones are read in the policy's time zone."""
    try:
        t = datetime.fromisoformat(instant.text)
    except ValueError:
        raise ScenarioError([Diagnostic("bad-instant", f"'{instant.text}' is not a date and time", instant.span,
                                        "write e.g. 2026-03-06 17:30")], source) from None
    if t.tzinfo is not None:
        return t
    aware = t.replace(tzinfo=policy.tz)
    if aware.astimezone(timezone.utc).astimezone(policy.tz).replace(tzinfo=None) != t:
        raise ScenarioError([Diagnostic(
            "bad-instant", f"{instant.text.replace('T', ' ')} does not exist in {policy.timezone} "
            "(the clocks jump forward over it)", instant.span,
            "pick a time outside the jump, or give the offset: e.g. 2026-03-08T03:30-04:00")], source)
    return aware


def build_ticket(block: TicketBlock, policy: Policy, source: str | None = None) -> Ticket:
    fields: dict[str, Any] = {}
    places: dict[JsonPath, Span] = {}  # where each part of the ticket's JSON was written
    for f in block.fields:
        value = f.value
        fields[f.field] = (local_instant(Instant(value.text, value.span), policy, source).isoformat()
                           if value.kind == "instant" else value.python)
        places[("fields", f.field)] = f.span
    events = []
    for i, e in enumerate(block.events):
        event: dict[str, Any] = {"type": e.type, "at": local_instant(e.at, policy, source).isoformat()}
        if e.status is not None:
            event["status"] = e.status
        if e.field is not None and e.value is not None:
            event["field"] = e.field
            event["value"] = (local_instant(Instant(e.value.text, e.value.span), policy, source).isoformat()
                              if e.value.kind == "instant" else e.value.python)
        events.append(event)
        places[("events", i)] = e.span
    try:
        ticket = Ticket.from_dict({"id": block.id, "fields": fields, "events": events})
        policy.validate(ticket)
    except TicketError as exc:
        span = places.get(exc.path[:2], block.span)
        raise ScenarioError([Diagnostic("bad-ticket", exc.problem, span, exc.hint or "")], source) from None
    return ticket


# ------------------------------------------------------------------ checking


def run(loaded: LoadedScenario) -> list[Check]:
    checks: list[Check] = []
    for block, ticket in loaded.tickets:
        for expect in block.expects:
            at = local_instant(expect.at, loaded.policy)
            result = loaded.policy.evaluate(ticket, at)
            checks.extend(check(x, result, loaded.policy, loaded.scenario.file) for x in expect.expectations)
    for m in loaded.scenario.maintenance:
        checks.append(check_maintenance(m, loaded.policy, loaded.scenario.file))
    return checks


def shown(t: datetime | None, policy: Policy) -> str:
    """An instant as a scenario writes it: local, with the offset only when it is not the policy's."""
    if t is None:
        return "none"
    local = t.astimezone(policy.tz)
    return local.strftime("%Y-%m-%d %H:%M") + (local.strftime(":%S") if local.second else "")


def _same_instant(written: str, got: datetime | None, policy: Policy) -> bool:
    if written == "none":
        return got is None
    return got is not None and local_instant(Instant(written, _NOWHERE), policy) == got


_NOWHERE = Span("<expectation>", 1, 1, 1, 1)


def check(x: Expectation, r: EvaluationResult, policy: Policy, file: str) -> Check:
    def done(what: str, ok: bool, expected: str, got: str) -> Check:
        return Check(file, x.span.line, what, ok, expected, got)

    expected = x.expected or ""
    written = expected.replace("T", " ") if expected[:4].isdigit() else expected
    kind, subject = x.kind, x.subject or ""
    if kind in ("status", "breached", "due", "cycles", "cycle_status", "cycle_due"):
        target = next((t for t in r.targets if t.name == subject), None)
        if target is None:
            return done(f"target {subject}", False, "a target of the policy",
                        f"no such target (the policy has: {', '.join(t.name for t in r.targets)})")
        if kind == "status":
            return done(f"{subject} status", target.status == expected, expected, target.status)
        if kind == "breached":
            if x.expected is None:
                return done(f"{subject} status", target.status == "breached", "breached", target.status)
            return done(f"{subject} breached at", _same_instant(expected, target.breached_at, policy), written,
                        shown(target.breached_at, policy))
        if kind == "due":
            return done(f"{subject} due", _same_instant(expected, target.due, policy), written,
                        shown(target.due, policy))
        cycles = target.cycles or ()
        if kind == "cycles":
            return done(f"{subject} cycles", len(cycles) == int(expected), expected, str(len(cycles)))
        n = x.cycle or 0
        if not 1 <= n <= len(cycles):
            return done(f"{subject} cycle {n}", False, f"a cycle {n}", f"{len(cycles)} cycle(s)")
        c = cycles[n - 1]
        if kind == "cycle_status":
            return done(f"{subject} cycle {n} status", c.status == expected, expected, c.status)
        return done(f"{subject} cycle {n} due", _same_instant(expected, c.due, policy), written, shown(c.due, policy))
    if kind == "field":
        if subject not in r.fields:
            return done(f"{subject}", False, written, "no value")
        value = r.fields[subject]
        got = (shown(value, policy) if isinstance(value, datetime) else str(value).lower() if isinstance(value, bool)
               else format(value, "g") if isinstance(value, float) else str(value))
        ok = _same_instant(expected, value, policy) if isinstance(value, datetime) else got == (
            format(float(expected), "g") if isinstance(value, float) else expected)
        return done(subject, ok, written, got)
    if kind in ("level", "next"):
        ladder = next((e for e in r.escalations if e.name == subject), None)
        if ladder is None:
            return done(f"escalation {subject}", False, f"level {written}" if kind == "level" else written,
                        "the escalation does not apply to this ticket")
        if kind == "level":
            got = "none" if ladder.current_level is None else format(ladder.current_level, "g")
            return done(f"escalation {subject} level", got == expected, expected, got)
        return done(f"escalation {subject} next", _same_instant(expected, ladder.next_at, policy), written,
                    shown(ladder.next_at, policy))
    if kind == "route":
        got = r.route.name if r.route else "none"
        return done("route", got == expected, expected, got)
    if kind == "rejected":
        got = r.rejected.name if r.rejected else "not rejected"
        return done("rejected", r.rejected is not None and (not expected or got == expected),
                    f"rejected {expected}".strip(), got)
    if kind == "not_rejected":
        return done("rejected", r.rejected is None, "not rejected", f"rejected {r.rejected.name}" if r.rejected else
                    "not rejected")
    violations = [v.rule for v in r.violations]
    if kind == "violation":
        return done("violation", expected in violations, expected, ", ".join(violations) or "no violations")
    if kind == "no_violations":
        return done("violations", not violations, "no violations", ", ".join(violations) or "no violations")
    # channel
    is_open = subject in r.channels_open
    return done(f"channel {subject}", ("open" if is_open else "closed") == expected, expected,
                "open" if is_open else "closed")


def check_maintenance(m: MaintenanceCheck, policy: Policy, file: str) -> Check:
    problems = policy.check_maintenance(local_instant(m.notice, policy), local_instant(m.start, policy),
                                        local_instant(m.end, policy), emergency=m.emergency)
    broken = sorted({p.rule for p in problems})
    expected = ", ".join(sorted(m.expected)) or "allowed"
    got = ", ".join(broken) or "allowed"
    if broken:
        got += " (" + "; ".join(p.message for p in problems) + ")"
    return Check(file, m.span.line, "maintenance", sorted(m.expected) == broken, expected, got)


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Scenario files under each path (a file is taken as it is), in a stable order."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(path.rglob("*.scenario"))
        else:
            yield path
