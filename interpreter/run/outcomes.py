"""What a cycle comes to: its clause, due instant, status, counted and remaining time.

The clause is the first that matches the ticket's values when the cycle ends (or at
the evaluation instant): a field changed mid-ticket moves the target to the new
clause, and the time already counted, measured on the new clause's calendar, counts
against the new duration. A cycle is breached when more time has been counted than
the clause allows; ``breached_at`` is the instant that happened.

With ``field change: from change`` a clause that a change picked counts its time from
that change: only the clock's time since then counts against it (``counting`` is the
cycle cut there). A clause that was already breached before it was left stays a
breach of the cycle, at the instant it happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from plazo.interpreter.compile.deadlines import Counted, Fixed
from plazo.interpreter.compile.targets import CompiledClause, CompiledTarget
from plazo.interpreter.run.cycles import CycleState, Env
from plazo.interpreter.run.results import TargetStatus
from plazo.interpreter.time.clock import CLOCK, Counter


def crossing(counter: Counter, segments: list[tuple[int, int]], lengths: tuple[int, ...], open_from: int | None,
             need: int) -> int | None:
    """The instant at which the counted time first exceeds ``need`` (None: not yet known).
    ``lengths``: the counted time of each segment, computed once by the caller."""
    counted = 0
    for (a, _), e in zip(segments, lengths, strict=True):
        if counted + e > need:
            return counter.add_us(a, need - counted)
        counted += e
    if open_from is not None:
        return counter.add_us(open_from, need - counted)
    return None


class CycleOutcome:
    """Everything computed for one cycle, kept for escalation ladders (fractions, offsets).
    The defaults are class attributes: an outcome sets only what its clause computes, and
    five or more are built per evaluation."""

    clause: CompiledClause | None = None
    status: TargetStatus = "not_applicable"
    due: int | None = None
    breached_at: int | None = None
    elapsed: int | None = None
    remaining: int | None = None
    warn_at: int | None = None
    need: int | None = None  # the counted time allowed (None: a fixed instant, or none)
    counter: Counter = CLOCK
    lengths: tuple[int, ...] = ()  # counted time of each closed segment (on a calendar; on the clock, unused)
    changed_at: int | None = None  # the event that changed the values to pick the clause, if one did
    counted_from: int | None = None  # `field change: from change`: the change its clause counts from

    def __init__(self, cycle: CycleState) -> None:
        self.cycle = cycle
        self.counting = cycle  # the part of the cycle its clause counts (from a change: cut there)

    def at_fraction(self, fraction: float) -> int | None:
        if self.need is None:
            if self.due is not None:
                return int(self.cycle.start + (self.due - self.cycle.start) * fraction)
            return None
        c = self.counting
        if self.counter is CLOCK:
            return clock_crossing(c.segments, c.open_from, int(self.need * fraction))
        return crossing(self.counter, c.segments, self.lengths, c.open_from, int(self.need * fraction))


def clock_crossing(segments: list[tuple[int, int]], open_from: int | None, need: int) -> int | None:
    """:func:`crossing` on the clock, where a stretch counts its length: no calls per stretch."""
    counted = 0
    for a, b in segments:
        if counted + b - a > need:
            return a + need - counted
        counted += b - a
    return None if open_from is None else open_from + need - counted


def outcome(target: CompiledTarget, cycle: CycleState, env_now: Env, at: int) -> CycleOutcome:
    out = CycleOutcome(cycle)
    env = cycle.env_at_stop if cycle.env_at_stop is not None else env_now
    chosen = cycle.chosen
    clause = out.clause = chosen[1] if chosen is not None and chosen[0] is env else target.choose(env)
    if clause is None:
        return out
    end = cycle.stop if cycle.stop is not None else at
    earlier: int | None = None
    if cycle.changes:
        changes = cycle.changes if cycle.changes[-1][1] is clause else [*cycle.changes, (end, clause)]
        origin = changes[-1][0]
        if origin > cycle.start:
            out.changed_at = origin
            if target.from_change:
                out.counted_from = origin
                out.counting = since(cycle, origin)
                earlier = _earlier_breach(changes, cycle, env)
    counted = clause.counted
    if counted is not None:
        need = clause.need if clause.need is not None else counted.need_us(out.counting.start)
        counter = counted.counter
        if counter is CLOCK:
            _clock(out, need, target.warn, end)
        else:
            _counted(out, counter, need, target.warn, end)
    elif isinstance(clause.deadline, Fixed):
        _fixed(out, clause.deadline.due_us(out.counting.start, env), target.warn, end)
    if earlier is not None and (out.breached_at is None or earlier < out.breached_at):
        out.status, out.breached_at = "breached", earlier
    return out


def first_breach(outcomes: Sequence[CycleOutcome]) -> int | None:
    """When the first of a repeating target's rounds was breached: the breach its result shows."""
    for o in outcomes:  # a loop: a generator costs more for two or three rounds
        if o.breached_at is not None:
            return o.breached_at
    return None


