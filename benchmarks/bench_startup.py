"""`plazo check policies/aldeamo.plazo` as a whole process: median wall time, cold and warm.

*Cold* is a process that builds the LALR parser from the grammar (the cache turned off
with ``PLAZO_PARSER_CACHE=0``): what every call cost before the parser cache, and what the
first call after a grammar change or an upgrade costs. *Warm* loads the parser built
by an earlier call (from a fresh cache directory, filled by one untimed call first). The
two kinds of run alternate, so a busy spell on a shared machine slows both alike.
``python -X importtime`` of the same command says how much of a warm start is imports.
Both kinds run with compiled bytecode, as an installed package has it: in a temporary
``PYTHONPYCACHEPREFIX`` filled by the untimed first call, even where the environment
sets ``PYTHONDONTWRITEBYTECODE`` (which would compile every module on every start).

``--before SRC`` times the same warm command on an earlier version of the code too, in
the same run (alternating): SRC holds ``plazo/grammar``, ``plazo/dsl`` and
``plazo/interpreter`` (a copy of those folders of another checkout), put first on
``PYTHONPATH``; the README's before/after figures come from one such run.

    python benchmarks/bench_startup.py [--json] [--runs N] [--policy FILE] [--before SRC]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_seconds(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--runs", type=int, default=15, help="runs of each kind")
    parser.add_argument("--policy", default=str(ROOT / "policies" / "aldeamo.plazo"))
    parser.add_argument("--before", metavar="SRC", help="a tree of an earlier version (plazo/dsl ...) to time too")
    args = parser.parse_args(argv)
    command = [sys.executable, "-m", "plazo.interpreter.cli", "check", args.policy]
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as bytecode:
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        base["PYTHONPYCACHEPREFIX"] = bytecode
        warm_env = {**base, "PLAZO_CACHE_DIR": cache, "PLAZO_PARSER_CACHE": "1"}
        cold_env = {**base, "PLAZO_PARSER_CACHE": "0"}
        before_env = {**warm_env, "PYTHONPATH": args.before or ""}
        bare = [sys.executable, "-c", "pass"]
        run_seconds(command, warm_env)  # fills both caches
        if args.before:
            run_seconds(command, before_env)
        cold, warm, python, before = [], [], [], []
        for _ in range(args.runs):
            cold.append(run_seconds(command, cold_env))
            warm.append(run_seconds(command, warm_env))
            python.append(run_seconds(bare, cold_env))
            if args.before:
                before.append(run_seconds(command, before_env))

    def median_ms(runs: list[tuple[float, float]], which: int) -> int:
        return round(statistics.median(r[which] for r in runs) * 1000)

    row: dict[str, object] = {
        "command": "plazo check " + Path(args.policy).name,
        "runs": args.runs,
        "cold_ms": median_ms(cold, 0),
        "warm_ms": median_ms(warm, 0),
        "cold_cpu_ms": median_ms(cold, 1),
        "warm_cpu_ms": median_ms(warm, 1),
        "bare_python_ms": median_ms(python, 0),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cores": os.cpu_count(),
    }
    row["cold_over_warm"] = round(median_ms(cold, 0) / median_ms(warm, 0), 2)
    if before:
        row["before_warm_ms"] = median_ms(before, 0)
        row["before_over_warm"] = round(median_ms(before, 0) / median_ms(warm, 0), 2)
    row["bars"] = {"warm_under_250_ms": median_ms(warm, 0) < 250}
    if args.json:
        print(json.dumps(row, indent=2))
    else:
        print(f"{row['command']}: median of {row['runs']} runs: cold (parser built) {row['cold_ms']} ms, "
              f"warm (parser cached) {row['warm_ms']} ms ({row['cold_over_warm']}x); "
              f"CPU {row['cold_cpu_ms']} ms and {row['warm_cpu_ms']} ms; python -c pass: {row['bare_python_ms']} ms; "
              f"load average {row['load_average_1min']} on {row['cores']} cores")
        if before:
            print(f"before ({args.before}), warm: {row['before_warm_ms']} ms, {row['before_over_warm']}x the time now")
    return 0


if __name__ == "__main__":
    sys.exit(main())
