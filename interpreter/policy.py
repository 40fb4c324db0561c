"""The embedding API's policy: what ``load_policy`` returns and an embedder calls.

``policy.evaluate(ticket, at)`` replays the ticket, ``policy.explain(ticket, at)``
says why each deadline falls where it does, ``policy.calendar(name)`` is a compiled
calendar, ``policy.check_maintenance`` checks a proposed maintenance. The compiled
parts are those of :class:`~plazo.interpreter.compile.policy.CompiledPolicy`; this
class adds the stages that run them, so that the stages below never import it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from attrs import frozen

from plazo.dsl.errors import PlazoError, PolicyError
from plazo.dsl.loader import BOM, check_text, decode_text, read_text
from plazo.interpreter.compile.policy import CompiledPolicy, compile_policy
from plazo.interpreter.explain.facts import Explanation, explain
from plazo.interpreter.run.evaluate import evaluate
from plazo.interpreter.run.maintenance import check_maintenance
from plazo.interpreter.run.results import EvaluationResult, MaintenanceProblem
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.run.values import validate


@frozen(repr=False)
class Policy(CompiledPolicy):
    """A checked policy compiled to evaluators, with the methods an embedder calls."""

    def evaluate(self, ticket: Ticket, at: datetime) -> EvaluationResult:
        """The state of every target, ladder and rule for ``ticket`` as of ``at`` (aware)."""
        return evaluate(self, ticket, at)

    def explain(self, ticket: Ticket, at: datetime) -> Explanation:
        """Why each deadline of ``evaluate(ticket, at)`` falls where it does."""
        return explain(self, ticket, at)

    def validate(self, ticket: Ticket) -> dict[str, Any]:
        """The ticket's field values, checked; raises :class:`TicketError` naming the place."""
        return validate(self, ticket)

    def check_maintenance(self, notice_at: datetime, start: datetime, end: datetime,
                          emergency: bool = False) -> list[MaintenanceProblem]:
        """The rules a proposed maintenance breaks; ``[]`` when it is allowed."""
        return check_maintenance(self.maintenance, notice_at, start, end, emergency)


def loads_policy(text: str | bytes, filename: str = "<policy>") -> Policy:
    """Check and compile a policy text (bytes are read as UTF-8); raises :class:`PolicyError`
    listing every error."""
    if isinstance(text, bytes | bytearray):
        text = decode_text(bytes(text), filename)
    elif not isinstance(text, str):
        raise PlazoError(f"a policy is a text (str) or UTF-8 bytes, not {type(text).__name__}")
    policy, diagnostics = check_text(text.removeprefix(BOM), filename)
    errors = [d for d in diagnostics if d.severity == "error"]
    if policy is None or errors:
        raise PolicyError(errors or diagnostics)
    return compile_policy(policy, Policy)


def load_policy(path: str | Path) -> Policy:
    """Read, check and compile a policy file."""
    return loads_policy(read_text(path), str(path))
