"""Read and check a policy text: parse, build the AST, run the checker."""

from __future__ import annotations

from pathlib import Path

from plazo.dsl import ast
from plazo.dsl.check.checker import check
from plazo.dsl.diagnostics import Diagnostic, Span, sort_diagnostics
from plazo.dsl.errors import PlazoError
from plazo.dsl.syntax.builder import STAND_IN_CODES
from plazo.dsl.syntax.parser import parse


class UnreadableFile(PlazoError):
    """The file could not be read as UTF-8 text."""


def read_text(path: str | Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path}: not UTF-8 text (byte {exc.start}); save the policy as UTF-8") from exc


def check_text(text: str, filename: str = "<policy>") -> tuple[ast.Policy | None, list[Diagnostic]]:
    """The AST (None if nothing parsed) and every diagnostic of the text.

    The checker runs only when the file parsed without syntax errors: an item
    dropped by recovery would otherwise show up again as a crowd of unknown names.
    A time or date that does not exist is reported once, by the parser: the checker
    is told where they are, so that it says nothing of the stand-ins built for them.
    """
    policy, diagnostics = parse(text, filename)
    if policy is not None and not any(d.code == "syntax" for d in diagnostics):
        unreadable = [d.span for d in diagnostics if d.code in STAND_IN_CODES]
        diagnostics = diagnostics + check(policy, unreadable)
    if policy is None and not diagnostics:  # pragma: no cover - parse always explains a None
        diagnostics = [Diagnostic("syntax", "nothing could be read", Span(filename, 1, 1, 1, 1))]
    return policy, sort_diagnostics(diagnostics)
