"""`plazo lsp` end to end: a real client (pytest-lsp) talks to the server over stdio.

Every expected answer is worked out by hand from policies/wekall.plazo: the lines are
quoted beside the positions (0-based, as the protocol counts), the names counted with
grep, the deadlines worked out on the calendar (see each test).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
import pytest_lsp
from lsp_client import ROOT, SERVER, diagnostics_of, initialize_params, open_document, replace_all, uri_of
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

WEKALL = ROOT / "policies" / "wekall.plazo"
TEXT = WEKALL.read_text(encoding="utf-8")
LINES = TEXT.splitlines()
URI = uri_of(WEKALL)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(initialize_params())
    open_document(lsp_client, URI, TEXT)
    assert await diagnostics_of(lsp_client, URI) == []  # the bundled policy is clean
    yield
    await lsp_client.shutdown_session()


def at(line: int, text: str, column: int) -> lsp.TextDocumentPositionParams:
    """A position, after checking the line holds what the test says it does."""
    assert LINES[line] == text, LINES[line]
    return lsp.TextDocumentPositionParams(text_document=lsp.TextDocumentIdentifier(uri=URI),
                                          position=lsp.Position(line=line, character=column))


CLAUSE = "  when type = incidente and priority = alta: 6 business hours on soporte"
# Lines are found by what they hold, so the test follows the policy as it grows.
CLAUSE_LINE = LINES.index(CLAUSE)
START_LINE = max(i for i in range(CLAUSE_LINE) if LINES[i] == "  start on created")
CALENDAR = 'calendar soporte "Horario de soporte" {'
COMMENT = "  # Supuesto: la tabla no da tiempo para prioridad Urgente; un servicio detenido se atiende"
BETWEEN_TARGETS = next(i for i in range(CLAUSE_LINE, len(LINES)) if LINES[i] == "")


def names(word: str) -> list[tuple[int, int, int]]:
    """Where ``word`` is a name in the policy (line, start, end; 0-based): outside
    strings and comments, found independently of the server's index."""
    found = []
    for number, line in enumerate(LINES):
        code = re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), line).split("#")[0]
        found += [(number, m.start(), m.end()) for m in re.finditer(rf"\b{word}\b", code)]
    return found


async def complete(client: LanguageClient, where: lsp.TextDocumentPositionParams) -> list[str]:
    found = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=where.text_document, position=where.position))
    assert isinstance(found, lsp.CompletionList)
    return [item.label for item in sorted(found.items, key=lambda i: i.sort_text or i.label)]


async def test_completion_at_five_places_of_a_real_policy(client: LanguageClient) -> None:
    # after `on` in a clause: the three calendars, in the order declared; no keyword fits
    assert await complete(client, at(CLAUSE_LINE, CLAUSE, CLAUSE.index("soporte"))) == [
        "soporte", "fuera_de_horario", "siempre"]
    # after `priority =`: priority's four values
    assert await complete(client, at(CLAUSE_LINE, CLAUSE, CLAUSE.index("alta"))) == [
        "urgente", "alta", "normal", "baja"]
    # after `start on`: the built-in events (WeKall declares none and no statuses)
    assert await complete(client, at(START_LINE, "  start on created", 11)) == [
        "created", "first_response", "agent_message", "customer_message", "escalated", "resolved", "reopened",
        "closed"]
    # inside a comment: nothing
    assert await complete(client, at(LINES.index(COMMENT), COMMENT, 40)) == []
    # a new statement in a target, after `... urgente: 6 hours`: `on <calendar>` may still follow the
    # duration, or any statement of a target
    assert await complete(client, at(CLAUSE_LINE, CLAUSE, 2)) == [
        "after", "cancel", "field", "on", "otherwise", "pause", "reset", "restart", "resume", "start", "stop",
        "warn", "when"]
    # between two targets: the items' keywords (the header's are past)
    assert await complete(client, at(BETWEEN_TARGETS, "", 0)) == [
        "calendar", "channel", "commitment", "contact", "derive", "escalation", "event", "field", "flow", "forbid",
        "maintenance", "matrix", "notify", "order", "reject", "require", "route", "status", "target"]


async def hover(client: LanguageClient, where: lsp.TextDocumentPositionParams) -> str:
    found = await client.text_document_hover_async(
        lsp.HoverParams(text_document=where.text_document, position=where.position))
    assert found is not None and isinstance(found.contents, lsp.MarkupContent)
    return found.contents.value


async def test_hover_on_a_value_a_calendar_and_a_clause(client: LanguageClient) -> None:
    assert await hover(client, at(CLAUSE_LINE, CLAUSE, CLAUSE.index("alta") + 1)) == (
        "**Alta** (`priority = alta`)\n\nIntermitencia o degradación; afecta a más de un área de trabajo.")
    # San José (Thursday 19 March 2026) is moved to Monday 23 by Colombian law; Easter 2026 is 5 April
    assert await hover(client, at(LINES.index(CALENDAR), CALENDAR, 12)) == (
        "**Horario de soporte** (`calendar soporte`): lunes a viernes 07:30-21:00; sábado 08:00-12:30, "
        "14:00-18:00; cerrado los festivos\n\nzona horaria: America/Bogota\n\n"
        "próximos cierres: 2026-03-23 Día de San José (observado); 2026-04-02 Jueves Santo; "
        "2026-04-03 Viernes Santo")
    # created Friday 20 March 17:30: 3 h 30 min until 21:00, then Saturday from 08:00: 2 h 30 min -> 10:30
    assert await hover(client, at(CLAUSE_LINE, CLAUSE, CLAUSE.index("business"))) == (
        "6 horas hábiles en Horario de soporte: lunes a viernes 07:30-21:00; sábado 08:00-12:30, 14:00-18:00; "
        "cerrado los festivos\n\ncreado ahora (viernes 20 de marzo de 2026, 17:30), "
        "vencería el sábado 21 de marzo de 2026, 10:30")


