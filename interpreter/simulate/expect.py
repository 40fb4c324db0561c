"""Checking a loaded scenario: each ticket evaluated at each `expect` instant, each
expectation compared with the evaluation, and each maintenance checked. A check that
fails says where (file and line), what was expected and what the evaluation gave."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from attrs import frozen

from plazo.dsl.diagnostics import Span
from plazo.dsl.scenario.parser import Expectation, Instant, MaintenanceCheck
from plazo.dsl.visible import visible
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.policy import Policy
from plazo.interpreter.run.results import EvaluationResult, MaintenanceProblem
from plazo.interpreter.simulate.coverage import Recorder, record_block, record_maintenance
from plazo.interpreter.simulate.load import LoadedScenario, local_instant, shown_path


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


def run(loaded: LoadedScenario, recorder: Recorder | None = None) -> list[Check]:
    """Every check of the scenario, in the order written: expectations, then maintenance.
    A ``recorder`` is told what each evaluation exercised of the policy (``--coverage``)."""
    checks: list[Check] = []
    file = loaded.scenario.file
    policy = loaded.policy
    tally = None if recorder is None else recorder.tally(policy, loaded.policy_path, shown_path(loaded.policy_path),
                                                          loaded.policy_source)
    for block, ticket in loaded.tickets:
        seen = policy.for_ticket(ticket.fields)  # read and shown in the ticket's reference zone
        for expect in block.expects:
            at = local_instant(expect.at, seen)
            result = policy.evaluate(ticket, at)
            checks.extend(check(x, result, seen, file) for x in expect.expectations)
            if tally is not None:
                record_block(tally, file, expect, ticket, result, partial(policy.explain, ticket, at))
    for m in loaded.scenario.maintenance:
        problems = _maintenance_problems(m, policy)
        checks.append(_maintenance_check(m, problems, file))
        if tally is not None:
            record_maintenance(tally, file, m, problems)
    return checks


def shown(t: datetime | None, policy: CompiledPolicy) -> str:
    """An instant as a scenario writes it: local, in the policy's zone, with the offset
    when the wall time alone would not say which instant it is (the repeated hour of a
    DST change)."""
    if t is None:
        return "none"
    local = t.astimezone(policy.tz)
    return with_offset(t, policy) if ambiguous(local) else _wall(local)


def with_offset(t: datetime | None, policy: CompiledPolicy) -> str:
    """An instant in the policy's zone with its offset, ``2026-04-04 23:00-04:00``: what a
    failure prints, so that two instants with the same wall time are told apart."""
    if t is None:
        return "none"
    local = t.astimezone(policy.tz)
    return _wall(local) + local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]


def ambiguous(local: datetime) -> bool:
    """The wall time of ``local`` happens twice in its zone (the clocks go back over it)."""
    return local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()


def same_instant(a: datetime | None, b: datetime | None) -> bool:
    """The same instant. Python compares two aware datetimes of one zone by their wall time
    (ignoring ``fold``), and never calls instants equal across zones when one is in a
    repeated hour: both go to UTC first."""
    if a is None or b is None:
        return a is None and b is None
    return a.astimezone(UTC) == b.astimezone(UTC)


def _wall(local: datetime) -> str:
    return local.strftime("%Y-%m-%d %H:%M") + (local.strftime(":%S") if local.second else "")


_NOWHERE = Span("<expectation>", 1, 1, 1, 1)


def _expected_instant(written: str, policy: CompiledPolicy) -> datetime | None:
    return None if written == "none" else local_instant(Instant(written, _NOWHERE), policy)


def check(x: Expectation, r: EvaluationResult, policy: CompiledPolicy, file: str) -> Check:
    """One expectation compared with the evaluation it is about."""
    def done(what: str, ok: bool, expected: str, got: str) -> Check:
        return Check(file, x.span.line, what, ok, expected, got)

    def instant(what: str, got: datetime | None) -> Check:
        """An expected instant against the one evaluated: equal as instants; a failure
        prints both with their offsets."""
        want = _expected_instant(expected, policy)
        if same_instant(want, got):
            return done(what, True, written, shown(got, policy))
        return done(what, False, with_offset(want, policy), with_offset(got, policy))

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
            return instant(f"{subject} breached at", target.breached_at)
        if kind == "due":
            return instant(f"{subject} due", target.due)
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
        return instant(f"{subject} cycle {n} due", c.due)
    if kind == "field":
        if subject not in r.fields:
            return done(f"{subject}", False, written, "no value")
        value = r.fields[subject]
        if isinstance(value, datetime):
            return instant(subject, value)
        got = (str(value).lower() if isinstance(value, bool)
               else format(value, "g") if isinstance(value, float) else str(value))
        ok = got == (_number_text(expected) if isinstance(value, float) else expected)
        return done(subject, ok, written, got)
    if kind in ("level", "next", "escalation_not_applicable"):
        ladder = next((e for e in r.escalations if e.name == subject), None)
        if kind == "escalation_not_applicable":
            got = "not_applicable" if ladder is None else "it applies" + (
                "" if ladder.current_level is None else f" (level {format(ladder.current_level, 'g')})")
            return done(f"escalation {subject}", ladder is None, "not_applicable", got)
        if ladder is None:
            return done(f"escalation {subject}", False, f"level {written}" if kind == "level" else f"next {written}",
                        f"not_applicable: the escalation does not apply to this ticket "
                        f"(expect that with 'escalation {subject} not_applicable')")
        if kind == "level":
            got = "none" if ladder.current_level is None else format(ladder.current_level, "g")
            return done(f"escalation {subject} level", got == expected, expected, got)
        return instant(f"escalation {subject} next", ladder.next_at)
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
    if kind in ("handed_off", "not_handed_off"):
        return _hand_off_check(x, r, policy, done)
    if kind in ("notify_status", "notify_due"):
        duty = next((n for n in r.notifications if n.name == subject), None)
        if duty is None:
            return done(f"notify {subject}", False, "a notification duty of the policy",
                        f"no such duty (the policy has: {', '.join(n.name for n in r.notifications) or 'none'})")
        if kind == "notify_status":
            return done(f"notify {subject} status", duty.status == expected, expected, duty.status)
        return instant(f"notify {subject} due", duty.due)
    if kind == "violation_at":
        want = _expected_instant(expected, policy)
        at = [w.at for w in r.workflow if w.rule == subject]
        got = ", ".join(shown(t, policy) for t in at) or "no violation of " + subject
        return done(f"violation {subject} at", any(same_instant(want, t) for t in at), written, got)
    violations = [v.rule for v in r.violations] + [w.rule for w in r.workflow]
    if kind == "violation":
        return done("violation", expected in violations, expected, ", ".join(violations) or "no violations")
    if kind == "no_violations":
        return done("violations", not violations, "no violations", ", ".join(violations) or "no violations")
    # channel
    is_open = subject in r.channels_open
    return done(f"channel {subject}", ("open" if is_open else "closed") == expected, expected,
                "open" if is_open else "closed")


def _hand_off_check(x: Expectation, r: EvaluationResult, policy: CompiledPolicy,
                    done: Callable[[str, bool, str, str], Check]) -> Check:
    """`handed_off [ROUTE] [at INSTANT]` / `not handed_off`: the external route that took
    the ticket out of the support team, and when."""
    h = r.handed_off
    got = "not handed off" if h is None else f"{h.route} at {shown(h.at, policy)}"
    if x.kind == "not_handed_off":
        return done("handed_off", h is None, "not handed off", got)
    want = None if x.expected is None else _expected_instant(x.expected, policy)
    ok = h is not None and (x.subject is None or h.route == x.subject) and (want is None or same_instant(want, h.at))
    expected = " ".join(part for part in (x.subject, None if want is None else f"at {shown(want, policy)}") if part)
    if h is not None and not ok and want is not None:
        got = f"{h.route} at {with_offset(h.at, policy)}"
        expected = " ".join(part for part in (x.subject, f"at {with_offset(want, policy)}") if part)
    return done("handed_off", ok, expected or "handed off", got)


def _number_text(expected: str) -> str:
    """An expected number as a value is shown (``2.50`` -> ``2.5``); a text that is not a
    number stays as written (a derived field's value may be a number, unknown to the loader)."""
    try:
        return format(float(expected), "g")
    except ValueError:
        return expected


def check_maintenance(m: MaintenanceCheck, policy: Policy, file: str) -> Check:
    return _maintenance_check(m, _maintenance_problems(m, policy), file)


def _maintenance_problems(m: MaintenanceCheck, policy: Policy) -> list[MaintenanceProblem]:
    return policy.check_maintenance(local_instant(m.notice, policy), local_instant(m.start, policy),
                                    local_instant(m.end, policy), emergency=m.emergency)


def _maintenance_check(m: MaintenanceCheck, problems: list[MaintenanceProblem], file: str) -> Check:
    broken = sorted({p.rule for p in problems})
    expected = ", ".join(sorted(m.expected)) or "allowed"
    got = ", ".join(broken) or "allowed"
    if broken:
        got += " (" + "; ".join(p.message for p in problems) + ")"
    return Check(file, m.span.line, "maintenance", sorted(m.expected) == broken, expected, got)
