"""`plazo render`: the document a provider publishes.

The facts checked below come from the seeds (the providers' own support documents)
and from the holiday calendars, not from the renderer: each assertion quotes, in a
comment, the passage of the seed it was worked out from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from policy_helpers import policy

from plazo.interpreter import load_policy, loads_policy
from plazo.interpreter.cli.main import main
from plazo.interpreter.present.document import document, render_markdown
from plazo.interpreter.present.document_html import render_html

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = ["aldeamo", "wekall", "intcomex", "openpyme", "ikhodi"]


@pytest.mark.parametrize("name", PROVIDERS)
def test_committed_markdown_is_current(name: str) -> None:
    """examples/rendered/*.md is what `plazo render --year 2026` prints.

    On 2026-11-24 the five files were read by hand, whole, against their seeds in
    full (000 WeKall, 001 Aldeamo, 002 Intcomex, 003 OpenPyme, 004 iKhodi): the hours
    of every calendar and channel and each channel's addresses, the 2026 holidays and
    which calendars close on them, every type and severity definition, WeKall's
    priority matrix, each target's time per case and the calendar it is counted on,
    what starts, stops, restarts, resets or cancels each clock, the ladders (names,
    roles, contacts, times), maintenance notice and window, routing and the cases out
    of scope. Rendering faults found then were fixed in the renderer; where a policy
    line says something else than its seed, the document keeps saying what the policy
    says (that is the policy's issue, not the renderer's). A change to these files is
    a change to what a provider publishes: read the diff against the seed again.
    """
    committed = (ROOT / "examples" / "rendered" / f"{name}.md").read_text(encoding="utf-8")
    assert render_markdown(document(policy(name), 2026)) == committed, (
        f"examples/rendered/{name}.md is stale: run "
        f"plazo render policies/{name}.plazo --year 2026 --out examples/rendered/{name}.md")


def test_aldeamo_document_says_what_the_seed_says() -> None:
    md = render_markdown(document(policy("aldeamo"), 2026))
    # Acuerdos de servicio: Incidente Medio, 2 horas hábiles por correo y WhatsApp (L-V 8am-6pm)
    assert "| Tipo: Incidente y Prioridad: Incidente Medio | 2 horas hábiles | Email y WhatsApp (incidentes) |" in md
    assert "| Email y WhatsApp (incidentes) | lunes a viernes 08:00–18:00; cerrado en festivos |" in md
    # Escalamiento técnico: nivel II, Dayana Vargas R., Customer Success Manager, "1 h"
    assert re.search(r"\| 2 \| Dayana Vargas R\. \| Customer Success Manager \| .*dayana\.vargas@aldeamo\.com.* "
                     r"\| 1 hora después del inicio \|", md)
    # ... nivel IV, Carlos Sepúlveda, CTO, carlos.sepulveda@aldeamo.com, "4 h"
    assert ("| 4 | Carlos Sepúlveda | CTO | Carlos Sepúlveda (correo carlos.sepulveda@aldeamo.com) "
            "| 4 horas después del inicio |") in md
    # Colombia 2026: San José is moved to Monday 23 March; Navidad on Friday 25 December
    assert "| lunes 23 de marzo de 2026 | Día de San José (observado) |" in md
    assert "| viernes 25 de diciembre de 2026 | Navidad |" in md
    # Ventanas de mantenimiento: "notificados con 3 días hábiles de anterioridad ... 22:00 – 06:00 GMT-5"
    assert "Ventana permitida: 22:00–06:00." in md
    assert "Aviso con al menos 3 días hábiles" in md
    # Tabla 1, Reportes: "> 3 meses | 11 días hábiles | lunes a Viernes (7am a 9pm Co)"
    assert ("| Tipo: Solicitud y Servicio: Reportes y Meses que cubre el reporte más de 3 | 11 días hábiles "
            "| Backoffice |") in md
    assert "| Backoffice | lunes a viernes 07:00–21:00; cerrado en festivos |" in md
    # WhatsApp: "+57 317 325 2770 – Horarios de atención lunes a viernes de 6am a 9pm Co / sábado y domingo
    # de 8am a 5pm Co"; Correo electrónico: "servicio@aldeamo.com" with the same hours
    assert "| WhatsApp y correo | lunes a viernes 06:00–21:00; sábado y domingo 08:00–17:00 |" in md
    assert "| WhatsApp | WhatsApp y correo | todos los casos | teléfono +57 317 325 2770 |" in md
    assert "| Correo electrónico | WhatsApp y correo | todos los casos | correo servicio@aldeamo.com |" in md
    # Notificaciones: "actualizaciones cada 3 horas": each update opens the next three hours
    assert "- Con un mensaje del equipo, se cierra el plazo en curso y empieza el siguiente (plazo periódico)" in md
    assert "| Tipo: Incidente y Prioridad: Incidente Alto | 3 horas | reloj (24x7) |" in md


def test_wekall_document_says_what_the_seed_says() -> None:
    md = render_markdown(document(policy("wekall"), 2026))
    # Horarios de atención, Soporte: "Sábado : 8 am - 12:30pm y 2:00pm –6:00 p.m."
    assert ("| Horario de soporte | lunes a viernes 07:30–21:00; sábado 08:00–12:30, 14:00–18:00; "
            "cerrado en festivos |") in md
    # ANS REQUERIMIENTOS (HORA HABIL), primera respuesta: "Baja 32:00 Hr"
    assert "| Tipo de solicitud: Requerimiento y Prioridad: Baja | 32 horas hábiles | Horario de soporte |" in md
    # ANS INCIDENTES (HORA HABIL): "Alta 6:00 Hr"
    assert "| Tipo de solicitud: Incidente y Prioridad: Alta | 6 horas hábiles | Horario de soporte |" in md
    # Matriz de contacto: "Luis Alberto Labrada Buitrón | Service Operation & Support Manager |
    # llabrada@wekall.co 315 4108565"
    assert ("| 4 | Service Operation & Support Manager | Service Operation & Support Manager "
            "| Luis Alberto Labrada Buitrón (correo llabrada@wekall.co, teléfono 315 4108565) |") in md
    # Canales: "(601) 743-0201" (the WhatsApp line of the Matriz de contacto)
    assert "| WhatsApp | Horario de soporte | todos los casos | teléfono (601) 743-0201;" in md
    # "(602) 486-4645 ... Opción 4 Soporte Técnico"
    assert ("| Teléfono — Opción 4 Soporte Técnico | Horario de soporte | todos los casos "
            "| teléfono (602) 486-4645;") in md
    # "Caídas Servicio fuera de estos horarios celular de disponibilidad 3009125053"
    assert ("| Celular de disponibilidad | Fuera del horario de soporte | Tipo de solicitud: Incidente y Prioridad: "
            "Urgente | Celular de disponibilidad (teléfono 3009125053) |") in md
    # "notificados entre 2 y 5 días previos a la actividad y serán entre las 7:00pm y 5:00am"
    assert "- Aviso con al menos 2 días calendario y como máximo 5 días calendario." in md
    assert "- Ventana permitida: 19:00–05:00." in md
    # REQUERIMIENTO: "La fecha de solución ... debe ser pactada en conjunto con el cliente."
    assert "| Tipo de solicitud: Requerimiento | la fecha pactada (Fecha de solución pactada con el cliente) |  |" in md


def test_intcomex_document_says_what_the_seed_says() -> None:
    md = render_markdown(document(policy("intcomex"), 2026))
    # 5. "lunes a viernes de 6:00 a 22:00 EST, sábado y domingo de 9:00 a 17:00 EST"
    assert "| Equipo de soporte | lunes a viernes 06:00–22:00; sábado y domingo 09:00–17:00 |" in md
    # 4. Severidad C: "Respuesta en 4 horas o menos; disponible solo durante el horario laboral."
    assert "| Severidad: Severidad C | 4 horas hábiles | Equipo de soporte |" in md
    # 4. Severidad A: "Respuesta en 1 hora o menos con gestión de escalamiento."
    assert "| Severidad: Severidad A | 1 hora | reloj (24x7) |" in md
    # 4. "2 | Coordinadores equipo | Nestor Molano o Duvan Nieto", after a missed level-1 response
    assert "| 2 | Coordinadores equipo | Coordinador equipo | Nestor Molano, Duvan Nieto |" in md
    assert "- Empieza con: el incumplimiento de «Primera respuesta (nivel 1)»" in md
    # 3. Creación de Tickets: "https://iwssoporte.zendesk.com/hc/es/requests/new", "de forma continua 24x7"
    assert ("| Help Center (Zendesk) | Help Center 24x7 | todos los casos "
            "| web https://iwssoporte.zendesk.com/hc/es/requests/new |") in md
    # the seed names no holidays, and the policy closes on none
    assert "La política no declara festivos: ningún horario cierra en festivos." in md


def test_openpyme_document_says_what_the_seed_says() -> None:
    md = render_markdown(document(policy("openpyme"), 2026))
    # 8 b) "contestar los correos con un máximo de 4 horas"
    assert "- Con un mensaje del cliente, empieza un plazo si no hay uno en curso" in md
    assert "| en los demás casos | 4 horas | reloj (24x7) |" in md
    # 8. "Los tickets de soporte al pasar mas de 24 horas si[n] enviar un correo o nota cambiaran a color rojo"
    assert "| Clasificación: Soporte | 24 horas | reloj (24x7) |" in md
    assert "- Termina con: la solución o el cierre" in md
    # 2. "Se confirma que tenga contrato vigente"
    assert "- Contrato vigente: no — Sin contrato vigente" in md
    # 3. "Consultoría: Dudas sobre conceptos, entendimiento, módulos en operación o nuevos."
    assert "| Consultoría | Dudas sobre conceptos, entendimiento, módulos en operación o nuevos. |" in md


def test_ikhodi_document_says_what_the_seed_says() -> None:
    md = render_markdown(document(policy("ikhodi"), 2026))
    # Niveles de severidad: "Medio (P3) | ... | 1 hora hábil | 24 horas hábiles"
    assert "| Nivel de severidad: Medio (P3) | 1 hora hábil | Horario de oficina |" in md
    assert "| Nivel de severidad: Medio (P3) | 24 horas hábiles | Horario de oficina |" in md
    # "Bajo (P4) | ... | 4 horas hábiles | 3 días hábiles"; "Critico (P1) | ... | 15 minutos | 4 horas"
    assert "| Nivel de severidad: Bajo (P4) | 3 días hábiles | Horario de oficina |" in md
    assert "| Nivel de severidad: Crítico (P1) | 15 minutos | reloj (24x7) |" in md
    # "Tiempo máximo para resolver el problema o proporcionar una solución alternativa."
    assert "- Termina con: la solución o «Solución alternativa entregada»" in md
    # "Lunes a viernes de 8:00am a 5:00pm"; "fuera de horario ordinario, fines de semana o días festivos"
    assert "| Horario de oficina | lunes a viernes 08:00–17:00; cerrado en festivos |" in md
    # "Para los casos o problemas urgentes y críticos ponemos a disposición el número +502 5630-5476."
    assert ("| Teléfono para urgentes y críticos | 24x7 | Nivel de severidad: Crítico (P1) o Alto (P2) "
            "| teléfono +502 5630-5476;") in md


ROLES = '''policy roles version 1
language {language}
timezone America/Bogota
status cancelado "Cancelado"
target resolution "Resolución" {{
  start on created
  stop on resolved
  reset on reopened
  cancel on status cancelado
  otherwise: 4 hours
}}
target update "Actualización" {{
  start on created
  stop on resolved
  restart on agent_message
  otherwise: 3 hours
}}
'''


def test_reset_cancel_and_restart_each_have_their_own_words_in_spanish() -> None:
    md = render_markdown(document(loads_policy(ROLES.format(language="es"), "roles.plazo"), 2026))
    # reset: the count goes back to zero and starts again from the event
    assert "- Con la reapertura, la cuenta vuelve a cero y empieza de nuevo desde ese momento\n" in md
    # cancel: from the event the target no longer applies (it does not "end")
    assert "- Desde el cambio a «Cancelado», este plazo deja de aplicar\n" in md
    # restart: each event closes a cycle and opens the next
    assert "- Con un mensaje del equipo, se cierra el plazo en curso y empieza el siguiente (plazo periódico)\n" in md
    assert "Se reinicia" not in md and "Termina con: el cambio a" not in md
    assert md.count("- Termina con: la solución\n") == 2


def test_reset_cancel_and_restart_each_have_their_own_words_in_english() -> None:
    md = render_markdown(document(loads_policy(ROLES.format(language="en"), "roles.plazo"), 2026))
    assert "- On the reopening, the count goes back to zero and starts again from that moment\n" in md
    assert "- From the change to “Cancelado”, this target no longer applies\n" in md
    assert "- On a message from the team, the running cycle closes and the next one opens (a periodic time)\n" in md
    assert "Restarts on" not in md and "Stops on: the change to" not in md
    assert md.count("- Stops on: the resolution\n") == 2
    # the same policy in Spanish, asked for in English: the words follow the language asked for
    spanish = loads_policy(ROLES.format(language="es"), "roles.plazo")
    assert render_markdown(document(spanish, 2026, "en")) == md


def test_one_business_hour_is_singular() -> None:
    # iKhodi, Medio (P3): "1 hora hábil" (not "1 hora hábiles")
    assert "1 hora hábiles" not in render_markdown(document(policy("ikhodi"), 2026))
    assert "| 1 business hour | Horario de oficina |" in render_markdown(document(policy("ikhodi"), 2026, "en"))


def test_the_year_chooses_the_holidays() -> None:
    # Colombia's Sagrado Corazón falls on 15 June 2026 and on 7 June 2027 (both Mondays)
    assert "lunes 15 de junio de 2026" in render_markdown(document(policy("wekall"), 2026))
    md_2027 = render_markdown(document(policy("wekall"), 2027))
    holidays_2027 = md_2027.split("## Festivos de 2027")[1].split("##")[0]
    assert "lunes 7 de junio de 2027" in md_2027 and "2026" not in holidays_2027


def test_wekall_matrix_is_a_table() -> None:
    md = render_markdown(document(policy("wekall"), 2026))
    # seed 000, MATRIZ URGENCIA: urgencia alta x impacto organización = urgente; baja x individual = bajo
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


def test_markdown_makes_policy_texts_text_and_html_escapes_them(tmp_path) -> None:
    # a label that is a javascript: link with a carriage return and an escape sequence, a description in HTML
    source = (ROOT / "policies" / "aldeamo.plazo").read_text(encoding="utf-8")
    source = source.replace('"Customer Success Center"', '"[click](javascript:alert(1))\r\x1b[2J *b* _i_ # x"', 1)
    source = source.replace('description "Una interrupci', 'description "<script>x</script> Una interrupci', 1)
    path = tmp_path / "p.plazo"
    path.write_text(source, encoding="utf-8", newline="")
    policy = load_policy(path)
    markdown = render_markdown(document(policy, 2026))
    assert "\\[click\\](javascript:alert(1))  \\[2J \\*b\\* \\_i\\_ # x" in markdown  # no link, no emphasis
    assert "](javascript" not in markdown.replace("\\]", "")
    assert "\r" not in markdown and "\x1b" not in markdown
    assert "&lt;script&gt;x&lt;/script&gt; Una" in markdown
    assert "America/Bogota" in markdown  # an underscore inside a word stays as it is (Mexico_City)
    html = render_html(document(policy, 2026))
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
