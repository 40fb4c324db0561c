"""Scenario files: the bundled examples pass, a wrong expectation is reported with its
place and both values, syntax errors read like the policy checker's, timelines are
stable (golden JSON) and the HTML page draws the SVG with every text escaped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from plazo.interpreter.cli.main import main
from plazo.interpreter.errors import ScenarioError
from plazo.interpreter.simulate import load_scenario
from plazo.interpreter.simulate import run as run_scenario

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
SYNTAX_CASES = sorted((GOLDEN / "scenario").glob("*.scenario"))
TIMELINES = ["aldeamo/actualizaciones", "wekall/festivo_san_jose", "intcomex/escalamiento_por_incumplimiento",
             "openpyme/respuesta_por_correo"]


def test_the_examples_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(ROOT / "examples")]) == 0
    out = capsys.readouterr().out.splitlines()
    scenarios = int(out[-2].split()[0])
    passed, failed = out[-1].split(", ")
    assert scenarios >= 40 and failed == "0 failed" and int(passed.split()[0]) >= 100
    for provider in ("wekall", "aldeamo", "intcomex", "openpyme", "ikhodi"):
        assert len(list((ROOT / "examples" / provider).glob("*.scenario"))) >= 8


def test_a_wrong_expectation_names_file_line_and_both_values(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    fixture = Path(__file__).parent / "fixtures" / "scenarios" / "wrong_expectation.scenario"
    junit = tmp_path / "junit.xml"
    assert main(["test", str(fixture), "--junit-xml", str(junit)]) == 1
    out = capsys.readouterr().out
    assert f"{fixture}:11: first_response due: expected 2026-03-06 17:45-05:00, got 2026-03-06 17:40-05:00" in out
    assert out.splitlines()[-1] == "1 passed, 1 failed"
    assert 'failures="1"' in junit.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", SYNTAX_CASES, ids=lambda p: p.stem)
def test_scenario_diagnostics_golden(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # diagnostics name the file as given: relative to the repository
    with pytest.raises(ScenarioError) as info:
        load_scenario(case.relative_to(ROOT))
    got = info.value.render() + "\n"
    expected = case.with_suffix(".errors")
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", TIMELINES)
def test_timeline_golden(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", str(ROOT / "examples" / f"{name}.scenario"), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    expected = GOLDEN / "timeline" / f"{name.replace('/', '__')}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(expected.read_text(encoding="utf-8"))


def test_timeline_table_is_chronological(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", str(ROOT / "examples" / "aldeamo" / "actualizaciones.scenario"), "--until",
                 "2026-03-02 16:00"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line[:4] == "2026"]
    assert lines == sorted(lines, key=lambda line: line[:16])
    # the third round of updates (from 14:30) is due at 17:30, after 16:00: projected
    assert any(line.startswith("2026-03-02 17:30*") and "vence" in line for line in lines)


HOSTILE = """\
scenario "<script>alert(1)</script>"
policy "{policy}"

ticket "<img src=x onerror=alert(1)>" {{
  type = incidente
  severity = alto
  2026-03-02 10:00  created
  2026-03-02 10:30  set service = envios
  at 2026-03-02 12:00 expect {{
    first_response breached
  }}
}}
"""


def test_html_page_has_the_svg_and_escapes_text(tmp_path: Path) -> None:
    scenario = tmp_path / "hostile.scenario"
    scenario.write_text(HOSTILE.format(policy=ROOT / "policies" / "aldeamo.plazo"), encoding="utf-8")
    page = tmp_path / "t.html"
    assert main(["simulate", str(scenario), "--html", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "</svg>" in html and "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if browser is None:
        pytest.skip("no headless Chromium installed (Debian: apt install chromium)")
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert "<svg" in dom and "&lt;img src=x onerror=alert(1)&gt;" in dom


# ------------------------------------------------------------------ the repeated hour of a DST change
DST = Path(__file__).parent / "fixtures" / "scenarios" / "dst"
DST_SCENARIO = """\
scenario "DST"
policy "{policy}"

