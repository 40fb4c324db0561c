"""The summary of a batch: per target and group (priority, severity...), how many
tickets met, breached or are still running, the breach rate, and the median and 90th
percentile of the business time counted.

Only tickets in scope are tallied: a ticket a ``reject`` rule puts out of scope, or one
an ``external`` route hands to another team, is counted apart (``out_of_scope``,
``handed_off``) and stays out of every row, so breach rates are the support team's.
Every evaluated ticket is one of the three: evaluated = in scope + out of scope + handed off.

Tallies merge, so each worker sums its own tickets and the reading process adds the
tallies up. Memory does not grow with the number of tickets: the elapsed times are
kept as a count per whole minute, so the percentiles are exact to the minute (a
history of a million tickets has a few thousand distinct minutes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from attrs import frozen

from plazo.dsl.visible import visible
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.run.record_path import RecordFacts, TargetFacts
from plazo.interpreter.run.results import EvaluationResult

NO_VALUE = "(none)"  # the group of a ticket without a value for the grouping field


class Tally:
    __slots__ = ("breached", "count", "met", "minutes", "not_applicable", "running")

    def __init__(self) -> None:
        self.count = self.met = self.breached = self.running = self.not_applicable = 0
        self.minutes: Counter[int] = Counter()  # elapsed of stopped met and breached targets, whole minutes

    def merge(self, other: Tally) -> None:
        self.count += other.count
        self.met += other.met
        self.breached += other.breached
        self.running += other.running
        self.not_applicable += other.not_applicable
        self.minutes.update(other.minutes)


@frozen
class SummaryRow:
    target: str
    group: str
    count: int
    met: int
    breached: int
    running: int  # running or paused: not decided yet
    not_applicable: int
    breach_rate: float | None  # breached / (met + breached); None when none is decided
    median_elapsed_seconds: int | None  # of the met and breached whose clock stopped, to the minute
    p90_elapsed_seconds: int | None


class Summary:
    """Tallies per (target, group value) of the tickets in scope, and how many tickets were not."""

    def __init__(self, by: str | None) -> None:
        self.by = by
        self.tallies: dict[tuple[str, str], Tally] = {}
        self.in_scope = self.out_of_scope = self.handed_off = 0

    def add(self, result: EvaluationResult | RecordFacts) -> None:
        if result.rejected is not None:  # a reject wins over a route: the ticket never was in scope
            self.out_of_scope += 1
            return
        if result.handed_off is not None:
            self.handed_off += 1
            return
        self.in_scope += 1
        group = _group(result.fields.get(self.by)) if self.by else "all"
        tallies = self.tallies
        for t in result.targets:
            key = (t.name, group)
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = Tally()
            tally.count += 1
            status = t.status
            if status == "met" or status == "breached":
                if status == "met":
                    tally.met += 1
                else:
                    tally.breached += 1
                # the time it took, for clocks that stopped: a breach still open has no
                # final time yet (its elapsed grows with `at`)
                # (a record's facts keep instants in microseconds: no datetime built to test one)
                stopped = t.stopped_us if isinstance(t, TargetFacts) else t.stopped
                if t.elapsed_seconds is not None and stopped is not None:
                    tally.minutes[int(t.elapsed_seconds // 60)] += 1
            elif status == "not_applicable":
                tally.not_applicable += 1
            else:
                tally.running += 1

    @property
    def evaluated(self) -> int:
        return self.in_scope + self.out_of_scope + self.handed_off

    def scope_counts(self) -> dict[str, int]:
        return {"in_scope": self.in_scope, "out_of_scope": self.out_of_scope, "handed_off": self.handed_off}

    def scope_text(self) -> str:
        return f"{self.in_scope} in scope, {self.out_of_scope} out of scope, {self.handed_off} handed off"

    def merge(self, other: Summary) -> None:
        self.in_scope += other.in_scope
        self.out_of_scope += other.out_of_scope
        self.handed_off += other.handed_off
        for key, tally in other.tallies.items():
            mine = self.tallies.get(key)
            if mine is None:
                self.tallies[key] = tally
            else:
                mine.merge(tally)

    def rows(self, target_order: Iterable[str] = ()) -> list[SummaryRow]:
        """One row per (target, group): targets in ``target_order`` (the policy's), groups sorted."""
        order = {name: i for i, name in enumerate(target_order)}
        keys = sorted(self.tallies, key=lambda k: (order.get(k[0], len(order)), k[0], k[1] == NO_VALUE, k[1]))
        rows = []
        for target, group in keys:
            t = self.tallies[(target, group)]
            decided = t.met + t.breached
            rows.append(SummaryRow(
                target, group, t.count, t.met, t.breached, t.running, t.not_applicable,
                t.breached / decided if decided else None,
                percentile_seconds(t.minutes, 50), percentile_seconds(t.minutes, 90)))
        return rows


def _group(value: object) -> str:
    if value is None:
        return NO_VALUE
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def percentile_seconds(minutes: Counter[int], rank: int) -> int | None:
    """The nearest-rank ``rank``-th percentile (1..99) of values counted per whole minute, in
    seconds: the smallest value with at least rank% of the values at or below it. Integers
    only: in floats 0.7 * 10 is 7.000000000000001, and a ceiling of it the 8th value."""
    n = sum(minutes.values())
    if n == 0:
        return None
    needed = max(1, -(-rank * n // 100))
    seen = 0
    for minute in sorted(minutes):
        seen += minutes[minute]
        if seen >= needed:
            return minute * 60
    raise AssertionError("unreachable: the counts add up to n")


def group_field(policy: CompiledPolicy) -> str | None:
    """The field a summary groups by when none is asked for: one named priority or
    severity, given or derived (WeKall's priority comes from its matrix), else the first
    derived field, else none. A derived field of another kind (Aldeamo's training, VIP or
    mass) must not take the place of the severity the targets are written on."""
    derived = [name for name, _ in policy.derived]
    for name in ("priority", "severity", "prioridad", "severidad"):
        if name in policy.fields or name in derived:
            return name
    return derived[0] if derived else None


def hours_minutes(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    minutes = seconds // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def rate_text(rate: float | None) -> str:
    return "-" if rate is None else f"{100 * rate:.1f}%"


def render_rows(rows: Iterable[SummaryRow], by: str | None) -> str:
    head = ("target", by or "group", "count", "met", "breached", "running", "n/a", "breach rate", "median", "p90")
    body = [(r.target, r.group, str(r.count), str(r.met), str(r.breached), str(r.running), str(r.not_applicable),
             rate_text(r.breach_rate), hours_minutes(r.median_elapsed_seconds), hours_minutes(r.p90_elapsed_seconds))
            for r in rows]
    return table(head, body, numeric_from=2)


def table(head: Sequence[str], body: Sequence[Sequence[str]], numeric_from: int) -> str:
    """A text table: a column per cell of ``head``, the ones from ``numeric_from`` on aligned right.
    Cells are :func:`visible`: a group is a ticket's value, and may hold an escape sequence."""
    head = [visible(h) for h in head]
    body = [[visible(c) for c in row] for row in body]
    widths = [max(len(head[i]), *(len(row[i]) for row in body)) if body else len(head[i]) for i in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i >= numeric_from else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()
    return "\n".join([line(head), *(line(row) for row in body)]) + "\n"
