"""Histories on a Dask cluster: ``plazo evaluate|compare ... --engine dask`` (a cluster
of worker processes on this machine) or ``--scheduler tcp://HOST:8786`` (a cluster
that is already running, of one machine or many).

This module needs the ``dask`` extra (dask and distributed) and is imported only when
one of those options is given (:mod:`plazo.interpreter.cli.history`), so that the
local engine (:mod:`.workers`) works without it.

What crosses to the workers is small: the policies' *texts* (a worker on another
machine does not share this one's disk), compiled once per worker process and kept
by the hash of the texts; and, per task, the path and the byte range of a history.
Histories are read by path, by the workers: every worker must see the files at the
same path (a shared disk), and the history's folder or pattern is expanded by a worker.

A JSON Lines file is cut by byte ranges (:mod:`.spans`): one task counts the lines of
each range, so every range knows the number of its first line, then a task per range
reads, evaluates and tallies its lines, returning what the local engine's pieces
return, and the ids it saw first. A CSV file is one task: a ticket's rows and a quoted
cell may run over any byte, so a CSV file cannot be entered in the middle (several
CSV files are read in parallel). Results are taken in the order of the history, at
most two per worker thread in flight, so memory stays flat and ``--out`` follows
the input.

Exactness: each task's tallies are merged once, by the reading process, in order; a
task lost with its worker is run again by the scheduler (and retried on an error),
and only its one result is counted. A ticket id already given by an earlier range
(rare: an id names one ticket) makes the later range run again, told the ids it must
refuse, so the rejections are the ones reading the file whole would give.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from attrs import frozen
from distributed import Client, Future, LocalCluster

from plazo.dsl.errors import PlazoError
from plazo.dsl.loader import read_text
from plazo.interpreter.batch.history import Chunk, chunks, history_format
from plazo.interpreter.batch.report_tally import ReportTally
from plazo.interpreter.batch.sources import history_files
from plazo.interpreter.batch.spans import Span, line_starts, span_lines, spans_of
from plazo.interpreter.batch.summary import Summary
from plazo.interpreter.batch.workers import TICKETS_PER_PIECE, Evaluator, FirstIds, Job, PieceResult, TaskResult
from plazo.interpreter.errors import HistoryError
from plazo.interpreter.policy import Policy, loads_policy

# A range of about a quarter of a worker's share of the file, kept between these
# bounds: enough tasks to balance the workers and to lose little when one dies, and a
# task's result (its per-ticket output) a few megabytes at most.
MIN_SPAN_BYTES = 16 * 2**10
MAX_SPAN_BYTES = 8 * 2**20
TASKS_PER_THREAD = 4
RETRIES = 2  # a task that raises (a file briefly unreadable) is run again this many times
WORKERS_HINT = "the Dask workers read a history by its path, so every worker must see the file there: a shared disk"


@frozen
class DaskJob:
    """A job as the workers get it: the policies' texts rather than their paths."""

    job: Job
    texts: tuple[str, ...]

    @property
    def key(self) -> str:
        """The texts' hash: a worker compiles a policy once per key."""
        digest = hashlib.sha256()
        for path, text in zip(self.job.policies, self.texts, strict=True):
            digest.update(f"{len(path)}:{path}{len(text)}:{text}".encode())
        return digest.hexdigest()


@frozen
class FilePlan:
    """How a history file is read: ``kind`` (jsonl or csv), its byte ranges with the
    number of each range's first line (a CSV file is read whole: no ranges)."""

    path: str
    kind: str
    size: int
    spans: tuple[tuple[Span, int], ...]


# ------------------------------------------------------------------ on a worker

_compiled: dict[str, tuple[Policy, ...]] = {}  # per worker process: DaskJob.key -> its policies


def _evaluator(task: DaskJob) -> Evaluator:
    policies = _compiled.get(task.key)
    if policies is None:
        policies = _compiled[task.key] = tuple(
            loads_policy(text, path) for path, text in zip(task.job.policies, task.texts, strict=True))
    return Evaluator.of(task.job, policies)


def plazo_version() -> str:
    try:
        return version("plazo")
    except PackageNotFoundError:
        return "(not installed)"


def files_on_worker(spec: str) -> tuple[str, ...]:
    """The files a history names, as a worker sees them."""
    try:
        return history_files(spec)
    except HistoryError as exc:
        raise HistoryError(exc.file, f"{exc.problem} (on the Dask worker {socket.gethostname()})", exc.line,
                           exc.hint or WORKERS_HINT) from None


