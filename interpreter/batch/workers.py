"""Histories at scale: every ticket of a history evaluated against one policy
(``plazo evaluate POLICY HISTORY``) or two (``plazo compare OLD NEW HISTORY``).

The reading process cuts the history into pieces of whole tickets
(:func:`plazo.interpreter.batch.history.raw_chunks`: a JSON Lines file's lines as read);
workers (one per core) read, evaluate and tally a piece each and send back the output
lines, the rejections, the tallies, the ticket ids the piece gave and, comparing, the
changes. At most two pieces per worker are in flight, so memory stays flat however long
the history is; pieces come back in order, so the output follows the input, and the
reading process checks each piece's ids against the earlier pieces' (:class:`FirstIds`).
A small history is evaluated in the reading process: starting workers would cost more
than they save.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from multiprocessing.pool import AsyncResult
from pathlib import Path

from attrs import evolve, frozen

from plazo.dsl.errors import PlazoError
from plazo.interpreter.batch.history import Chunk, Entry, Rejected, raw_chunks, tickets_of
from plazo.interpreter.batch.records import Change, CsvCell, changed, csv_row, record_text
from plazo.interpreter.batch.report_tally import ReportCounter, ReportSpec, ReportTally
from plazo.interpreter.batch.summary import Summary
from plazo.interpreter.compile.fields import FieldType
from plazo.interpreter.errors import HistoryError
from plazo.interpreter.policy import Policy, load_policy
from plazo.interpreter.run.record_path import RecordFacts, record_facts
from plazo.interpreter.run.results import EvaluationResult

SMALL_HISTORY_BYTES = 2_000_000
TICKETS_PER_PIECE = 2000


@frozen
class Job:
    """What each worker needs to know, in a form that crosses process boundaries."""

    policies: tuple[str, ...]  # paths: one policy, or OLD and NEW
    at: datetime | None  # None: each ticket as of its last event
    by: tuple[str | None, ...]  # the grouping field of each policy's summary
    output: str | None = None  # "jsonl" | "csv" | None: the per-ticket results wanted
    report: ReportSpec | None = None  # plazo report: tally the first policy's results per period too


@frozen
class PieceResult:
    """What a worker sends back for a piece: ``output`` is the piece's per-ticket records
    (JSON Lines or CSV rows, as the job asks), in the order of the history."""

    tickets: int
    size: int
    output: str
    rejected: tuple[Rejected, ...]
    summaries: tuple[Summary, ...]
    changes: tuple[Change, ...]
    report: ReportTally | None = None  # the piece's report tally, when the job asks for one


@frozen
class TaskResult:
    """A piece's results, and the ticket ids the piece gave first (-> their line)."""

    piece: PieceResult
    ids: dict[str, int]


class FirstIds:
    """The ticket ids of a history so far -> the line that gave each first, filled piece by
    piece in the order of the history. A piece read on its own (by a worker, or a Dask
    task's range) sees only the ids it is told to refuse; one that gave an id an earlier
    piece gave is read again, told to refuse those ids, so that its rejections are the
    ones reading the history whole gives (the later line is refused, naming the first)."""

    def __init__(self) -> None:
        # id -> the number of the piece that gave it: one number object per piece, where a
        # line number per id would hold ~30 MiB more for a million tickets (the history's
        # one cost that grows with it); each piece's lines are kept packed, in its ids' order
        self._piece: dict[str, int] = {}
        self._ids: list[list[str]] = []
        self._lines: list[array[int]] = []
        self._asked: dict[int, dict[str, int]] = {}  # pieces an id was repeated from: id -> line

    def line(self, ticket_id: str) -> int:
        """The line that gave ``ticket_id`` first (it was given)."""
        piece = self._piece[ticket_id]
        lines = self._asked.get(piece)
        if lines is None:  # once per piece: a history of repeats costs one pass over each piece
            lines = self._asked[piece] = dict(zip(self._ids[piece], self._lines[piece], strict=True))
        return lines[ticket_id]

    def settled(self, result: TaskResult, again: Callable[[dict[str, int]], TaskResult]) -> TaskResult:
        """``result``, or the piece read again by ``again(ids to refuse)`` if it repeats an id."""
        if not self._piece.keys().isdisjoint(result.ids):
            result = again({i: self.line(i) for i in result.ids if i in self._piece})
        # the ids are new now (a piece gives each id once): update is setdefault, at C speed
        ids = result.ids
        self._piece.update(dict.fromkeys(ids, len(self._ids)))
        self._ids.append(list(ids))
        self._lines.append(array("q", ids.values()))
        return result


