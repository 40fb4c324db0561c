"""``plazo test --explore``: the five policies keep every invariant on a fixed seed, and
a deliberately broken evaluator (a mutation: a stop exactly at the due instant counted
as a breach, or one deadline moved a minute earlier after a later start) is caught, with
a scenario that reproduces it under ``plazo test``."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from attrs import evolve

from plazo.interpreter import load_policy
from plazo.interpreter.cli.main import main
from plazo.interpreter.policy import Policy
from plazo.interpreter.run.results import EvaluationResult
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.simulate.explore import explore

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = ("wekall", "aldeamo", "intcomex", "openpyme", "ikhodi")
SEED = 20261124


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_five_policies_keep_every_invariant(provider: str) -> None:
    policy = load_policy(ROOT / "policies" / f"{provider}.plazo")
    assert explore(policy, f"policies/{provider}.plazo", seed=SEED, examples=12) == []


def _met_at_due_is_breached(policy: Policy, ticket: Ticket, at: datetime) -> EvaluationResult:
    """The mutation: a target stopped exactly at its due instant is reported breached."""
    r = policy.evaluate(ticket, at)
    return evolve(r, targets=tuple(
        evolve(t, status="breached", breached_at=t.due) if t.status == "met" and t.stopped == t.due else t
        for t in r.targets))


def _earlier_after_a_later_start(policy: Policy, ticket: Ticket, at: datetime) -> EvaluationResult:
    """The mutation: a ticket created in the afternoon gets its first response due a day early."""
    r = policy.evaluate(ticket, at)
    created = ticket.events[0].at
    if created.astimezone(policy.tz).hour < 12:
        return r
    return evolve(r, targets=tuple(evolve(t, due=t.due - timedelta(days=1)) if t.name == "first_response"
                                   and t.due is not None else t for t in r.targets))


def test_a_stop_at_due_counted_as_a_breach_is_caught_with_a_scenario(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    policy = load_policy(ROOT / "policies" / "ikhodi.plazo")
    findings = explore(policy, str(ROOT / "policies" / "ikhodi.plazo"), seed=SEED, examples=6,
                       evaluate=_met_at_due_is_breached)
    assert findings and {f.invariant for f in findings} == {"met iff stopped at or before due"}
    # the scenario passes against the real engine (it states what the invariant requires)
    # and is a ready-to-paste file: plazo test reads it
    scenario = tmp_path / "found.scenario"
    scenario.write_text(findings[0].scenario, encoding="utf-8")
    assert main(["test", str(scenario)]) == 0
    assert "expected met" in findings[0].message and "got breached" in findings[0].message


def test_a_later_start_with_an_earlier_due_is_caught() -> None:
    policy = load_policy(ROOT / "policies" / "intcomex.plazo")
    findings = explore(policy, "policies/intcomex.plazo", seed=SEED, examples=9,
                       evaluate=_earlier_after_a_later_start)
    assert "later start, no earlier due" in {f.invariant for f in findings}


def test_the_command_line_explores_the_scenarios_policies(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(ROOT / "examples" / "ikhodi"), "--explore", "--seed", "3", "--examples", "3"]) == 0
    out = capsys.readouterr().out
    assert "explored policies/ikhodi.plazo (seed 3, 3 example(s) per target and clause): 0 invariant(s) broken" in out \
        or "ikhodi.plazo (seed 3, 3 example(s) per target and clause): 0 invariant(s) broken" in out
