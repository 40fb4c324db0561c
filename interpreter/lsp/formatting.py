"""Formatting: the text ``plazo fmt`` would write, as one edit of the whole document.
A text with syntax errors is left alone, as ``plazo fmt`` leaves it (recovery dropped items)."""

from __future__ import annotations

from lsprotocol import types as lsp

from plazo.dsl.format.formatter import format_policy
from plazo.dsl.syntax.parser import parse
from plazo.interpreter.lsp.documents import Analysis


def format_document(analysis: Analysis) -> list[lsp.TextEdit] | None:
    policy, diagnostics = parse(analysis.text, analysis.path)
    if policy is None or any(d.severity == "error" for d in diagnostics):
        return None
    formatted = format_policy(policy, analysis.text)
    if formatted == analysis.text:
        return []
    return [lsp.TextEdit(range=analysis.places.range(0, len(analysis.text)), new_text=formatted)]
