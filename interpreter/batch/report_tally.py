"""The tallies of ``plazo report``: per period and group, each target's outcomes and each
commitment's, and the tickets out of scope or handed off, counted apart.

A :class:`ReportTally` is a value of plain ints and Counters: :meth:`ReportTally.merge` is
exact, associative and commutative, and a tally pickles, so any engine (the local workers,
Dask) can tally its own part of a history with :func:`tally_results` and add the parts up
in any order. Counted times are kept per whole minute (as in the summary): memory grows with
the periods, groups and distinct minutes, never with the tickets.

Which period a ticket's target counts in (``docs/semantics.md``, "Compliance over periods"):
the instant its clock stopped (met, or breached and then stopped); for a breach still open,
the instant it fell due; for a target still running, the instant it is due (while it runs
the period it will be judged in is the one it is due in), or the evaluation instant when it
has no due instant (paused without one); for a target that does not apply, the instant it
started, or else the ticket's first event. A ticket out of scope counts in the period of its
first event; one handed off, in the period it was handed off. All in the policy's time zone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from attrs import frozen

from plazo.interpreter.batch.summary import NO_VALUE, Tally
from plazo.interpreter.compile.commitments import CompiledCommitment, Period, compile_commitments, period_key
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.run.results import EvaluationResult, TargetResult

Group = tuple[str, ...]  # the values of the grouping fields, in the order of ``--by``
TallyKey = tuple[str, Group, str]  # (period, group, target or commitment name)
SCOPES = ("in_scope", "out_of_scope", "handed_off")


@frozen
class ReportSpec:
    """What a report counts: plain data, so that it crosses process boundaries."""

    period: Period = "month"  # the periods of the per-target rows (each commitment has its own)
    by: tuple[str, ...] = ()  # grouping fields; none: one group, ("all",)
    first: date | None = None  # --from: only what counts on this day or later (local days)
    last: date | None = None  # --to: ... or earlier (both inclusive)


class ReportTally:
    """Per (period, group, target) and per (period, group, commitment) :class:`Tally`, and
    per (period, group, scope) how many tickets."""

    __slots__ = ("commitments", "scope", "targets")

    def __init__(self) -> None:
        self.targets: dict[TallyKey, Tally] = {}
        self.commitments: dict[TallyKey, Tally] = {}
        self.scope: Counter[TallyKey] = Counter()

    def merge(self, other: ReportTally) -> None:
        """Add ``other`` in (``other`` is left as it was: nothing of it is shared)."""
        _merge_into(self.targets, other.targets)
        _merge_into(self.commitments, other.commitments)
        self.scope.update(other.scope)

    def plain(self) -> tuple[object, ...]:
        """The tally as plain, comparable data (zero counts left out)."""
        return (_plain(self.targets), _plain(self.commitments), dict(+self.scope))


def _merge_into(mine: dict[TallyKey, Tally], theirs: dict[TallyKey, Tally]) -> None:
    for key, tally in theirs.items():
        own = mine.get(key)
        if own is None:
            own = mine[key] = Tally()
        own.merge(tally)


def _plain(tallies: dict[TallyKey, Tally]) -> dict[TallyKey, tuple[int, int, int, int, int, Counter[int]]]:
    return {k: (t.count, t.met, t.breached, t.running, t.not_applicable, +t.minutes) for k, t in tallies.items()}


class ReportCounter:
    """A spec with the policy's commitments compiled: what a worker keeps from piece to piece
    (it holds closures, so each worker builds its own from the policy it compiled)."""

    def __init__(self, policy: CompiledPolicy, spec: ReportSpec) -> None:
        self.spec = spec
        self.tz = policy.tz
        kinds = {name: f.kind for name, f in policy.fields.items()} | {"status": "enum"}
        self.commitments: tuple[CompiledCommitment, ...] = compile_commitments(policy.ast, kinds)

    def add(self, tally: ReportTally, result: EvaluationResult, opened: datetime) -> None:
        """Count one evaluated ticket; ``opened`` is its first event."""
        spec = self.spec
        group = tuple(group_value(result.fields.get(name)) for name in spec.by) if spec.by else ("all",)
        if result.rejected is not None or result.handed_off is not None:
            # a reject wins over a route: the ticket never was in scope
            instant = opened if result.rejected is not None or result.handed_off is None else result.handed_off.at
            scope = "out_of_scope" if result.rejected is not None else "handed_off"
            if self._within(instant):
                tally.scope[(period_key(instant, spec.period, self.tz), group, scope)] += 1
            return
        if self._within(opened):
            tally.scope[(period_key(opened, spec.period, self.tz), group, "in_scope")] += 1
        values = {**result.fields, "status": result.status}  # what a commitment's `when` reads
        for t in result.targets:
            instant = counts_at(t, result.at, opened)
            if not self._within(instant):
                continue
            _count(tally.targets, (period_key(instant, spec.period, self.tz), group, t.name), t)
            for c in self.commitments:
                if c.target == t.name and t.status != "not_applicable" and c.counts_ticket(values):
                    _count(tally.commitments, (period_key(instant, c.period, self.tz), group, c.name), t)

    def _within(self, instant: datetime) -> bool:
        spec = self.spec
        if spec.first is None and spec.last is None:
            return True
        day = instant.astimezone(self.tz).date()
        return (spec.first is None or day >= spec.first) and (spec.last is None or day <= spec.last)


def tally_results(policy: CompiledPolicy, spec: ReportSpec,
                  results: Iterable[tuple[EvaluationResult, datetime]]) -> ReportTally:
    """The tally of ``(result, the ticket's first event)`` pairs: what one partition adds."""
    counter = ReportCounter(policy, spec)
    tally = ReportTally()
    for result, opened in results:
        counter.add(tally, result, opened)
    return tally


def counts_at(t: TargetResult, at: datetime, opened: datetime) -> datetime:
    """The instant that decides the period a target counts in (see the module's docstring)."""
    if t.stopped is not None and t.status in ("met", "breached"):
        return t.stopped
    if t.status == "breached":
        return t.due or t.breached_at or at
    if t.status in ("running", "paused"):
        return t.due or at
    return t.started or opened


def _count(tallies: dict[TallyKey, Tally], key: TallyKey, t: TargetResult) -> None:
    tally = tallies.get(key)
    if tally is None:
        tally = tallies[key] = Tally()
    tally.count += 1
    if t.status == "met" or t.status == "breached":
        if t.status == "met":
            tally.met += 1
        else:
            tally.breached += 1
        if t.elapsed_seconds is not None and t.stopped is not None:
            tally.minutes[int(t.elapsed_seconds // 60)] += 1
    elif t.status == "not_applicable":
        tally.not_applicable += 1
    else:
        tally.running += 1


def group_value(value: object) -> str:
    """A field's value as a group's name (the summary's rule: ``(none)`` without a value)."""
    if value is None:
        return NO_VALUE
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
