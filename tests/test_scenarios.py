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
    assert f"{fixture}:11: first_response due: expected 2026-03-06 17:45, got 2026-03-06 17:40" in out
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
