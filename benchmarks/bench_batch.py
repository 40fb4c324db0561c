"""A generated history evaluated end to end: ``plazo evaluate POLICY HISTORY --out``.

Prints ``{"tickets", "seconds", "peak_rss_mib", ...}`` with ``--json``. The history
(Aldeamo, the slowest policy to evaluate, by default a million tickets) is generated
first with ``examples/histories/generate.py``; only the evaluation is timed: reading,
evaluating on every core, writing one result per ticket and the summary. The peak
memory is that of the whole process tree (the reader and its workers together),
sampled from /proc every 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tree_rss_kib(pid: int) -> int:
    """The resident memory of ``pid`` and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with Path(f"/proc/{p}/status").open() as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--policy", default=str(ROOT / "policies" / "aldeamo.plazo"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        history, out = Path(tmp) / "history.jsonl", Path(tmp) / "results.jsonl"
        began = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "examples" / "histories" / "generate.py"), args.policy,
                        "--tickets", str(args.tickets), "--seed", "2026", "--days", "365", "--out", str(history)],
                       check=True)
        generated = time.perf_counter() - began
        command = [sys.executable, "-m", "plazo.interpreter.cli", "evaluate", args.policy, str(history),
                   "--at", "2027-01-10T00:00", "--out", str(out), "--json"]
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss_kib(process.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - began
        report = json.loads(process.stdout.read() if process.stdout else b"{}")
        if process.returncode not in (0, 1):
            raise SystemExit(f"plazo evaluate failed with exit code {process.returncode}")
        with Path(out).open(encoding="utf-8") as written:
            results = sum(1 for _ in written)
        history_mib = history.stat().st_size / 2**20
    row = {"tickets": report["tickets"], "evaluated": report["evaluated"], "rejected": report["rejected"],
           "results_written": results, "seconds": round(seconds, 1), "peak_rss_mib": round(peak / 1024),
           "tickets_per_s": round(report["tickets"] / seconds), "cores": os.cpu_count(),
           "history_mib": round(history_mib), "generation_seconds": round(generated, 1)}
    if args.json:
        print(json.dumps(row, indent=2))
    else:
        print(f"{row['tickets']:,} tickets in {row['seconds']} s ({row['tickets_per_s']:,}/s on {row['cores']} cores), "
              f"peak memory {row['peak_rss_mib']} MiB; generating the history took {row['generation_seconds']} s")


if __name__ == "__main__":
    main()
