"""``plazo evaluate POLICY HISTORY``: every ticket of a history evaluated (see
:mod:`plazo.interpreter.batch.workers`), and what it shares with ``plazo compare``.

Every ticket is accounted for: the counts reconcile (tickets read = evaluated +
rejected, evaluated = in scope + out of scope + handed off; "rejected" is bad input,
"out of scope" a ticket a ``reject`` rule holds for), each rejection is reported with its line and reason (the first
``SHOWN_REJECTIONS`` on stderr, all of them in ``--rejects FILE``), and a run with
rejections exits 1.
"""

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from typing import TextIO

from attrs import asdict

from plazo.dsl.errors import PlazoError
from plazo.dsl.visible import visible
from plazo.interpreter.batch import (
    Change,
    Job,
    PieceResult,
    Rejected,
    Summary,
    csv_header,
    file_format,
    group_field,
    render_rows,
)
from plazo.interpreter.batch.sources import names_several
from plazo.interpreter.cli.args import instant_argument, policy_or_report
from plazo.interpreter.cli.engine import sourced_pieces
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.outputs import refuse_overwriting, replaced
from plazo.interpreter.policy import Policy

SHOWN_REJECTIONS = 20
SHOWN_CHANGES = 50


class Totals:
    """What the reading process keeps of a run: counts, tallies, the first rejections
    and changes (all of them go to the files asked for, never to memory)."""

    def __init__(self, bys: tuple[str | None, ...]) -> None:
        self.tickets = self.rejected = self.changes = 0
        self.changed_ticket_count = 0
        self.summaries = [Summary(by) for by in bys]
        self.first_rejections: list[tuple[str | None, Rejected]] = []  # with the file, of a history of several
        self.first_changes: list[Change] = []
        self._last_changed: tuple[str, int] | None = None

    def add(self, piece: PieceResult, source: str | None = None) -> None:
        """A piece's counts and tallies; ``source``: the file it is from."""
        self.tickets += piece.tickets
        self.rejected += len(piece.rejected)
        for mine, theirs in zip(self.summaries, piece.summaries, strict=True):
            mine.merge(theirs)
        room = SHOWN_REJECTIONS - len(self.first_rejections)
        self.first_rejections += [(source, r) for r in piece.rejected[:max(room, 0)]]
        self.changes += len(piece.changes)
        for c in piece.changes:
            if (c.ticket, c.line) != self._last_changed:  # a ticket's changes are consecutive
                self.changed_ticket_count += 1
                self._last_changed = (c.ticket, c.line)
        room = SHOWN_CHANGES - len(self.first_changes)
        self.first_changes += piece.changes[:max(room, 0)]

    @property
    def evaluated(self) -> int:
        return self.tickets - self.rejected

    def counts(self) -> dict[str, int]:
        return {"tickets": self.tickets, "evaluated": self.evaluated, "rejected": self.rejected}

    def rejections_json(self) -> dict[str, object]:
        return {"rejections": [{"file": source, "line": r.line, "ticket": r.ticket, "reason": r.reason}
                               for source, r in self.first_rejections],
                "rejections_not_shown": self.rejected - len(self.first_rejections)}

    def report_rejections(self, history: str, rejects_path: str | None) -> None:
        """The first rejections on stderr, and how many more there are."""
        for source, r in self.first_rejections:
            who = f" ticket {r.ticket}" if r.ticket else ""
            print(visible(f"{source or history}:{r.line}: rejected{who}: {r.reason}"), file=sys.stderr)
        more = self.rejected - len(self.first_rejections)
        if more > 0:
            where = f"all of them are in {rejects_path}" if rejects_path else "write them all with --rejects FILE"
            print(f"{history}: {more} more rejected ticket(s) not shown ({where})", file=sys.stderr)


