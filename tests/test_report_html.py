"""``plazo report --format html``: per commitment, a point per period and group against the
commitment's dashed line (missed points in red); per target, a histogram of counted times;
every text escaped, nothing fetched. The page is also opened in a real headless Chromium
(skipped without one, failed with ``PLAZO_BROWSER_REQUIRED``), which takes the README's
screenshot (``UPDATE_SCREENSHOTS=1`` copies it to docs/images/)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plazo.interpreter.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "examples" / "compliance" / "mesa.plazo"
HISTORY = ROOT / "examples" / "compliance" / "history.jsonl"
IMAGES = ROOT / "docs" / "images"
SHOT = "report_mesa.png"
AT = "2026-04-15T00:00"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def _elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def _report(tmp_path: Path, fmt: str, history: Path = HISTORY) -> str:
    out = tmp_path / f"r.{fmt}"
    main(["report", str(POLICY), str(history), "--by", "customer", "--at", AT, "--format", fmt, "--out", str(out),
          "--jobs", "1"])
    return out.read_text(encoding="utf-8")


def test_each_commitment_is_drawn_against_its_line(tmp_path: Path) -> None:
    data = json.loads(_report(tmp_path, "json"))
    elements = _elements(_report(tmp_path, "html"))
    svgs = [a for tag, a in elements if tag == "svg"]
    commitments = {r["commitment"] for r in data["commitments"]}
    # one chart per commitment, one histogram per target with stopped clocks
    assert len(svgs) == len(commitments) + len(data["distributions"])
    circles = [a for tag, a in elements if tag == "circle"]
    drawn = [r for r in data["commitments"] if r["share"] is not None or r["percentile_seconds"] is not None]
    assert len(circles) == len(drawn)
    missed = sum(r["verdict"] == "missed" for r in data["commitments"])
    assert missed > 0 and sum(c["fill"] == "#d62728" for c in circles) == missed
    dashed = [a for tag, a in elements if tag == "line" and a.get("stroke-dasharray")]
    assert len(dashed) == len(commitments)


def test_every_text_is_escaped_and_nothing_is_fetched(tmp_path: Path) -> None:
    history = tmp_path / "h.jsonl"
    hostile = '<img src=x onerror=alert(1)>"&'
    history.write_text(json.dumps({"id": "X", "fields": {"priority": "p1", "topic": "soporte", "customer": hostile},
                                   "events": [{"type": "created", "at": "2026-03-02T09:00:00-05:00"},
                                              {"type": "resolved", "at": "2026-03-02T15:00:00-05:00"}]}) + "\n",
                       encoding="utf-8")
    html = _report(tmp_path, "html", history)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;&quot;&amp;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


def _browser() -> str | None:
    return next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)


def _headless(browser: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--disable-dev-shm-usage", *arguments],
                          capture_output=True, text=True, timeout=180, check=False)


def test_the_report_in_a_headless_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    browser = _browser()
    if browser is None:
        message = "no headless Chromium on this machine (Debian: apt-get install chromium; .ci/run installs it)"
        if os.environ.get("PLAZO_BROWSER_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    monkeypatch.chdir(ROOT)  # the page names the history as a reader would give it
    page = tmp_path / "report.html"
    page.write_text(_report(tmp_path, "html", HISTORY.relative_to(ROOT)), encoding="utf-8")
    dom = _headless(browser, "--dump-dom", page.as_uri()).stdout
    elements = _elements(dom)
    assert sum(tag == "svg" for tag, _ in elements) >= 2  # the browser built the charts
    assert sum(tag == "circle" for tag, _ in elements) > 0
    png = tmp_path / SHOT
    _headless(browser, f"--screenshot={png}", "--window-size=1000,1400", page.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == 1000
    if os.environ.get("UPDATE_SCREENSHOTS"):
        IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, IMAGES / SHOT)
