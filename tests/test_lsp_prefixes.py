"""`plazo lsp` never fails on a half-typed file: every kind of request, on prefixes of
every bundled policy and of a scenario per provider, is answered without an error.

The prefixes are the text up to the end of every STEP-th line (from each file's own
offset, so that together the files cover lines of every remainder), plus the text cut
in the middle of a word, a quoted text and a block: about 180 prefixes, 11 requests each.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsp_client import ROOT, SERVER, diagnostics_of, initialize_params, open_document, replace_all, uri_of
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

STEP = 5
POLICIES = sorted((ROOT / "policies").glob("*.plazo"))
SCENARIOS = [sorted((ROOT / "examples" / p.stem).glob("*.scenario"))[0] for p in POLICIES]

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(initialize_params())
    yield
    await lsp_client.shutdown_session()


def prefixes(text: str, first: int) -> list[str]:
    ends = [i for i, c in enumerate(text) if c == "\n"]
    cut = [text[:end] for end in ends[first::STEP]]
    middle = len(text) // 2
    return [*cut, text[:middle], text[:text.index('"') + 3], text[:text.index("{") + 1]]


async def ask_everything(client: LanguageClient, uri: str, text: str) -> None:
    lines = text.split("\n")
    end = lsp.Position(line=len(lines) - 1, character=len(lines[-1]))
    before = lsp.Position(line=end.line, character=max(0, end.character - 2))
    doc = lsp.TextDocumentIdentifier(uri=uri)
    for where in (end, before):
        await client.text_document_completion_async(lsp.CompletionParams(text_document=doc, position=where))
        await client.text_document_hover_async(lsp.HoverParams(text_document=doc, position=where))
        await client.text_document_definition_async(lsp.DefinitionParams(text_document=doc, position=where))
    await client.text_document_references_async(lsp.ReferenceParams(
        text_document=doc, position=before, context=lsp.ReferenceContext(include_declaration=True)))
    await client.text_document_prepare_rename_async(lsp.PrepareRenameParams(text_document=doc, position=before))
    await client.text_document_rename_async(lsp.RenameParams(text_document=doc, position=before, new_name="otro"))
    await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(text_document=doc))
    await client.text_document_formatting_async(lsp.DocumentFormattingParams(
        text_document=doc, options=lsp.FormattingOptions(tab_size=2, insert_spaces=True)))
    whole = lsp.Range(start=lsp.Position(line=0, character=0), end=end)
    await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=doc, range=whole,
        context=lsp.CodeActionContext(diagnostics=list(client.diagnostics.get(uri, ())))))


@pytest.mark.parametrize("path", POLICIES + SCENARIOS, ids=lambda p: p.name)
async def test_every_request_on_prefixes_is_answered(client: LanguageClient, path: Path) -> None:
    # a scratch document beside the real one: the scenario's relative policy path still resolves
    uri = uri_of(path.parent / f"prefix_{path.name}")
    text = path.read_text(encoding="utf-8")
    language = "plazo-scenario" if path.suffix == ".scenario" else "plazo"
    open_document(client, uri, "", language)
    await diagnostics_of(client, uri)
    version = 1
    for prefix in prefixes(text, (POLICIES + SCENARIOS).index(path) % STEP):
        version += 1
        replace_all(client, uri, prefix, version)
        await ask_everything(client, uri, prefix)  # an error answer raises here
        await diagnostics_of(client, uri)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
