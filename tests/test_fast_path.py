"""The record path (run/record_path.py, what `plazo evaluate POLICY HISTORY` computes per
ticket) and the full evaluation give the same record, CSV row and tallies for every
ticket of every bundled history and of a generated one, as of each ticket's last event
and as of fixed instants; where one refuses a ticket, the other refuses it alike."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from plazo.dsl.errors import PlazoError
from plazo.interpreter import Policy, Ticket, load_policy
from plazo.interpreter.batch.records import csv_row, record
from plazo.interpreter.batch.summary import Summary
from plazo.interpreter.cli.main import main
from plazo.interpreter.run.record_path import record_facts

ROOT = Path(__file__).resolve().parent.parent
HISTORIES = ROOT / "examples" / "histories"
BUNDLED = sorted(HISTORIES.glob("*.jsonl"))
FIXED = [None, "2026-01-20T10:00:00-05:00", "2026-03-15T23:59:00-05:00", "2027-01-10T00:00:00-05:00"]


def tickets(history: Path) -> Iterator[tuple[int, Ticket]]:
    for number, line in enumerate(history.read_text(encoding="utf-8").splitlines(), 1):
        try:
            yield number, Ticket.from_dict(json.loads(line))
        except (ValueError, PlazoError):  # a line the batch would refuse before evaluating
            continue


def tallies(summary: Summary) -> dict[tuple[str, str], tuple[object, ...]]:
    return {k: tuple(getattr(t, a) for a in t.__slots__) for k, t in summary.tallies.items()}


def compare(policy: Policy, history: Path) -> int:
    """Both paths on every ticket of ``history``; the number of tickets compared."""
    by = next(iter(policy.fields), None)
    compared = 0
    for fixed in FIXED:
        full_summary, fast_summary = Summary(by), Summary(by)
        for line, ticket in tickets(history):
            at = datetime.fromisoformat(fixed) if fixed else ticket.events[-1].at
            try:
                full = policy.evaluate(ticket, at)
            except PlazoError as exc:
                with pytest.raises(type(exc)) as refused:
                    record_facts(policy, ticket, at)
                assert str(refused.value) == str(exc)
                continue
            fast = record_facts(policy, ticket, at)
            assert record(line, fast) == record(line, full), (history.name, line, fixed)
            assert csv_row(line, fast, by) == csv_row(line, full, by), (history.name, line, fixed)
            full_summary.add(full)
            fast_summary.add(fast)
            compared += 1
        assert fast_summary.scope_counts() == full_summary.scope_counts()
        assert tallies(fast_summary) == tallies(full_summary)
    return compared


@pytest.mark.parametrize("history", BUNDLED, ids=[h.stem for h in BUNDLED])
def test_every_bundled_history(history: Path) -> None:
    policy = load_policy(ROOT / "policies" / f"{history.stem}.plazo")
    assert compare(policy, history) >= 4 * 150  # the histories hold a couple of hundred tickets each


# docs/language.md's example of targets: `cancel on`, `resume on`, `field change: from change`,
# `restart on`, `after each`, `agreed`, `none`, which the bundled policies do not all use
EVERY_KIND_OF_TARGET = """policy objetivos
timezone America/Bogota
holidays CO

calendar soporte { mon-fri 08:00-18:00; closed on holidays }
field type { incidente solicitud consulta }
field severity { alto medio bajo }
field agreed_due datetime
status backlog
status cancelado
event failure_report_sent

