"""``plazo report``: a commitment worked by hand on a history of three months, for each kind
of period, and every figure of a report recomputed from ``plazo evaluate --out`` alone.

The policy counts clock time (4 hours for p1 and p2, 8 for p3) in Bogotá (UTC-5 all year,
no daylight saving), so every figure below is arithmetic on the instants written here.
"""

from __future__ import annotations

import json
import pickle
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from math import ceil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from plazo.interpreter import loads_policy
from plazo.interpreter.batch.report_tally import ReportSpec, ReportTally, tally_results
from plazo.interpreter.cli.main import main
from plazo.interpreter.compile.commitments import period_days, period_key
from plazo.interpreter.run.ticket import Ticket

POLICY = """policy t "T" version 1
timezone America/Bogota
field priority {{ p1 p2 p3 }}
field topic {{ soporte spam }}
target resolution {{
  start on created
  stop on resolved
  when priority in (p1, p2): 4 hours
  otherwise: 8 hours
}}
reject spam when topic = spam reason "spam"
commitment tasa "Solución P1 y P2" {{
  target resolution
  when priority in (p1, p2)
  per {period}
  at most 25% breached
  credit 10%
}}
"""


def ticket(name: str, priority: str, created: str, resolved: str | None = None, last: str | None = None,
           topic: str = "soporte") -> dict[str, Any]:
    events = [{"type": "created", "at": f"{created}:00-05:00"}]
    if resolved:
        events.append({"type": "resolved", "at": f"{resolved}:00-05:00"})
    if last:
        events.append({"type": "agent_message", "at": f"{last}:00-05:00"})
    return {"id": name, "fields": {"priority": priority, "topic": topic}, "events": events}


# Local times (Bogotá). "met" / "breached" against 4 hours (p1, p2) or 8 hours (p3).
HISTORY = [
    ticket("J1", "p1", "2026-01-05T09:00", "2026-01-05T10:00"),  # 1 h, met
    ticket("J2", "p1", "2026-01-12T09:00", "2026-01-12T10:00"),  # 1 h, met
    ticket("J3", "p1", "2026-01-19T09:00", "2026-01-19T10:00"),  # 1 h, met
    ticket("J4", "p2", "2026-01-26T09:00", "2026-01-26T14:00"),  # 5 h, breached
    # stopped at 21:00 on Jan 31 in Bogotá, 02:00 on Feb 1 in UTC: January, in the policy's zone
    ticket("J5", "p1", "2026-01-31T19:00", "2026-01-31T21:00"),  # 2 h, met
    # opened in January, stopped in February: it counts in February
    ticket("B", "p1", "2026-01-31T22:00", "2026-02-01T01:00"),  # 3 h, met
    ticket("F1", "p1", "2026-02-03T09:00", "2026-02-03T10:00"),  # 1 h, met
    ticket("F2", "p2", "2026-02-10T09:00", "2026-02-10T15:00"),  # 6 h, breached
    ticket("F3", "p1", "2026-02-17T09:00", "2026-02-17T14:00"),  # 5 h, breached
    ticket("F4", "p3", "2026-02-05T09:00", "2026-02-05T19:00"),  # 10 h > 8 h, breached; the commitment skips p3
    ticket("S", "p1", "2026-02-06T09:00", topic="spam"),  # out of scope: in no rate
    ticket("M1", "p1", "2026-03-02T09:00", "2026-03-02T11:00"),  # 2 h, met
    # as of its last event (11:00) still running, due at 14:00 on Friday March 20
    ticket("M2", "p2", "2026-03-20T10:00", last="2026-03-20T11:00"),
]


def write(tmp_path: Path, period: str, history: list[dict[str, Any]] = HISTORY) -> tuple[Path, Path]:
    policy = tmp_path / "t.plazo"
    policy.write_text(POLICY.format(period=period), encoding="utf-8")
    path = tmp_path / "h.jsonl"
    path.write_text("".join(json.dumps(t) + "\n" for t in history), encoding="utf-8")
    return policy, path


def report(tmp_path: Path, capsys: pytest.CaptureFixture[str], period: str, *extra: str) -> tuple[int, Any]:
    policy, history = write(tmp_path, period)
    code = main(["report", str(policy), str(history), "--format", "json", "--jobs", "1", *extra])
    return code, json.loads(capsys.readouterr().out)


