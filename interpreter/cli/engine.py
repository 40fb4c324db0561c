"""Which engine evaluates a history: the local one (worker processes on this machine,
the default) or Dask (``--engine dask``: a cluster of processes on this machine;
``--scheduler tcp://HOST:8786``: a cluster that is already running).

The Dask engine needs the ``dask`` extra (``pip install 'plazo[dask]'``). Every other
run must work without it, so its module is imported by name when it is asked for,
not when the command line is built (as ``plazo lsp`` imports its server).
"""

import argparse
import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from plazo.dsl.errors import PlazoError
from plazo.interpreter.batch import Job, PieceResult, Progress
from plazo.interpreter.batch import run as run_locally
from plazo.interpreter.batch.sources import history_files

DASK_MODULE = "plazo.interpreter.batch.dask_engine"
SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")  # what a Dask scheduler listens on
EXTRA_PACKAGES = ("dask", "distributed")


def uses_dask(args: argparse.Namespace) -> bool:
    return getattr(args, "engine", None) == "dask" or getattr(args, "scheduler", None) is not None


def check_engine_options(args: argparse.Namespace) -> None:
    """Options that belong to the other engine are refused, not ignored."""
    if getattr(args, "engine", None) == "local" and args.scheduler is not None:
        raise PlazoError("--scheduler runs on a Dask cluster: drop --engine local (or --scheduler)")
    if getattr(args, "scheduler", None) is not None:
        _check_address(args.scheduler)
    if uses_dask(args):
        if args.jobs is not None:
            raise PlazoError("--jobs is the local engine's processes; on Dask, --workers N (a cluster on this "
                             "machine) or --scheduler ADDRESS (a cluster that is running)")
        if args.workers is not None and args.scheduler is not None:
            raise PlazoError("--workers starts a cluster on this machine and --scheduler uses a running one: "
                             "give one of them")
    elif getattr(args, "workers", None) is not None:
        raise PlazoError("--workers is for --engine dask; the local engine's processes are --jobs N")


def _check_address(address: str) -> None:
    """A scheduler's address, checked before Dask sees it (Dask reports a bad one late,
    and from a destructor)."""
    scheme, separator, rest = address.partition("://")
    host, _, port = (rest if separator else address).rpartition(":")
    if (separator and scheme not in SCHEDULER_SCHEMES) or not host or not port.isdigit():
        raise PlazoError(f"--scheduler {address}: a Dask scheduler's address is tcp://HOST:PORT "
                         "(8786 unless it was started with another port; or tls://HOST:PORT)")


def _dask_engine() -> ModuleType:
    try:
        return importlib.import_module(DASK_MODULE)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in EXTRA_PACKAGES:
            raise
        raise PlazoError(f"--engine dask needs {exc.name}: pip install 'plazo[dask]'") from None


def local_size(history: str) -> int:
    """The bytes of the history's files this machine sees (for the progress bar: Dask
    workers may see files this machine does not)."""
    try:
        return sum(Path(p).stat().st_size for p in history_files(history))
    except (PlazoError, OSError):
        return 0


def sourced_pieces(job: Job, args: argparse.Namespace) -> Iterator[tuple[str, PieceResult]]:
    """Each piece of ``args.history`` with the file it is from, in order, with a progress bar."""
    check_engine_options(args)
    progress = Progress(local_size(args.history))
    try:
        if uses_dask(args):
            engine = _dask_engine()
            with engine.connected(args.scheduler, args.workers) as client:
                yield from engine.run(job, args.history, client, progress)
        else:
            for path in history_files(args.history):
                yield from ((path, piece) for piece in run_locally(job, path, args.jobs, progress))
    finally:
        progress.close()

