"""The figures of ``plazo report``, worked out from a merged :class:`ReportTally`: per
period and group, each target's outcomes, each commitment met, missed or pending with the
figures that decide it and the credit it owes, and the tickets counted apart.

Rows come sorted: periods in time order, groups by name (``(none)`` last), targets and
commitments in the policy's order. Everything is exact: shares are fractions of counts,
percentiles are to the minute.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from attrs import frozen

from plazo.interpreter.batch.report_tally import (
    SCOPES,
    Group,
    ReportCounter,
    ReportSpec,
    ReportTally,
)
from plazo.interpreter.batch.summary import NO_VALUE, Tally, percentile_seconds
from plazo.interpreter.compile.commitments import (
    BreachedAtMost,
    CompiledCommitment,
    Counts,
    MetAtLeast,
    PercentileAtMost,
    Verdict,
    period_days,
)
from plazo.interpreter.compile.policy import CompiledPolicy


@frozen
class TargetRow:
    period: str
    group: Group
    target: str
    count: int
    met: int
    breached: int
    running: int  # running or paused: not decided yet
    not_applicable: int
    breach_rate: float | None  # breached / (met + breached); None when none is decided
    median_seconds: int | None  # of the counted time of the targets that stopped, to the minute
    p90_seconds: int | None


@frozen
class CommitmentRow:
    period: str
    group: Group
    commitment: str
    label: str | None
    target: str
    measure: str  # as written: "at most 5% breached"
    threshold: float  # the measure's line: a share (0.05) or, for a percentile, seconds
    count: int  # the targets the commitment counts in the period (in scope, its `when` holds)
    met: int
    breached: int
    running: int
    share: float | None  # breached (or met) / decided, for a share measure
    percentile_seconds: int | None  # the percentile, for a percentile measure
    verdict: Verdict  # met, missed, pending (running targets can still change it), empty
    credit_percent: float | None  # the credit owed: the commitment's credit when missed
    partial: bool  # --from / --to cut the period: the verdict is of the part inside


@frozen
class ScopeRow:
    period: str
    group: Group
    in_scope: int
    out_of_scope: int  # a reject rule holds
    handed_off: int  # an external route took the ticket


@frozen
class Distribution:
    """How the counted times of one target spread (every period and group), per whole minute."""

    target: str
    minutes: tuple[tuple[int, int], ...]  # (minute, how many targets stopped after it), ascending


@frozen
class Report:
    policy: str
    version: str | None
    history: str
    at: str | None  # the evaluation instant, None: each ticket's last event
    period: str
    by: tuple[str, ...]
    first: date | None
    last: date | None
    tickets: int
    evaluated: int
    rejected: int
    scope: tuple[ScopeRow, ...]
    targets: tuple[TargetRow, ...]
    commitments: tuple[CommitmentRow, ...]
    distributions: tuple[Distribution, ...]


def _group_order(group: Group) -> tuple[tuple[bool, str], ...]:
    return tuple((value == NO_VALUE, value) for value in group)


def target_rows(tally: ReportTally, targets: tuple[str, ...]) -> tuple[TargetRow, ...]:
    order = {name: i for i, name in enumerate(targets)}
    keys = sorted(tally.targets, key=lambda k: (k[0], _group_order(k[1]), order.get(k[2], len(order)), k[2]))
    rows = []
    for period, group, target in keys:
        t = tally.targets[(period, group, target)]
        decided = t.met + t.breached
        rows.append(TargetRow(period, group, target, t.count, t.met, t.breached, t.running, t.not_applicable,
                              t.breached / decided if decided else None, percentile_seconds(t.minutes, 50),
                              percentile_seconds(t.minutes, 90)))
    return tuple(rows)


def commitment_rows(tally: ReportTally, commitments: tuple[CompiledCommitment, ...],
                    spec: ReportSpec) -> tuple[CommitmentRow, ...]:
    order = {c.name: i for i, c in enumerate(commitments)}
    by_name = {c.name: c for c in commitments}
    keys = sorted((k for k in tally.commitments if k[2] in by_name),
                  key=lambda k: (order[k[2]], k[0], _group_order(k[1])))
    return tuple(_commitment_row(k[0], k[1], by_name[k[2]], tally.commitments[k], spec) for k in keys)


def _commitment_row(period: str, group: Group, c: CompiledCommitment, t: Tally, spec: ReportSpec) -> CommitmentRow:
    measure = c.measure
    rank = measure.rank if isinstance(measure, PercentileAtMost) else None
    percentile = percentile_seconds(t.minutes, rank) if rank is not None else None
    counts = Counts(t.met, t.breached, t.running, percentile)
    share: float | None = None
    if isinstance(measure, (BreachedAtMost, MetAtLeast)):
        exact = measure.figure(counts)
        share = None if exact is None else float(exact)
    verdict = measure.verdict(counts)
    credit = float(c.credit) if verdict == "missed" and c.credit is not None else None
    first, last = period_days(period)
    partial = (spec.first is not None and spec.first > first) or (spec.last is not None and spec.last < last)
    threshold = float(measure.seconds) if isinstance(measure, PercentileAtMost) else float(measure.share)
    return CommitmentRow(period, group, c.name, c.label, c.target, measure.text(), threshold,
                         t.count - t.not_applicable, t.met, t.breached, t.running, share, percentile, verdict, credit,
                         partial)


def scope_rows(tally: ReportTally) -> tuple[ScopeRow, ...]:
    keys = sorted({(period, group) for period, group, _ in tally.scope}, key=lambda k: (k[0], _group_order(k[1])))
    return tuple(ScopeRow(period, group, *(tally.scope[(period, group, s)] for s in SCOPES)) for period, group in keys)


def distributions(tally: ReportTally, targets: tuple[str, ...]) -> tuple[Distribution, ...]:
    merged: dict[str, Counter[int]] = {}
    for (_, _, target), t in tally.targets.items():
        merged.setdefault(target, Counter()).update(t.minutes)
    order = {name: i for i, name in enumerate(targets)}
    return tuple(Distribution(name, tuple(sorted((+merged[name]).items())))
                 for name in sorted(merged, key=lambda n: (order.get(n, len(order)), n)))


def build_report(policy: CompiledPolicy, spec: ReportSpec, tally: ReportTally, history: str, at: str | None,
                 tickets: int, evaluated: int, rejected: int) -> Report:
    """The report's figures from a merged tally (whatever engine tallied it)."""
    targets = tuple(t.name for t in policy.targets)
    commitments = ReportCounter(policy, spec).commitments
    version = None if policy.version is None else format(policy.version, "f")
    return Report(policy.name, version, history, at, spec.period, spec.by, spec.first, spec.last,
                  tickets, evaluated, rejected, scope_rows(tally), target_rows(tally, targets),
                  commitment_rows(tally, commitments, spec), distributions(tally, targets))
