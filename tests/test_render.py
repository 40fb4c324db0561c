"""`plazo render`: the document a provider publishes.

The committed Markdown under examples/rendered/ is what `plazo render --year 2026`
prints today (regenerate with the command in the README); the facts checked below
come from the seeds and the holiday calendars, not from the renderer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plazo.interpreter import loads_policy
from plazo.interpreter.cli.main import main
from plazo.interpreter.present.document import document, render_markdown
from plazo.interpreter.present.document_html import render_html
from policy_helpers import policy

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = ["aldeamo", "wekall", "intcomex", "openpyme", "ikhodi"]


@pytest.mark.parametrize("name", PROVIDERS)
def test_committed_markdown_is_current(name: str) -> None:
    committed = (ROOT / "examples" / "rendered" / f"{name}.md").read_text(encoding="utf-8")
    assert render_markdown(document(policy(name), 2026)) == committed, (
        f"examples/rendered/{name}.md is stale: run "
        f"plazo render policies/{name}.plazo --year 2026 --out examples/rendered/{name}.md")


def test_aldeamo_document_says_what_the_seed_says() -> None:
    md = render_markdown(document(policy("aldeamo"), 2026))
    # Acuerdos de servicio: Incidente Medio, 2 horas hábiles por correo y WhatsApp (L-V 8am-6pm)
    assert "| Tipo: Incidente y Prioridad: Incidente Medio | 2 horas hábiles | Email y WhatsApp (incidentes) |" in md
    assert "| Email y WhatsApp (incidentes) | lunes a viernes 08:00–18:00; cerrado en festivos |" in md
    # Escalamiento técnico: nivel 2, Dayana Vargas, a la hora
    assert re.search(r"\| 2 \| Dayana Vargas R\. \| Customer Success Manager \| .*dayana\.vargas@aldeamo\.com.* \| tras 1 hora \|", md)
    # Colombia 2026: San José is moved to Monday 23 March; Navidad on Friday 25 December
    assert "| lunes 23 de marzo de 2026 | Día de San José (observado) |" in md
    assert "| viernes 25 de diciembre de 2026 | Navidad |" in md
    assert "Ventana permitida: 22:00–06:00." in md


def test_the_year_chooses_the_holidays() -> None:
    # Colombia's Sagrado Corazón falls on 15 June 2026 and on 7 June 2027 (both Mondays)
    assert "lunes 15 de junio de 2026" in render_markdown(document(policy("wekall"), 2026))
    md_2027 = render_markdown(document(policy("wekall"), 2027))
    assert "lunes 7 de junio de 2027" in md_2027 and "2026" not in md_2027.split("## Festivos de 2027")[1].split("##")[0]


def test_wekall_matrix_is_a_table() -> None:
    md = render_markdown(document(policy("wekall"), 2026))
    # seed 002: urgencia alta x impacto organización = urgente; baja x individual = baja
    assert "| Urgencia / Impacto | Organización | Departamento | Individual |" in md
    assert "| Alta | Urgente | Alta | Normal |" in md
    assert "| Baja | Normal | Baja | Baja |" in md


HOSTILE = '''policy hostil "Soporte <script>alert(1)</script>" version 1
language en
timezone UTC
calendar office "<b>Office</b> & co" { mon-fri 09:00-17:00 }
field severity "Severity" {
  high "High <img src=x onerror=alert(2)>"
  low "Low"
}
target first_response "Reply | fast" {
  start on created
  stop on first_response
  when severity = high: 1 hour on office
  otherwise: none "no <i>target</i>"
}
'''


def test_every_text_from_the_policy_is_escaped_in_html() -> None:
    page = render_html(document(loads_policy(HOSTILE, "hostil.plazo"), 2026))
    assert "<script>" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Office&lt;/b&gt; &amp; co" in page
    assert page.count("<table>") == page.count("</table>")
    md = render_markdown(document(loads_policy(HOSTILE, "hostil.plazo"), 2026))
    assert "<script>" not in md and "Reply \\| fast" in md  # a pipe would break the table


def test_cli_render_writes_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ikhodi.html"
    assert main(["render", str(ROOT / "policies" / "ikhodi.plazo"), "--format", "html", "--year", "2026",
                 "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page.split("<body>")[0]
    # Guatemala 2026: Independence Day, Tuesday 15 September
    assert "martes 15 de septiembre de 2026" in page
