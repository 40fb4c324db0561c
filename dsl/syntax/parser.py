"""Text -> AST, with every syntax error of a file in words, not token names.

The grammar is LALR. When the parser stops at an error, the error is recorded,
the top-level item that holds it is blanked out (replaced by spaces, so every
position in the file stays where it was) and the file is parsed again; so one
run reports the syntax errors of every item, not only the first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from plazo.dsl import ast
from plazo.dsl.syntax.builder import AstBuilder
from plazo.dsl.diagnostics import Diagnostic, Span, sort_diagnostics
from plazo.grammar import grammar_text

MAX_BYTES = 2_000_000
MAX_NESTING = 64
TOP_LEVEL = (
    "policy", "language", "timezone", "holidays", "calendar", "field", "status", "event", "contact",
    "channel", "matrix", "derive", "target", "escalation", "route", "reject", "require", "forbid",
    "maintenance",
)
_RESYNC = re.compile(r"^(?:" + "|".join(TOP_LEVEL) + r")\b", re.M)
_WORDS = {
    "NAME": "a name",
    "STRING": 'a quoted text ("...")',
    "TIME": "a time like 08:00",
    "DATE": "a date like 2026-12-24",
    "NUMBER": "a number",
    "PERCENT": "a percentage like 75%",
    "UNIT_WORD": "a unit (minutes, hours, days)",
    "BUSINESS": "'business'",
    "COMPARE": "a comparison (=, !=, <, <=, >, >=)",
    "NUMBER_KW": "'number'",
    "BOOLEAN_KW": "'boolean'",
    "TEXT_KW": "'text'",
    "DATETIME_KW": "'datetime'",
    "$END": "the end of the file",
}


@lru_cache(maxsize=1)
def parser() -> Lark:
    # cache=True keeps the built LALR tables on disk: `plazo check` starts fast
    return Lark(
        grammar_text("plazo"), parser="lalr", propagate_positions=True, maybe_placeholders=False, cache=True
    )


@lru_cache(maxsize=1)
def keywords() -> frozenset[str]:
    """The words the grammar reserves (they cannot name a field, value, calendar, ...)."""
    return frozenset(re.findall(r'"([a-z]+)"', grammar_text("plazo"))) | {
        "business", "minutes", "minute", "hours", "hour", "days", "day", "before", "after",
        "number", "boolean", "text", "datetime",
    }


def parse(text: str, filename: str = "<policy>") -> tuple[ast.Policy | None, list[Diagnostic]]:
    """Parse a policy text. The AST is None only when nothing could be parsed."""
    guard = _guard(text, filename)
    if guard:
        return None, guard
    diagnostics: list[Diagnostic] = []
    current = text
    for _ in range(current.count("\n") + 2):
        try:
            tree = parser().parse(current)
        except UnexpectedInput as exc:
            diagnostic, blank_from = _describe(exc, current, filename)
            diagnostics.append(diagnostic)
            blanked = _blank_item(current, _error_offset(exc, current) if blank_from is None else blank_from)
            if blanked == current:
                return None, sort_diagnostics(diagnostics)
            current = blanked
            continue
        builder = AstBuilder(filename)
        policy = builder.transform(tree)
        comments = tuple(
            ast.Comment(m.group(0).rstrip(), span=_span_at(text, m.start(), m.end(), filename))
            for m in _comments(current)
        )
        policy = ast.Policy(
            policy.header, policy.language, policy.timezone, policy.holidays, policy.items, comments,
            span=policy.span,
        )
        return policy, sort_diagnostics(diagnostics + builder.diagnostics)
    return None, sort_diagnostics(diagnostics)


# ---------------------------------------------------------------------------- guards


def _guard(text: str, filename: str) -> list[Diagnostic]:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        return [Diagnostic(
            "too-large", f"the file is {size / 1e6:.1f} MB; a policy may be at most {MAX_BYTES / 1e6:.0f} MB",
            Span(filename, 1, 1, 1, 1), "split it, or check that this is the file you meant",
        )]
    nul = text.find("\0")
    if nul >= 0:
        return [Diagnostic(
            "binary", "the file holds a NUL byte: it is not a text file", _span_at(text, nul, nul + 1, filename),
            "save the policy as UTF-8 text",
        )]
    depth = deepest = 0
    for match in re.finditer(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[({]|[)}]|\bnot\b', text):
        token = match.group(0)
        if token in "({":
            depth += 1
        elif token in ")}":
            depth = max(0, depth - 1)
        if depth > deepest:
            deepest = depth
            if deepest > MAX_NESTING:
                return [Diagnostic(
                    "too-deep", f"brackets nest more than {MAX_NESTING} deep",
                    _span_at(text, match.start(), match.end(), filename),
                    "write the condition with fewer parentheses",
                )]
    for match in re.finditer(r"(?:\bnot\s+){%d,}" % MAX_NESTING, text):
        return [Diagnostic(
            "too-deep", f"more than {MAX_NESTING} 'not' in a row", _span_at(text, match.start(), match.end(), filename),
            "two 'not' cancel out: remove them in pairs",
        )]
    return []


def _comments(text: str) -> list[re.Match[str]]:
    return [m for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*', text) if m.group(0).startswith("#")]


def _span_at(text: str, start: int, end: int, filename: str) -> Span:
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    end_line = text.count("\n", 0, end) + 1
    end_column = end - (text.rfind("\n", 0, end) + 1) + 1
    return Span(filename, line, column, end_line, end_column, start, end)


# ---------------------------------------------------------------------------- recovery


def _error_offset(exc: UnexpectedInput, text: str) -> int:
    if isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
        return len(text)
    pos = getattr(exc, "pos_in_stream", None)
    if pos is None:
        token = getattr(exc, "token", None)
        pos = getattr(token, "start_pos", None)
    return len(text) if pos is None else pos


def _blank_item(text: str, offset: int) -> str:
    """Blank the top-level item holding ``offset``, up to the next top-level keyword."""
    starts = [m.start() for m in _RESYNC.finditer(text)]
    begin = max((s for s in starts if s <= offset), default=0)
    end = min((s for s in starts if s > offset), default=len(text))
    if end <= begin:
        return text
    chunk = re.sub(r"[^\n]", " ", text[begin:end])
    return text[:begin] + chunk + text[end:]


# ---------------------------------------------------------------------------- messages


def _expected_words(expected: set[str]) -> list[str]:
    words = set()
    for name in expected:
        if name in _WORDS:
            words.add(_WORDS[name])
            continue
        try:
            pattern = parser().get_terminal(name).pattern
        except KeyError:
            continue
        if isinstance(pattern, PatternStr):
            words.add(f"'{pattern.value}'")
        else:
            words.add(name.lower())
    return sorted(words, key=lambda w: (w.startswith("'") is False, w))


def unclosed_brace(text: str, offset: int) -> int | None:
    stack: list[int] = []
    for match in re.finditer(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[{}]', text[:offset]):
        if match.group(0) == "{":
            stack.append(match.start())
        elif match.group(0) == "}" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _describe(exc: UnexpectedInput, text: str, filename: str) -> tuple[Diagnostic, int | None]:
    """The diagnostic, and where to blank from when it is not the error's own item."""
    offset = _error_offset(exc, text)
    line_start = text.rfind("\n", 0, offset) + 1
    opened = unclosed_brace(text, line_start)
    if opened is not None and _RESYNC.match(text, line_start):
        # a top-level keyword inside a block: the block above lacks its '}'
        previous_end = len(text[:line_start].rstrip())
        line = _span_at(text, opened, opened + 1, filename).line
        return Diagnostic(
            "syntax", f"missing '}}' to close the block opened on line {line}",
            _span_at(text, previous_end, previous_end, filename), "add '}' after the block's last line",
        ), opened
    return _describe_plain(exc, text, filename, offset), None


