"""Histories in batch: `plazo evaluate POLICY HISTORY` and `plazo compare OLD NEW HISTORY`.

The facts: bad lines are each reported with their line and reason and the counts
reconcile; the summary's rates and percentiles are the ones worked out by hand or
recomputed from the per-ticket results; workers change nothing in the output; a
policy change reports exactly the tickets it changes.
"""

from __future__ import annotations

import json
from math import ceil
from pathlib import Path

import pytest

from plazo.interpreter.batch import Progress, workers
from plazo.interpreter.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "histories"
ALDEAMO = str(ROOT / "policies" / "aldeamo.plazo")


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:
    code = main([*argv, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_malformed_lines_are_each_reported_and_the_counts_reconcile(capsys, tmp_path) -> None:
    history = FIXTURES / "malformed.jsonl"
    rejects = tmp_path / "rejects.jsonl"
    code, report, err = run_json(capsys, "evaluate", ALDEAMO, str(history), "--rejects", str(rejects))
    assert code == 1  # findings: some tickets could not be evaluated
    # ten non-blank lines (line 6 is blank): two good tickets (lines 1 and 7), eight bad
    assert (report["tickets"], report["evaluated"], report["rejected"]) == (10, 2, 8)
    assert report["tickets"] == report["evaluated"] + report["rejected"]
    written = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    reasons = {r["line"]: r["reason"] for r in written}
    assert sorted(reasons) == [2, 3, 4, 5, 8, 9, 10, 11]
    assert "not JSON" in reasons[2]
    assert "unknown value 'altisimo' for field severity" in reasons[3]
    assert "no UTC offset" in reasons[4]
    assert "no 'created' event" in reasons[5]
    assert "unknown field 'sevrity'" in reasons[8] and "did you mean 'severity'" in reasons[8]
    assert "out of order" in reasons[9]
    assert "a ticket is a JSON object" in reasons[10]
    assert "unknown event 'resolvd'" in reasons[11]
    # each rejection keeps the line as read, so the file can be fixed and fed again
    assert next(r for r in written if r["line"] == 3)["text"].startswith('{"id": "H3"')
    assert f"{history}:3: rejected ticket H3: unknown value 'altisimo'" in err
    assert [r["line"] for r in report["rejections"]] == [2, 3, 4, 5, 8, 9, 10, 11]
    # the two good tickets are in the summary: H1 (alto, answered in 5 of 10 minutes), H7
    first = {r["group"]: r for r in report["summary"] if r["target"] == "first_response"}
    assert first["alto"]["met"] == 1 and first["alto"]["count"] == 1


def test_malformed_csv_rows_are_reported_on_their_own_line(capsys, tmp_path) -> None:
    code, report, err = run_json(capsys, "evaluate", ALDEAMO, str(FIXTURES / "malformed.csv"),
                                 "--rejects", str(tmp_path / "r.jsonl"))
    assert code == 1
    # six tickets: C1 (lines 2-3) and C5 (9-11, its report_months set to 4 mid-way) are good
    assert (report["tickets"], report["evaluated"], report["rejected"]) == (6, 2, 4)
    reasons = {r["line"]: (r["ticket"], r["reason"]) for r in report["rejections"]}
    assert sorted(reasons) == [4, 6, 8, 12]
    assert reasons[4][0] == "C2" and "report_months is a number, got 'tres'" in reasons[4][1]
    assert reasons[6][0] == "C3" and "no UTC offset" in reasons[6][1]  # the second row of C3
    assert reasons[8][0] == "C4" and "changes from 'medio' to 'bajo'" in reasons[8][1]
    assert reasons[12][0] == "C6" and "has no status" in reasons[12][1]
    assert f"{FIXTURES / 'malformed.csv'}:8: rejected ticket C4: field severity changes" in err


def test_a_csv_column_the_policy_does_not_know_stops_before_any_row(capsys, tmp_path) -> None:
    history = tmp_path / "h.csv"
    history.write_text("ticket,type,sevrity,event,at\nT1,incidente,alto,created,2026-03-02T09:00:00-05:00\n",
                       encoding="utf-8")
    assert main(["evaluate", ALDEAMO, str(history)]) == 2
    err = capsys.readouterr().err
    assert "h.csv:1: column 'sevrity' is not a field of the policy" in err and "severity" in err


def _history(path: Path, tickets: list[tuple[str, dict, list[tuple[str, str]]]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for ticket_id, fields, events in tickets:
            out.write(json.dumps({"id": ticket_id, "fields": fields,
                                  "events": [{"type": k, "at": a} for k, a in events]}) + "\n")
    return path


def test_summary_counts_rate_and_percentiles_worked_by_hand(capsys, tmp_path) -> None:
    # Five "alto" incidents (10 minutes of clock time, 24x7) answered after 5, 8, 9, 12 and
    # 30 minutes: met 3, breached 2, breach rate 2/5. The elapsed minutes sorted are
    # 5, 8, 9, 12, 30: the nearest-rank median is the 3rd (ceil(0.5*5)) = 9 min, the 90th
    # percentile the 5th (ceil(0.9*5)) = 30 min. One "medio" incident is its own group.
    alto = {"type": "incidente", "severity": "alto"}
    tickets = [(f"A{m}", alto, [("created", "2026-03-01T22:00:00-05:00"),
                                ("first_response", f"2026-03-01T22:{m:02d}:00-05:00")]) for m in (5, 8, 9, 12, 30)]
    tickets.append(("M1", {"type": "incidente", "severity": "medio"}, [("created", "2026-03-02T09:00:00-05:00")]))
    history = _history(tmp_path / "h.jsonl", tickets)
    code, report, _ = run_json(capsys, "evaluate", ALDEAMO, str(history), "--at", "2026-03-02T10:00")
    assert code == 0
    rows = {(r["target"], r["group"]): r for r in report["summary"]}
    alto_row = rows[("first_response", "alto")]
    assert (alto_row["count"], alto_row["met"], alto_row["breached"], alto_row["running"]) == (5, 3, 2, 0)
    assert alto_row["breach_rate"] == pytest.approx(0.4)
    assert alto_row["median_elapsed_seconds"] == 9 * 60
    assert alto_row["p90_elapsed_seconds"] == 30 * 60
    # M1 is evaluated at --at: 1 business hour into its 2, running
    medio = rows[("first_response", "medio")]
    assert (medio["running"], medio["breach_rate"], medio["median_elapsed_seconds"]) == (1, None, None)
    assert report["by"] == "severity"


def test_the_summary_agrees_with_the_per_ticket_results(capsys, tmp_path) -> None:
    out = tmp_path / "results.jsonl"
    history = ROOT / "examples" / "histories" / "aldeamo.jsonl"
    code, report, _ = run_json(capsys, "evaluate", ALDEAMO, str(history), "--out", str(out), "--by", "type")
    assert code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == report["evaluated"] == report["tickets"]
    for row in report["summary"]:
        mine = [r["targets"][row["target"]] for r in records if r["fields"].get("type", "(none)") == row["group"]]
        assert row["count"] == len(mine)
        assert row["met"] == sum(t["status"] == "met" for t in mine)
        assert row["breached"] == sum(t["status"] == "breached" for t in mine)
        assert row["running"] == sum(t["status"] in ("running", "paused") for t in mine)
        minutes = sorted(int(t["elapsed_seconds"] // 60) for t in mine
                         if t["status"] in ("met", "breached") and t["stopped"] is not None)
        if minutes:
            assert row["median_elapsed_seconds"] == minutes[ceil(0.5 * len(minutes)) - 1] * 60
            assert row["p90_elapsed_seconds"] == minutes[ceil(0.9 * len(minutes)) - 1] * 60


def test_workers_change_nothing_but_the_speed(capsys, tmp_path, monkeypatch) -> None:
    history = ROOT / "examples" / "histories" / "wekall.jsonl"
    policy = str(ROOT / "policies" / "wekall.plazo")
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    _, alone, _ = run_json(capsys, "evaluate", policy, str(history), "--out", str(one), "--jobs", "1")
    monkeypatch.setattr(workers, "SMALL_HISTORY_BYTES", 0)  # a bundled history is small: force the workers
    monkeypatch.setattr(workers, "TICKETS_PER_PIECE", 7)  # and many pieces, so that order matters
    _, together, _ = run_json(capsys, "evaluate", policy, str(history), "--out", str(two), "--jobs", "2")
    assert alone == together
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert one.read_text(encoding="utf-8").startswith("ticket,line,at,priority,")


def _aldeamo_three_hour_medium(tmp_path: Path) -> Path:
    text = (ROOT / "policies" / "aldeamo.plazo").read_text(encoding="utf-8")
    old_clause = "when type = incidente and severity = medio: 2 business hours on soporte"
    assert old_clause in text
    new = text.replace(old_clause, old_clause.replace("2 business hours", "3 business hours"))
    path = tmp_path / "aldeamo_v4.plazo"
    path.write_text(new.replace("version 3", "version 4"), encoding="utf-8")
    return path


def test_compare_reports_the_tickets_a_longer_medium_deadline_changes(capsys, tmp_path) -> None:
    # Soporte is mon-fri 08:00-18:00 (Bogota). Medium incidents: 2 business hours before,
    # 3 after. A: 09:00 -> 11:30 is 2.5 h: breached, then met. B: Monday 17:00 -> Tuesday
    # 09:30 is 1 h + 1.5 h = 2.5 h: breached, then met. C: 1 h, met in both. D: 3.5 h,
    # breached in both. E (alto, 10 minutes) answered in 20: breached in both.
    medio = {"type": "incidente", "severity": "medio"}
    history = _history(tmp_path / "h.jsonl", [
        ("A", medio, [("created", "2026-03-02T09:00:00-05:00"), ("first_response", "2026-03-02T11:30:00-05:00")]),
        ("B", medio, [("created", "2026-03-02T17:00:00-05:00"), ("first_response", "2026-03-03T09:30:00-05:00")]),
        ("C", medio, [("created", "2026-03-02T09:00:00-05:00"), ("first_response", "2026-03-02T10:00:00-05:00")]),
        ("D", medio, [("created", "2026-03-02T09:00:00-05:00"), ("first_response", "2026-03-02T12:30:00-05:00")]),
        ("E", {"type": "incidente", "severity": "alto"},
         [("created", "2026-03-02T09:00:00-05:00"), ("first_response", "2026-03-02T09:20:00-05:00")]),
    ])
    new = _aldeamo_three_hour_medium(tmp_path)
    code, report, _ = run_json(capsys, "compare", ALDEAMO, str(new), str(history), "--at", "2026-03-10T00:00")
    assert code == 0
    assert (report["old"], report["new"]) == ("aldeamo v3", "aldeamo v4")
    changes = [(c["ticket"], c["target"], c["old_status"], c["new_status"]) for c in report["changes"]]
    assert changes == [("A", "first_response", "breached", "met"), ("B", "first_response", "breached", "met")]
    assert report["changes"][1]["old_due"] == "2026-03-03T09:00:00-05:00"
    assert report["changes"][1]["new_due"] == "2026-03-03T10:00:00-05:00"
    assert report["changed_tickets"] == 2
    rates = {(r["target"], r["group"]): r for r in report["breach_rates"]}
    medium = rates[("first_response", "medio")]
    assert (medium["old_breached"], medium["new_breached"]) == (3, 1)  # A, B, D; then D
    assert medium["difference"] == pytest.approx(1 / 4 - 3 / 4)
    assert rates[("first_response", "alto")]["difference"] == 0


def test_compare_on_a_bundled_history_changes_only_medium_first_responses(capsys, tmp_path) -> None:
    history = ROOT / "examples" / "histories" / "aldeamo.jsonl"
    new = _aldeamo_three_hour_medium(tmp_path)
    out = tmp_path / "changes.jsonl"
    code, report, _ = run_json(capsys, "compare", ALDEAMO, str(new), str(history), "--out", str(out))
    assert code == 0
    changes = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert changes and len(changes) == report["changed_targets"]
    assert {(c["target"], c["old_status"], c["new_status"]) for c in changes} == {("first_response", "breached", "met")}
    # a longer deadline never breaks a deadline that was kept
    rates = [r for r in report["breach_rates"] if r["target"] == "first_response" and r["group"] == "medio"]
    assert rates[0]["new_breached"] == rates[0]["old_breached"] - len(changes)


class _Terminal:
    def __init__(self, tty: bool = True) -> None:
        self.text = ""
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def write(self, s: str) -> None:
        self.text += s

    def flush(self) -> None:
        pass


def test_progress_is_drawn_on_a_terminal_only() -> None:
    clock = iter([0.0, 1.0, 1.05])
    terminal = _Terminal()
    bar = Progress(1000, terminal, lambda: next(clock))  # starts at 0.0
    bar(500, 2000)   # at 1.0: half the file, 2,000 tickets in 1 s
    bar(100, 400)    # at 1.05: less than 0.1 s later, not redrawn
    assert "50.0%" in terminal.text and "2,000 tickets" in terminal.text and "2,000/s" in terminal.text
    assert "2,400" not in terminal.text
    bar.close()
    assert terminal.text.endswith("\r")
    piped = _Terminal(tty=False)
    quiet = Progress(1000, piped, lambda: 5.0)
    quiet(1000, 10)
    quiet.close()
    assert piped.text == ""


def test_a_history_that_is_not_there_is_bad_input(capsys, tmp_path) -> None:
    assert main(["evaluate", ALDEAMO, str(tmp_path / "none.jsonl")]) == 2
    assert "none.jsonl: cannot read" in capsys.readouterr().err
    assert main(["evaluate", ALDEAMO, str(FIXTURES / "malformed.jsonl"), "--out", str(tmp_path / "r.txt")]) == 2
    assert "write results to a .jsonl or a .csv file" in capsys.readouterr().err


def test_lines_python_cannot_read_are_rejected_and_the_run_goes_on(capsys, tmp_path) -> None:
    # a number past Python's 4,300-digit limit and JSON nested 100,000 deep used to stop
    # the whole run with a traceback
    good = (FIXTURES / "malformed.jsonl").read_text(encoding="utf-8").splitlines()[0]
    huge = '{"id": "N", "fields": {"amount": ' + "9" * 5000 + "}}"
    deep = '{"id": "D", "fields": ' + "[" * 100_000 + "]" * 100_000 + "}"
    history = tmp_path / "h.jsonl"
    after = good.replace('"id": "H1"', '"id": "H1-after"')  # another ticket: an id names one ticket
    history.write_text("\n".join([good, huge, deep, after]) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    code, report, _ = run_json(capsys, "evaluate", ALDEAMO, str(history), "--rejects", str(rejects))
    assert code == 1
    assert (report["tickets"], report["evaluated"], report["rejected"]) == (4, 2, 2)
    reasons = {r["line"]: r["reason"] for r in map(json.loads, rejects.read_text(encoding="utf-8").splitlines())}
    assert reasons == {2: "a number with more than 4,300 digits", 3: "JSON nested too deeply to be a ticket"}


def test_a_csv_cell_past_the_csv_module_default_is_read(capsys, tmp_path) -> None:
    # the csv module stops at 128 KiB a cell; a long text is still one cell of a ticket
    header, first = (ROOT / "examples" / "histories" / "aldeamo.csv").read_text(encoding="utf-8").splitlines()[:2]
    columns = header.split(",")
    cells = first.split(",")
    cells[columns.index("ticket")] = "X" * 200_000
    history = tmp_path / "h.csv"
    history.write_text("\n".join([header, ",".join(cells)]) + "\n", encoding="utf-8")
    code, report, _ = run_json(capsys, "evaluate", ALDEAMO, str(history))
    assert code == 0 and (report["tickets"], report["evaluated"]) == (1, 1)


def test_csv_cells_a_spreadsheet_would_run_are_inert_and_tables_show_escapes() -> None:
    from plazo.interpreter.batch.records import inert
    from plazo.interpreter.batch.summary import table

    assert [inert(c) for c in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "ok", -5.0, 3)] == \
        ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "ok", -5.0, 3]
    assert table(("group",), [("a\x1b[2Jb",)], numeric_from=1) == "group\na\\x1b[2Jb\n"