def plan_file(path: str, threads: int) -> FilePlan:
    """A file's kind and ranges, each with the number of its first line."""
    kind = history_format(path)
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise HistoryError(path, f"cannot read on the Dask worker {socket.gethostname()}: {exc.strerror}",
                           hint=WORKERS_HINT) from None
    if kind == "csv":
        return FilePlan(path, kind, size, ())
    span_bytes = min(MAX_SPAN_BYTES, max(MIN_SPAN_BYTES, size // max(1, threads * TASKS_PER_THREAD)))
    first = 1
    ranges = []
    for span in spans_of(path, size, span_bytes):
        ranges.append((span, first))
        first += line_starts(span)
    return FilePlan(path, kind, size, tuple(ranges))


def evaluate_span(task: DaskJob, span: Span, first_line: int, refuse: dict[str, int]) -> TaskResult:
    """A range of a JSON Lines file evaluated; ``refuse``: ids earlier ranges gave (-> their line)."""
    evaluator = _evaluator(task)
    seen = dict(refuse)  # the lines are checked as they are evaluated (tickets_of), ids included
    piece = _joined(evaluator, span_lines(span, first_line, TICKETS_PER_PIECE), seen)
    return TaskResult(piece, {i: line for i, line in seen.items() if line >= first_line})


def evaluate_file(task: DaskJob, path: str) -> TaskResult:
    """A whole CSV file evaluated (read as the local engine reads it)."""
    evaluator = _evaluator(task)
    known = {name for p in evaluator.policies for name in p.fields}
    return TaskResult(_joined(evaluator, chunks(path, TICKETS_PER_PIECE, known)), {})


def _joined(evaluator: Evaluator, pieces: Iterator[Chunk], seen: dict[str, int] | None = None) -> PieceResult:
    """The pieces of a task evaluated and put together, in order (``seen``: as
    :meth:`Evaluator.piece`, across the pieces)."""
    results = [evaluator.piece(chunk, seen) for chunk in pieces]
    summaries = tuple(Summary(by) for by in evaluator.job.by)
    report = ReportTally() if evaluator.job.report is not None else None
    for result in results:
        for mine, theirs in zip(summaries, result.summaries, strict=True):
            mine.merge(theirs)
        if report is not None and result.report is not None:
            report.merge(result.report)
    return PieceResult(sum(r.tickets for r in results), sum(r.size for r in results),
                       "".join(r.output for r in results), tuple(x for r in results for x in r.rejected),
                       summaries, tuple(c for r in results for c in r.changes), report)


# ------------------------------------------------------------------ in the reading process


@contextmanager
def connected(scheduler: str | None, workers: int | None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new cluster of ``workers``
    processes (one thread each) on this machine, closed afterwards."""
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise PlazoError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({exc}); "
                             "give its address as tcp://HOST:8786") from None
        with client:
            _same_plazo(client)
            yield client
        return
    # silence_logs: a task's error reaches the user as plazo's message, not as the worker's log
    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=logging.CRITICAL)
    with cluster, Client(cluster, set_as_default=False) as client:
        yield client


def _same_plazo(client: Client) -> None:
    """Workers with another version of plazo could count differently: refused."""
    mine = plazo_version()
    theirs: dict[str, str] = client.run(plazo_version)
    other = {address: v for address, v in theirs.items() if v != mine}
    if other:
        address, v = sorted(other.items())[0]
        raise PlazoError(f"the Dask worker at {address} has plazo {v}, this machine plazo {mine}: "
                         "install the same version on every worker")


def run(job: Job, history: str, client: Client, progress: Callable[[int, int], None] | None = None
        ) -> Iterator[tuple[str, PieceResult]]:
    """Each piece of the history (a file, folder or pattern, expanded by a worker) with
    its file, in the order of the files and of their lines; at most two tasks per worker
    thread in flight, across files."""
    task = DaskJob(job, tuple(read_text(p) for p in job.policies))
    threads = max(1, sum(client.nthreads().values()))
    found: Future[tuple[str, ...]] = client.submit(files_on_worker, history, pure=False)
    plans: list[Future[FilePlan]] = [client.submit(plan_file, path, threads, pure=False, retries=RETRIES)
                                     for path in found.result()]
    units = _units(plans)
    pending: deque[tuple[Unit, Future[TaskResult]]] = deque()
    path = ""
    first = FirstIds()  # the ids of the file so far
    while True:
        for unit in units:
            pending.append((unit, _submit(client, task, unit, {})))
            if len(pending) >= 2 * threads:
                break
        if not pending:
            return
        unit, future = pending.popleft()
        if unit.path != path:
            path, first = unit.path, FirstIds()

        def again(refuse: dict[str, int], unit: Unit = unit) -> TaskResult:
            return _submit(client, task, unit, refuse).result()
        # an id an earlier range gave: the range is read again, refusing it there
        result = first.settled(future.result(), again)
        if progress:
            progress(result.piece.size, result.piece.tickets)
        yield path, result.piece


@frozen
class Unit:
    """One task's part of a history: a range of a JSON Lines file with the number of its
    first line, or a whole CSV file (``span`` None)."""

    path: str
    span: Span | None
    first_line: int = 1


def _units(plans: list[Future[FilePlan]]) -> Iterator[Unit]:
    for planned in plans:
        plan = planned.result()
        if plan.kind == "csv":
            yield Unit(plan.path, None)
        else:
            yield from (Unit(plan.path, span, first) for span, first in plan.spans)


def _submit(client: Client, task: DaskJob, unit: Unit, refuse: dict[str, int]) -> Future[TaskResult]:
    if unit.span is None:
        return client.submit(evaluate_file, task, unit.path, pure=False, retries=RETRIES)
    return client.submit(evaluate_span, task, unit.span, unit.first_line, refuse, pure=False, retries=RETRIES)
