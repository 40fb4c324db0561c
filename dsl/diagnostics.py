"""Source spans and diagnostics: the one shape every user-facing problem takes.

A diagnostic renders as::

    policies/x.plazo:12:5: error[unknown-name]: unknown calendar 'soprte'
       12 |   when severity = medio: 2 business hours on soprte
          |                                              ^^^^^^
      hint: did you mean 'soporte'?
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from attrs import field, frozen

from plazo.dsl.visible import pictured, visible

Severity = Literal["error", "warning"]


@frozen(order=True)
class Span:
    """Where a construct stands in its file: 1-based lines and columns, 0-based offsets."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int = field(default=0, order=False)
    end: int = field(default=0, order=False)

    def contains(self, other: Span) -> bool:
        return self.file == other.file and self.start <= other.start and other.end <= self.end


NO_SPAN = Span("<unknown>", 1, 1, 1, 1)


@frozen
class Diagnostic:
    code: str
    message: str
    span: Span
    hint: str = ""
    severity: Severity = "error"

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        # the message and hint break ties, so the order never depends on set iteration
        return (self.span.file, self.span.line, self.span.column, self.code, self.message, self.hint)

    def render_short(self) -> str:
        s = self.span
        return f"{s.file}:{s.line}:{s.column}: {self.severity}[{self.code}]: {self.message}"

    def render(self, source: str | None = None) -> str:
        """The diagnostic with its source line, a caret under the span, and the hint."""
        lines = [visible(self.render_short())]
        if source is not None:
            text_lines = _lines(source)
            if 1 <= self.span.line <= len(text_lines):
                text = text_lines[self.span.line - 1].expandtabs(1)
                gutter = f"{self.span.line:>5} | "
                width = (
                    self.span.end_column - self.span.column
                    if self.span.end_line == self.span.line and self.span.end_column > self.span.column
                    else 1
                )
                width = max(1, min(width, len(text) - self.span.column + 2))
                lines.append(gutter + pictured(text))
                lines.append(" " * (len(gutter) - 2) + "| " + " " * (self.span.column - 1) + "^" * width)
        if self.hint:
            lines.append(visible(f"  hint: {self.hint}"))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        s = self.span
        return {
            "file": s.file, "line": s.line, "column": s.column,
            "end_line": s.end_line, "end_column": s.end_column,
            "severity": self.severity, "code": self.code, "message": self.message, "hint": self.hint,
        }


@lru_cache(maxsize=4)
def _lines(source: str) -> list[str]:
    # a file's diagnostics are rendered one after another against the same source: split it
    # once, not once per diagnostic (a string's hash is cached, so the lookup is cheap)
    return source.splitlines()


def error(code: str, message: str, span: Span, hint: str = "") -> Diagnostic:
    return Diagnostic(code, message, span, hint)


def warning(code: str, message: str, span: Span, hint: str = "") -> Diagnostic:
    return Diagnostic(code, message, span, hint, "warning")


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)