# ------------------------------------------------------------------ in a worker


@frozen
class Evaluator:
    """A job with its policies compiled: what a worker keeps from piece to piece."""

    job: Job
    policies: tuple[Policy, ...]
    fields: dict[str, FieldType]  # field name -> its type, to read CSV cells
    reporter: ReportCounter | None = None

    @classmethod
    def of(cls, job: Job, policies: Iterable[Policy]) -> Evaluator:
        compiled = tuple(policies)
        fields: dict[str, FieldType] = {}
        for p in compiled:
            fields.update({name: spec.type for name, spec in p.fields.items()})
        reporter = ReportCounter(compiled[0], job.report) if job.report is not None else None
        return cls(job, compiled, fields, reporter)

    def piece(self, chunk: Chunk, seen: dict[str, int] | None = None) -> PieceResult:
        """The piece evaluated; ``seen``: ids to refuse, and the ids the piece gives (as
        :func:`~plazo.interpreter.batch.history.tickets_of`)."""
        job = self.job
        summaries = tuple(Summary(by) for by in job.by)
        rejected: list[Rejected] = []
        changes: list[Change] = []
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n").writerow if job.output == "csv" else None
        report = ReportTally() if self.reporter is not None else None
        tickets = 0
        lean = self.lean
        for entry in tickets_of(chunk, self.fields, seen):
            tickets += 1
            if isinstance(entry, Rejected):
                rejected.append(entry)
                continue
            if lean:
                facts = self._facts(entry)
                if isinstance(facts, Rejected):
                    rejected.append(facts)
                else:
                    summaries[0].add(facts)
                    self._write(out, writer, entry.line, facts)
                continue
            results = self._evaluate(entry)
            if isinstance(results, Rejected):
                rejected.append(results)
                continue
            for summary, result in zip(summaries, results, strict=True):
                summary.add(result)
            if self.reporter is not None and report is not None:
                opened = min(e.at for e in entry.ticket.events if e.type == "created")
                self.reporter.add(report, results[0], opened)
            if len(results) == 2:
                changes.extend(changed(entry.line, results[0], results[1]))
            self._write(out, writer, entry.line, results[0])
        return PieceResult(tickets, chunk.size, out.getvalue(), tuple(rejected), summaries, tuple(changes), report)

    @property
    def lean(self) -> bool:
        """One policy and no report: only what a record and a summary show is computed
        (when leaving the rest out refuses no ticket evaluate would not)."""
        return len(self.policies) == 1 and self.reporter is None and self.policies[0].records_skip_ladders

    def checked(self, chunk: Chunk, refuse: Mapping[str, int]) -> TaskResult:
        """The piece evaluated refusing the ids ``refuse`` names, with the ids it gave."""
        seen = dict(refuse)
        piece = self.piece(chunk, seen)
        return TaskResult(piece, {i: line for i, line in seen.items() if i not in refuse} if refuse else seen)

    def _write(self, out: io.StringIO, writerow: Callable[[list[CsvCell]], object] | None, line: int,
               result: EvaluationResult | RecordFacts) -> None:
        if self.job.output == "jsonl":
            out.write(record_text(line, result) + "\n")
        elif writerow is not None:
            writerow(csv_row(line, result, self.job.by[0]))

    def _facts(self, entry: Entry) -> RecordFacts | Rejected:
        """The record's facts of the ticket (the one policy), or why it cannot be evaluated."""
        ticket = entry.ticket
        at = self.job.at if self.job.at is not None else ticket.events[-1].at
        try:
            return record_facts(self.policies[0], ticket, at)
        except PlazoError as exc:
            return entry.reject(exc)
        except Exception as exc:  # as in _evaluate
            return Rejected(entry.line, ticket.id, f"internal error (please report it): "
                            f"{type(exc).__name__}: {exc}", entry.text)

    def _evaluate(self, entry: Entry) -> list[EvaluationResult] | Rejected:
        """The ticket evaluated by each policy, or why one cannot evaluate it."""
        ticket = entry.ticket
        at = self.job.at if self.job.at is not None else ticket.events[-1].at
        results: list[EvaluationResult] = []
        for i, policy in enumerate(self.policies):
            try:
                results.append(policy.evaluate(ticket, at))
            except PlazoError as exc:
                who = ("old policy: ", "new policy: ")[i] if len(self.policies) == 2 else ""
                error = entry.reject(exc)
                return evolve(error, reason=who + error.reason)
            except Exception as exc:  # a bug of ours must not sink a million-ticket run, nor hide
                return Rejected(entry.line, ticket.id, f"internal error (please report it): "
                                f"{type(exc).__name__}: {exc}", entry.text)
        return results


