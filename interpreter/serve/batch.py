"""``POST /v1/policies/{name}/evaluate`` with JSON Lines: a history in, one line out per
ticket as soon as its block is evaluated, then a last line with the counts.

Each line is read as ``plazo evaluate POLICY HISTORY`` reads a line of a ``.jsonl``
history: strict JSON, a ticket that starts with ``created``, an id not given on an
earlier line; evaluated as of ``at`` or else its own last event. A good line answers its
history record (docs/schema/history-record.json); a bad one a rejection naming the
line, the ticket and the error (the path inside the ticket, as for one ticket); nothing
is dropped. The body is read as it arrives, a line at most ``--max-body-bytes`` and the
whole at most ``--max-batch-bytes``; past the whole or the time limit the answer ends
with ``"complete": false`` and the reason, since the status (200) is sent already.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import anyio
import anyio.to_thread
from attrs import frozen
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from plazo.dsl.errors import PlazoError
from plazo.interpreter.batch.history import LineError, parse_json
from plazo.interpreter.batch.records import record
from plazo.interpreter.errors import TicketError
from plazo.interpreter.policy import Policy
from plazo.interpreter.serve.bodies import text_of, ticket_of, too_large
from plazo.interpreter.serve.limits import Limits
from plazo.interpreter.serve.problems import ApiError, problem_of

JSON_LINES_TYPES = frozenset({"application/x-ndjson", "application/jsonl", "application/jsonlines",
                              "application/x-jsonlines"})
BLOCK = 256  # lines evaluated per trip to a worker thread


def is_json_lines(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";")[0].strip().lower() in JSON_LINES_TYPES


def _dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8") + b"\n"


def _error_fields(error: ApiError) -> dict[str, Any]:
    fields: dict[str, Any] = error.body("")["error"]
    del fields["request_id"]  # the answer's header has it, once
    return fields


class Lines:
    """Bytes as they arrive -> numbered lines; a line longer than ``longest`` is None
    (read past, never held)."""

    def __init__(self, longest: int) -> None:
        self.longest = longest
        self.held = bytearray()
        self.number = 0
        self.skipping = False

    def feed(self, data: bytes) -> list[tuple[int, bytes | None]]:
        out: list[tuple[int, bytes | None]] = []
        start = 0
        while (end := data.find(b"\n", start)) >= 0:
            self.number += 1
            piece = data[start:end]
            too_long = self.skipping or len(self.held) + len(piece) > self.longest
            out.append((self.number, None if too_long else bytes(self.held + piece)))
            self.held.clear()
            self.skipping = False
            start = end + 1
        rest = data[start:]
        if not self.skipping:
            if len(self.held) + len(rest) > self.longest:
                self.skipping = True
                self.held.clear()
            else:
                self.held += rest
        return out

    def end(self) -> list[tuple[int, bytes | None]]:
        """The last line, when the body does not end with a newline."""
        if not self.held and not self.skipping:
            return []
        self.number += 1
        last = None if self.skipping else bytes(self.held)
        self.held.clear()
        return [(self.number, last)]


@frozen
class BatchJob:
    """What evaluating one line needs; ``at`` None: each ticket as of its last event."""

    policy: Policy
    at: datetime | None
    limits: Limits

    def block(self, lines: Iterable[tuple[int, bytes | None]], seen: set[str]) -> tuple[bytes, int, int]:
        """The output of a block of lines, and how many were evaluated and rejected."""
        out = bytearray()
        evaluated = rejected = 0
        for number, raw in lines:
            answer = self.line(number, raw, seen)
            if answer is None:
                continue
            out += _dumps(answer)
            if "error" in answer:
                rejected += 1
            else:
                evaluated += 1
        return bytes(out), evaluated, rejected

    def line(self, number: int, raw: bytes | None, seen: set[str]) -> dict[str, Any] | None:
        """A line's record or rejection (None: a blank line)."""
        if raw is None:
            return self._rejection(number, None, too_large(f"line {number}", self.limits.body_bytes,
                                                           "--max-body-bytes"))
        ticket_id: str | None = None
        try:
            text = text_of(raw.rstrip(b"\r"), f"line {number}")
            if not text.strip():
                return None
            try:
                data = parse_json(text)
            except LineError as exc:
                raise ApiError(400, "bad-json", exc.reason, path="$") from None
            raw_id = data.get("id") if isinstance(data, dict) else None
            ticket_id = raw_id if isinstance(raw_id, str) else None
            ticket = ticket_of(data, self.limits)
            ticket_id = ticket.id
            if not any(e.type == "created" for e in ticket.events):
                raise TicketError("no 'created' event", ("events",), "every ticket of a history starts with one")
            if ticket.id in seen:
                raise ApiError(422, "duplicate-ticket", f"ticket {ticket.id[:80]!r} again: an earlier line has it",
                               path="$.id", hint="an id names one ticket; this line is not evaluated")
            seen.add(ticket.id)
            at = self.at if self.at is not None else ticket.events[-1].at
            return dict(record(number, self.policy.evaluate(ticket, at)))
        except PlazoError as exc:
            return self._rejection(number, ticket_id, problem_of(exc))

    @staticmethod
    def _rejection(number: int, ticket: str | None, error: ApiError) -> dict[str, Any]:
        return {"line": number, "ticket": ticket, "error": _error_fields(error)}


class BatchAnswer(Response):
    """The streamed answer: it reads the body while it writes, so it sends its own messages
    (Starlette's StreamingResponse would read the body's messages to watch for a disconnect)."""

    def __init__(self, request: Request, job: BatchJob) -> None:
        super().__init__(media_type="application/x-ndjson")
        self.request, self.job = request, job

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limits = self.job.limits
        deadline = anyio.current_time() + limits.seconds
        lines = Lines(limits.body_bytes)
        seen: set[str] = set()
        evaluated = rejected = read = 0
        stop: ApiError | None = None
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/x-ndjson; charset=utf-8")]})

        async def flush(block: list[tuple[int, bytes | None]]) -> None:
            nonlocal evaluated, rejected
            for i in range(0, len(block), BLOCK):
                with anyio.fail_after(max(deadline - anyio.current_time(), 0.001)):
                    out, good, bad = await anyio.to_thread.run_sync(
                        self.job.block, block[i:i + BLOCK], seen, abandon_on_cancel=True)
                evaluated, rejected = evaluated + good, rejected + bad
                await send({"type": "http.response.body", "body": out, "more_body": True})

        try:
            async for part in self.request.stream():
                read += len(part)
                if read > limits.batch_bytes:
                    stop = too_large("the batch", limits.batch_bytes, "--max-batch-bytes")
                    break
                await flush(lines.feed(part))
            else:
                await flush(lines.end())
        except TimeoutError:
            stop = ApiError(503, "timeout", f"not answered within {limits.seconds:g} s",
                            hint="the service's limit (plazo serve --request-seconds); send fewer tickets at a time")
        except ClientDisconnect:
            return
        done = {"tickets": evaluated + rejected, "evaluated": evaluated, "rejected": rejected,
                "complete": stop is None, "error": None if stop is None else _error_fields(stop)}
        await send({"type": "http.response.body", "body": _dumps({"done": done}), "more_body": False})
