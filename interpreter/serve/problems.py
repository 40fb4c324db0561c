"""Every answer that is not a success, as data: an HTTP status, a stable code, the
sentence, and where (a JSON path in the body, or the name of a parameter) with a hint.

plazo's errors are mapped by their class and fields (:data:`BY_CLASS`), never by
reading their message: a ticket's error keeps the path the command line shows
(``$.events[2].at``). Bad input is 400 (the body cannot be read), 404 (no such
policy, version or target), 413 (past a limit) or 422 (read, but the policy cannot take
it); 500 is only ever a bug, and its body says nothing of the code.
"""

from __future__ import annotations

from typing import Any

from plazo.dsl.errors import PlazoError
from plazo.dsl.loader import UnreadableFile
from plazo.interpreter.errors import (
    CalendarError,
    HorizonError,
    InstantError,
    TicketError,
    UnknownNameError,
    path_text,
)


class ApiError(PlazoError):
    """An answer other than a success. ``path``: where in the request's body (a JSON path,
    ``$.events[2].at``); ``parameter``: which query or path parameter (``at``)."""

    def __init__(self, status: int, code: str, problem: str, *, path: str | None = None,
                 parameter: str | None = None, hint: str | None = None) -> None:
        self.status, self.code, self.problem = status, code, problem
        self.path, self.parameter, self.hint = path, parameter, hint
        place = f" @ {path}" if path else f" (parameter {parameter})" if parameter else ""
        super().__init__(problem + place + (f" ({hint})" if hint else ""))

    def body(self, request_id: str) -> dict[str, Any]:
        """The JSON body: ``{"error": {...}}`` (docs/service.md, "Errors")."""
        return {"error": {"status": self.status, "code": self.code, "message": str(self), "problem": self.problem,
                          "path": self.path, "parameter": self.parameter, "hint": self.hint,
                          "request_id": request_id}}


def problem_of(error: PlazoError) -> ApiError:
    """The HTTP answer for an error plazo raised on purpose, by its class (the most
    specific first) and its fields."""
    match error:
        case ApiError():
            return error
        case TicketError():
            return ApiError(422, "bad-ticket", error.problem, path=path_text(error.path), hint=error.hint)
        case InstantError():
            return ApiError(422, "bad-instant", error.problem, parameter=error.what, hint=error.hint)
        case HorizonError():
            return ApiError(422, "beyond-horizon", f"calendar {error.calendar!r}: {error.asked} from "
                            f"{error.start} is not reached within {error.years} years", hint=error.hint)
        case UnknownNameError():
            return ApiError(404, f"unknown-{error.what}", f"no {error.what} {error.name!r}", parameter=error.what,
                            hint=f"there are: {', '.join(error.names) or 'none'}")
        case UnreadableFile():
            return ApiError(400, "bad-text", error.problem)
        case CalendarError():
            return ApiError(422, "bad-instant", str(error))
        case _:
            return ApiError(422, "refused", str(error))


def internal() -> ApiError:
    """A bug of ours: the body says so and nothing more (the log has the traceback)."""
    return ApiError(500, "internal", "internal error (please report it with the request id)")
