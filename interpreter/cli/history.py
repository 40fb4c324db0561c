"""The history commands of the CLI: ``plazo evaluate POLICY HISTORY`` and ``plazo
compare OLD NEW HISTORY`` (see :mod:`plazo.interpreter.batch.workers`).

Every ticket is accounted for: the counts reconcile (tickets read = evaluated +
rejected), each rejection is reported with its line and reason (the first
``SHOWN_REJECTIONS`` on stderr, all of them in ``--rejects FILE``), and a run with
rejections exits 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any, TextIO

from attrs import asdict

from plazo.dsl.errors import PlazoError
from plazo.interpreter.batch.workers import Change, Job, PieceResult, Progress, csv_header, run
from plazo.interpreter.batch.history import Rejected, file_format
from plazo.interpreter.batch.summary import Summary, SummaryRow, group_field, rate_text, render_rows, table

SHOWN_REJECTIONS = 20
SHOWN_CHANGES = 50


class Totals:
    """What the reading process keeps of a run: counts, tallies, the first rejections
    and changes (all of them go to the files asked for, never to memory)."""

    def __init__(self, bys: tuple[str | None, ...]) -> None:
        self.tickets = self.rejected = self.changes = 0
        self.changed_ticket_count = 0
        self.summaries = [Summary(by) for by in bys]
        self.first_rejections: list[Rejected] = []
        self.first_changes: list[Change] = []
        self._last_changed: tuple[str, int] | None = None

    def add(self, piece: PieceResult) -> None:
        self.tickets += piece.tickets
        self.rejected += len(piece.rejected)
        for mine, theirs in zip(self.summaries, piece.summaries):
            mine.merge(theirs)
        room = SHOWN_REJECTIONS - len(self.first_rejections)
        self.first_rejections += piece.rejected[:max(room, 0)]
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


def _load(path: str) -> Any:
    from plazo.interpreter.cli.main import _policy_or_report

    return _policy_or_report(path)


def _job(args: argparse.Namespace, policies: list[Any], paths: list[str], output: str | None) -> Job:
    from plazo.interpreter.cli.main import _instant_argument

    at = _instant_argument(args.at, policies[-1]) if args.at else None
    bys = []
    for p in policies:
        by = args.by if args.by else group_field(p)
        if by is not None and by not in p.fields and by not in {n for n, _ in p.derived}:
            raise PlazoError(f"--by {by}: policy {p.name} has no field {by} "
                             f"(its fields: {', '.join(p.fields)})")
        bys.append(by)
    return Job(tuple(paths), at, tuple(bys), output)


def _output_format(path: str | None) -> str | None:
    if path is None:
        return None
    found = file_format(path)
    if found is None:
        raise PlazoError(f"--out {path}: write results to a .jsonl or a .csv file")
    return found


def _pieces(job: Job, args: argparse.Namespace) -> Iterator[PieceResult]:
    progress = Progress(os.path.getsize(args.history) if os.path.exists(args.history) else 0)
    try:
        yield from run(job, args.history, args.jobs, progress)
    finally:
        progress.close()


def _write_rejected(stream: TextIO, rejected: tuple[Rejected, ...]) -> None:
    for r in rejected:
        stream.write(json.dumps({"line": r.line, "ticket": r.ticket, "reason": r.reason, "text": r.text},
                                ensure_ascii=False) + "\n")


def _report_rejections(totals: Totals, history: str, rejects_path: str | None) -> None:
    for r in totals.first_rejections:
        print(f"{history}:{r.line}: rejected{f' ticket {r.ticket}' if r.ticket else ''}: {r.reason}", file=sys.stderr)
    more = totals.rejected - len(totals.first_rejections)
    if more > 0:
        where = f"all of them are in {rejects_path}" if rejects_path else "write them all with --rejects FILE"
        print(f"{history}: {more} more rejected ticket(s) not shown ({where})", file=sys.stderr)


def _counts(totals: Totals) -> dict[str, int]:
    return {"tickets": totals.tickets, "evaluated": totals.evaluated, "rejected": totals.rejected}


def _rejections_json(totals: Totals) -> dict[str, Any]:
    return {"rejections": [{"line": r.line, "ticket": r.ticket, "reason": r.reason} for r in totals.first_rejections],
            "rejections_not_shown": totals.rejected - len(totals.first_rejections)}


def cmd_evaluate_history(args: argparse.Namespace) -> int:
    policy = _load(args.policy)
    if policy is None:
        return 1
    output = _output_format(args.out)
    job = _job(args, [policy], [args.policy], output)
    totals = Totals(job.by)
    with ExitStack() as files:
        out = files.enter_context(open(args.out, "w", encoding="utf-8", newline="")) if args.out else None
        rejects = files.enter_context(open(args.rejects, "w", encoding="utf-8")) if args.rejects else None
        if out is not None and output == "csv":
            csv.writer(out, lineterminator="\n").writerow(csv_header(policy, job.by[0]))
        for piece in _pieces(job, args):
            totals.add(piece)
            if out is not None:
                out.write(piece.output)
            if rejects is not None:
                _write_rejected(rejects, piece.rejected)
    rows = totals.summaries[0].rows(t.name for t in policy.targets)
    _report_rejections(totals, args.history, args.rejects)
    if args.json:
        print(json.dumps({"policy": policy.name, "version": _version(policy), "history": args.history,
                          "at": job.at.isoformat() if job.at else None, "by": job.by[0], **_counts(totals),
                          "summary": [asdict(r) for r in rows], **_rejections_json(totals)},
                         ensure_ascii=False, indent=2))
    else:
        at = job.at.isoformat() if job.at else "each ticket's last event"
        print(f"{policy.name}: {totals.tickets} tickets in {args.history}: {totals.evaluated} evaluated, "
              f"{totals.rejected} rejected (as of {at})")
        if rows:
            print()
            sys.stdout.write(render_rows(rows, job.by[0]))
        print("\nbreach rate = breached / (met + breached); median and p90: the time counted until the clock "
              "stopped (met and breached targets), to the minute")
        if args.out:
            print(f"per-ticket results: {args.out}")
    return 1 if totals.rejected else 0


def cmd_compare(args: argparse.Namespace) -> int:
    old, new = _load(args.old), _load(args.new)
    if old is None or new is None:
        return 1
    job = _job(args, [old, new], [args.old, args.new], None)
    totals = Totals(job.by)
    with ExitStack() as files:
        out = files.enter_context(open(args.out, "w", encoding="utf-8")) if args.out else None
        rejects = files.enter_context(open(args.rejects, "w", encoding="utf-8")) if args.rejects else None
        for piece in _pieces(job, args):
            totals.add(piece)
            if out is not None:
                for c in piece.changes:
                    out.write(json.dumps(asdict(c), ensure_ascii=False) + "\n")
            if rejects is not None:
                _write_rejected(rejects, piece.rejected)
    targets = [t.name for t in old.targets] + [t.name for t in new.targets if t.name not in {x.name for x in old.targets}]
    differences = rate_differences(totals.summaries[0].rows(targets), totals.summaries[1].rows(targets))
    _report_rejections(totals, args.history, args.rejects)
    shown = totals.first_changes  # the first SHOWN_CHANGES; all of them go to --out
    if args.json:
        print(json.dumps({"old": _name(old), "new": _name(new), "history": args.history,
                          "at": job.at.isoformat() if job.at else None, "by": list(job.by), **_counts(totals),
                          "changed_targets": totals.changes, "changed_tickets": totals.changed_ticket_count,
                          "changes": [asdict(c) for c in shown], "changes_not_shown": totals.changes - len(shown),
                          "breach_rates": differences, **_rejections_json(totals)},
                         ensure_ascii=False, indent=2))
    else:
        print(f"{_name(old)} -> {_name(new)} on {args.history}: {totals.tickets} tickets, {totals.evaluated} "
              f"evaluated, {totals.rejected} rejected")
        print(f"{totals.changed_ticket_count} ticket(s) change, {totals.changes} target outcome(s) in all")
        for c in shown:
            due = f"  due {c.old_due} -> {c.new_due}" if c.old_due != c.new_due else ""
            print(f"  {c.ticket} (line {c.line})  {c.target}: {c.old_status or '-'} -> {c.new_status or '-'}{due}")
        if totals.changes > len(shown):
            where = f"all of them are in {args.out}" if args.out else "write them all with --out FILE"
            print(f"  ... {totals.changes - len(shown)} more ({where})")
        if differences:
            print()
            print(render_differences(differences, job.by))
    return 1 if totals.rejected else 0


def _version(policy: Any) -> str | None:
    return None if policy.version is None else format(policy.version, "f")


def _name(policy: Any) -> str:
    return f"{policy.name} v{_version(policy)}" if policy.version is not None else policy.name


def rate_differences(old: list[SummaryRow], new: list[SummaryRow]) -> list[dict[str, Any]]:
    """Per (target, group) in either summary: the breach rates and their difference."""
    before = {(r.target, r.group): r for r in old}
    after = {(r.target, r.group): r for r in new}
    keys = list(before) + [k for k in after if k not in before]
    out = []
    for key in keys:
        a, b = before.get(key), after.get(key)
        ra = a.breach_rate if a else None
        rb = b.breach_rate if b else None
        out.append({"target": key[0], "group": key[1],
                    "old_breached": a.breached if a else 0, "new_breached": b.breached if b else 0,
                    "old_breach_rate": ra, "new_breach_rate": rb,
                    "difference": None if ra is None or rb is None else rb - ra})
    return out


def render_differences(rows: list[dict[str, Any]], bys: tuple[str | None, ...]) -> str:
    group = bys[0] if bys[0] == bys[1] else f"{bys[0]}/{bys[1]}"
    head = ("target", group or "group", "old breached", "new breached", "old rate", "new rate", "difference")
    body = [(r["target"], r["group"], str(r["old_breached"]), str(r["new_breached"]), rate_text(r["old_breach_rate"]),
             rate_text(r["new_breach_rate"]),
             "-" if r["difference"] is None else f"{100 * r['difference']:+.1f} pp") for r in rows]
    return table(head, body, numeric_from=2)
