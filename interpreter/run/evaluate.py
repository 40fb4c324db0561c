"""Evaluation: a replay of a ticket's event log up to an instant.

Pure: the result depends only on the compiled policy, the ticket and ``at``.
Instants are epoch microseconds inside (see :mod:`plazo.interpreter.time.instants`).

Targets. Each target keeps a list of cycles (one for an ordinary target; one per
round for ``restart on`` and ``after each``). A cycle has the segments of time in
which its clock ran: it starts at the start event, is cut by pauses (``pause
while``, re-checked after every event) and ends at a stop event (or at ``at``).
The clause is the first that matches the ticket's values when the cycle ends (or
at ``at``): a field changed mid-ticket moves the target to the new clause, and
the time already counted, measured on the new clause's calendar, counts against
the new duration. A target is breached when more time has been counted than the
clause allows; ``breached_at`` is the instant that happened.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from plazo.interpreter.compile.compiler import CLOCK, US_PER, CompiledClause, CompiledTarget, Matcher
from plazo.interpreter.time.instants import FLOAT_EXACT_US, from_us, local_date, to_us, wall_to_us
from plazo.interpreter.run.results import Cycle, EscalationResult, LevelResult, TargetResult

Env = dict[str, Any]


class CycleState:
    __slots__ = ("start", "segments", "open_from", "stop", "env_at_stop")

    def __init__(self, start: int, open_from: int | None) -> None:
        self.start = start
        self.segments: list[tuple[int, int]] = []
        self.open_from = open_from
        self.stop: int | None = None
        self.env_at_stop: Env | None = None

    def close(self, x: int) -> None:
        if self.open_from is not None:
            if x > self.open_from:
                self.segments.append((self.open_from, x))
            self.open_from = None


class TargetState:
    __slots__ = ("target", "cycles", "cancelled", "started", "stopped")

    def __init__(self, target: CompiledTarget) -> None:
        self.target = target
        self.cycles: list[CycleState] = []
        self.cancelled: int | None = None
        self.started = False
        self.stopped = False

    @property
    def current(self) -> CycleState | None:
        c = self.cycles[-1] if self.cycles else None
        return c if c is not None and c.stop is None else None

    def open_cycle(self, x: int, paused: bool) -> None:
        self.cycles.append(CycleState(x, None if paused else x))

    def end_cycle(self, x: int, env: Env) -> None:
        c = self.current
        if c is not None:
            c.close(x)
            c.stop = x
            c.env_at_stop = env

    def step(self, x: int, kind: str, status: str | None, env: Env) -> None:
        t = self.target
        if self.cancelled is not None:
            return
        paused = t.pause is not None and t.pause(env)
        roles = t.roles_of(kind, status)
        if "cancel" in roles and self.started and not self.stopped:
            self.end_cycle(x, env)
            self.cancelled = x
            return
        if "reset" in roles and self.started:
            if not t.repeating:
                self.cycles.clear()
            else:
                self.end_cycle(x, env)
            self.stopped = False
            self.open_cycle(x, paused)
            return
        if not self.started and ("start" in roles if t.start else "after_each" in roles):
            self.started = True
            self.open_cycle(x, paused)
            return
        if not self.started or self.stopped:
            return
        if "stop" in roles:
            self.end_cycle(x, env)
            if not t.after_each:
                self.stopped = True  # `after each`: a stop answers the open round; the next message opens another
            return
        if "restart" in roles:
            self.end_cycle(x, env)
            self.open_cycle(x, paused)
            return
        if "after_each" in roles and self.current is None:
            self.open_cycle(x, paused)
            return
        c = self.current
        if c is not None:
            if paused and c.open_from is not None:
                c.close(x)
            elif not paused and c.open_from is None:
                c.open_from = x


# ------------------------------------------------------------------ results of a cycle


def crossing(counter: Any, segments: list[tuple[int, int]], lengths: tuple[int, ...], open_from: int | None,
             need: int) -> int | None:
    """The instant at which the counted time first exceeds ``need`` (None: not yet known).
    ``lengths``: the counted time of each segment, computed once by the caller."""
    counted = 0
    for (a, _), e in zip(segments, lengths):
        if counted + e > need:
            return int(counter.add_us(a, need - counted))
        counted += e
    if open_from is not None:
        return int(counter.add_us(open_from, need - counted))
    return None


def fixed_due(clause: CompiledClause, cycle: CycleState, env: Env) -> int | None:
    if clause.kind == "agreed":
        value = env.get(clause.field or "")
        return to_us(value) if isinstance(value, datetime) else None
    cal = clause.counter
    first = cal.next_open_us(cycle.start)
    if clause.kind == "end_of_day":
        # the close of the open stretch that `first` lies in, on its local day
        day = local_date(first, cal.tz)
        end = first
        for interval in cal.open_intervals(from_us(first, cal.tz), from_us(first + US_PER["days"] * 2, cal.tz)):
            if interval.start.date() != day:  # open_intervals are in the calendar's zone
                break
            end = to_us(interval.end)
        return end
    # next business day at HH:MM: the working day after the start's, at that local time
    next_day = local_date(cal.add_business_days_us(first, 1), cal.tz)
    return int(cal.next_open_us(wall_to_us(next_day, timedelta(minutes=clause.at_minutes), cal.tz)))


class CycleOutcome:
    """Everything computed for one cycle, kept for escalation ladders (fractions, offsets).
    The defaults are class attributes: an outcome sets only what its clause computes, and
    five or more are built per evaluation."""

    clause: CompiledClause | None = None
    status = "not_applicable"
    due: int | None = None
    breached_at: int | None = None
    elapsed: int | None = None
    remaining: int | None = None
    warn_at: int | None = None
    need: int | None = None
    counter: Any = CLOCK
    lengths: tuple[int, ...] = ()  # counted time of each closed segment of the cycle

    def __init__(self, cycle: CycleState) -> None:
        self.cycle = cycle

    def at_fraction(self, fraction: float) -> int | None:
        if self.need is None:
            if self.due is not None:
                return int(self.cycle.start + (self.due - self.cycle.start) * fraction)
            return None
        return crossing(self.counter, self.cycle.segments, self.lengths, self.cycle.open_from, int(self.need * fraction))


def outcome(target: CompiledTarget, cycle: CycleState, env_now: Env, at: int) -> CycleOutcome:
    out = CycleOutcome(cycle)
    env = cycle.env_at_stop if cycle.env_at_stop is not None else env_now
    clause = target.choose(env)
    out.clause = clause
    if clause is None or clause.kind == "none":
        return out
    end = cycle.stop if cycle.stop is not None else at
    if clause.kind in ("duration", "days"):
        counter = clause.counter
        out.counter = counter
        need = clause.need_us
        if clause.kind == "days":
            first = counter.next_open_us(cycle.start)
            need = counter.elapsed_us(first, counter.add_business_days_us(first, clause.days))
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
            out.due = int(counter.add_us(cycle.stop, need - counted))
        if target.warn is not None:
            out.warn_at = crossing(counter, cycle.segments, lengths, cycle.open_from, int(need * target.warn))
        if counted > need:
            out.status = "breached"
            out.breached_at = out.due  # the instant the counted time went past the allowed
        elif cycle.stop is not None:
            out.status = "met"
        else:
            out.status = "running" if cycle.open_from is not None else "paused"
        return out
    due = fixed_due(clause, cycle, env)
    out.due = due
    out.elapsed = end - cycle.start
    if due is None:
        out.status = "met" if cycle.stop is not None else "running"
        return out
    out.remaining = due - end
    if target.warn is not None:
        out.warn_at = int(cycle.start + (due - cycle.start) * target.warn)
    if end > due:
        out.status, out.breached_at = "breached", due
    else:
        out.status = "met" if cycle.stop is not None else "running"
    return out


class Instants(dict[int | None, datetime | None]):
    """Epoch microseconds -> aware datetimes in one zone, each built once per evaluation
    (a cycle's start is often another's stop, a due instant a ladder's level); ``None``
    stays ``None``. A dict, so that a repeated instant costs one lookup."""

    __slots__ = ("tz",)

    def __init__(self, tz: Any) -> None:
        super().__init__({None: None})
        self.tz = tz

    def __missing__(self, us: int) -> datetime:
        # from_us inlined for the common range: this runs ~20 times per evaluation
        if -FLOAT_EXACT_US < us < FLOAT_EXACT_US:
            d = self[us] = _fromtimestamp(us / 1e6, self.tz)
        else:
            d = self[us] = from_us(us, self.tz)
        return d


_fromtimestamp = datetime.fromtimestamp


_COUNTED = frozenset(("duration", "days", "end_of_day", "next_day"))
_OPEN = frozenset(("running", "paused", "not_applicable"))


def target_result(state: TargetState, env: Env, at: int, dt: Instants) -> tuple[TargetResult, list[CycleOutcome]]:
    t = state.target
    outcomes = [outcome(t, c, env, at) for c in state.cycles]
    if not outcomes:
        clause = t.choose(env)
        reason = clause.reason if clause is not None and clause.kind == "none" else "not started"
        return TargetResult(t.name, t.label, clause.text if clause else None,
                            getattr(clause.counter, "name", None) if clause else None,
                            "not_applicable", reason=reason, cycles=() if t.repeating else None), outcomes
    last = outcomes[-1]
    cycle = last.cycle
    clause = last.clause
    status = last.status
    reason = text = calendar = None
    if clause is None:
        reason = "no clause matches this ticket"
    else:
        text = clause.text
        kind = clause.kind
        if kind == "none":
            reason = clause.reason
        elif kind in _COUNTED:
            calendar = clause.counter.name
    if state.cancelled is not None and status in _OPEN:
        status, reason = "not_applicable", "cancelled"
    cycles = None
    breached_at = last.breached_at
    if t.repeating:
        started = state.cycles[0].start
        breached_at = next((o.breached_at for o in outcomes if o.breached_at is not None), None)
        cycles = tuple([Cycle(dt[o.cycle.start], dt[o.due], dt[o.cycle.stop], o.status, dt[o.breached_at])  # type: ignore[arg-type]
                        for o in outcomes])
    else:
        started = cycle.start
    warn_at = last.warn_at
    elapsed = last.elapsed
    remaining = last.remaining
    result = TargetResult(
        t.name, t.label, text, calendar, status,  # type: ignore[arg-type]
        dt[started], dt[last.due] if status != "not_applicable" else None, dt[cycle.stop], dt[breached_at],
        None if elapsed is None else elapsed / 1e6, None if remaining is None else remaining / 1e6,
        dt[warn_at], warn_at is not None and warn_at <= at and status in ("running", "paused"), reason, cycles,
    )
    return result, outcomes


# ------------------------------------------------------------------ escalation ladders


def ladder_result(ladder: Any, env: Env, at: int, dt: Instants, first_event: dict[Matcher, int],
                  outcomes: dict[str, list[CycleOutcome]], resolved_at: int | None) -> EscalationResult | None:
    if ladder.condition is not None and not ladder.condition(env):
        return None
    start: int | None
    if ladder.start_breach is not None:
        start = next((o.breached_at for o in outcomes.get(ladder.start_breach, []) if o.breached_at is not None), None)
    else:
        start = first_event.get(ladder.start_event)
    stop = resolved_at
    levels = []
    current = None
    next_at = None
    reached_by = at if stop is None else min(at, stop)
    for lv in ladder.levels:
        kind, amount = lv.how[0], lv.how[1]
        if start is None:
            instant = None
        elif kind == "after":  # the common case, inlined
            instant = lv.counter.add_us(start, amount)
        else:
            instant = level_instant(lv, start, outcomes)
        levels.append(LevelResult(lv.number, lv.name, lv.role, lv.contacts, dt[instant]))
        if instant is None:
            continue
        if instant <= reached_by:
            current = lv.number
        elif stop is None and (next_at is None or instant < next_at):
            next_at = instant
    if start is not None and current is None and all(lv.time is None for lv in ladder.levels) and ladder.levels:
        current = ladder.levels[0].number  # an ordered list without times starts at its first level
    return EscalationResult(
        ladder.name, ladder.label, dt[start], current, tuple(levels), dt[next_at], dt[stop],
    )


def level_instant(level: Any, start: int, outcomes: dict[str, list[CycleOutcome]]) -> int | None:
    kind, amount, fraction, target = level.how
    if kind is None:
        return None
    if kind == "after":
        return int(level.counter.add_us(start, amount))
    if kind == "days":
        return int(level.counter.add_business_days_us(start, amount))
    cycles = outcomes.get(target) or []  # type: ignore[arg-type]
    if not cycles:
        return None
    last = cycles[-1]
    if kind == "fraction":
        return last.at_fraction(fraction)
    if last.due is None:
        return None
    return last.due - amount if kind == "before" else last.due + amount