def since(cycle: CycleState, origin: int) -> CycleState:
    """The part of ``cycle`` from ``origin`` on, as a cycle that started there."""
    cut = CycleState(origin, None if cycle.open_from is None else max(cycle.open_from, origin))
    cut.segments = [(max(a, origin), b) for a, b in cycle.segments if b > origin]
    cut.stop, cut.env_at_stop = cycle.stop, cycle.env_at_stop
    return cut


def _between(cycle: CycleState, a: int, b: int) -> list[tuple[int, int]]:
    """The stretches in which ``cycle``'s clock ran within ``[a, b)``."""
    ran = [*cycle.segments, *([(cycle.open_from, b)] if cycle.open_from is not None else [])]
    return [(max(s, a), min(e, b)) for s, e in ran if min(e, b) > max(s, a)]


def _earlier_breach(changes: list[tuple[int, CompiledClause | None]], cycle: CycleState, env: Env) -> int | None:
    """The first instant a clause left by a change had been breached while it applied."""
    for (a, clause), (b, _) in pairwise(changes):
        if clause is None:
            continue
        deadline = clause.deadline
        if isinstance(deadline, Counted):
            counter, need = deadline.counter, deadline.need_us(a)
            ran = _between(cycle, a, b)
            lengths = tuple([counter.elapsed_us(s, e) for s, e in ran])
            if sum(lengths) > need:
                return crossing(counter, ran, lengths, None, need)
        elif isinstance(deadline, Fixed):
            due = deadline.due_us(a, env)
            if due is not None and b > due:
                return due
    return None


def _counted(out: CycleOutcome, counter: Counter, need: int, warn: float | None, end: int) -> None:
    cycle = out.counting
    out.counter = counter
    out.need = need
    # a stopped cycle has no open segment: end_cycle closed it
    lengths = out.lengths = tuple([counter.elapsed_us(a, b) for a, b in cycle.segments])
    counted = sum(lengths)
    if cycle.open_from is not None and end > cycle.open_from:
        counted += counter.elapsed_us(cycle.open_from, end)
    out.elapsed, out.remaining = counted, need - counted
    out.due = crossing(counter, cycle.segments, lengths, cycle.open_from, need)
    if out.due is None and cycle.stop is not None:
        # met (or paused when it stopped): the due instant had the clock run on from the stop
        out.due = counter.add_us(cycle.stop, need - counted)
    if warn is not None:
        out.warn_at = crossing(counter, cycle.segments, lengths, cycle.open_from, int(need * warn))
    _status(out, cycle, counted, need)


def _clock(out: CycleOutcome, need: int, warn: float | None, end: int) -> None:
    """:func:`_counted` on the clock (``out.counter`` stays CLOCK): a stretch counts b - a and
    the instant d on from x is x + d, so no counter is called and no lengths are kept."""
    cycle = out.counting
    out.need = need
    segments, open_from = cycle.segments, cycle.open_from
    counted = 0
    for a, b in segments:
        counted += b - a
    due = clock_crossing(segments, open_from, need) if segments else \
        None if open_from is None else open_from + need  # running since its start: no stretch closed
    if open_from is not None and end > open_from:
        counted += end - open_from
    out.elapsed, out.remaining = counted, need - counted
    if due is None and cycle.stop is not None:
        due = cycle.stop + need - counted  # met (or paused when it stopped): as _counted
    out.due = due
    if warn is not None:
        out.warn_at = clock_crossing(segments, open_from, int(need * warn))
    _status(out, cycle, counted, need)


def _status(out: CycleOutcome, cycle: CycleState, counted: int, need: int) -> None:
    if counted > need:
        out.status = "breached"
        out.breached_at = out.due  # the instant the counted time went past the allowed
    elif cycle.stop is not None:
        out.status = "met"
    else:
        out.status = "running" if cycle.open_from is not None else "paused"


def _fixed(out: CycleOutcome, due: int | None, warn: float | None, end: int) -> None:
    cycle = out.counting
    out.due = due
    out.elapsed = end - cycle.start
    if due is None:
        out.status = "met" if cycle.stop is not None else "running"
        return
    out.remaining = due - end
    if warn is not None:
        out.warn_at = int(cycle.start + (due - cycle.start) * warn)
    if end > due:
        out.status, out.breached_at = "breached", due
    else:
        out.status = "met" if cycle.stop is not None else "running"