def verdicts(data: Any) -> dict[str, tuple[int, int, int, int, str, float | None]]:
    return {r["period"]: (r["count"], r["met"], r["breached"], r["running"], r["verdict"], r["credit_percent"])
            for r in data["commitments"]}


def test_per_month_february_misses_and_owes_the_credit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = report(tmp_path, capsys, "month")
    assert verdicts(data) == {
        # J1 J2 J3 J5 met, J4 breached: 1/5 = 20% <= 25%
        "2026-01": (5, 4, 1, 0, "met", None),
        # B F1 met, F2 F3 breached: 2/4 = 50% > 25%: missed, the credit is owed
        "2026-02": (4, 2, 2, 0, "missed", 10.0),
        # M1 met, M2 running: 0/2 if it is met, 1/2 if it is breached: not decided yet
        "2026-03": (2, 1, 0, 1, "pending", None),
    }
    february = next(r for r in data["commitments"] if r["period"] == "2026-02")
    assert february["share"] == 0.5 and february["threshold"] == 0.25 and not february["partial"]
    assert code == 1  # a missed commitment is a finding
    rows = {r["period"]: r for r in data["targets"]}
    # February's targets: B 180 min, F1 60, F2 360, F3 300, F4 600 (p3 is a target row, not in the commitment)
    feb = rows["2026-02"]
    assert (feb["count"], feb["met"], feb["breached"], feb["running"]) == (5, 2, 3, 0)
    assert feb["breach_rate"] == 3 / 5
    assert feb["median_seconds"] == 300 * 60  # nearest rank 3 of 60, 180, 300, 360, 600
    assert feb["p90_seconds"] == 600 * 60  # rank ceil(4.5) = 5
    # tickets in scope by the month they opened (B opened in January); the spam ticket apart
    scope = {r["period"]: (r["in_scope"], r["out_of_scope"], r["handed_off"]) for r in data["scope"]}
    assert scope == {"2026-01": (6, 0, 0), "2026-02": (4, 1, 0), "2026-03": (2, 0, 0)}


