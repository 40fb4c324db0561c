"""The language server: documents in, answers out. Each request is answered by its
module; this one keeps the open documents' analyses (one per version), debounces
diagnostics while the user types, and re-runs open scenarios when a policy changes.

``initializationOptions`` may fix the clock hover uses (``{"now": "2026-03-20T17:30-05:00"}``,
for reproducible answers) and the debounce (``{"debounce_ms": 50}``).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from plazo.interpreter.lsp import actions, completion, formatting, hover, navigation, scenario_completion, symbols
from plazo.interpreter.lsp.diagnostics import to_lsp
from plazo.interpreter.lsp.documents import Analysis, kind_of, path_of
from plazo.interpreter.lsp.index import EMPTY
from plazo.interpreter.lsp.scenarios import ScenarioAnalysis

DEBOUNCE_SECONDS = 0.05  # a pause in typing this long, and the diagnostics are worked out


def _version() -> str:
    try:
        return version("plazo")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0"


class PlazoServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("plazo", _version(), text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.now: datetime | None = None  # None: the clock
        self.debounce = DEBOUNCE_SECONDS
        self._analyses: dict[str, tuple[int | None, Analysis | ScenarioAnalysis]] = {}
        self._pending: dict[str, asyncio.Task[None]] = {}

    def clock(self) -> datetime:
        return self.now or datetime.now().astimezone()

    def configure(self, options: Any) -> None:
        if not isinstance(options, dict):
            return
        now = options.get("now")
        if isinstance(now, str):
            try:
                parsed = datetime.fromisoformat(now)
                self.now = parsed if parsed.tzinfo else parsed.astimezone()
            except ValueError:
                self.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Warning,
                                                             message=f"ignored now={now!r}"))
        debounce = options.get("debounce_ms")
        if isinstance(debounce, int | float) and 0 <= debounce <= 10_000:
            self.debounce = debounce / 1000

    # ---------------------------------------------------------------- analyses

    def analysis(self, uri: str) -> Analysis | ScenarioAnalysis:
        document = self.workspace.get_text_document(uri)
        cached = self._analyses.get(uri)
        if cached is not None and cached[0] == document.version and cached[0] is not None:
            return cached[1]
        made: Analysis | ScenarioAnalysis
        if kind_of(uri, document.language_id) == "scenario":
            made = ScenarioAnalysis(uri, document.source, self.open_text)
        else:
            made = Analysis(uri, document.source)
        self._analyses[uri] = (document.version, made)
        return made

    def policy_analysis(self, uri: str) -> Analysis | None:
        found = self.analysis(uri)
        return found if isinstance(found, Analysis) else None

    def open_text(self, path: Path) -> str | None:
        """The text of an open document at ``path`` (what the user sees, saved or not)."""
        for uri, document in self.workspace.text_documents.items():
            if Path(path_of(uri)).resolve() == path:
                return str(document.source)
        return None

    def forget(self, uri: str) -> None:
        self._analyses.pop(uri, None)
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()

    # ---------------------------------------------------------------- diagnostics

    def publish(self, uri: str) -> None:
        if uri not in self.workspace.text_documents:
            return
        found = self.analysis(uri)
        names = found.names if isinstance(found, Analysis) else EMPTY
        diagnostics = [to_lsp(d, found.places, names, uri) for d in found.diagnostics]
        version_now = self.workspace.get_text_document(uri).version
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version_now))
        if isinstance(found, Analysis):
            self._republish_scenarios()

    def _republish_scenarios(self) -> None:
        """Open scenarios run against the policies as the editor holds them: a policy changed."""
        for uri in list(self.workspace.text_documents):
            cached = self._analyses.get(uri)
            if cached is not None and isinstance(cached[1], ScenarioAnalysis):
                self._analyses.pop(uri)
                self.publish(uri)

    def publish_soon(self, uri: str) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self._pending[uri] = asyncio.get_running_loop().create_task(self._publish_after_pause(uri))

    async def _publish_after_pause(self, uri: str) -> None:
        await asyncio.sleep(self.debounce)
        self._pending.pop(uri, None)
        self.publish(uri)


server = PlazoServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: PlazoServer, params: lsp.InitializeParams) -> None:
    ls.configure(params.initialization_options)


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PlazoServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.forget(params.text_document.uri)
    ls.publish(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: PlazoServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.publish_soon(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: PlazoServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PlazoServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.forget(params.text_document.uri)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                lsp.CompletionOptions(trigger_characters=[" ", "(", ",", "=", "/"]))
def complete(ls: PlazoServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    found = ls.analysis(params.text_document.uri)
    offset = found.places.offset(params.position)
    if isinstance(found, Analysis):
        offered = completion.complete_policy(found, offset)
    else:
        offered = scenario_completion.complete_scenario(found, offset)
    return lsp.CompletionList(is_incomplete=False, items=offered)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def on_hover(ls: PlazoServer, params: lsp.HoverParams) -> lsp.Hover | None:
    found = ls.policy_analysis(params.text_document.uri)
    if found is None:
        return None
    text = hover.hover_text(found, found.places.offset(params.position), ls.clock())
    if text is None:
        return None
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def on_definition(ls: PlazoServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    found = ls.policy_analysis(params.text_document.uri)
    return None if found is None else navigation.definition(found, found.places.offset(params.position))


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def on_references(ls: PlazoServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
    found = ls.policy_analysis(params.text_document.uri)
    if found is None:
        return []
    return navigation.references(found, found.places.offset(params.position), params.context.include_declaration)


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def on_prepare_rename(ls: PlazoServer, params: lsp.PrepareRenameParams) -> lsp.Range | None:
    found = ls.policy_analysis(params.text_document.uri)
    return None if found is None else navigation.renamable(found, found.places.offset(params.position))


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
def on_rename(ls: PlazoServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    found = ls.policy_analysis(params.text_document.uri)
    if found is None:
        return None
    problem = navigation.rename_problem(params.new_name)
    if problem is not None:
        ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=problem))
        return None
    return navigation.rename(found, found.places.offset(params.position), params.new_name)


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def on_symbols(ls: PlazoServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
    found = ls.policy_analysis(params.text_document.uri)
    return [] if found is None else symbols.document_symbols(found)


@server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
def on_formatting(ls: PlazoServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit] | None:
    found = ls.policy_analysis(params.text_document.uri)
    return None if found is None else formatting.format_document(found)


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
def on_code_action(ls: PlazoServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    found = ls.policy_analysis(params.text_document.uri)
    return [] if found is None else actions.code_actions(found, list(params.context.diagnostics))


def serve() -> None:
    """Answer on stdin and stdout until the client says exit."""
    server.start_io()
