"""The timeline page (``plazo simulate --html``): its drawing in the policy's language
with an axis, a legend, closed time, labelled markers that never overlap and a broken
axis for long idle stretches; the page opened in a headless Chromium (its DOM checked,
screenshots taken: ``UPDATE_SCREENSHOTS=1`` copies them to docs/images/ for the README).

Without Chromium the browser test is skipped, saying so; under CI (``.ci/run`` installs
Debian's ``chromium`` and sets ``PLAZO_BROWSER_REQUIRED``) it fails instead."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest

from plazo.interpreter.cli.main import main
from plazo.interpreter.policy import loads_policy
from plazo.interpreter.present.timeline import timeline
from plazo.interpreter.present.timeline_html import render_html
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.simulate import load_scenario, local_instant

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
IMAGES = ROOT / "docs" / "images"
# (scenario, screenshot): a weekend and a holiday (WeKall, San José), a DST change (Intcomex)
SHOTS = [("wekall/festivo_san_jose", "timeline_weekend_holiday.png"), ("intcomex/cambio_de_hora", "timeline_dst.png")]


class _Elements(HTMLParser):
    """Every element's tag, attributes and the text directly in it."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, []))
        if tag not in ("line", "rect", "path", "circle", "meta", "br"):
            self._open.append(len(self.elements) - 1)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self.elements[self._open[-1]][0] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open:
            self.elements[self._open[-1]][2].append(data)


def _parse(html: str) -> list[tuple[str, dict[str, str], str]]:
    p = _Elements()
    p.feed(html)
    return [(tag, attrs, "".join(text)) for tag, attrs, text in p.elements]


def _page(name: str) -> str:
    loaded = load_scenario(EXAMPLES / f"{name}.scenario")
    block, ticket = loaded.tickets[0]
    until = max([e.at for e in ticket.events] + [local_instant(x.at, loaded.policy) for x in block.expects])
    return render_html(timeline(loaded.policy, ticket, until), loaded.policy)


def _due_expectations(name: str) -> list[tuple[str, datetime]]:
    """The ``<target> due <instant>`` expectations of a scenario's first ticket."""
    loaded = load_scenario(EXAMPLES / f"{name}.scenario")
    block, _ = loaded.tickets[0]
    out = []
    for expect in block.expects:
        for x in expect.expectations:
            if x.kind == "due" and x.expected not in (None, "none"):
                out.append((x.subject or "", datetime.fromisoformat(x.expected or "").replace(
                    tzinfo=loaded.policy.tz) if "+" not in (x.expected or "")[10:] and "-" not in (
                    x.expected or "")[10:] else datetime.fromisoformat(x.expected or "")))
    return out


def _check_drawing(elements: list[tuple[str, dict[str, str], str]], name: str, day_labels: list[str]) -> None:
    texts = [text for tag, attrs, text in elements if tag == "text" and "tick" in attrs.get("class", "")]
    for label in day_labels:
        assert label in texts, (label, texts)
    assert any(re.fullmatch(r"\d\d:00", t) for t in texts)
    legend = [attrs["data-legend"] for tag, attrs, _ in elements if tag == "li" and "data-legend" in attrs]
    assert legend == ["counting", "met", "paused", "overrun", "closed", "holiday", "due", "warning", "breach",
                      "level", "now", "cut"]
    markers = [(a["data-target"], datetime.fromisoformat(a["data-at"])) for tag, a, _ in elements
               if tag == "g" and a.get("data-kind") == "due"]
    for target, at in _due_expectations(name):
        assert sum(1 for t, m in markers if t == target and m == at) == 1, (target, at, markers)


def test_the_weekend_and_holiday_page_has_axis_legend_markers_and_holiday_names() -> None:
    html = _page("wekall/festivo_san_jose")
    elements = _parse(html)
    # created Friday 20 March 2026 18:00, due Tuesday 24 at 12:00 (the scenario's working):
    # Spanish day ticks, the San José holiday named on hover, the Sunday shaded as closed
    _check_drawing(elements, "wekall/festivo_san_jose", ["sáb 21 mar", "mar 24 mar"])
    holidays = [text for tag, attrs, text in elements if tag == "title" and text.startswith("festivo: ")]
    assert holidays and all("San José" in t for t in holidays)
    assert any(tag == "rect" and attrs.get("class") == "closed" for tag, attrs, _ in elements)


def test_a_long_idle_stretch_is_cut_out_of_the_axis() -> None:
    html = _page("wekall/festivo_san_jose")
    elements = _parse(html)
    cuts = [text for tag, attrs, text in elements if tag == "title" and text.startswith("tramo inactivo")]
    # Friday 21:00 -> Saturday 08:00 closed, Sunday and the Monday holiday closed: cut out
    assert cuts, "no cut"
    xs = sorted(float(a["x"]) for tag, a, _ in elements if tag == "rect" and a.get("class") == "met")
    assert xs and xs[0] < xs[-1]


def test_labels_never_overlap() -> None:
    for name in ("wekall/festivo_san_jose", "aldeamo/actualizaciones", "intcomex/escalamiento_por_incumplimiento",
                 "intcomex/cambio_de_hora"):
        elements = _parse(_page(name))
        boxes: dict[float, list[tuple[float, float]]] = {}
        for tag, attrs, text in elements:
            if tag == "text" and attrs.get("class") in ("label", "tick day-label", "tick hour-label"):
                x, y = float(attrs["x"]), float(attrs["y"])
                boxes.setdefault(y, []).append((x, x + len(text) * 6.3))
        for y, spans in boxes.items():
            spans.sort()
            for (a0, a1), (b0, _) in pairwise(spans):
                assert b0 >= a1, (name, y, (a0, a1), b0)


