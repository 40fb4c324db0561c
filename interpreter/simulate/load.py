"""Loading scenario files: parse a scenario, compile its policy (once per path) and
build its tickets, local instants read in the policy's time zone. Every problem is a
diagnostic at its place in the scenario, raised before anything runs."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from attrs import evolve, frozen

from plazo.dsl.diagnostics import Diagnostic, Span
from plazo.dsl.loader import read_text
from plazo.dsl.names import suggest
from plazo.dsl.scenario.parser import Expectation, Instant, Scenario, TicketBlock, Value, parse_scenario
from plazo.dsl.visible import visible
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.errors import JsonPath, ScenarioError, TicketError
from plazo.interpreter.policy import Policy, loads_policy
from plazo.interpreter.run.ticket import Ticket

JsonValue = str | float | bool  # a value of a ticket's JSON form, as a scenario writes one


class ScenarioTicket(NamedTuple):
    """A ticket of a scenario: its block as written and the ticket built from it."""

    block: TicketBlock
    ticket: Ticket


@frozen
class LoadedScenario:
    scenario: Scenario
    policy: Policy
    tickets: tuple[ScenarioTicket, ...]
    policy_path: Path = Path("<policy>")  # the policy's file, resolved
    policy_source: str = ""  # its text, for a coverage report


_policies: dict[Path, tuple[Policy, str]] = {}  # compiled once per path (and its text), however many use it


def shown_path(path: Path) -> str:
    """A path as a report names it: relative to the working folder when under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Scenario files under each path (a file is taken as it is), in a stable order."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(path.rglob("*.scenario"))
        else:
            yield path


def load_scenario(path: str | Path) -> LoadedScenario:
    """Parse a scenario, compile its policy (once per path) and build its tickets."""
    text = read_text(path)  # without a byte order mark: read_text drops it
    scenario, diagnostics = parse_scenario(text, str(path))
    if scenario is None:
        raise ScenarioError(diagnostics, text)
    policy_path, (policy, policy_source) = _policy(scenario, Path(path).parent, text)
    return evolve(build_scenario(scenario, policy, text), policy_path=policy_path, policy_source=policy_source)


def build_scenario(scenario: Scenario, policy: Policy, text: str) -> LoadedScenario:
    """A parsed scenario's tickets for its compiled policy, every instant and expected value
    checked before anything runs (a problem is a :class:`ScenarioError` at its place in
    ``text``); for a file, :func:`load_scenario`, for an editor's unsaved text, the same."""
    tickets = tuple(ScenarioTicket(block, build_ticket(block, policy, text)) for block in scenario.tickets)
    for check in scenario.maintenance:
        for instant in (check.notice, check.start, check.end):
            local_instant(instant, policy, text)
    for block, ticket in tickets:
        seen = policy.for_ticket(ticket.fields)  # its local times read in its reference zone
        for expect in block.expects:
            local_instant(expect.at, seen, text)
            for x in expect.expectations:
                _check_expected_value(x, seen, text)
    return LoadedScenario(scenario, policy, tickets)


INSTANT_EXPECTATIONS = ("breached", "due", "cycle_due", "next")  # the expectations whose value is an instant


def _check_expected_value(x: Expectation, policy: CompiledPolicy, source: str) -> None:
    """An expected value of a field the policy declares must be one the field can hold:
    ``amount = abc`` for a number field can never pass, and says so before anything runs."""
    if x.expected is None or x.expected == "none":
        return
    spec = policy.fields.get(x.subject or "") if x.kind == "field" else None
    if x.kind in INSTANT_EXPECTATIONS or (spec is not None and spec.kind == "datetime"):
        local_instant(Instant(x.expected, x.span), policy, source)  # where it is written, not when it is checked
        return
    if spec is None:
        return
    problem = None
    if spec.kind == "number":
        try:
            ok = math.isfinite(float(x.expected))
        except ValueError:
            ok = False
        problem = None if ok else f"field {x.subject} is a number, and '{visible(x.expected)}' is not one"
    elif spec.kind == "enum" and x.expected not in spec.values:
        problem = f"'{visible(x.expected)}' is not a value of field {x.subject}"
    if problem is not None:
        hint = suggest(x.expected, spec.values) if spec.kind == "enum" else ""
        raise ScenarioError([Diagnostic("bad-expectation", problem, x.span,
                                        hint or (f"one of {', '.join(spec.values)}" if spec.values
                                                 else "write a number, e.g. 3 or 2.5"))], source)


