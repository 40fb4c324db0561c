"""Reading a request within its limits: the body (never more than the limit is held,
whatever ``Content-Length`` says), strict JSON, a ticket, and the ``at`` instant.

JSON is read as a history's line is (:func:`plazo.interpreter.batch.history.parse_json`):
NaN, Infinity, a key given twice, a number past Python's digits or nesting past its
recursion limit are refused with the reason, as the command line refuses them.
"""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request

from plazo.interpreter.batch.history import LineError, parse_json
from plazo.interpreter.policy import Policy
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.serve.limits import Limits
from plazo.interpreter.serve.problems import ApiError
from plazo.interpreter.time.instants import local_instant

BOM = b"\xef\xbb\xbf"


def too_large(what: str, limit: int, option: str) -> ApiError:
    return ApiError(413, "too-large", f"{what} is larger than {limit:,} bytes",
                    hint=f"the service's limit (plazo serve {option})")


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused (413) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large("the body", limit, "--max-body-bytes")
    parts: list[bytes] = []
    size = 0
    async for part in request.stream():
        size += len(part)
        if size > limit:
            raise too_large("the body", limit, "--max-body-bytes")
        parts.append(part)
    return b"".join(parts)


def text_of(raw: bytes, what: str = "the body", code: str = "bad-json") -> str:
    """UTF-8 text (a byte order mark dropped), else 400 naming the byte."""
    try:
        return raw.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, code, f"{what} is not UTF-8: byte {exc.start + 1} (0x{raw[exc.start]:02x})",
                       hint="send UTF-8") from None


def json_of(raw: bytes) -> object:
    """The body as strict JSON, else 400 with the reason."""
    try:
        return parse_json(text_of(raw))
    except LineError as exc:
        raise ApiError(400, "bad-json", exc.reason, path="$") from None


def ticket_of(data: object, limits: Limits) -> Ticket:
    """A ticket from its JSON form, at most ``limits.events`` events (413 past it);
    a :class:`TicketError` names the place (422)."""
    if isinstance(data, dict):
        events = data.get("events")
        if isinstance(events, list) and len(events) > limits.events:
            raise ApiError(413, "too-many-events", f"{len(events):,} events; a ticket may have at most "
                           f"{limits.events:,}", path="$.events", hint="the service's limit (plazo serve --max-events)")
    return Ticket.from_dict(data)


def instant_of(text: str | None, policy: Policy, ticket: Ticket) -> datetime:
    """The instant to evaluate at: the ``at`` parameter (a local time is read in the
    policy's time zone, as ``--at`` is), else the ticket's last event, never the clock."""
    if text is None:
        if ticket.events:
            return ticket.events[-1].at
        raise ApiError(422, "bad-instant", "the ticket has no events", parameter="at",
                       hint="give at, e.g. ?at=2026-03-06T17:30")
    return parse_at(text, policy)


def parse_at(text: str, policy: Policy) -> datetime:
    try:
        at = datetime.fromisoformat(text) if "T" in text or " " in text else None
    except ValueError:
        at = None
    if at is None:
        raise ApiError(400, "bad-instant", f"{text[:80]!r} is not an instant", parameter="at",
                       hint="write an instant like 2026-03-06T17:30 (local) or with an offset")
    return local_instant(at, policy.tz, "at")