ticket T {{
  {created}  created
  at {at} expect {{
    first_response due {due}
  }}
}}
"""
# (zone file, created, evaluated at, the due instant it gives = created + 1 clock hour, its other reading).
# Santiago, 4 April 2026: 00:00 -03:00 on the 5th becomes 23:00 -04:00 on the 4th, so 23:00-23:59
# happens twice; New York, 1 November 2026: 02:00 EDT becomes 01:00 EST, so 01:00-01:59 happens twice.
# Created at 22:30-03:00, due one real hour later is 23:30-03:00 (the first 23:30); created at
# 23:30-03:00, the due instant is 23:30-04:00 (the second 23:30): the same wall time, an hour apart.
DST_CASES = [
    ("santiago", "2026-04-04 22:30-03:00", "2026-04-04 22:31-03:00", "2026-04-04 23:30-03:00",
     "2026-04-04 23:30-04:00"),
    ("santiago", "2026-04-04 23:30-03:00", "2026-04-04 23:31-03:00", "2026-04-04 23:30-04:00",
     "2026-04-04 23:30-03:00"),
    ("new_york", "2026-11-01 00:30-04:00", "2026-11-01 00:31-04:00", "2026-11-01 01:30-04:00",
     "2026-11-01 01:30-05:00"),
    ("new_york", "2026-11-01 01:30-04:00", "2026-11-01 01:31-04:00", "2026-11-01 01:30-05:00",
     "2026-11-01 01:30-04:00"),
]


def _dst_run(tmp_path: Path, capsys: pytest.CaptureFixture[str], zone: str, created: str, at: str,
             due: str) -> tuple[int, str]:
    scenario = tmp_path / "dst.scenario"
    scenario.write_text(DST_SCENARIO.format(policy=DST / f"{zone}.plazo", created=created, at=at, due=due),
                        encoding="utf-8")
    code = main(["test", str(scenario)])
    return code, capsys.readouterr().out


@pytest.mark.parametrize(("zone", "created", "at", "due", "other"), DST_CASES)
def test_a_due_instant_in_the_repeated_hour_is_compared_as_an_instant(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], zone: str, created: str, at: str, due: str,
        other: str) -> None:
    code, out = _dst_run(tmp_path, capsys, zone, created, at, due)
    assert code == 0, out
    code, out = _dst_run(tmp_path, capsys, zone, created, at, other)
    assert code == 1
    # the same wall time, an hour apart: both printed with their offsets
    assert f"first_response due: expected {other}, got {due}" in out


@pytest.mark.parametrize(("zone", "created", "at", "due", "other"), DST_CASES)
def test_a_local_time_in_the_repeated_hour_is_its_first_occurrence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], zone: str, created: str, at: str, due: str,
        other: str) -> None:
    wall = due[:16]  # the due instant without its offset: the documented reading is the first occurrence
    first = due if due.endswith(("-03:00", "01:30-04:00")) else other  # the summer offsets come first
    code, out = _dst_run(tmp_path, capsys, zone, created, at, wall)
    assert (code == 0) == (first == due), out
    if first != due:
        assert f"expected {first}, got {due}" in out


def test_a_passing_instant_in_the_repeated_hour_is_shown_with_its_offset(tmp_path: Path) -> None:
    scenario = tmp_path / "dst.scenario"
    created, at, due = DST_CASES[1][1:4]
    scenario.write_text(DST_SCENARIO.format(policy=DST / "santiago.plazo", created=created, at=at, due=due),
                        encoding="utf-8")
    checks = run_scenario(load_scenario(scenario))
    assert [(c.ok, c.expected, c.got) for c in checks] == [(True, "2026-04-04 23:30-04:00", "2026-04-04 23:30-04:00")]


NOT_APPLICABLE = """\
scenario "No aplica"
policy "{policy}"

ticket M {{
  type = incidente
  severity = medio
  2026-03-06 17:30  created
  at 2026-03-06 17:31 expect {{
    escalation tecnica {medio}
    target update not_applicable
    target first_response {status}
  }}
}}

ticket A {{
  type = incidente
  severity = alto
  2026-03-06 17:30  created
  at 2026-03-06 17:31 expect {{
    escalation tecnica {alto}
  }}
}}
"""


@pytest.mark.parametrize(("medio", "alto", "status", "failures"), [
    ("not_applicable", "level 1", "running", []),
    # Aldeamo's technical ladder is for incidentes altos only (seed 001, "Escalamiento")
    ("level none", "not_applicable", "not_applicable", [
        "escalation tecnica: expected level none, got not_applicable: the escalation does not apply to this ticket "
        "(expect that with 'escalation tecnica not_applicable')",
        "first_response status: expected not_applicable, got running",
        "escalation tecnica: expected not_applicable, got it applies (level 1)"]),
])
def test_an_escalation_or_a_target_may_be_expected_not_to_apply(
        tmp_path: Path, medio: str, alto: str, status: str, failures: list[str]) -> None:
    scenario = tmp_path / "na.scenario"
    scenario.write_text(NOT_APPLICABLE.format(policy=ROOT / "policies" / "aldeamo.plazo", medio=medio, alto=alto,
                                              status=status), encoding="utf-8")
    checks = run_scenario(load_scenario(scenario))
    assert len(checks) == 4
    assert [c.render().split(": ", 1)[1] for c in checks if not c.ok] == failures
