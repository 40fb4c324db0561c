"""`plazo lsp` end to end on the constructs of the language's second round: workflow
rules (`flow`, `order`), notification duties (`notify`), commitments, `resume on`,
`field change:` and `timezone by`. A real client (pytest-lsp) talks to the server over
stdio about the small policy below.

Every expected place is found in the text by the test itself (a word outside quoted
texts, on the line that holds it), and every hover is the policy's labels put in the
published document's sentences by hand. The policy names a calendar and a flow alike
(`soporte`), so that a rename must tell a name's kinds apart.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
import pytest_lsp
from lsp_client import ROOT, SERVER, diagnostics_of, initialize_params, open_document, uri_of
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

TEXT = """\
policy ronda "Ronda dos"
language es
timezone by country { cl: America/Santiago  pe: America/Lima }

calendar soporte "Horario de soporte" { mon-fri 08:00-18:00 }
field country "País" { cl "Chile" pe "Perú" }
field priority "Prioridad" { p1 "Crítica" p2 "Alta" p3 "Normal" }
status nuevo "Nuevo"
status en_curso "En curso"
status cerrado "Cerrado"
event validado "Validado con el cliente"
event avisados "Clientes avisados"
contact dayana "Dayana Vargas" { email "dayana@example.com" }
channel correo "Correo electrónico" { email "servicio@example.com" }

target resolution "Solución" {
  start on created
  stop on resolved
  resume on reopened, validado within 7 days
  field change: from start
  when priority in (p1, p2): 4 hours
  otherwise: 16 business hours on soporte
}

flow soporte "Ciclo de soporte" when priority = p1: nuevo -> en_curso -> cerrado
order cierre "Cierre tras validar": status cerrado after validado when priority = p2 message "Validar antes"
notify aviso "Aviso": dayana via correo within 2 business hours on soporte of created when priority = p1 met by avisados
commitment mensual "Solución mensual" {
  target resolution
  when priority in (p1, p2)
  per month
  at most 5% breached
  credit 10%
}
"""
LINES = TEXT.splitlines()
URI = uri_of(ROOT / "scratch_round2.plazo")  # never written: the client sends the text

FLOW = 'flow soporte "Ciclo de soporte" when priority = p1: nuevo -> en_curso -> cerrado'
ORDER = ('order cierre "Cierre tras validar": status cerrado after validado when priority = p2 '
         'message "Validar antes"')
NOTIFY = ('notify aviso "Aviso": dayana via correo within 2 business hours on soporte of created '
          'when priority = p1 met by avisados')
COMMITMENT = 'commitment mensual "Solución mensual" {'
RESUME = "  resume on reopened, validado within 7 days"
ZONES = "timezone by country { cl: America/Santiago  pe: America/Lima }"

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(initialize_params())
    open_document(lsp_client, URI, TEXT)
    assert await diagnostics_of(lsp_client, URI) == []  # the policy checks clean
    yield
    await lsp_client.shutdown_session()


def line_of(text: str) -> int:
    return LINES.index(text)


def at(text: str, word: str, nth: int = 0) -> lsp.TextDocumentPositionParams:
    """The position inside the ``nth`` whole-word ``word`` on the line that is ``text``."""
    line = line_of(text)
    start = [m.start() for m in re.finditer(rf"\b{word}\b", text)][nth]
    return lsp.TextDocumentPositionParams(text_document=lsp.TextDocumentIdentifier(uri=URI),
                                          position=lsp.Position(line=line, character=start + 1))


def end_of(text: str, before: str) -> lsp.TextDocumentPositionParams:
    """The position just after ``before`` (a text that opens ``text``'s line, found once)."""
    assert text.count(before) == 1
    return lsp.TextDocumentPositionParams(text_document=lsp.TextDocumentIdentifier(uri=URI),
                                          position=lsp.Position(line=line_of(text),
                                                                character=text.index(before) + len(before)))


def places(word: str, lines: tuple[str, ...]) -> list[lsp.Range]:
    """Every whole-word ``word`` outside quoted texts on the lines listed (exactly those lines)."""
    found = []
    for text in lines:
        number = line_of(text)
        code = re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), text)
        found += [lsp.Range(start=lsp.Position(line=number, character=m.start()),
                            end=lsp.Position(line=number, character=m.end()))
                  for m in re.finditer(rf"\b{word}\b", code)]
    return found


async def references(client: LanguageClient, where: lsp.TextDocumentPositionParams) -> list[lsp.Range]:
    found = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=where.text_document, position=where.position,
        context=lsp.ReferenceContext(include_declaration=True)))
    assert found is not None
    return [r.range for r in found]


