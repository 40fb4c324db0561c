"""``plazo serve`` under load, on loopback only: 20,000 evaluate requests from 16
concurrent clients against a local uvicorn (``plazo serve --policies policies``).

Prints requests per second, the p50 and p99 latency, the errors (any answer but 200;
the bar is zero) and the server's resident memory after the first and after the last
5,000 requests (the bar: flat, within 8 MiB). With ``--json``: ``{"requests",
"clients", "rps", "p50_ms", "p99_ms", "errors", "rss_mib_after_first", "rss_mib_after_last",
"rss_growth_mib"}``. Bounded in requests and in time (``--timeout``, 300 s): past it the
run stops and says so. The clients speak plain HTTP/1.1 on kept-alive connections, so
that on a 2-core machine the measure is the server's, not an HTTP library's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback: the load never leaves this machine
POLICY = "aldeamo"
WINDOW = 5_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def requests(port: int, tickets: list[bytes]) -> Iterator[bytes]:
    """The raw requests, round robin over the tickets of the bundled history."""
    i = 0
    while True:
        body = tickets[i % len(tickets)]
        i += 1
        yield (f"POST /v1/policies/{POLICY}/evaluate HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


async def read_answer(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(v) for k, _, v in (h.partition(":") for h in lines[1:]) if k.lower() == "content-length")
    await reader.readexactly(length)
    return status


async def load(port: int, total: int, clients: int, tickets: list[bytes], pid: int) -> dict[str, float]:
    made = requests(port, tickets)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    rss: dict[str, float] = {}
    count = 0

    async def client() -> None:
        nonlocal count
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while count < total:
                count += 1
                request = next(made)
                began = time.perf_counter()
                writer.write(request)
                status = await read_answer(reader)
                latencies.append(time.perf_counter() - began)
                statuses[status] = statuses.get(status, 0) + 1
                if len(latencies) == WINDOW:
                    rss["first"] = rss_mib(pid)
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - began
    rss["last"] = rss_mib(pid)
    ordered = sorted(latencies)
    return {"requests": len(latencies), "clients": clients, "seconds": round(elapsed, 2),
            "rps": round(len(latencies) / elapsed), "p50_ms": round(ordered[len(ordered) // 2] * 1000, 2),
            "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 2),
            "errors": sum(n for s, n in statuses.items() if s != 200),
            "rss_mib_after_first": round(rss["first"], 1), "rss_mib_after_last": round(rss["last"], 1),
            "rss_growth_mib": round(rss["last"] - rss["first"], 1)}


@contextlib.contextmanager
def server(port: int) -> Iterator[subprocess.Popen[bytes]]:
    plazo = Path(sys.executable).parent / "plazo"
    process = subprocess.Popen([str(plazo), "serve", "--policies", str(ROOT / "policies"), "--host", HOST,
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("plazo serve did not start") from None
                time.sleep(0.1)
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=300.0, help="stop the run after this many seconds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    lines = (ROOT / "examples" / "histories" / f"{POLICY}.jsonl").read_bytes().splitlines()[:500]
    port = free_port()
    with server(port) as process:
        try:
            out = asyncio.run(asyncio.wait_for(load(port, args.requests, args.clients, lines, process.pid),
                                               args.timeout))
        except TimeoutError:
            sys.exit(f"stopped: not done within {args.timeout:g} s")
    out["machine"] = f"{os.cpu_count()} cores"
    if args.json:
        print(json.dumps(out))
    else:
        print(f"{out['requests']:,} evaluate requests, {out['clients']} clients, {out['machine']}: "
              f"{out['rps']:,} requests/s, p50 {out['p50_ms']} ms, p99 {out['p99_ms']} ms, {out['errors']} errors; "
              f"server memory {out['rss_mib_after_first']} MiB after {WINDOW:,}, {out['rss_mib_after_last']} MiB "
              f"at the end ({out['rss_growth_mib']:+} MiB)")
    if out["errors"] or out["rss_growth_mib"] > 8:
        sys.exit(1)


if __name__ == "__main__":
    main()
