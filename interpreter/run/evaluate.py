"""A ticket's state under a policy as of an instant: targets, ladders, rules, channels."""

from __future__ import annotations

from datetime import datetime

from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.run.channels import open_channels
from plazo.interpreter.run.datetimes import Instants
from plazo.interpreter.run.ladders import ladder_results
from plazo.interpreter.run.notify import notification_results
from plazo.interpreter.run.outcomes import CycleOutcome
from plazo.interpreter.run.replay import replay
from plazo.interpreter.run.results import EvaluationResult, HandOff
from plazo.interpreter.run.targets import out_of_scope, target_outcome
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.run.workflow import workflow_violations


def evaluate(policy: CompiledPolicy, ticket: Ticket, at: datetime) -> EvaluationResult:
    """The state of every target, ladder and rule for ``ticket`` as of ``at`` (aware)."""
    r = replay(policy, ticket, at)
    env, at_us = r.values, r.at
    dt = Instants(policy.zone_for(env))  # the ticket's reference zone (a Lima customer's in Lima time)
    targets = []
    cycles: dict[str, tuple[CycleOutcome, ...]] = {}
    decision = policy.rules.decide(env)
    rejected = decision.rejected
    for state in r.targets:
        # out of scope (a reject rule holds as of `at`): no target applies, from the start
        o = out_of_scope(state, env, rejected.reason) if rejected is not None else target_outcome(state, env, at_us, dt)
        targets.append(o.result)
        cycles[state.target.name] = o.cycles
    ladders = ladder_results(policy.ladders, env, at_us, dt, r.first_event, cycles, r.resolved_at)
    channels = open_channels(policy, env, at_us)
    shown = dict(env)
    status = shown.pop("status")  # reported apart, as the result's `status`
    handed_off = None if r.handed_off is None else HandOff(r.handed_off[0].name, r.handed_off[0].team,
                                                           dt.instant(r.handed_off[1]))
    workflow = workflow_violations(policy.workflow, ticket, at_us, env, dt)
    notifications = notification_results(policy.notifications, ticket, at_us, env, dt,
                                         rejected.reason if rejected is not None else None, r.first_event)
    return EvaluationResult(ticket.id, dt.instant(at_us), shown, decision.route, rejected,
                            decision.violations, tuple(targets), ladders, channels, status, handed_off,
                            workflow, notifications)
