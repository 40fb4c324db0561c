"""A target's result from its replayed cycles."""

from __future__ import annotations

from typing import NamedTuple

from plazo.interpreter.run.cycles import Env, TargetState
from plazo.interpreter.run.datetimes import Instants
from plazo.interpreter.run.outcomes import CycleOutcome, first_breach, outcome
from plazo.interpreter.run.results import Cycle, TargetResult


class TargetOutcome(NamedTuple):
    """A target's result, and the outcome of each of its cycles (for ladders and explain).
    A named tuple: one is built per target per evaluation, and it costs less than a
    frozen class."""

    result: TargetResult
    cycles: tuple[CycleOutcome, ...]


def out_of_scope(state: TargetState, env: Env, reason: str) -> TargetOutcome:
    """A target of a ticket a ``reject`` rule puts out of scope: it never applied. The clause
    its values choose is still named, as for a target not started."""
    t = state.target
    clause = t.choose(env)
    return TargetOutcome(TargetResult(
        t.name, t.label, clause.text if clause else None, clause.calendar if clause else None,
        "not_applicable", reason=reason, cycles=() if t.repeating else None), ())


def target_outcome(state: TargetState, env: Env, at: int, dt: Instants) -> TargetOutcome:
    t = state.target
    states = state.cycles
    if not states:
        clause = t.choose(env)
        why = "not started" if clause is None or clause.none_reason is None else clause.none_reason
        if state.handed_off is not None:
            why = state.handed_off
        return TargetOutcome(TargetResult(
            t.name, t.label, clause.text if clause else None, clause.calendar if clause else None,
            "not_applicable", reason=why, cycles=() if t.repeating else None), ())
    # one cycle is the common case: no comprehension (a function call of its own in 3.11)
    outcomes = (outcome(t, states[0], env, at),) if len(states) == 1 else \
        tuple([outcome(t, c, env, at) for c in states])
    last = outcomes[-1]
    cycle = last.cycle
    clause = last.clause
    status = last.status
    if clause is None:
        text = calendar = None
        reason: str | None = "no clause matches this ticket"
    else:
        text, calendar, reason = clause.text, clause.calendar, clause.none_reason
        # instants in the zone of the calendar that counted them (a Lima ticket in Lima time)
        dt = dt.zone(clause.zone)
    if status != "breached":
        if state.cancelled is not None:
            # a cancelled target no longer applies (the cancel closed its cycle, which would
            # otherwise read as met); a breach that happened before the cancel stays
            status, reason = "not_applicable", "cancelled"
        if state.handed_off is not None:
            # handed off before it was met: no longer the support team's; a breach before stays
            status, reason = "not_applicable", state.handed_off
    cycles = None
    breached_at = last.breached_at
    if t.repeating:
        started = states[0].start
        breached_at = first_breach(outcomes)
        cycles = tuple([Cycle(dt.instant(o.cycle.start), dt[o.due], dt[o.cycle.stop], o.status, dt[o.breached_at])
                        for o in outcomes])
    else:
        started = cycle.start
    warn_at = last.warn_at
    elapsed = last.elapsed
    remaining = last.remaining
    result = TargetResult(
        t.name, t.label, text, calendar, status,
        dt[started], dt[last.due] if status != "not_applicable" else None, dt[cycle.stop], dt[breached_at],
        None if elapsed is None else elapsed / 1e6, None if remaining is None else remaining / 1e6,
        dt[warn_at], warn_at is not None and warn_at <= at and status in ("running", "paused"), reason, cycles,
    )
    return TargetOutcome(result, outcomes)