def make_job(args: argparse.Namespace, policies: Sequence[Policy], paths: Sequence[str], output: str | None) -> Job:
    """The job of a run: the policies' paths, ``--at``, and each policy's grouping field."""
    at = instant_argument(args.at, policies[-1]) if args.at else None
    bys = []
    for p in policies:
        by = args.by if args.by else group_field(p)
        if by is not None and by not in p.fields and by not in {n for n, _ in p.derived}:
            raise PlazoError(f"--by {by}: policy {p.name} has no field {by} "
                             f"(its fields: {', '.join(p.fields)})")
        bys.append(by)
    return Job(tuple(paths), at, tuple(bys), output)


def several_files(args: argparse.Namespace) -> PlazoError:
    return PlazoError(f"--out: {args.history} names several files, and a result's line would not say which; "
                      "evaluate each file with its own --out")


def write_rejected(stream: TextIO, rejected: Sequence[Rejected], source: str | None = None) -> None:
    """Rejected tickets as JSON Lines (file, line, ticket, reason, text)."""
    for r in rejected:
        stream.write(json.dumps({"file": source, "line": r.line, "ticket": r.ticket, "reason": r.reason,
                                 "text": r.text}, ensure_ascii=False) + "\n")


def scope_line(summary: Summary) -> str:
    """The evaluated tickets split by scope: only those in scope are in the breach rates."""
    return (f"of the {summary.evaluated} evaluated: {summary.scope_text()} "
            "(out of scope: a reject rule holds; handed off: an external route took it; "
            "breach rates count only the tickets in scope)")


def version_text(policy: Policy) -> str | None:
    return None if policy.version is None else format(policy.version, "f")


def _output_format(path: str | None) -> str | None:
    if path is None:
        return None
    found = file_format(path)
    if found is None:
        raise PlazoError(f"--out {path}: write results to a .jsonl or a .csv file")
    return found


def run(args: argparse.Namespace) -> ExitCode:
    policy = policy_or_report(args.policy)
    if policy is None:
        return ExitCode.FINDINGS
    output = _output_format(args.out)
    refuse_overwriting({"--out": args.out, "--rejects": args.rejects}, [args.history, args.policy])
    if args.out and names_several(args.history):
        raise several_files(args)
    job = make_job(args, [policy], [args.policy], output)
    totals = Totals(job.by)
    with ExitStack() as files:
        out = files.enter_context(replaced(args.out, newline="")) if args.out else None
        rejects = files.enter_context(replaced(args.rejects)) if args.rejects else None
        if out is not None and output == "csv":
            csv.writer(out, lineterminator="\n").writerow(csv_header(policy, job.by[0]))
        sources: set[str] = set()
        for source, piece in sourced_pieces(job, args):
            sources.add(source)
            if out is not None and len(sources) > 1:  # a folder only the Dask workers see
                raise several_files(args)
            totals.add(piece, source)
            if out is not None:
                out.write(piece.output)
            if rejects is not None:
                write_rejected(rejects, piece.rejected, source)
    rows = totals.summaries[0].rows(t.name for t in policy.targets)
    totals.report_rejections(args.history, args.rejects)
    if args.json:
        print(json.dumps({"policy": policy.name, "version": version_text(policy), "history": args.history,
                          "at": job.at.isoformat() if job.at else None, "by": job.by[0], **totals.counts(),
                          **totals.summaries[0].scope_counts(), "summary": [asdict(r) for r in rows],
                          **totals.rejections_json()},
                         ensure_ascii=False, indent=2))
    else:
        at = job.at.isoformat() if job.at else "each ticket's last event"
        print(f"{policy.name}: {totals.tickets} tickets in {args.history}: {totals.evaluated} evaluated, "
              f"{totals.rejected} rejected (as of {at})")
        print(scope_line(totals.summaries[0]))
        if rows:
            print()
            sys.stdout.write(render_rows(rows, job.by[0]))
        print("\nbreach rate = breached / (met + breached); median and p90: the time counted until the clock "
              "stopped (met and breached targets), to the minute")
        if args.out:
            print(f"per-ticket results: {args.out}")
    return ExitCode.FINDINGS if totals.rejected else ExitCode.OK
