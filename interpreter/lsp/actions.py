"""Code actions, each the fix a diagnostic names:

- a "did you mean 'x'?" hint: write ``x`` in place of the name written;
- ``matrix-total`` (a row missing): add the row, its cells copied from the row above to
  be checked (a cell must be a value, and only the author knows which);
- ``uncovered``: add a clause for each case the checker lists, with ``none "<reason>"``
  as its deadline, which the checker accepts and the author replaces.
"""

from __future__ import annotations

import re

from lsprotocol import types as lsp

from plazo.dsl import ast
from plazo.interpreter.lsp.diagnostics import meant
from plazo.interpreter.lsp.documents import Analysis

_WRITTEN = re.compile(r"'([^']+)'")
_MISSING_ROW = re.compile(r"^matrix (\w+) has no row for (\w+) = (.+)$")
_UNCOVERED = re.compile(r"^target (\w+) has no clause for (.+?)(?: \(and \d+ more\))?$")
PLACEHOLDER_REASON = "por definir"


def code_actions(analysis: Analysis, diagnostics: list[lsp.Diagnostic]) -> list[lsp.CodeAction]:
    out: list[lsp.CodeAction] = []
    for d in diagnostics:
        message = d.message.split("\nhint: ", 1)[0]
        hint = d.message.split("\nhint: ", 1)[1] if "\nhint: " in d.message else ""
        fix = _did_you_mean(analysis, d, message, hint) if meant(hint) else None
        if fix is None and d.code == "matrix-total":
            fix = _missing_rows(analysis, d, message)
        if fix is None and d.code == "uncovered":
            fix = _missing_clauses(analysis, d, message)
        if fix is not None:
            out.append(fix)
    return out


def _action(analysis: Analysis, title: str, d: lsp.Diagnostic, edits: list[lsp.TextEdit]) -> lsp.CodeAction:
    return lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[d], is_preferred=True,
                          edit=lsp.WorkspaceEdit(changes={analysis.uri: edits}))


def _did_you_mean(analysis: Analysis, d: lsp.Diagnostic, message: str, hint: str) -> lsp.CodeAction | None:
    name, written = meant(hint), _WRITTEN.search(message)
    if name is None or written is None:
        return None
    start, end = analysis.places.offset(d.range.start), analysis.places.offset(d.range.end)
    # the diagnostic may cover more than the name (a whole deadline): the name is its last whole word
    found = list(re.finditer(rf"\b{re.escape(written.group(1))}\b", analysis.text[start:end]))
    if not found:
        return None
    at = start + found[-1].start()
    edit = lsp.TextEdit(range=analysis.places.range(at, at + len(written.group(1))), new_text=name)
    return _action(analysis, f"Change '{written.group(1)}' to '{name}'", d, [edit])


def _item(analysis: Analysis, kind: type, name: str) -> ast.Item | None:
    tree = analysis.tree
    if tree is None:
        return None
    return next((i for i in tree.items if isinstance(i, kind) and getattr(i, "name", None) == name), None)


def _before_closing_brace(analysis: Analysis, item: ast.Item) -> int | None:
    """The start of the line of an item's closing '}' (None when the '}' shares a line with code)."""
    close = analysis.text.rfind("}", item.span.start, item.span.end)
    line_start = analysis.text.rfind("\n", 0, close) + 1
    return line_start if close > 0 and not analysis.text[line_start:close].strip() else None


def _missing_rows(analysis: Analysis, d: lsp.Diagnostic, message: str) -> lsp.CodeAction | None:
    match = _MISSING_ROW.match(message)
    item = _item(analysis, ast.MatrixDecl, match.group(1)) if match else None
    if match is None or not isinstance(item, ast.MatrixDecl) or not item.rows:
        return None
    at = _before_closing_brace(analysis, item)
    if at is None:
        return None
    copied = " ".join(c.value for c in item.rows[-1].cells)
    missing = [v.strip() for v in match.group(3).split(",")]
    text = "".join(f"  {value} {copied}\n" for value in missing)
    title = f"Add the row{'s' if len(missing) > 1 else ''} for {match.group(2)} = {', '.join(missing)} " \
            "(cells copied from the row above: check them)"
    return _action(analysis, title, d, [lsp.TextEdit(range=analysis.places.range(at, at), new_text=text)])


def _missing_clauses(analysis: Analysis, d: lsp.Diagnostic, message: str) -> lsp.CodeAction | None:
    match = _UNCOVERED.match(message)
    item = _item(analysis, ast.TargetDecl, match.group(1)) if match else None
    if match is None or item is None:
        return None
    at = _before_closing_brace(analysis, item)
    if at is None:
        return None
    cases = [case.replace(", ", " and ") for case in match.group(2).split("; ")]
    text = "".join(f'  when {case}: none "{PLACEHOLDER_REASON}"\n' for case in cases)
    title = f"Add a clause for each uncovered case ({len(cases)})"
    return _action(analysis, title, d, [lsp.TextEdit(range=analysis.places.range(at, at), new_text=text)])
