"""The facts of an evaluation a history's record needs, without the rest of it.

A batch writes, per ticket, each target's status, due instant, stop, breach and
counted time, with the ticket's route, scope and violations (``batch/records.py``),
and tallies the same facts (``batch/summary.py``). :func:`evaluate` in ``evaluate.py``
also builds escalation ladders, channels, notification duties, workflow findings and,
per target, its clause, calendar, start, remaining time, warning and rounds, which no
record shows; here they are not computed. The steps that remain are those of
``evaluate`` and ``targets.target_outcome``, in the same order, so the answers are the
same: ``tests/test_fast_path.py`` compares both paths on every ticket of the bundled
histories and of a generated one. Of what is left out, only a level or duty counted on
a calendar can refuse a ticket (a calendar never open again); a policy with one is
evaluated in full (``CompiledPolicy.records_skip_ladders``).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from attrs import frozen

from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.compile.rules import Rejection, Route, Violation
from plazo.interpreter.run.cycles import Env, TargetState
from plazo.interpreter.run.outcomes import first_breach, outcome
from plazo.interpreter.run.replay import replay
from plazo.interpreter.run.results import HandOff, TargetStatus
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.time.instants import from_us

# Instants are kept in epoch microseconds with the zone they are shown in: a record
# writes their text straight from them (batch/iso.py), and building aware datetimes
# first cost more than the rest of the record. The datetimes are properties, for
# whatever else reads the facts (a CSV row, the tests).


def _shown(us: int | None, tz: tzinfo) -> datetime | None:
    return None if us is None else from_us(us, tz)


@frozen(slots=False)  # built per ticket: see the note in results.py
class TargetFacts:
    """What a record shows of a target (as :class:`~plazo.interpreter.run.results.TargetResult`),
    its instants in epoch microseconds shown in ``tz``."""

    name: str
    status: TargetStatus
    tz: tzinfo | None = None  # None: the target has no instant
    due_us: int | None = None
    stopped_us: int | None = None
    breached_us: int | None = None
    elapsed_seconds: float | None = None

    @property
    def due(self) -> datetime | None:
        return None if self.tz is None else _shown(self.due_us, self.tz)

    @property
    def stopped(self) -> datetime | None:
        return None if self.tz is None else _shown(self.stopped_us, self.tz)

    @property
    def breached_at(self) -> datetime | None:
        return None if self.tz is None else _shown(self.breached_us, self.tz)


@frozen(slots=False)  # built per ticket: see the note in results.py
class RecordFacts:
    """What a record shows of an evaluation (as :class:`~plazo.interpreter.run.results.EvaluationResult`),
    ``at`` in epoch microseconds shown in ``tz``."""

    ticket: str
    at_us: int
    tz: tzinfo
    fields: dict[str, Any]
    route: Route | None
    rejected: Rejection | None
    violations: tuple[Violation, ...]
    targets: tuple[TargetFacts, ...]
    status: str | None
    handed_off: HandOff | None

    @property
    def at(self) -> datetime:
        return from_us(self.at_us, self.tz)


def record_facts(policy: CompiledPolicy, ticket: Ticket, at: datetime) -> RecordFacts:
    """``evaluate(policy, ticket, at)`` reduced to what a history's record shows, for a
    policy whose escalation levels and notification duties count on no calendar
    (``policy.records_skip_ladders``): theirs could refuse a ticket, as evaluate would."""
    if not policy.records_skip_ladders:
        raise ValueError(f"policy {policy.name}: an escalation level or notification duty counts on a calendar, "
                         "which can refuse a ticket: evaluate it in full")
    r = replay(policy, ticket, at)
    env, at_us = r.values, r.at
    tz = policy.zone_for(env)
    decision = policy.rules.decide(env)
    rejected = decision.rejected
    if rejected is not None:  # out of scope: no target applies (targets.out_of_scope)
        targets = tuple([TargetFacts(s.target.name, "not_applicable") for s in r.targets])
    else:
        targets = tuple([_target(state, env, at_us, tz) for state in r.targets])
    shown = dict(env)
    status = shown.pop("status")
    handed_off = None if r.handed_off is None else HandOff(r.handed_off[0].name, r.handed_off[0].team,
                                                           from_us(r.handed_off[1], tz))
    return RecordFacts(ticket.id, at_us, tz, shown, decision.route, rejected, decision.violations,
                       targets, status, handed_off)


def _target(state: TargetState, env: Env, at: int, tz: tzinfo) -> TargetFacts:
    """targets.target_outcome, for the facts a record shows."""
    t = state.target
    states = state.cycles
    if not states:
        return TargetFacts(t.name, "not_applicable")
    # one cycle is the common case: no comprehension (a function call of its own in 3.11)
    outcomes = [outcome(t, states[0], env, at)] if len(states) == 1 else [outcome(t, c, env, at) for c in states]
    last = outcomes[-1]
    status = last.status
    if last.clause is not None and last.clause.zone is not None:
        tz = last.clause.zone
    if status != "breached" and (state.cancelled is not None or state.handed_off is not None):
        status = "not_applicable"
    breached_at = first_breach(outcomes) if t.repeating else last.breached_at
    elapsed = last.elapsed
    return TargetFacts(t.name, status, tz, last.due if status != "not_applicable" else None, last.cycle.stop,
                       breached_at, None if elapsed is None else elapsed / 1e6)
