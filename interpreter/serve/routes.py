"""The endpoints (docs/service.md). Each reads its request within the limits, does its
work on a worker thread within the time limit (evaluation is CPU work: the event loop
stays free to read other requests), and answers JSON; plazo's errors become their
HTTP answers (:mod:`.problems`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from attrs import evolve
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from plazo.dsl.errors import PlazoError
from plazo.dsl.loader import check_text
from plazo.interpreter.present.document import document, render_markdown
from plazo.interpreter.present.document_html import render_html
from plazo.interpreter.present.explanation_text import render_explanation
from plazo.interpreter.serve.batch import BatchAnswer, BatchJob, is_json_lines
from plazo.interpreter.serve.bodies import instant_of, json_of, parse_at, read_body, text_of, ticket_of
from plazo.interpreter.serve.limits import Limits
from plazo.interpreter.serve.problems import ApiError, problem_of
from plazo.interpreter.serve.store import Clock, PolicyStore, Version
from plazo.interpreter.time.instants import END_YEAR, FIRST_YEAR

T = TypeVar("T")
Endpoint = Callable[[Request], Awaitable[Response]]
CHECKED_FILE = "policy.plazo"  # the name /check's diagnostics give the text


def request_id(request: Request) -> str:
    rid: str = request.scope.get("state", {}).get("request_id", "")
    return rid


def error_response(request: Request, error: ApiError, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error.body(request_id(request)), status_code=error.status, headers=headers)


def answering(endpoint: Endpoint) -> Endpoint:
    """``endpoint`` with plazo's errors answered as their HTTP status and body."""
    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except PlazoError as exc:
            return error_response(request, problem_of(exc))
    return guarded


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no such path, a method the path does not take) in our shape."""
    if not isinstance(exc, HTTPException):
        raise exc
    code = {404: "no-such-path", 405: "method-not-allowed"}.get(exc.status_code, "http")
    # 405 keeps Starlette's `Allow` header: the methods the path takes (RFC 9110)
    return error_response(request, ApiError(exc.status_code, code, exc.detail), exc.headers)


def _choice(request: Request, name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.query_params.get(name)
    if value is not None and value not in allowed:
        raise ApiError(400, "bad-parameter", f"{value[:40]!r} is not one of {', '.join(allowed)}", parameter=name)
    return value


class Service:
    """What the endpoints share: the policies, the limits, and a clock (only for render's
    default year: nothing evaluated reads it)."""

    def __init__(self, store: PolicyStore, limits: Limits, clock: Clock, openapi: dict[str, Any]) -> None:
        self.store, self.limits, self.clock, self.openapi = store, limits, clock, openapi

    async def within(self, work: Callable[[], T]) -> T:
        """``work`` on a worker thread, answered 503 past the time limit (the thread is let
        go; the engine's own bounds end it)."""
        try:
            with anyio.fail_after(self.limits.seconds):
                return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            raise ApiError(503, "timeout", f"not answered within {self.limits.seconds:g} s",
                           hint="the service's limit (plazo serve --request-seconds)") from None

    def version(self, request: Request) -> Version:
        name = request.path_params["name"]
        request.scope.setdefault("state", {})["log"] = {"policy": name}
        return self.store.snapshot.entry(name).version(request.query_params.get("version"))

    # ------------------------------------------------------------------ endpoints

    async def health(self, request: Request) -> Response:
        entries = self.store.snapshot.entries.values()
        return JSONResponse({"status": "ok", "policies": len(entries),
                             "serving": sum(e.current is not None for e in entries)})

    async def openapi_json(self, request: Request) -> Response:
        return JSONResponse(self.openapi)

    async def policies(self, request: Request) -> Response:
        snapshot = self.store.snapshot
        return JSONResponse({"refreshed_at": snapshot.refreshed_at.isoformat(),
                             "policies": [e.to_dict() for _, e in sorted(snapshot.entries.items())]})

    async def policy(self, request: Request) -> Response:
        return JSONResponse(self.store.snapshot.entry(request.path_params["name"]).to_dict())

    async def evaluate(self, request: Request) -> Response:
        policy = self.version(request).policy
        if is_json_lines(request):
            at_text = request.query_params.get("at")
            at = None if at_text is None else parse_at(at_text, policy)
            return BatchAnswer(request, BatchJob(policy, at, self.limits))
        raw = await read_body(request, self.limits.body_bytes)
        at_text = request.query_params.get("at")

        def work() -> dict[str, Any]:
            ticket = ticket_of(json_of(raw), self.limits)
            return policy.evaluate(ticket, instant_of(at_text, policy, ticket)).to_dict()

        return JSONResponse(await self.within(work))

    async def explain(self, request: Request) -> Response:
        policy = self.version(request).policy
        target = request.query_params.get("target")
        form = _choice(request, "format", ("json", "text")) or "json"
        language = _choice(request, "language", ("es", "en"))
        raw = await read_body(request, self.limits.body_bytes)
        at_text = request.query_params.get("at")

        def work() -> dict[str, Any] | str:
            ticket = ticket_of(json_of(raw), self.limits)
            explanation = policy.explain(ticket, instant_of(at_text, policy, ticket))
            if target is not None:
                explanation = evolve(explanation, targets=(explanation.target(target),))
            return explanation.to_dict() if form == "json" else render_explanation(explanation, language)

        answer = await self.within(work)
        return PlainTextResponse(answer) if isinstance(answer, str) else JSONResponse(answer)

    async def render(self, request: Request) -> Response:
        policy = self.version(request).policy
        form = _choice(request, "format", ("md", "html")) or "md"
        language = _choice(request, "language", ("es", "en"))
        year_text = request.query_params.get("year")
        if year_text is None:
            year = self.clock().astimezone(policy.tz).year
        elif year_text.isdigit() and FIRST_YEAR <= int(year_text[:5]) < END_YEAR:
            year = int(year_text)
        else:
            raise ApiError(400, "bad-parameter", f"{year_text[:40]!r} is not a year from {FIRST_YEAR} to "
                           f"{END_YEAR - 1}", parameter="year")

        def work() -> str:
            doc = document(policy, year, language)
            return render_markdown(doc) if form == "md" else render_html(doc)

        text = await self.within(work)
        return Response(text, media_type="text/markdown" if form == "md" else "text/html")

    async def check(self, request: Request) -> Response:
        raw = await read_body(request, self.limits.body_bytes)
        if not raw:
            raise ApiError(400, "bad-text", "the body is empty", hint="send the policy's text")

        def work() -> dict[str, Any]:
            _, diagnostics = check_text(text_of(raw, code="bad-text"), CHECKED_FILE)
            errors = sum(d.severity == "error" for d in diagnostics)
            return {"ok": errors == 0, "errors": errors, "warnings": len(diagnostics) - errors,
                    "diagnostics": [d.to_dict() for d in diagnostics]}

        return JSONResponse(await self.within(work))

    def routes(self) -> list[Route]:
        return [
            Route("/healthz", answering(self.health), methods=["GET"]),
            Route("/openapi.json", answering(self.openapi_json), methods=["GET"]),
            Route("/v1/policies", answering(self.policies), methods=["GET"]),
            Route("/v1/policies/{name}", answering(self.policy), methods=["GET"]),
            Route("/v1/policies/{name}/evaluate", answering(self.evaluate), methods=["POST"]),
            Route("/v1/policies/{name}/explain", answering(self.explain), methods=["POST"]),
            Route("/v1/policies/{name}/render", answering(self.render), methods=["GET"]),
            Route("/v1/check", answering(self.check), methods=["POST"]),
        ]

