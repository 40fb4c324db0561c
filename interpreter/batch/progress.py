"""The progress of a batch on a terminal: a one-line bar redrawn as pieces come back."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Protocol


class Terminal(Protocol):
    """Where the bar is drawn: a text stream (``sys.stderr``)."""

    def isatty(self) -> bool: ...

    def write(self, text: str, /) -> object: ...

    def flush(self) -> None: ...


class Progress:
    """A one-line progress bar on a terminal (nothing otherwise): tickets, share of the
    file, tickets per second. Redrawn at most ten times a second."""

    def __init__(self, total_bytes: int, stream: Terminal | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total = max(total_bytes, 1)
        self.stream: Terminal = stream if stream is not None else sys.stderr
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
