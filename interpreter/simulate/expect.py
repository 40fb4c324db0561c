"""Checking a loaded scenario: each ticket evaluated at each `expect` instant, each
expectation compared with the evaluation, and each maintenance checked. A check that
fails says where (file and line), what was expected and what the evaluation gave."""

from __future__ import annotations

from datetime import datetime

from attrs import frozen

from plazo.dsl.diagnostics import Span
from plazo.dsl.scenario.parser import Expectation, Instant, MaintenanceCheck
from plazo.dsl.visible import visible
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.policy import Policy
from plazo.interpreter.run.results import EvaluationResult
from plazo.interpreter.simulate.load import LoadedScenario, local_instant


@frozen
class Check:
    file: str
    line: int
    what: str  # the expectation as a short sentence: "first_response due"
    ok: bool
    expected: str
    got: str

    def render(self) -> str:
        """One line; the scenario's and the ticket's values with their control characters
        shown as escapes (``\\x1b``), so that a terminal and a JUnit report can carry them."""
        return visible(f"{self.file}:{self.line}: {self.what}: expected {self.expected}, got {self.got}")


def run(loaded: LoadedScenario) -> list[Check]:
    """Every check of the scenario, in the order written: expectations, then maintenance."""
    checks: list[Check] = []
    for block, ticket in loaded.tickets:
        for expect in block.expects:
            at = local_instant(expect.at, loaded.policy)
            result = loaded.policy.evaluate(ticket, at)
            checks.extend(check(x, result, loaded.policy, loaded.scenario.file) for x in expect.expectations)
    for m in loaded.scenario.maintenance:
        checks.append(check_maintenance(m, loaded.policy, loaded.scenario.file))
    return checks


def shown(t: datetime | None, policy: CompiledPolicy) -> str:
    """An instant as a scenario writes it: local, with the offset only when it is not the policy's."""
    if t is None:
        return "none"
    local = t.astimezone(policy.tz)
    return local.strftime("%Y-%m-%d %H:%M") + (local.strftime(":%S") if local.second else "")


def _same_instant(written: str, got: datetime | None, policy: CompiledPolicy) -> bool:
    if written == "none":
        return got is None
    return got is not None and local_instant(Instant(written, _NOWHERE), policy) == got


_NOWHERE = Span("<expectation>", 1, 1, 1, 1)


def check(x: Expectation, r: EvaluationResult, policy: CompiledPolicy, file: str) -> Check:
    """One expectation compared with the evaluation it is about."""
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
            return done(f"{subject} cycles", expected.isdigit() and int(expected) == len(cycles), expected,
                        str(len(cycles)))
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
            _number_text(expected) if isinstance(value, float) else expected)
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


def _number_text(expected: str) -> str:
    """An expected number as a value is shown (``2.50`` -> ``2.5``); a text that is not a
    number stays as written (a derived field's value may be a number, unknown to the loader)."""
    try:
        return format(float(expected), "g")
    except ValueError:
        return expected


def check_maintenance(m: MaintenanceCheck, policy: Policy, file: str) -> Check:
    problems = policy.check_maintenance(local_instant(m.notice, policy), local_instant(m.start, policy),
                                        local_instant(m.end, policy), emergency=m.emergency)
    broken = sorted({p.rule for p in problems})
    expected = ", ".join(sorted(m.expected)) or "allowed"
    got = ", ".join(broken) or "allowed"
    if broken:
        got += " (" + "; ".join(p.message for p in problems) + ")"
    return Check(file, m.span.line, "maintenance", sorted(m.expected) == broken, expected, got)