def span(line: int, start: int, end: int) -> lsp.Range:
    return lsp.Range(start=lsp.Position(line=line, character=start), end=lsp.Position(line=line, character=end))


# `soporte` the calendar: its declaration, then every use, in the order of the text
SOPORTE = [span(*where) for where in names("soporte")]


async def test_definition_and_references(client: LanguageClient) -> None:
    where = at(CLAUSE_LINE, CLAUSE, len(CLAUSE) - 3)
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=where.text_document, position=where.position))
    assert found == lsp.Location(uri=URI, range=SOPORTE[0])
    refs = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=where.text_document, position=where.position,
        context=lsp.ReferenceContext(include_declaration=True)))
    assert refs is not None and [r.range for r in refs] == SOPORTE
    assert all(LINES[r.range.start.line][r.range.start.character:r.range.end.character] == "soporte" for r in refs)
    refs = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=where.text_document, position=where.position,
        context=lsp.ReferenceContext(include_declaration=False)))
    assert refs is not None and [r.range for r in refs] == SOPORTE[1:]


async def test_rename(client: LanguageClient) -> None:
    where = at(LINES.index("  hours siempre"), "  hours siempre", 10)
    found = await client.text_document_rename_async(lsp.RenameParams(
        text_document=where.text_document, position=where.position, new_name="todo_el_dia"))
    assert found is not None and found.changes is not None
    # `siempre`: its declaration and the hours of the channels open around the clock
    assert list(found.changes[URI]) == [lsp.TextEdit(range=span(*where), new_text="todo_el_dia")
                                        for where in names("siempre")]
    assert len(names("siempre")) >= 3
    refused = await client.text_document_rename_async(lsp.RenameParams(
        text_document=where.text_document, position=where.position, new_name="hours"))
    assert refused is None  # a keyword is no name


async def test_document_symbols(client: LanguageClient) -> None:
    found = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=URI)))
    assert found is not None
    names = [s.name for s in found if isinstance(s, lsp.DocumentSymbol)]
    assert names[:5] == ["soporte", "fuera_de_horario", "siempre", "type", "urgency"]
    assert "priority" in names and "first_response" in names and "resolution" in names


async def test_formatting_is_plazo_fmt(client: LanguageClient) -> None:
    uri = uri_of(ROOT / "scratch_formatting.plazo")
    squeezed = "\n".join(line.strip() for line in LINES) + "\n"  # every indentation lost
    open_document(client, uri, squeezed)
    await diagnostics_of(client, uri)
    edits = await client.text_document_formatting_async(lsp.DocumentFormattingParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        options=lsp.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert edits is not None and len(edits) == 1
    assert edits[0].new_text == TEXT  # the bundled policy is in the canonical layout (make demo checks it)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))


async def test_diagnostics_after_an_edit_and_the_did_you_mean_fix(client: LanguageClient) -> None:
    uri = uri_of(ROOT / "scratch_typo.plazo")
    open_document(client, uri, TEXT)
    assert await diagnostics_of(client, uri) == []
    typo = TEXT.replace(CLAUSE, CLAUSE.replace("on soporte", "on soprte"))
    replace_all(client, uri, typo, 2)
    [found] = await diagnostics_of(client, uri)
    # the checker's diagnostic: the whole deadline `6 business hours on soprte` (columns 46-72)
    assert (found.code, found.severity, found.range) == ("unknown-calendar", lsp.DiagnosticSeverity.Error,
                                                         span(CLAUSE_LINE, 45, 71))
    assert found.message == "unknown calendar 'soprte'\nhint: did you mean 'soporte'?"
    assert found.related_information is not None
    assert found.related_information[0].location == lsp.Location(uri=uri, range=SOPORTE[0])
    fixes = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=found.range,
        context=lsp.CodeActionContext(diagnostics=[found])))
    assert fixes is not None
    [fix] = fixes
    assert isinstance(fix, lsp.CodeAction) and fix.title == "Change 'soprte' to 'soporte'"
    assert fix.edit is not None and fix.edit.changes is not None
    assert list(fix.edit.changes[uri]) == [lsp.TextEdit(range=span(CLAUSE_LINE, 65, 71), new_text="soporte")]
    replace_all(client, uri, TEXT, 3)  # the fix applied
    assert await diagnostics_of(client, uri) == []
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))


async def test_a_scenario_reports_its_failed_expectations(client: LanguageClient) -> None:
    path = ROOT / "examples" / "wekall" / "fecha_pactada.scenario"
    uri = uri_of(path.parent / "scratch_fecha_pactada.scenario")  # beside it: the policy path still resolves
    text = path.read_text(encoding="utf-8")
    open_document(client, uri, text, "plazo-scenario")
    assert await diagnostics_of(client, uri) == []  # the example passes
    # 12 business hours from Monday 2 March 08:00 on Mon-Fri 07:30-21:00 end at 20:00, not 21:00
    wrong = text.replace("first_response due 2026-03-02 20:00", "first_response due 2026-03-02 21:00")
    replace_all(client, uri, wrong, 2)
    [found] = await diagnostics_of(client, uri)
    assert found.code == "expectation"
    # the words of `plazo test`
    assert found.message == "first_response due: expected 2026-03-02 21:00-05:00, got 2026-03-02 20:00-05:00"
    # the expectation, `first_response due 2026-03-02 21:00` (35 characters) after 4 spaces
    line = wrong.split("\n").index("    first_response due 2026-03-02 21:00")
    assert found.range == span(line, 4, 39)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
