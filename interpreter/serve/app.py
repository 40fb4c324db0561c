"""The ASGI app of ``plazo serve``: :func:`create_app` on a folder of policies.

Starlette, not FastAPI: the bodies are plazo's attrs classes, whose JSON Schemas
(:mod:`.schema`) are generated from the classes; FastAPI would want pydantic models of
the same shapes, a second description that could drift, and a larger dependency.
Starlette is the small routing and request layer FastAPI itself stands on.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware

from plazo.interpreter.serve.limits import Limits
from plazo.interpreter.serve.logs import RequestLog
from plazo.interpreter.serve.logs import configure as configure_logs
from plazo.interpreter.serve.openapi import description
from plazo.interpreter.serve.routes import Service, http_error
from plazo.interpreter.serve.store import Clock, PolicyStore, utc_now

log = logging.getLogger("plazo.serve")


def create_app(policies: str | Path, limits: Limits | None = None, *, reload_seconds: float = 1.0,
               clock: Clock = utc_now) -> Starlette:
    """The service on the ``.plazo`` files of ``policies`` (read now; again every
    ``reload_seconds`` while the app runs under a server with lifespan events, 0: never)."""
    limits = limits or Limits()
    store = PolicyStore(policies, clock)
    service = Service(store, limits, clock, description(limits))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with anyio.create_task_group() as tasks:
            if reload_seconds > 0:
                tasks.start_soon(_watch, store, reload_seconds)
            yield
            tasks.cancel_scope.cancel()

    app = Starlette(routes=service.routes(), middleware=[Middleware(RequestLog)],
                    exception_handlers={HTTPException: http_error}, lifespan=lifespan)
    app.state.store = store
    return app


async def _watch(store: PolicyStore, seconds: float) -> None:
    """Read the folder again every ``seconds``; a change is compiled on a worker thread,
    so requests go on being answered meanwhile."""
    while True:
        await anyio.sleep(seconds)
        try:
            await anyio.to_thread.run_sync(store.refresh)
        except Exception:  # a folder gone or unreadable for a moment: keep serving what we have
            log.exception("reading the policies failed")


# The settings of `plazo serve --workers N`: each worker process builds its own app from
# them (uvicorn starts workers by importing a factory, not by copying an app).
ENVIRONMENT = {"policies": "PLAZO_SERVE_POLICIES", "body_bytes": "PLAZO_SERVE_MAX_BODY_BYTES",
               "batch_bytes": "PLAZO_SERVE_MAX_BATCH_BYTES", "events": "PLAZO_SERVE_MAX_EVENTS",
               "seconds": "PLAZO_SERVE_REQUEST_SECONDS", "reload": "PLAZO_SERVE_RELOAD_SECONDS"}


def settings_environment(policies: str | Path, limits: Limits, reload_seconds: float) -> dict[str, str]:
    return {ENVIRONMENT["policies"]: str(policies), ENVIRONMENT["body_bytes"]: str(limits.body_bytes),
            ENVIRONMENT["batch_bytes"]: str(limits.batch_bytes), ENVIRONMENT["events"]: str(limits.events),
            ENVIRONMENT["seconds"]: repr(limits.seconds), ENVIRONMENT["reload"]: repr(reload_seconds)}


def from_environment() -> Starlette:
    """The app as ``PLAZO_SERVE_*`` describe it (``uvicorn --factory
    plazo.interpreter.serve.app:from_environment``); unset limits take their defaults."""
    env = os.environ
    default = Limits()
    limits = Limits(int(env.get(ENVIRONMENT["body_bytes"], default.body_bytes)),
                    int(env.get(ENVIRONMENT["batch_bytes"], default.batch_bytes)),
                    int(env.get(ENVIRONMENT["events"], default.events)),
                    float(env.get(ENVIRONMENT["seconds"], default.seconds)))
    configure_logs()
    return create_app(env.get(ENVIRONMENT["policies"], "policies"), limits,
                      reload_seconds=float(env.get(ENVIRONMENT["reload"], "1")))
