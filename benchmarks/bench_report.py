"""Histories of 250k, 500k and 1M tickets through ``plazo report`` (the local engine):
tickets per second and the peak memory of the whole process tree, to show that memory
stays flat as the history grows (the report keeps tallies per period, group and minute,
never the tickets).

``--json`` prints ``{"machine", "policy", "runs": [{"engine", "tickets", "seconds",
"tickets_per_second", "peak_rss_mib"}]}``. The histories are made-up tickets of
examples/compliance/mesa.plazo (three months, three customers; generate.py there), written
first; only the report is timed. ``--sizes`` changes the sizes.

The Dask column: :data:`ENGINES` maps an engine's name to the extra arguments of its run
(``"dask": ["--engine", "dask"]``); ``--engines local,dask`` runs each size on each.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples" / "compliance"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import tickets  # noqa: E402

POLICY = ROOT / "examples" / "compliance" / "mesa.plazo"
ENGINES: dict[str, list[str]] = {"local": [], "dask": ["--engine", "dask"]}


def tree_rss_kib(pid: int) -> int:
    """The resident memory of ``pid`` and all its descendants (Linux /proc), following the
    children of every thread: a Dask cluster's processes are started by its event loop's
    thread, not the main one, and ``/proc/PID/task/PID/children`` lists the main thread's."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with Path(f"/proc/{p}/status").open() as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            for thread in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (thread / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total


def write_history(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for t in tickets(count):
            handle.write(json.dumps(t, ensure_ascii=False) + "\n")


def run_report(history: Path, engine: str) -> dict[str, float | int | str]:
    command = [sys.executable, "-m", "plazo.interpreter.cli", "report", str(POLICY), str(history), "--by",
               "customer", "--at", "2026-04-15T00:00", "--format", "json", *ENGINES[engine]]
    # the report goes to a file, not a pipe: a report bigger than the pipe's buffer would block
    # its writer while this loop waits for it to end
    with tempfile.TemporaryFile() as out:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss_kib(process.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - began
        out.seek(0)
        report = json.loads(out.read() or b"{}")
    return {"engine": engine, "tickets": report["tickets"], "seconds": round(seconds, 2),
            "tickets_per_second": round(report["tickets"] / seconds), "peak_rss_mib": round(peak / 1024, 1)}


def default_engines() -> str:
    """Both engines, in one run, where the dask extra is installed (``make bench`` installs it
    with the test extra); the local one alone where it is not."""
    return "local,dask" if importlib.util.find_spec("distributed") is not None else "local"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="250000,500000,1000000")
    parser.add_argument("--engines", default=default_engines(),
                        help="comma-separated (default: local,dask when the dask extra is installed, else local)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            history = Path(tmp) / f"history_{size}.jsonl"
            write_history(history, size)
            for engine in args.engines.split(","):
                runs.append(run_report(history, engine))
                print(json.dumps(runs[-1]), file=sys.stderr, flush=True)  # each run as it ends: a long one may be cut
            history.unlink()
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
              "policy": str(POLICY.relative_to(ROOT)), "runs": runs}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for r in runs:
            print(f"{r['engine']:>6} {r['tickets']:>9,} tickets  {r['seconds']:>8.1f} s  "
                  f"{r['tickets_per_second']:>7,}/s  peak {r['peak_rss_mib']} MiB")


if __name__ == "__main__":
    main()
