"""Places in a text: offsets (code points, as Python and the parser count) and LSP
positions (a line and a column in UTF-16 code units, what the protocol counts by default).

Policies are written with accents (one UTF-16 unit each) and may hold an emoji (two):
counting columns in code points would put every range after one off by one.
"""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol import types as lsp

from plazo.dsl.diagnostics import Span


class TextPlaces:
    """Where each line of a text starts, and conversions between offsets and positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        at = text.find("\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)

    def line_text(self, line: int) -> str:
        """The 0-based line ``line`` without its end."""
        if not 0 <= line < len(self.starts):
            return ""
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line]:end].removesuffix("\r")

    def position(self, offset: int) -> lsp.Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        before = self.text[self.starts[line]:offset]
        return lsp.Position(line=line, character=_utf16_length(before))

    def offset(self, position: lsp.Position) -> int:
        """The offset of a position; past a line's end is its end, past the text its end."""
        if position.line >= len(self.starts):
            return len(self.text)
        line = self.line_text(position.line)
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return self.starts[position.line] + index
            units += 2 if ord(char) > 0xFFFF else 1
        return self.starts[position.line] + len(line)

    def range(self, start: int, end: int) -> lsp.Range:
        return lsp.Range(start=self.position(start), end=self.position(end))

    def span_range(self, span: Span) -> lsp.Range:
        """A diagnostic's span as a range: by its offsets when it has them, else by line and column."""
        if span.end > span.start or span.start > 0:
            return self.range(span.start, span.end)
        start = self.starts[min(span.line, len(self.starts)) - 1] + span.column - 1
        end = self.starts[min(span.end_line, len(self.starts)) - 1] + span.end_column - 1
        return self.range(start, max(start, end))


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
