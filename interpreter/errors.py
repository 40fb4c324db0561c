"""Every error the interpreter raises on purpose, in one place.

Each derives from :class:`plazo.dsl.errors.PlazoError`, so an embedder catches one
type. Errors are data: where a problem is (``path`` in a ticket's JSON, ``line`` in
a history, diagnostics in a scenario) and what to write instead (``hint``) are
fields; the message is built from them and nothing parses it back.
"""

from __future__ import annotations

from collections.abc import Sequence

from plazo.dsl.diagnostics import Diagnostic
from plazo.dsl.errors import PlazoError

JsonPath = tuple[str | int, ...]


class CalendarError(PlazoError, ValueError):
    """A calendar was asked something it cannot answer (bad argument, no open time)."""


class NaiveDatetimeError(CalendarError):
    """An instant without a time zone was given where plazo needs an exact instant."""


class EmptyCalendarError(CalendarError):
    """A calendar has no open time where a computation needs some."""


class InstantError(CalendarError):
    """An instant plazo cannot use: outside the supported range, or a local time the clocks
    skip. ``what`` names where it was given (``at``, ``--at``), ``problem`` is the sentence,
    ``hint`` what to write instead."""

    def __init__(self, what: str, problem: str, hint: str | None = None) -> None:
        self.what, self.problem, self.hint = what, problem, hint
        super().__init__(f"{what}: {problem}" + (f" ({hint})" if hint else ""))


class HorizonError(CalendarError):
    """Business time found no answer within the horizon: ``calendar`` would have to be
    searched more than ``years`` years past ``start`` (an ISO text) to give ``asked``."""

    def __init__(self, calendar: str, asked: str, start: str, years: int, hint: str | None = None) -> None:
        self.calendar, self.asked, self.start, self.years, self.hint = calendar, asked, start, years, hint
        super().__init__(f"calendar {calendar!r}: {asked} from {start} is not reached within {years} years"
                         + (f" ({hint})" if hint else ""))


def path_text(path: JsonPath) -> str:
    """``("events", 2, "at")`` -> ``$.events[2].at``, the form cattrs and JSONPath use."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


class TicketError(PlazoError, ValueError):
    """A ticket that cannot be evaluated: ``problem`` at ``path`` in its JSON form,
    with a ``hint`` saying what to write instead (or ``None``)."""

    def __init__(self, problem: str, path: JsonPath = (), hint: str | None = None) -> None:
        self.problem, self.path, self.hint = problem, tuple(path), hint
        super().__init__(f"{problem} @ {path_text(self.path)}" + (f" ({hint})" if hint else ""))

    @property
    def event_index(self) -> int | None:
        """The index of the event the problem is in, if it is in one."""
        if len(self.path) > 1 and self.path[0] == "events" and isinstance(self.path[1], int):
            return self.path[1]
        return None


class HistoryError(PlazoError):
    """A history that cannot be read at all (a file problem, not a ticket problem):
    ``problem`` in ``file`` (at ``line``, when it is one line's)."""

    def __init__(self, file: str, problem: str, line: int | None = None, hint: str | None = None) -> None:
        self.file, self.problem, self.line, self.hint = file, problem, line, hint
        place = file if line is None else f"{file}:{line}"
        super().__init__(f"{place}: {problem}" + (f" ({hint})" if hint else ""))


class ScenarioError(PlazoError):
    """A scenario that cannot be run: its diagnostics say where and why."""

    def __init__(self, diagnostics: Sequence[Diagnostic], source: str | None = None) -> None:
        super().__init__("; ".join(d.render_short() for d in diagnostics))
        self.diagnostics = tuple(diagnostics)
        self.source = source

    def render(self) -> str:
        return "\n\n".join(d.render(self.source) for d in self.diagnostics)


class UnknownNameError(PlazoError, KeyError):
    """A result or a policy was asked for a target, escalation or calendar it does not
    have: ``name``, of kind ``what``, with the ``names`` there are. A KeyError too, so
    that code written for a mapping's lookup still catches it."""

    def __init__(self, what: str, name: str, names: Sequence[str]) -> None:
        self.what, self.name, self.names = what, name, tuple(names)
        super().__init__(f"no {what} {name!r}; there are: {', '.join(self.names) or 'none'}")

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


class MappingError(PlazoError):
    """A mapping file that cannot be used: ``problem`` at ``file:line`` (the line of the
    key, or of its table, when it could be found), with a ``hint`` or None."""

    def __init__(self, file: str, line: int | None, problem: str, hint: str | None = None) -> None:
        self.file, self.line, self.problem, self.hint = file, line, problem, hint
        place = file if line is None else f"{file}:{line}"
        super().__init__(f"{place}: {problem}" + (f" ({hint})" if hint else ""))


class ExportError(PlazoError):
    """A product's export that does not have the documented shape: ``problem`` at ``path``
    in its JSON (``$.audits[3].created_at``), with a ``hint`` or None. Raised for one ticket,
    it rejects that ticket; raised for the whole document, it stops the run."""

    def __init__(self, problem: str, path: JsonPath = (), hint: str | None = None) -> None:
        self.problem, self.path, self.hint = problem, tuple(path), hint
        super().__init__(f"{problem} @ {path_text(self.path)}" + (f" ({hint})" if hint else ""))