target first_response "Primera respuesta" {
  start on created
  stop on first_response, agent_message
  pause while status = backlog
  warn at 75%
  when type = incidente and severity = alto: 10 minutes
  when type = incidente and severity = medio: 2 business hours on soporte
  when type = incidente: 6 business hours on soporte
  when type = consulta: none "Las consultas se responden en las sesiones"
  otherwise: next business day 12:00 on soporte
}
target resolution "Solución" {
  start on created, reopened
  stop on resolved
  resume on reopened within 7 days
  field change: from change
  cancel on status cancelado
  when type = solicitud: agreed agreed_due
  when severity = alto: end of business day on soporte
  otherwise: 3 business days on soporte
}
target update "Actualizaciones" {
  start on created
  stop on resolved, closed
  restart on agent_message
  otherwise: 3 hours
}
target reply "Respuesta a correos" {
  after each customer_message
  stop on agent_message
  otherwise: 4 hours
}
"""


@pytest.mark.parametrize("name", ["aldeamo", "andes", "objetivos"])
def test_a_generated_history(tmp_path: Path, name: str) -> None:
    policy = ROOT / "policies" / f"{name}.plazo"
    if name == "objetivos":
        policy = tmp_path / "objetivos.plazo"
        policy.write_text(EVERY_KIND_OF_TARGET, encoding="utf-8")
    history = tmp_path / f"{name}.jsonl"
    subprocess.run([sys.executable, str(HISTORIES / "generate.py"), str(policy), "--tickets", "600", "--seed", "20",
                    "--days", "120", "--out", str(history), "--jobs", "1"], check=True, timeout=300)
    assert compare(load_policy(policy), history) >= 4 * 550


def test_the_batch_writes_the_same_file_both_ways(tmp_path: Path) -> None:
    """`plazo evaluate POLICY HISTORY --out` (the record path) writes, for each ticket, the
    record of the full evaluation."""
    history = HISTORIES / "intcomex.jsonl"
    policy = ROOT / "policies" / "intcomex.plazo"
    fast = tmp_path / "fast.jsonl"
    main(["evaluate", str(policy), str(history), "--out", str(fast), "--jobs", "1"])
    records = [json.loads(line) for line in fast.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 150
    by_line = {r["line"]: r for r in records}
    for line, ticket in tickets(history):
        if line in by_line:
            assert by_line[line] == dict(record(line, load_policy(policy).evaluate(ticket, ticket.events[-1].at)))


# A calendar open one hour, once: counting two hours on it finds no open time again, and
# evaluate refuses the ticket (EmptyCalendarError). The level and the duty are what a record
# leaves out, so such a policy's tickets are evaluated in full, and refused alike.
ONE_HOUR_EVER = """policy una_hora
timezone America/Bogota

calendar solo {{ hours on 2026-03-10 09:00-10:00 }}
contact csc
event aviso_enviado
target resolution {{
  start on created
  stop on resolved
  otherwise: 8 hours
}}
{extra}
"""
LADDER_ON_IT = 'escalation e {\n  start on created\n  level 1 "Aviso" contact csc after 2 hours on solo\n}'
DUTY_ON_IT = "notify aviso: csc via email within 2 hours on solo of created met by aviso_enviado"
LADDER_ON_THE_CLOCK = 'escalation e {\n  start on created\n  level 1 "Aviso" contact csc after 2 hours\n}'
AT_A_SHARE = 'escalation e {\n  start on created\n  level 1 "Aviso" contact csc at 50% of resolution\n}'


@pytest.mark.parametrize(("extra", "skips"), [(LADDER_ON_IT, False), (DUTY_ON_IT, False), (AT_A_SHARE, False),
                                              (LADDER_ON_THE_CLOCK, True), ("", True)])
def test_a_level_or_duty_on_a_calendar_is_evaluated_in_full(tmp_path: Path, extra: str, skips: bool) -> None:
    path = tmp_path / "p.plazo"
    path.write_text(ONE_HOUR_EVER.format(extra=extra), encoding="utf-8")
    policy = load_policy(path)
    assert policy.records_skip_ladders is skips
    history = tmp_path / "h.jsonl"
    history.write_text('{"id": "T-1", "events": [{"type": "created", "at": "2026-04-01T10:00:00-05:00"}]}\n',
                       encoding="utf-8")
    out = tmp_path / "out.jsonl"
    main(["evaluate", str(path), str(history), "--at", "2026-04-01T12:00-05:00", "--out", str(out), "--jobs", "1"])
    written = out.read_text(encoding="utf-8")
    if extra in (LADDER_ON_IT, DUTY_ON_IT):  # two hours on `solo` are never reached: refused, as evaluate refuses
        assert written == ""
    else:
        assert json.loads(written)["targets"]["resolution"]["status"] == "running"
    if not skips:
        with pytest.raises(ValueError, match="evaluate it in full"):
            record_facts(policy, Ticket.from_dict(json.loads(history.read_text(encoding="utf-8"))),
                         datetime.fromisoformat("2026-04-01T12:00-05:00"))


@pytest.mark.parametrize("name", ["aldeamo", "andes", "ikhodi", "intcomex", "openpyme", "wekall"])
def test_the_bundled_policies_take_the_record_path(name: str) -> None:
    """Their levels and duties count clock time or follow a list (bench_batch measures the record path)."""
    assert load_policy(ROOT / "policies" / f"{name}.plazo").records_skip_ladders