def _describe_plain(exc: UnexpectedInput, text: str, filename: str, offset: int) -> Diagnostic:
    if isinstance(exc, UnexpectedCharacters):
        char = text[offset] if offset < len(text) else ""
        span = _span_at(text, offset, offset + 1, filename)
        if char == '"':
            return Diagnostic("syntax", "this quoted text is not closed on its line", span,
                              'end it with " on the same line; write \\" for a quote inside it')
        if char.isalpha():
            return Diagnostic("syntax", f"unexpected character '{char}' in a name", span,
                              "names use ASCII letters, digits and '_' (accents go inside quoted labels)")
        return Diagnostic("syntax", f"unexpected character {char!r}", span,
                          "remove it, or put the text in quotes")
    expected = set(getattr(exc, "expected", ()) or ())
    token = getattr(exc, "token", None)
    at_end = isinstance(exc, UnexpectedEOF) or (token is not None and token.type == "$END")
    if at_end:
        span = _span_at(text, len(text.rstrip()), len(text.rstrip()), filename)
        found = "the end of the file"
    else:
        assert token is not None
        span = _span_at(text, token.start_pos or 0, token.end_pos or (token.start_pos or 0) + 1, filename)
        found = f"'{token}'"
    words = _expected_words(expected)
    listed = ", ".join(words[:8]) + (" ..." if len(words) > 8 else "")
    if "RBRACE" in expected and (at_end or (token is not None and str(token) in TOP_LEVEL)):
        opened = unclosed_brace(text, offset)
        where = f" opened on line {_span_at(text, opened, opened + 1, filename).line}" if opened is not None else ""
        return Diagnostic("syntax", f"missing '}}' to close the block{where}", span,
                          "add '}' after the block's last line")
    if "COLON" in expected and token is not None and str(token) != ":":
        return Diagnostic("syntax", f"missing ':' before {found}", span,
                          "write 'when <condition>: <deadline>', with ':' after the condition")
    if "UNIT_WORD" in expected:
        return Diagnostic("syntax", f"a duration needs a unit, found {found}", span,
                          "write e.g. 30 minutes, 2 hours, 2 business hours or 3 business days")
    if "TIME" in expected and token is not None and token.type == "NUMBER":
        return Diagnostic("syntax", f"expected a time, found {found}", span, "write times as HH:MM, e.g. 08:00")
    if "RBRACE" in expected and token is not None and token.type == "NAME":
        return Diagnostic("syntax", f"unexpected {found} here", span,
                          f"expected {listed}" if listed else "check the spelling of the keyword")
    return Diagnostic("syntax", f"unexpected {found}", span, f"expected {listed}" if listed else "")
