"""Spans of what Lark read: a token, a rule's meta, or a stretch of the text."""

from __future__ import annotations

from bisect import bisect_right

from lark import Token
from lark.tree import Meta

from plazo.dsl.diagnostics import Span


def span_of(filename: str, where: Meta | Token) -> Span:
    """The span of a token, or of a rule's children (line 1 for a rule that matched nothing)."""
    if isinstance(where, Token):
        return Span(
            filename, where.line or 1, where.column or 1, where.end_line or where.line or 1,
            where.end_column or where.column or 1, where.start_pos or 0, where.end_pos or 0,
        )
    if getattr(where, "empty", True):
        return Span(filename, 1, 1, 1, 1)
    return Span(filename, where.line, where.column, where.end_line, where.end_column, where.start_pos, where.end_pos)


def span_at(text: str, start: int, end: int, filename: str) -> Span:
    """The span of ``text[start:end]`` (for one span; many spans of one text: :class:`Lines`)."""
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    end_line = text.count("\n", 0, end) + 1
    end_column = end - (text.rfind("\n", 0, end) + 1) + 1
    return Span(filename, line, column, end_line, end_column, start, end)


class Lines:
    """Where each line of a text starts, so that the spans of many stretches of one text
    cost a search each, not a count from the start of the text (100,000 comments)."""

    def __init__(self, text: str, filename: str) -> None:
        self.filename = filename
        self._starts = [0]
        position = text.find("\n")
        while position >= 0:
            self._starts.append(position + 1)
            position = text.find("\n", position + 1)

    def _place(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self._place(start)
        end_line, end_column = self._place(end)
        return Span(self.filename, line, column, end_line, end_column, start, end)