def test_per_iso_week(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = report(tmp_path, capsys, "week")
    assert verdicts(data) == {
        "2026-W02": (1, 1, 0, 0, "met", None),  # J1, Monday Jan 5
        "2026-W03": (1, 1, 0, 0, "met", None),  # J2
        "2026-W04": (1, 1, 0, 0, "met", None),  # J3
        # Monday Jan 26 to Sunday Feb 1: J4 breached, J5 (Saturday) and B (Sunday 01:00) met: 1/3 > 25%
        "2026-W05": (3, 2, 1, 0, "missed", 10.0),
        "2026-W06": (1, 1, 0, 0, "met", None),  # F1
        "2026-W07": (1, 0, 1, 0, "missed", 10.0),  # F2
        "2026-W08": (1, 0, 1, 0, "missed", 10.0),  # F3
        "2026-W10": (1, 1, 0, 0, "met", None),  # M1, Monday March 2
        "2026-W12": (1, 0, 0, 1, "pending", None),  # M2, due Friday March 20
    }


def test_per_quarter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = report(tmp_path, capsys, "quarter")
    # every p1/p2 target of January to March: met J1 J2 J3 J5 B F1 M1, breached J4 F2 F3, running M2.
    # 3/10 = 30% > 25%, and 3/11 = 27.3% even if M2 is met: missed whatever M2 does
    assert verdicts(data) == {"2026-Q1": (11, 7, 3, 1, "missed", 10.0)}


def test_from_to_cut_the_period_and_say_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # only what counts from Feb 1 to Feb 9: B (Feb 1) and F1 (Feb 3) met: 0% breached
    _, data = report(tmp_path, capsys, "month", "--from", "2026-02-01", "--to", "2026-02-09")
    assert verdicts(data) == {"2026-02": (2, 2, 0, 0, "met", None)}
    assert data["commitments"][0]["partial"] is True


def test_groups_of_several_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = report(tmp_path, capsys, "month", "--by", "priority,topic")
    feb = {(r["group"]["priority"], r["group"]["topic"]): (r["met"], r["breached"], r["verdict"])
           for r in data["commitments"] if r["period"] == "2026-02"}
    # p1: B F1 met, F3 breached (1/3 > 25%); p2: F2 breached
    assert feb == {("p1", "soporte"): (2, 1, "missed"), ("p2", "soporte"): (0, 1, "missed")}


def test_text_csv_and_markdown_agree_and_stay_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy, history = write(tmp_path, "month")
    assert main(["report", str(policy), str(history), "--jobs", "1"]) == 1
    text = capsys.readouterr().out
    assert re.search(r"\n2026-02 +all +tasa +at most 25% breached +4 +2 +2 +0 +50\.0% +MISSED +10%\n", text)
    assert "Credits owed:\n  2026-02 all: 10% (tasa, at most 25% breached)\n" in text
    out = tmp_path / "r.csv"
    main(["report", str(policy), str(history), "--format", "csv", "--out", str(out), "--jobs", "1"])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len({line.count(",") for line in lines}) == 1  # no commas in these cells: one length
    assert any(line.startswith("commitment,2026-02,all,tasa,4,2,2,0,") for line in lines)


def test_a_report_is_recomputed_from_the_per_ticket_output(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Every figure of the report again, from ``plazo evaluate --out`` alone: statuses, instants
    and counted seconds per ticket, grouped and decided here without the report's code."""
    policy, history = write(tmp_path, "month")
    out = tmp_path / "results.jsonl"
    main(["evaluate", str(policy), str(history), "--out", str(out), "--jobs", "1"])
    capsys.readouterr()
    _, data = report(tmp_path, capsys, "month")
    tz = ZoneInfo("America/Bogota")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    targets: dict[str, list[dict[str, Any]]] = defaultdict(list)
    counted: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        if rec["rejected"]:
            continue
        t = rec["targets"]["resolution"]
        instant = t["stopped"] if t["status"] in ("met", "breached") and t["stopped"] else t["due"]
        month = datetime.fromisoformat(instant).astimezone(tz).strftime("%Y-%m")
        targets[month].append(t)
        if rec["fields"]["priority"] in ("p1", "p2"):
            counted[month].append(t)
    expected_targets = []
    for month in sorted(targets):
        ts = targets[month]
        met = sum(t["status"] == "met" for t in ts)
        breached = sum(t["status"] == "breached" for t in ts)
        minutes = sorted(int(t["elapsed_seconds"] // 60) for t in ts if t["stopped"])

        def rank(q: int, minutes: list[int] = minutes) -> int | None:
            return minutes[max(1, ceil(q * len(minutes) / 100)) - 1] * 60 if minutes else None
        expected_targets.append((month, len(ts), met, breached, len(ts) - met - breached,
                                 breached / (met + breached) if met + breached else None, rank(50), rank(90)))
    assert [(r["period"], r["count"], r["met"], r["breached"], r["running"], r["breach_rate"], r["median_seconds"],
             r["p90_seconds"]) for r in data["targets"]] == expected_targets
    expected_commitments = {}
    for month, ts in sorted(counted.items()):
        met = sum(t["status"] == "met" for t in ts)
        breached = sum(t["status"] == "breached" for t in ts)
        running = len(ts) - met - breached
        best, worst = breached * 4 <= met + running + breached, (breached + running) * 4 <= len(ts)
        verdict = ("met" if worst else "missed") if best == worst else "pending"
        expected_commitments[month] = (len(ts), met, breached, running, verdict, 10.0 if verdict == "missed" else None)
    assert verdicts(data) == expected_commitments


def test_tallies_merge_exactly_in_any_order_and_pickle() -> None:
    """The tally any engine computes for its part: merged in any split and order it equals the
    tally of the whole (what the Dask engine relies on)."""
    policy = loads_policy(POLICY.format(period="month"))
    spec = ReportSpec("week", ("priority",))
    pairs = []
    for data in HISTORY:
        t = Ticket.from_dict(data)
        pairs.append((policy.evaluate(t, t.events[-1].at), t.events[0].at))
    whole = tally_results(policy, spec, pairs)
    for cut in (1, 5, 9):
        left, right = tally_results(policy, spec, pairs[:cut]), tally_results(policy, spec, pairs[cut:])
        one, other = ReportTally(), ReportTally()
        one.merge(left)
        one.merge(right)
        other.merge(pickle.loads(pickle.dumps(right)))
        other.merge(pickle.loads(pickle.dumps(left)))
        assert one.plain() == other.plain() == whole.plain()
    assert sum(t.count for t in whole.targets.values()) == 12  # every ticket in scope, once


def test_periods_in_the_policys_zone() -> None:
    bogota = ZoneInfo("America/Bogota")
    late = datetime.fromisoformat("2026-02-01T02:00:00+00:00")  # Jan 31, 21:00 in Bogotá
    assert period_key(late, "month", bogota) == "2026-01"
    assert period_key(late, "quarter", bogota) == "2026-Q1"
    assert period_key(datetime.fromisoformat("2027-01-01T12:00:00-05:00"), "week", bogota) == "2026-W53"
    assert period_days("2026-W05") == (date(2026, 1, 26), date(2026, 2, 1))
    assert period_days("2026-Q4") == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_days("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))


def test_bad_arguments_are_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy, history = write(tmp_path, "month")
    assert main(["report", str(policy), str(history), "--by", "priority,prioridad"]) == 2
    assert "no field 'prioridad'" in capsys.readouterr().err
    assert main(["report", str(policy), str(history), "--from", "2026-13-01"]) == 2
    assert "write a date like" in capsys.readouterr().err
    assert main(["report", str(policy), str(history), "--from", "2026-03-01", "--to", "2026-02-01"]) == 2


def test_the_report_counts_each_ticket_once_on_workers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A history big enough for worker processes gives the same report as one process."""
    many = [dict(t, id=f"{t['id']}-{i}") for i in range(120) for t in HISTORY]
    policy, history = write(tmp_path, "month", many)
    history.write_text(history.read_text(encoding="utf-8") + " " * 2_100_000 + "\n", encoding="utf-8")
    main(["report", str(policy), str(history), "--format", "json", "--jobs", "2"])
    on_workers = json.loads(capsys.readouterr().out)
    main(["report", str(policy), str(history), "--format", "json", "--jobs", "1"])
    alone = json.loads(capsys.readouterr().out)
    assert on_workers == alone
    assert Counter(r["period"] for r in alone["commitments"]) == {"2026-01": 1, "2026-02": 1, "2026-03": 1}
    assert {r["period"]: r["count"] for r in alone["commitments"]} == {"2026-01": 600, "2026-02": 480,
                                                                       "2026-03": 240}


def test_a_folder_is_reported_file_by_file_and_rejections_name_their_file(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    lines = (root / "examples" / "compliance" / "history.jsonl").read_text(encoding="utf-8").splitlines()
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "a.jsonl").write_text("\n".join(lines[:300]) + "\n", encoding="utf-8")
    # the third line of b.jsonl is not JSON; it is rejected as b.jsonl's line 3, not the folder's
    (folder / "b.jsonl").write_text("\n".join([*lines[300:302], "{not json", *lines[302:]]) + "\n",
                                    encoding="utf-8")
    policy = str(root / "examples" / "compliance" / "mesa.plazo")
    rejects = tmp_path / "rejects.jsonl"
    whole = tmp_path / "whole.json"
    assert main(["report", policy, str(root / "examples" / "compliance" / "history.jsonl"), "--at",
                 "2026-04-15T00:00", "--format", "json", "--out", str(whole)]) == 1  # a commitment is missed
    split = tmp_path / "split.json"
    assert main(["report", policy, str(folder), "--at", "2026-04-15T00:00", "--format", "json",
                 "--out", str(split), "--rejects", str(rejects)]) == 1
    [rejected] = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert (Path(rejected["file"]).name, rejected["line"]) == ("b.jsonl", 3)
    # the same 600 tickets, one line more: every figure but the counts of lines read is the same
    a, b = json.loads(whole.read_text(encoding="utf-8")), json.loads(split.read_text(encoding="utf-8"))
    assert a["targets"] == b["targets"] and a["commitments"] == b["commitments"]


def test_compare_refuses_one_out_file_for_several_history_files(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "exports"
    folder.mkdir()
    lines = (root / "examples" / "compliance" / "history.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "a.jsonl").write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join(lines[10:20]) + "\n", encoding="utf-8")
    policy = str(root / "examples" / "compliance" / "mesa.plazo")
    assert main(["compare", policy, policy, str(folder), "--out", str(tmp_path / "changes.jsonl")]) == 2
    assert not (tmp_path / "changes.jsonl").exists()
