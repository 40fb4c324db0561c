"""What the language server tests share: the command that starts `plazo lsp`, the clock
they fix, and small helpers to open documents and wait for their diagnostics."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = Path(__file__).resolve().parent.parent
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "plazo.interpreter.cli", "lsp"])
NOW = "2026-03-20T17:30:00-05:00"  # a Friday afternoon in Bogotá: hover's "created now"


def initialize_params() -> lsp.InitializeParams:
    return lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=ROOT.as_uri(),
                                initialization_options={"now": NOW, "debounce_ms": 0})


def uri_of(path: Path) -> str:
    return path.resolve().as_uri()


def expect_diagnostics(client: LanguageClient, uri: str) -> None:
    """Forget what was published for ``uri``: call it before sending the change whose
    diagnostics :func:`diagnostics_of` waits for. (pytest-lsp keeps the last diagnostics
    per document; its wait for a notification keeps one waiter, which misses one of two
    notifications that arrive together.)"""
    client.diagnostics.pop(uri, None)


async def diagnostics_of(client: LanguageClient, uri: str, timeout: float = 10) -> list[lsp.Diagnostic]:
    """The diagnostics published for ``uri`` since :func:`expect_diagnostics`."""
    async def published() -> list[lsp.Diagnostic]:
        while uri not in client.diagnostics:
            await asyncio.sleep(0.002)
        return list(client.diagnostics[uri])
    return await asyncio.wait_for(published(), timeout)


def open_document(client: LanguageClient, uri: str, text: str, language: str = "plazo", version: int = 1) -> None:
    expect_diagnostics(client, uri)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=uri, language_id=language, version=version, text=text)))


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    expect_diagnostics(client, uri)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(version=version, uri=uri),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))