def test_the_dst_page_shows_the_instants_in_local_time_across_the_jump() -> None:
    html = _page("intcomex/cambio_de_hora")
    # created 01:30 EST on Sunday 8 March 2026; one real hour later is 03:30 EDT: the
    # breach marker says 03:30, and no hour tick reads 02:00 (it does not exist that night)
    assert "incumplido 03:30" in html
    texts = [text for tag, attrs, text in _parse(html) if tag == "text" and "hour-label" in attrs.get("class", "")]
    assert "02:00" not in texts


def test_every_text_is_escaped_and_the_page_is_self_contained(tmp_path: Path) -> None:
    scenario = tmp_path / "hostile.scenario"
    scenario.write_text(
        f'scenario "<script>alert(1)</script>"\npolicy "{ROOT / "policies" / "aldeamo.plazo"}"\n\n'
        'ticket "<img src=x onerror=alert(1)>" {\n  type = incidente\n  severity = alto\n'
        '  2026-03-02 10:00  created\n  at 2026-03-02 12:00 expect {\n    first_response breached\n  }\n}\n',
        encoding="utf-8")
    page = tmp_path / "t.html"
    assert main(["simulate", str(scenario), "--html", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "<img" not in html and "<script" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing fetched from a network


def _browser() -> str | None:
    return next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)


def _headless(browser: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--disable-dev-shm-usage", *arguments],
                          capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.parametrize(("name", "shot"), SHOTS)
def test_the_page_in_a_headless_browser(name: str, shot: str, tmp_path: Path) -> None:
    browser = _browser()
    if browser is None:
        message = "no headless Chromium on this machine (Debian: apt-get install chromium; .ci/run installs it)"
        if os.environ.get("PLAZO_BROWSER_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    page = tmp_path / "timeline.html"
    assert main(["simulate", str(EXAMPLES / f"{name}.scenario"), "--html", str(page)]) == 0
    dom = _headless(browser, "--dump-dom", page.as_uri()).stdout
    elements = _parse(dom)
    days = ["sáb 21 mar", "mar 24 mar"] if "festivo" in name else ["dom 8 mar"]
    _check_drawing(elements, name, days)
    png = tmp_path / shot
    _headless(browser, f"--screenshot={png}", "--window-size=1260,760", page.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == 1260
    if os.environ.get("UPDATE_SCREENSHOTS"):
        IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, IMAGES / shot)


def _andes_page(policy_text: str | None, country: str) -> str:
    """A ticket of andes (or of a variant of it) created on Tuesday 10 March 2026 at 17:00
    in Santiago (UTC-3), which is 15:00 in Lima (UTC-5), drawn one minute later."""
    from_file = load_scenario(EXAMPLES / "andes" / "zonas.scenario").policy
    policy = from_file if policy_text is None else loads_policy(policy_text, "variant.plazo")
    ticket = Ticket.from_dict({"id": "Z", "fields": {"country": country, "severity": "alta"},
                               "events": [{"type": "created", "at": "2026-03-10T17:00:00-03:00"}]})
    return render_html(timeline(policy, ticket, datetime.fromisoformat("2026-03-10T17:01:00-03:00")), policy)


def test_a_ticket_on_limas_calendar_is_drawn_in_limas_time() -> None:
    elements = _parse(_andes_page(None, "pe"))
    assert [text for _, a, text in elements if a.get("class") == "axis-zone"] == ["America/Lima"]
    created = next(i for i, (tag, a, _) in enumerate(elements) if a.get("data-kind") == "event")
    x_created = float(next(a["x1"] for tag, a, _ in elements[created:] if tag == "line"))
    # the hour tick under the creation reads Lima's 15:00 (Santiago's would be 17:00)
    under = [text for tag, a, text in elements if "hour-label" in a.get("class", "")
             and abs(float(a["x"]) + 14 - x_created) < 0.5]
    assert under == ["15:00"]
    titles = [text for tag, _, text in elements if tag == "title"]
    assert "contando: 2026-03-10 15:01 – 2026-03-10 17:00" in titles  # 2 business hours: due 17:00 in Lima
    cells = [text for tag, _, text in elements if tag == "td"]
    assert cells[:3] == ["2026-03-10 15:00", "", "created"]


def test_targets_in_two_zones_name_each_lanes_zone_and_show_offsets() -> None:
    text = (ROOT / "policies" / "andes.plazo").read_text(encoding="utf-8")
    at = text.index("target resolution")
    visita = ('target visita "Visita en Santiago" {\n  start on created\n  stop on first_response\n'
              "  otherwise: 2 business hours on habil_cl\n}\n\n")
    elements = _parse(_andes_page(text[:at] + visita + text[at:], "pe"))
    assert [text for _, a, text in elements if a.get("class") == "axis-zone"] == ["America/Santiago"]
    zones = [text for _, a, text in elements if "lane-zone" in a.get("class", "")]
    assert zones == ["America/Lima", "America/Santiago", "America/Lima"]  # first_response, visita, resolution
    cells = [text for tag, _, text in elements if tag == "td"]
    assert "2026-03-10 17:00-03:00" in cells and "2026-03-10 17:00-05:00" in cells  # created; first_response due
    assert "2026-03-11 09:30-03:00" in cells  # visita: Tue 17:00-18:00 and Wed 08:30-09:30 in Santiago
    labels = [text for _, a, text in elements if a.get("class") == "label"]
    assert "vence 17:00-05:00" in labels
