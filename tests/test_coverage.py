"""``plazo test --coverage``: which parts of a policy the expectations exercised, counted
by hand on a small policy (tests/fixtures/scenarios/coverage/policy.plazo), the bundled
examples at 100 % of clauses and matrix cells, and the text, JSON and HTML reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from plazo.interpreter.cli.main import main
from plazo.interpreter.simulate import load_scenario
from plazo.interpreter.simulate import run as run_scenario
from plazo.interpreter.simulate.coverage import Recorder

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(__file__).parent / "fixtures" / "scenarios" / "coverage"
POLICY = FOLDER / "policy.plazo"

# The rest of the policy, worked out by hand:
# B: alta x local = p2, created Friday 20 March 2026 16:00, 4 business hours on Mon-Fri 08-17
#    closed on Colombian holidays: Friday 16-17 (1 h), the weekend, Monday 23 (San José,
#    a holiday), Tuesday 24 08:00 + 3 h = 11:00: a day without hours and a holiday skipped.
# C: baja x amplio = p2 (the cell only). D: baja x local = p3: no clause but `otherwise`, and
#    the reject rule fires. A2: a P1 at 12:00, two hours after 10:00: level 2 of the ladder.
REST = """\
scenario "The rest"
policy "{policy}"

ticket B {{
  severity = alta
  impact = local
  2026-03-20 16:00  created
  at 2026-03-20 16:30 expect {{
    respuesta due 2026-03-24 11:00
  }}
}}

ticket C {{
  severity = baja
  impact = amplio
  2026-03-02 10:00  created
  at 2026-03-02 10:00 expect {{
    priority = p2
  }}
}}

ticket D {{
  severity = baja
  impact = local
  2026-03-02 10:00  created
  at 2026-03-02 10:00 expect {{
    respuesta not_applicable
    rejected prueba
  }}
}}

ticket A2 {{
  severity = alta
  impact = amplio
  2026-03-02 10:00  created
  at 2026-03-02 12:00 expect {{
    escalation guardia level 2
  }}
}}
"""

# What one_ticket.scenario exercises (a P1 ticket: the first clause, cell alta x amplio,
# level 1, route urgente) and what it leaves, with the lines of policy.plazo
NEVER_BY_ONE_TICKET = [
    (6, "closed day"), (8, "holiday"), (29, "cell"), (30, "cell"), (30, "cell"), (37, "clause"), (38, "clause"),
    (44, "level"), (48, "reject")]


def _coverage(*scenarios: Path) -> Recorder:
    recorder = Recorder()
    for s in scenarios:
        run_scenario(load_scenario(s), recorder)
    return recorder


def test_one_ticket_covers_what_it_evaluates_and_nothing_else() -> None:
    (result,) = _coverage(FOLDER / "one_ticket.scenario").results()
    never = [(p.part.line, p.part.kind) for p in result.parts if not p.covered]
    assert never == NEVER_BY_ONE_TICKET
    covered = {(p.part.kind, p.part.key): [f"{Path(h.file).name}:{h.line}" for h in p.hits]
               for p in result.parts if p.covered}
    assert covered == {
        ("clause", ("respuesta", "0")): ["one_ticket.scenario:10"],
        ("cell", ("priority", "alta", "amplio")): ["one_ticket.scenario:9"],
        ("level", ("guardia", "1")): ["one_ticket.scenario:11"],
        ("route", ("urgente",)): ["one_ticket.scenario:12"],
    }
    assert result.percent() == pytest.approx(100 * 2 / 7)  # 1 of 3 clauses, 1 of 4 cells


def test_two_files_on_one_policy_add_up_to_everything(tmp_path: Path) -> None:
    rest = tmp_path / "rest.scenario"
    rest.write_text(REST.format(policy=POLICY), encoding="utf-8")
    (result,) = _coverage(FOLDER / "one_ticket.scenario", rest).results()
    assert [p.part.text for p in result.parts if not p.covered] == []
    assert result.percent() == 100.0


def test_the_bundled_examples_cover_every_clause_and_matrix_cell(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(ROOT / "examples"), "--coverage", "--fail-under", "100"]) == 0
    out = capsys.readouterr().out
    assert "coverage: clauses and matrix cells" in out and "(100.0 %) in" in out
    for provider in ("aldeamo", "wekall", "intcomex", "openpyme", "ikhodi"):
        assert f"policies/{provider}.plazo: clauses and matrix cells" in out


def test_fail_under_fails_the_run_and_text_names_file_and_line(capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the report names a policy relative to the working folder
    assert main(["test", str(FOLDER), "--coverage", "--fail-under", "50"]) == 1
    captured = capsys.readouterr()
    assert "coverage 28.6 % is under --fail-under 50 %" in captured.err
    assert ("tests/fixtures/scenarios/coverage/policy.plazo:37:3: clause never exercised: respuesta: when priority"
            " = p2") in captured.out
    assert main(["test", str(FOLDER), "--coverage", "--fail-under", "28"]) == 0


def test_json_is_one_document_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(FOLDER), "--coverage", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (policy,) = data["policies"]
    assert (data["passed"], data["failed"], data["percent"]) == (3, 0, 28.57)
    assert policy["kinds"]["clause"] == {"covered": 1, "total": 3}
    assert policy["kinds"]["cell"] == {"covered": 1, "total": 4}
    first = next(p for p in policy["parts"] if p["line"] == 36)
    assert first["covered"] and first["by"][0].endswith("one_ticket.scenario:10")


def test_html_annotates_the_source_line_by_line_and_escapes_it(tmp_path: Path) -> None:
    policy = tmp_path / "policy.plazo"
    policy.write_text(POLICY.read_text(encoding="utf-8") + "# <script>alert(1)</script>\n", encoding="utf-8")
    scenario = tmp_path / "one.scenario"
    scenario.write_text((FOLDER / "one_ticket.scenario").read_text(encoding="utf-8"), encoding="utf-8")
    page = tmp_path / "coverage.html"
    assert main(["test", str(scenario), "--coverage", "--format", "html", "--out", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    rows = {line: cls for cls, line in _rows(html)}
    assert rows[36] == "covered" and rows[37] == "missed" and rows[29] == "partial" and rows[1] == "plain"


def _rows(html: str) -> list[tuple[str, int]]:
    return [(m.group(1), int(m.group(2))) for m in re.finditer(r'<tr class="(\w+)" id="[^"]*-L(\d+)"', html)]


@pytest.mark.parametrize("arguments", [
    ["--format", "json"],  # without --coverage
    ["--coverage", "--format", "html"],  # a page needs --out
    ["--coverage", "--fail-under", "101"],
    ["--coverage", "--fail-under", "nan"],
])
def test_bad_coverage_options_are_bad_input(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(FOLDER), *arguments]) == 2
    assert "error:" in capsys.readouterr().err