def _policy(scenario: Scenario, folder: Path, text: str) -> tuple[Path, tuple[Policy, str]]:
    policy_path = (folder / scenario.policy).resolve()
    if policy_path not in _policies:
        if not policy_path.is_file():
            raise ScenarioError([Diagnostic("no-policy", f"no policy file {scenario.policy} next to this scenario",
                                            scenario.policy_span, f"the path is read relative to {folder}/")], text)
        source = read_text(policy_path)
        _policies[policy_path] = (loads_policy(source, str(policy_path)), source)
    return policy_path, _policies[policy_path]


def local_instant(instant: Instant, policy: CompiledPolicy, source: str | None = None) -> datetime:
    """An instant as written: local ones are read in the policy's time zone."""
    try:
        t = datetime.fromisoformat(instant.text)
    except ValueError:
        raise ScenarioError([Diagnostic("bad-instant", f"'{instant.text}' is not a date and time", instant.span,
                                        "write e.g. 2026-03-06 17:30")], source) from None
    if t.tzinfo is not None:
        return t
    aware = t.replace(tzinfo=policy.tz)
    if aware.astimezone(UTC).astimezone(policy.tz).replace(tzinfo=None) != t:
        raise ScenarioError([Diagnostic(
            "bad-instant", f"{instant.text.replace('T', ' ')} does not exist in {policy.timezone} "
            "(the clocks jump forward over it)", instant.span,
            "pick a time outside the jump, or give the offset: e.g. 2026-03-08T03:30-04:00")], source)
    return aware


def build_ticket(block: TicketBlock, policy: Policy, source: str | None = None) -> Ticket:
    """The ticket a block describes, checked against the policy: a problem is a
    diagnostic at the field or event that has it."""
    fields: dict[str, JsonValue] = {}
    places: dict[JsonPath, Span] = {}  # where each part of the ticket's JSON was written
    # its local times (a datetime field's too) read in its reference zone, which its fields choose
    policy = policy.for_ticket({f.field: _json_value(f.value, policy, source) for f in block.fields})
    for f in block.fields:
        fields[f.field] = _json_value(f.value, policy, source)
        places[("fields", f.field)] = f.span
    events: list[dict[str, JsonValue]] = []
    for i, e in enumerate(block.events):
        event: dict[str, JsonValue] = {"type": e.type, "at": local_instant(e.at, policy, source).isoformat()}
        if e.status is not None:
            event["status"] = e.status
        if e.field is not None and e.value is not None:
            event["field"] = e.field
            event["value"] = _json_value(e.value, policy, source)
        events.append(event)
        places[("events", i)] = e.span
    try:
        ticket = Ticket.from_dict({"id": block.id, "fields": fields, "events": events})
        policy.validate(ticket)
    except TicketError as exc:
        span = places.get(exc.path[:2], block.span)
        raise ScenarioError([Diagnostic("bad-ticket", exc.problem, span, exc.hint or "")], source) from None
    return ticket


def _json_value(value: Value, policy: CompiledPolicy, source: str | None) -> JsonValue:
    """A value as the ticket's JSON form writes it (instants in ISO 8601, with the offset)."""
    if value.kind == "instant":
        return local_instant(Instant(value.text, value.span), policy, source).isoformat()
    written: JsonValue = value.python  # a number, a boolean or a text
    return written
