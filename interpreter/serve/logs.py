"""One JSON line per request on the log, with the request's id, and the id on the
answer (``X-Request-Id``): a client's own id is kept when it is a plain token,
otherwise one is made. A request that escapes every handler (a bug) is answered 500
with the id and nothing of the code; its traceback goes to the log only."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import MutableMapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from plazo.interpreter.serve.problems import internal

LOGGER = "plazo.serve"
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
log = logging.getLogger(LOGGER)


class JsonFormatter(logging.Formatter):
    """A record as one JSON object: time, level, message, and the fields given as ``extra``."""

    FIELDS = ("request_id", "method", "path", "status", "ms", "bytes", "policy", "error")

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                               "level": record.levelname.lower(), "message": record.getMessage()}
        for name in self.FIELDS:
            if name in record.__dict__:
                out[name] = record.__dict__[name]
        if record.exc_info:
            out["traceback"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure(level: str = "info") -> None:
    """JSON lines on stderr for the service's logger (uvicorn's access log is replaced by it)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    log.handlers[:] = [handler]
    log.setLevel(level.upper())
    log.propagate = False


def request_id_of(scope: Scope) -> str:
    for key, value in scope.get("headers", ()):
        if key == b"x-request-id":
            given = bytes(value).decode("latin-1")
            if REQUEST_ID.fullmatch(given):
                return given
    return uuid.uuid4().hex


class RequestLog:
    """ASGI middleware: the request id, the log line, and the last guard against a 500
    with a traceback in its body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id_of(scope)
        state: MutableMapping[str, Any] = scope.setdefault("state", {})
        state["request_id"] = rid
        started = time.perf_counter()
        seen: dict[str, Any] = {"status": None, "bytes": 0}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", rid.encode("ascii"))]
            elif message["type"] == "http.response.body":
                seen["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            log.exception("internal error", extra={"request_id": rid, "method": scope.get("method"),
                                                   "path": scope.get("path")})
            if seen["status"] is None:
                body = json.dumps(internal().body(rid)).encode("utf-8")
                await sending({"type": "http.response.start", "status": 500,
                               "headers": [(b"content-type", b"application/json"),
                                           (b"content-length", str(len(body)).encode("ascii"))]})
                await sending({"type": "http.response.body", "body": body})
            return
        extra = {"request_id": rid, "method": scope.get("method"), "path": scope.get("path"),
                 "status": seen["status"], "ms": round((time.perf_counter() - started) * 1000, 3),
                 "bytes": seen["bytes"], **state.get("log", {})}
        log.info("request", extra=extra)
