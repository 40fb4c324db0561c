"""Go to definition, find references and rename, over the names of one policy text
(:mod:`.index`). A rename is refused, as data, when the new name is not a name or is
a keyword, or when the name at the cursor is not declared in the file (a built-in event)."""

from __future__ import annotations

import re

from lsprotocol import types as lsp

from plazo.dsl.syntax.parser import keywords
from plazo.interpreter.lsp.documents import Analysis
from plazo.interpreter.lsp.index import Occurrence

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def definition(analysis: Analysis, offset: int) -> lsp.Location | None:
    at = analysis.names.at(offset)
    found = analysis.names.definition(at.key) if at is not None else None
    return None if found is None else _location(analysis, found)


def references(analysis: Analysis, offset: int, include_declaration: bool) -> list[lsp.Location]:
    at = analysis.names.at(offset)
    if at is None:
        return []
    return [_location(analysis, o) for o in analysis.names.of(at.key) if include_declaration or not o.definition]


def renamable(analysis: Analysis, offset: int) -> lsp.Range | None:
    """The range of the name at ``offset`` if it can be renamed (declared in this file)."""
    at = analysis.names.at(offset)
    if at is None or analysis.names.definition(at.key) is None:
        return None
    return analysis.places.range(at.start, at.end)


def rename_problem(new_name: str) -> str | None:
    """Why ``new_name`` cannot be a name (None: it can)."""
    if not _NAME.fullmatch(new_name):
        return f"'{new_name}' is not a name: letters, digits and '_', not starting with a digit"
    if new_name in keywords():
        return f"'{new_name}' is a keyword of the language"
    return None


def rename(analysis: Analysis, offset: int, new_name: str) -> lsp.WorkspaceEdit | None:
    if renamable(analysis, offset) is None or rename_problem(new_name) is not None:
        return None
    at = analysis.names.at(offset)
    assert at is not None  # renamable said so
    edits = [lsp.TextEdit(range=analysis.places.range(o.start, o.end), new_text=new_name)
             for o in analysis.names.of(at.key)]
    return lsp.WorkspaceEdit(changes={analysis.uri: edits})


def _location(analysis: Analysis, o: Occurrence) -> lsp.Location:
    return lsp.Location(uri=analysis.uri, range=analysis.places.range(o.start, o.end))