async def definition(client: LanguageClient, where: lsp.TextDocumentPositionParams) -> lsp.Range | None:
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=where.text_document, position=where.position))
    assert found is None or isinstance(found, lsp.Location)
    return None if found is None else found.range


async def test_statuses_and_events_of_flows_orders_and_resume(client: LanguageClient) -> None:
    # `cerrado`: declared, a step of the flow, the status of the order
    assert await references(client, at(FLOW, "cerrado")) == places(
        "cerrado", ('status cerrado "Cerrado"', FLOW, ORDER))
    assert await definition(client, at(ORDER, "cerrado")) == places("cerrado", ('status cerrado "Cerrado"',))[0]
    # `nuevo` and `en_curso`: the flow is their only use
    assert await references(client, at(FLOW, "en_curso")) == places(
        "en_curso", ('status en_curso "En curso"', FLOW))
    # `validado`: declared, resumed on, and the event an order waits for
    assert await references(client, at(RESUME, "validado")) == places(
        "validado", ('event validado "Validado con el cliente"', RESUME, ORDER))
    # `reopened` is built in: nothing to go to
    assert await definition(client, at(RESUME, "reopened")) is None


async def test_the_names_a_notification_duty_uses(client: LanguageClient) -> None:
    assert await references(client, at(NOTIFY, "dayana")) == places(
        "dayana", ('contact dayana "Dayana Vargas" { email "dayana@example.com" }', NOTIFY))
    assert await references(client, at(NOTIFY, "correo")) == places(
        "correo", ('channel correo "Correo electrónico" { email "servicio@example.com" }', NOTIFY))
    assert await references(client, at(NOTIFY, "avisados")) == places(
        "avisados", ('event avisados "Clientes avisados"', NOTIFY))
    # the calendar `soporte` (not the flow of that name): declared, a clause's and the duty's
    calendar = await references(client, at(NOTIFY, "soporte"))
    assert calendar == places("soporte", ('calendar soporte "Horario de soporte" { mon-fri 08:00-18:00 }',
                                          "  otherwise: 16 business hours on soporte", NOTIFY))


async def test_commitments_and_the_zone_field(client: LanguageClient) -> None:
    # the commitment's target: declared and named by the commitment
    assert await references(client, at("  target resolution", "resolution")) == places(
        "resolution", ('target resolution "Solución" {', "  target resolution"))
    # the commitment's `when`: priority and p2 are the field's and its value's
    when = "  when priority in (p1, p2)"
    assert LINES.count(when) == 1
    assert await references(client, at(when, "p2")) == places(
        "p2", ('field priority "Prioridad" { p1 "Crítica" p2 "Alta" p3 "Normal" }',
               "  when priority in (p1, p2): 4 hours", ORDER, when))
    # `timezone by country`: the field, and its values before each colon
    assert await definition(client, at(ZONES, "country")) == places(
        "country", ('field country "País" { cl "Chile" pe "Perú" }',))[0]
    assert await references(client, at(ZONES, "pe")) == places(
        "pe", (ZONES, 'field country "País" { cl "Chile" pe "Perú" }'))


async def test_rename_a_status_and_the_flow_named_like_a_calendar(client: LanguageClient) -> None:
    found = await client.text_document_rename_async(lsp.RenameParams(
        text_document=at(ORDER, "cerrado").text_document, position=at(ORDER, "cerrado").position,
        new_name="resuelto"))
    assert found is not None and found.changes is not None
    assert [e.range for e in found.changes[URI]] == places("cerrado", ('status cerrado "Cerrado"', FLOW, ORDER))
    assert {e.new_text for e in found.changes[URI]} == {"resuelto"}
    # the flow `soporte`: its own name only, never the calendar's three places
    flow = await client.text_document_rename_async(lsp.RenameParams(
        text_document=at(FLOW, "soporte").text_document, position=at(FLOW, "soporte").position,
        new_name="ciclo"))
    assert flow is not None and flow.changes is not None
    assert [e.range for e in flow.changes[URI]] == places("soporte", (FLOW,))


async def test_document_symbols_list_the_new_items(client: LanguageClient) -> None:
    found = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=URI)))
    assert found is not None
    symbols = [s for s in found if isinstance(s, lsp.DocumentSymbol)]
    # the last four items of the text, in its order, each with its keyword and label
    assert [(s.name, s.detail) for s in symbols[-4:]] == [
        ("soporte", "flow Ciclo de soporte"), ("cierre", "order Cierre tras validar"),
        ("aviso", "notify Aviso"), ("mensual", "commitment Solución mensual")]
    flow, _, notify, commitment = symbols[-4:]
    # a flow's children are its steps, labelled as their statuses
    assert [(c.name, c.detail) for c in flow.children or []] == [
        ("nuevo", "Nuevo"), ("en_curso", "En curso"), ("cerrado", "Cerrado")]
    # the selection is the item's name; the range, the item (the commitment's block: six lines)
    assert flow.selection_range == places("soporte", (FLOW,))[0]
    assert notify.selection_range == places("aviso", (NOTIFY,))[0]
    assert (commitment.range.start.line, commitment.range.end.line) == (line_of(COMMITMENT), line_of(COMMITMENT) + 6)


