"""The state of each target while a ticket's event log is replayed.

Each target keeps a list of cycles (one for an ordinary target; one per round for
``restart on`` and ``after each``). A cycle has the segments of time in which its
clock ran: it starts at the start event, is cut by pauses (``pause while``,
re-checked after every event) and ends at a stop event (or at the evaluation
instant). ``resume on ... within`` takes a stopped cycle up again where it stopped
when its event comes soon enough. A target with more than one clause notes in each
cycle when the clause its values choose changed (``field change: from change`` counts
the new clause from there; explain says when it changed).
Instants are epoch microseconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plazo.interpreter.compile.targets import CompiledClause, CompiledTarget

Env = Mapping[str, Any]


class CycleState:
    """One cycle of a target. Mutable while the log is replayed, then read."""

    __slots__ = ("changes", "chosen", "env_at_stop", "open_from", "segments", "start", "stop")

    def __init__(self, start: int, open_from: int | None) -> None:
        self.start = start
        self.segments: list[tuple[int, int]] = []  # closed stretches in which the clock ran
        self.open_from = open_from  # the clock runs from here (None: paused or stopped)
        self.stop: int | None = None
        self.env_at_stop: Env | None = None  # the values when it stopped choose its clause
        # (instant, clause) each time the clause the values choose changed while the cycle was
        # open, the first at its start; kept for targets with more than one clause
        self.changes: list[tuple[int, CompiledClause | None]] = []
        # the values the clause was last chosen on, and the clause: the outcome asks again for
        # the values when it stopped (or now), most often the very same (a replay makes new
        # values on each change and never alters them), and a repeated choice costs a lookup
        self.chosen: tuple[Env, CompiledClause | None] | None = None

    def note_clause(self, x: int, target: CompiledTarget, env: Env) -> None:
        clause = target.choose(env)
        self.chosen = (env, clause)
        if not self.changes or self.changes[-1][1] is not clause:
            self.changes.append((x, clause))

    def close(self, x: int) -> None:
        if self.open_from is not None:
            if x > self.open_from:
                self.segments.append((self.open_from, x))
            self.open_from = None


class TargetState:
    __slots__ = ("cancelled", "cycles", "handed_off", "started", "stopped", "target")

    def __init__(self, target: CompiledTarget) -> None:
        self.target = target
        self.cycles: list[CycleState] = []
        self.cancelled: int | None = None
        self.handed_off: str | None = None  # why it stopped applying (an external route), if it did
        self.started = False
        self.stopped = False

    @property
    def current(self) -> CycleState | None:
        c = self.cycles[-1] if self.cycles else None
        return c if c is not None and c.stop is None else None

    def open_cycle(self, x: int, paused: bool, env: Env) -> None:
        cycle = CycleState(x, None if paused else x)
        t = self.target
        if t.follows_changes:  # note_clause on a new cycle, inlined: run at every start
            clause = t.choose(env)
            cycle.chosen = (env, clause)
            cycle.changes.append((x, clause))
        self.cycles.append(cycle)

    def resume(self, x: int, paused: bool, env: Env) -> None:
        """A resume event after the stop: soon enough, the last cycle goes on where it stopped
        (its clause is chosen again when it stops); too late, the clock starts from zero, as
        ``reset on`` would start it."""
        t = self.target
        last = self.cycles[-1]
        self.stopped = False
        if last.stop is not None and x - last.stop <= t.resume_within:
            last.stop, last.env_at_stop = None, None
            last.open_from = None if paused else x
            if t.follows_changes:
                last.note_clause(x, t, env)
            return
        if not t.repeating:
            self.cycles.clear()
        self.open_cycle(x, paused, env)

    def end_cycle(self, x: int, env: Env) -> None:
        cycles = self.cycles
        if cycles and cycles[-1].stop is None:  # the current cycle (`current`, inlined)
            c = cycles[-1]
            if c.open_from is not None:  # c.close(x), inlined
                if x > c.open_from:
                    c.segments.append((c.open_from, x))
                c.open_from = None
            c.stop = x
            c.env_at_stop = env

    def hand_off(self, x: int, env: Env, reason: str) -> None:
        """The ticket left the support team at ``x``: an open cycle closes there, and a target
        not started yet never starts. A target already met or breached keeps its outcome
        (the replay steps no target after a hand-off)."""
        if self.cancelled is not None:
            return
        if not self.started:
            self.handed_off = reason
        elif self.current is not None:
            self.end_cycle(x, env)
            self.handed_off = reason

    def step(self, x: int, kind: str, roles: frozenset[str], env: Env) -> None:
        """An event that plays ``roles`` (the target's, for the event's kind and status; never
        empty) at ``x``; ``env``: the values after it."""
        t = self.target
        if self.cancelled is not None:
            return
        # whether the values pause the clock is asked only where a clock starts or runs on,
        # not on a stop or a cancel
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
            self.open_cycle(x, t.pause is not None and t.pause(env), env)
            return
        if not self.started and ("start" in roles if t.start else "after_each" in roles):
            self.started = True
            self.open_cycle(x, t.pause is not None and t.pause(env), env)
            return
        if "resume" in roles and self.stopped:
            self.resume(x, t.pause is not None and t.pause(env), env)
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
            self.open_cycle(x, t.pause is not None and t.pause(env), env)
            return
        if "after_each" in roles and self.current is None:
            self.open_cycle(x, t.pause is not None and t.pause(env), env)
            return
        self._follow(x, kind, t.pause is not None and t.pause(env), env)

    def recheck(self, x: int, kind: str, env: Env) -> None:
        """An event that plays no role here but changed the values: a pause is re-checked, the
        clause chosen again. An event that changed no value needs neither: every step leaves
        an open cycle running exactly when its values do not pause it, and its clause noted."""
        if self.cancelled is not None or not self.started or self.stopped:
            return
        t = self.target
        self._follow(x, kind, t.pause is not None and t.pause(env), env)

    def _follow(self, x: int, kind: str, paused: bool, env: Env) -> None:
        c = self.current
        if c is not None:
            if paused and c.open_from is not None:
                c.close(x)
            elif not paused and c.open_from is None:
                c.open_from = x
            if kind in self.target.change_kinds:
                c.note_clause(x, self.target, env)
