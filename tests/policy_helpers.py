"""Shorthand for the provider facts: a ticket from (fields, events), evaluated at an instant."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from plazo.interpreter import CompiledPolicy, EvaluationResult, Ticket, load_policy

POLICIES = Path(__file__).resolve().parent.parent / "policies"


@cache
def policy(name: str) -> CompiledPolicy:
    return load_policy(POLICIES / f"{name}.plazo")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def run(name: str, fields: dict[str, Any], events: list[tuple[str, str] | dict[str, Any]],
        when: str) -> EvaluationResult:
    """``events``: ("created", "2026-03-02T10:00-05:00") pairs, or full JSON events."""
    log = [e if isinstance(e, dict) else {"type": e[0], "at": e[1]} for e in events]
    return policy(name).evaluate(Ticket.from_dict({"id": "T", "fields": fields, "events": log}), at(when))