async def hover(client: LanguageClient, where: lsp.TextDocumentPositionParams) -> str:
    found = await client.text_document_hover_async(
        lsp.HoverParams(text_document=where.text_document, position=where.position))
    assert found is not None and isinstance(found.contents, lsp.MarkupContent)
    return found.contents.value


async def test_hover_says_what_the_document_says(client: LanguageClient) -> None:
    assert await hover(client, at(FLOW, "soporte")) == (
        "**Ciclo de soporte** (`flow soporte`)\n\n"
        "Nuevo → En curso → Cerrado (aplica cuando Prioridad: Crítica); sin saltar pasos; "
        "volver a un paso anterior está permitido.")
    assert await hover(client, at(ORDER, "cierre")) == (
        "**Cierre tras validar** (`order cierre`)\n\n"
        "el cambio a «Cerrado» solo después de «Validado con el cliente» (aplica cuando Prioridad: Alta).")
    assert await hover(client, at(NOTIFY, "aviso")) == (
        "**Aviso** (`notify aviso`)\n\n"
        "avisar a Dayana Vargas (correo dayana@example.com) por Correo electrónico en 2 horas hábiles en "
        "Horario de soporte desde la creación del caso, aplica cuando Prioridad: Crítica "
        "(se cumple con «Clientes avisados»).")
    assert await hover(client, at(COMMITMENT, "mensual")) == (
        "**Solución mensual** (`commitment mensual`)\n\n"
        "Si en un mes calendario más del 5 % de los casos con Prioridad: Crítica o Alta incumple su «Solución», "
        "el cliente recibe un crédito del 10 % de la mensualidad.")


async def complete(client: LanguageClient, uri: str, text: str, tail: str = "") -> list[str]:
    """What is offered at the end of ``text``, in a document that goes on with ``tail``."""
    open_document(client, uri, text + tail)
    await diagnostics_of(client, uri)
    lines = text.split("\n")
    found = await client.text_document_completion_async(lsp.CompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        position=lsp.Position(line=len(lines) - 1, character=len(lines[-1]))))
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    assert isinstance(found, lsp.CompletionList)
    return [i.label for i in sorted(found.items, key=lambda i: i.sort_text or i.label)]


BUILT_IN_EVENTS = ["created", "first_response", "agent_message", "customer_message", "escalated", "resolved",
                   "reopened", "closed"]


async def test_completion_in_the_new_items(client: LanguageClient) -> None:
    uri = uri_of(ROOT / "scratch_round2_completion.plazo")
    before = TEXT[:TEXT.index("flow soporte")]  # every declaration, then the item being typed
    statuses = ["nuevo", "en_curso", "cerrado"]
    assert await complete(client, uri, before + "flow f: ") == statuses
    assert await complete(client, uri, before + "flow f when priority = p1: nuevo -> ") == statuses
    # the order's events: built-in ones, then the declared ones
    assert await complete(client, uri, before + "order o: status cerrado after ") == [
        *BUILT_IN_EVENTS, "validado", "avisados"]
    # a duty's audience is a contact; its channel a declared channel, then the media the checker knows
    assert await complete(client, uri, before + "notify n: ") == ["dayana"]
    assert await complete(client, uri, before + "notify n: dayana via ") == [
        "correo", "email", "phone", "sms", "whatsapp", "chat", "portal"]
    assert await complete(client, uri, before + "notify n: dayana via correo within 1 hour of ") == [
        *BUILT_IN_EVENTS, "validado", "avisados"]
    assert await complete(client, uri, before + "notify n: dayana via correo within 1 hour of created met by ") == [
        *BUILT_IN_EVENTS, "validado", "avisados"]
    assert await complete(client, uri, before + "commitment c {\n  target ") == ["resolution"]
    assert await complete(client, uri, before + "commitment c {\n  target resolution\n  per ") == [
        "month", "week", "quarter"]
    # `timezone by`: the enumerated fields, declared later in the file (the header comes first)
    assert await complete(client, uri, "policy p\ntimezone by ", "country { cl: UTC }\n" + before[
        before.index("calendar soporte"):]) == ["country", "priority"]
