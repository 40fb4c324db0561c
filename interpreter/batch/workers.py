"""Histories at scale: every ticket of a history evaluated against one policy
(``plazo evaluate POLICY HISTORY``) or two (``plazo compare OLD NEW HISTORY``).

The reading process cuts the history into pieces of whole tickets
(:func:`plazo.interpreter.history.chunks`); workers (one per core) read, evaluate
and tally a piece each and send back the output lines, the rejections, the tallies
and, comparing, the changes. At most two pieces per worker are in flight, so memory
stays flat however long the history is; pieces come back in order, so the output
follows the input. A small history is evaluated in the reading process: starting
workers would cost more than they save.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from attrs import frozen

from plazo.dsl.errors import PlazoError
from plazo.interpreter.batch.history import Chunk, Rejected, chunks, tickets_of
from plazo.interpreter.errors import HistoryError
from plazo.interpreter.run.results import EvaluationResult
from plazo.interpreter.batch.summary import Summary

SMALL_HISTORY_BYTES = 2_000_000
TICKETS_PER_PIECE = 2000


@frozen
class Job:
    """What each worker needs to know, in a form that crosses process boundaries."""

    policies: tuple[str, ...]  # paths: one policy, or OLD and NEW
    at: datetime | None  # None: each ticket as of its last event
    by: tuple[str | None, ...]  # the grouping field of each policy's summary
    output: str | None = None  # "jsonl" | "csv" | None: the per-ticket results wanted


@frozen
class Change:
    """A target whose outcome differs between the two policies."""

    ticket: str
    line: int
    target: str
    old_status: str | None  # None: the target is not in that policy
    new_status: str | None
    old_due: str | None
    new_due: str | None


@frozen
class PieceResult:
    tickets: int
    size: int
    output: str
    rejected: tuple[Rejected, ...]
    summaries: tuple[Summary, ...]
    changes: tuple[Change, ...]


# ------------------------------------------------------------------ in a worker

_worker: dict[str, Any] = {}


def _start_worker(job: Job) -> None:
    from plazo.interpreter.policy import load_policy

    policies = [load_policy(p) for p in job.policies]
    kinds: dict[str, str] = {}
    for p in policies:
        kinds.update({name: spec.kind for name, spec in p.fields.items()})
    _worker.update(job=job, policies=policies, kinds=kinds)


def evaluate_piece(chunk: Chunk) -> PieceResult:
    job: Job = _worker["job"]
    policies = _worker["policies"]
    summaries = tuple(Summary(by) for by in job.by)
    rejected: list[Rejected] = []
    changes: list[Change] = []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n") if job.output == "csv" else None
    tickets = 0
    for entry in tickets_of(chunk, _worker["kinds"]):
        tickets += 1
        if entry.ticket is None:
            assert entry.rejected is not None
            rejected.append(entry.rejected)
            continue
        ticket = entry.ticket
        at = job.at if job.at is not None else ticket.events[-1].at
        results: list[EvaluationResult] = []
        for i, policy in enumerate(policies):
            try:
                results.append(policy.evaluate(ticket, at))
            except PlazoError as exc:
                who = ("old policy: ", "new policy: ")[i] if len(policies) == 2 else ""
                error = entry.reject(exc)
                rejected.append(Rejected(error.line, error.ticket, who + error.reason, error.text))
                break
            except Exception as exc:  # a bug of ours must not sink a million-ticket run, nor hide
                rejected.append(Rejected(entry.line, ticket.id, f"internal error (please report it): "
                                         f"{type(exc).__name__}: {exc}", entry.text))
                break
        else:
            for summary, result in zip(summaries, results):
                summary.add(result)
            if len(results) == 2:
                changes.extend(changed(entry.line, results[0], results[1]))
            if job.output == "jsonl":
                out.write(json.dumps(record(entry.line, results[0]), ensure_ascii=False))
                out.write("\n")
            elif writer is not None:
                writer.writerow(csv_row(entry.line, results[0], policies[0], job.by[0]))
    return PieceResult(tickets, chunk.size, out.getvalue(), tuple(rejected), summaries, tuple(changes))


def _iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat()


def record(line: int, r: EvaluationResult) -> dict[str, Any]:
    """A ticket's line in a JSON Lines output: the facts a report reads (the full form of
    one ticket is ``plazo evaluate POLICY TICKET.json --json``)."""
    return {
        "ticket": r.ticket, "line": line, "at": r.at.isoformat(),
        "fields": {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.fields.items()},
        "status": r.status,
        "route": r.route.team if r.route else None,
        "rejected": r.rejected.reason if r.rejected else None,
        "violations": [v.rule for v in r.violations],
        "targets": {t.name: {"status": t.status, "due": _iso(t.due), "stopped": _iso(t.stopped),
                             "breached_at": _iso(t.breached_at), "elapsed_seconds": t.elapsed_seconds}
                    for t in r.targets},
    }


TARGET_COLUMNS = ("status", "due", "breached_at", "elapsed_seconds")


def csv_header(policy: Any, by: str | None) -> list[str]:
    head = ["ticket", "line", "at", by or "group", "route", "rejected", "violations"]
    return head + [f"{t.name}_{c}" for t in policy.targets for c in TARGET_COLUMNS]


def csv_row(line: int, r: EvaluationResult, policy: Any, by: str | None) -> list[Any]:
    row: list[Any] = [r.ticket, line, r.at.isoformat(), "" if by is None else r.fields.get(by, ""),
                      r.route.team if r.route else "", r.rejected.reason if r.rejected else "",
                      "; ".join(v.rule for v in r.violations)]
    for t in r.targets:
        row += [t.status, _iso(t.due) or "", _iso(t.breached_at) or "",
                "" if t.elapsed_seconds is None else t.elapsed_seconds]
    return row


def changed(line: int, old: EvaluationResult, new: EvaluationResult) -> Iterator[Change]:
    """The targets whose status differs (a target only one policy has counts as changed)."""
    before = {t.name: t for t in old.targets}
    after = {t.name: t for t in new.targets}
    for name in [*before, *(n for n in after if n not in before)]:
        a, b = before.get(name), after.get(name)
        if a is None or b is None or a.status != b.status:
            yield Change(old.ticket, line, name, a.status if a else None, b.status if b else None,
                         _iso(a.due) if a else None, _iso(b.due) if b else None)


# ------------------------------------------------------------------ in the reading process


def run(job: Job, history: str | Path, jobs: int | None = None,
        progress: Callable[[int, int], None] | None = None) -> Iterator[PieceResult]:
    """The results of each piece of ``history``, in order. ``progress(bytes, tickets)`` is
    called after each piece."""
    from plazo.interpreter.policy import load_policy

    try:
        size = os.path.getsize(history)
    except OSError as exc:
        raise HistoryError(str(history), f"cannot read: {exc.strerror}") from None
    fields = {name for p in job.policies for name in load_policy(p).fields}
    pieces = chunks(history, TICKETS_PER_PIECE, fields)
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or size < SMALL_HISTORY_BYTES:
        _start_worker(job)
        for chunk in pieces:
            result = evaluate_piece(chunk)
            if progress:
                progress(result.size, result.tickets)
            yield result
        return
    import multiprocessing

    with multiprocessing.Pool(jobs, initializer=_start_worker, initargs=(job,)) as pool:
        pending: deque[Any] = deque()
        for chunk in pieces:
            pending.append(pool.apply_async(evaluate_piece, (chunk,)))
            if len(pending) >= 2 * jobs:
                result = pending.popleft().get()
                if progress:
                    progress(result.size, result.tickets)
                yield result
        while pending:
            result = pending.popleft().get()
            if progress:
                progress(result.size, result.tickets)
            yield result


class Progress:
    """A one-line progress bar on a terminal (nothing otherwise): tickets, share of the
    file, tickets per second. Redrawn at most ten times a second."""

    def __init__(self, total_bytes: int, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total = max(total_bytes, 1)
        self.stream = stream if stream is not None else sys.stderr
        self.active = self.stream.isatty()
        self.clock = clock
        self.done_bytes = self.tickets = 0
        self.began = self.drawn = clock()

    def __call__(self, size: int, tickets: int) -> None:
        self.done_bytes += size
        self.tickets += tickets
        now = self.clock()
        if self.active and now - self.drawn >= 0.1:
            self.drawn = now
            share = min(1.0, self.done_bytes / self.total)
            bar = "#" * int(30 * share)
            rate = self.tickets / max(now - self.began, 1e-9)
            self.stream.write(f"\r[{bar:<30}] {100 * share:5.1f}%  {self.tickets:,} tickets  {rate:,.0f}/s")
            self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r" + " " * 78 + "\r")
            self.stream.flush()
