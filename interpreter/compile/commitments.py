"""Compliance commitments of the AST -> what a report checks per period: the target, the
tickets counted (a predicate on their values), the period, the measure and the credit.

A measure decides from counts of one period: :meth:`verdict` says ``met`` or ``missed``
when the targets still running cannot change the answer, ``pending`` when they can, and
``empty`` when no ticket was counted. Shares are compared as exact fractions, never floats:
5 breached of 100 is "at most 5%", 6 is not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from attrs import frozen

from plazo.dsl import ast
from plazo.interpreter.compile.conditions import Predicate, compile_condition

Period = Literal["month", "week", "quarter"]
Verdict = Literal["met", "missed", "pending", "empty"]
_UNIT_SECONDS = {"minutes": 60, "hours": 3600, "days": 86400}


@frozen
class Counts:
    """One period's targets of a commitment: decided (met, breached), still running, and the
    counted times of the stopped ones (whole minutes -> how many)."""

    met: int
    breached: int
    running: int
    percentile_seconds: int | None  # the measure's percentile of the counted time, if it has one


def _share_verdict(counts: Counts, holds: Callable[[int, int], bool]) -> Verdict:
    """A share measure's verdict, with every running target met and with every one breached
    (if both agree, the running ones cannot change it)."""
    def ok(met: int, breached: int) -> bool | None:
        return None if met + breached == 0 else holds(met, breached)
    return _decide(ok(counts.met + counts.running, counts.breached), ok(counts.met, counts.breached + counts.running))


@frozen
class BreachedAtMost:
    """``at most 5% breached``: breached / (met + breached) <= 5%."""

    share: Fraction

    def figure(self, counts: Counts) -> Fraction | None:
        decided = counts.met + counts.breached
        return Fraction(counts.breached, decided) if decided else None

    def verdict(self, counts: Counts) -> Verdict:
        return _share_verdict(counts, lambda met, breached: Fraction(breached, met + breached) <= self.share)

    def text(self) -> str:
        return f"at most {_percent(self.share)} breached"


@frozen
class MetAtLeast:
    """``at least 95% met``: met / (met + breached) >= 95%."""

    share: Fraction

    def figure(self, counts: Counts) -> Fraction | None:
        decided = counts.met + counts.breached
        return Fraction(counts.met, decided) if decided else None

    def verdict(self, counts: Counts) -> Verdict:
        return _share_verdict(counts, lambda met, breached: Fraction(met, met + breached) >= self.share)

    def text(self) -> str:
        return f"at least {_percent(self.share)} met"


@frozen
class PercentileAtMost:
    """``p90 at most 2 business hours``: the nearest-rank percentile of the time counted by the
    targets that stopped (met or breached), to the minute, is at most this."""

    rank: int
    seconds: int

    def verdict(self, counts: Counts) -> Verdict:
        if counts.running:
            return "pending"  # a running target's final time is not known yet
        if counts.percentile_seconds is None:
            return "empty"
        return "met" if counts.percentile_seconds <= self.seconds else "missed"

    def text(self) -> str:
        minutes = self.seconds // 60
        return f"p{self.rank} at most {minutes // 60}:{minutes % 60:02d}"


Measure = BreachedAtMost | MetAtLeast | PercentileAtMost


def _decide(best: bool | None, worst: bool | None) -> Verdict:
    """From the answers with every running target met (best) or breached (worst): the same
    answer both ways is final."""
    if best is None:
        return "empty"
    if best == worst:
        return "met" if best else "missed"
    return "pending"


def _percent(share: Fraction) -> str:
    return format((Decimal(share.numerator) / Decimal(share.denominator) * 100).normalize(), "f") + "%"


@frozen
class CompiledCommitment:
    name: str
    label: str | None
    target: str
    period: Period
    applies: Predicate | None  # None: every ticket in scope with the target
    measure: Measure
    credit: Decimal | None  # a share of the fee, in percent

    def counts_ticket(self, values: Mapping[str, object]) -> bool:
        return self.applies is None or self.applies(values)


def compile_commitments(policy: ast.Policy, kinds: Mapping[str, str]) -> tuple[CompiledCommitment, ...]:
    """The commitments of a checked policy (``kinds``: field name -> its kind, as conditions need)."""
    return tuple(_compile(c, kinds) for c in policy.items if isinstance(c, ast.CommitmentDecl))


def _compile(decl: ast.CommitmentDecl, kinds: Mapping[str, str]) -> CompiledCommitment:
    target: str | None = None
    period: str | None = None
    measure: Measure | None = None
    applies: Predicate | None = None
    credit: Decimal | None = None
    for s in decl.statements:
        if isinstance(s, ast.CommitTarget):
            target = s.target
        elif isinstance(s, ast.CommitWhen):
            applies = compile_condition(s.condition, kinds)
        elif isinstance(s, ast.CommitPeriod):
            period = s.period
        elif isinstance(s, ast.AtMostBreached):
            measure = BreachedAtMost(Fraction(s.percent) / 100)
        elif isinstance(s, ast.AtLeastMet):
            measure = MetAtLeast(Fraction(s.percent) / 100)
        elif isinstance(s, ast.PercentileAtMost):
            measure = PercentileAtMost(s.percentile, int(s.duration.amount * _UNIT_SECONDS[s.duration.unit]))
        else:
            credit = s.percent
    if target is None or measure is None or period not in ("month", "week", "quarter"):
        raise ValueError(f"commitment {decl.name} was not checked")  # the checker refuses these
    chosen: Period = "month" if period == "month" else "week" if period == "week" else "quarter"
    return CompiledCommitment(decl.name, decl.label, target, chosen, applies, measure, credit)


# ------------------------------------------------------------------ periods


def period_key(instant: datetime, period: Period, tz: tzinfo) -> str:
    """The period ``instant`` falls in, in the zone ``tz``: ``2026-03`` (a calendar month),
    ``2026-W10`` (an ISO week, Monday to Sunday, of its ISO year), ``2026-Q1``. Keys of one
    kind sort in time order."""
    day = instant.astimezone(tz).date()
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def period_days(key: str) -> tuple[date, date]:
    """The first and last day of the period ``key`` names (see :func:`period_key`)."""
    year_text, _, rest = key.partition("-")
    year = int(year_text)
    if rest.startswith("W"):
        first = date.fromisocalendar(year, int(rest[1:]), 1)
        return first, first + timedelta(days=6)
    if rest.startswith("Q"):
        quarter = int(rest[1:])
        first = date(year, 3 * quarter - 2, 1)
        end_month = 3 * quarter
    else:
        first = date(year, int(rest), 1)
        end_month = int(rest)
    following = date(year + 1, 1, 1) if end_month == 12 else date(year, end_month + 1, 1)
    return first, following - timedelta(days=1)