_worker: Evaluator | None = None  # in a worker process: set once, by the pool's initializer


def _start_worker(job: Job) -> None:
    global _worker
    _worker = Evaluator.of(job, (load_policy(p) for p in job.policies))


def evaluate_piece(chunk: Chunk, refuse: dict[str, int]) -> TaskResult:
    """A piece evaluated in a worker process (started by :func:`_start_worker`), refusing
    the ids ``refuse`` names (as :meth:`Evaluator.checked`)."""
    if _worker is None:
        raise RuntimeError("evaluate_piece runs in a worker started with _start_worker")
    return _worker.checked(chunk, refuse)


# ------------------------------------------------------------------ in the reading process


def run(job: Job, history: str | Path, jobs: int | None = None,
        progress: Callable[[int, int], None] | None = None) -> Iterator[PieceResult]:
    """The results of each piece of ``history``, in order. ``progress(bytes, tickets)`` is
    called after each piece."""
    try:
        size = Path(history).stat().st_size
    except OSError as exc:
        raise HistoryError(str(history), f"cannot read: {exc.strerror}") from None
    policies = tuple(load_policy(p) for p in job.policies)
    pieces = raw_chunks(history, TICKETS_PER_PIECE, {name for p in policies for name in p.fields})
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or size < SMALL_HISTORY_BYTES:
        evaluator = Evaluator.of(job, policies)
        seen: dict[str, int] = {}  # one reader in order: the ids of every piece so far, refused
        results: Iterator[PieceResult] = (evaluator.piece(chunk, seen) for chunk in pieces)
    else:
        results = _on_workers(job, pieces, jobs)
    for result in results:
        if progress:
            progress(result.size, result.tickets)
        yield result


def _on_workers(job: Job, pieces: Iterator[Chunk], jobs: int) -> Iterator[PieceResult]:
    """The pieces evaluated on ``jobs`` worker processes, in order, at most two per worker
    in flight."""
    first = FirstIds()
    with multiprocessing.Pool(jobs, initializer=_start_worker, initargs=(job,)) as pool:

        def settled(chunk: Chunk, task: AsyncResult[TaskResult]) -> PieceResult:
            def again(refuse: dict[str, int]) -> TaskResult:
                return pool.apply_async(evaluate_piece, (chunk, refuse)).get()
            return first.settled(task.get(), again).piece

        pending: deque[tuple[Chunk, AsyncResult[TaskResult]]] = deque()
        for chunk in pieces:
            pending.append((chunk, pool.apply_async(evaluate_piece, (chunk, {}))))
            if len(pending) >= 2 * jobs:
                yield settled(*pending.popleft())
        while pending:
            yield settled(*pending.popleft())
