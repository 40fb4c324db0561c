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
from lark.exceptions import UnexpectedInput

from plazo.dsl import ast
from plazo.dsl.diagnostics import Diagnostic, Span, sort_diagnostics
from plazo.dsl.syntax.builder import AstBuilder
from plazo.dsl.syntax.describe import Grammar, Stop, describe, error_offset, missing_brace, unclosed_brace
from plazo.dsl.syntax.spans import span_at
from plazo.dsl.syntax.strings import COMMENT_PATTERN, STRING_PATTERN
from plazo.grammar import grammar_text

MAX_BYTES = 2_000_000
MAX_NESTING = 64
TOP_LEVEL = (
    "policy", "language", "timezone", "holidays", "calendar", "field", "status", "event", "contact",
    "channel", "matrix", "derive", "target", "escalation", "route", "reject", "require", "forbid",
    "maintenance",
)
_RESYNC = re.compile(r"^(?:" + "|".join(TOP_LEVEL) + r")\b", re.M)
_STRING_OR_COMMENT = re.compile(f"{STRING_PATTERN}|{COMMENT_PATTERN}")
# what nests: brackets, braces and 'not' (quoted texts and comments hold none of them)
_NESTING = re.compile(rf"{STRING_PATTERN}|{COMMENT_PATTERN}|[({{]|[)}}]|\bnot\b")
_NOTS = re.compile(rf"(?:\bnot\s+){{{MAX_NESTING},}}")


@lru_cache(maxsize=1)
def parser() -> Lark:
    # Built in memory, never from Lark's `cache=True`: that loads a pickle from the shared
    # temporary directory, which anyone who can write there could plant to run code as us.
    return Lark(grammar_text("plazo"), parser="lalr", propagate_positions=True, maybe_placeholders=False)


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
            blanked = _blank_item(current, error_offset(exc, current) if blank_from is None else blank_from)
            if blanked == current:
                return None, sort_diagnostics(diagnostics)
            current = blanked
            continue
        builder = AstBuilder(filename)
        policy = builder.transform(tree)
        comments = tuple(
            ast.Comment(m.group(0).rstrip(), span=span_at(text, m.start(), m.end(), filename))
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
            "binary", "the file holds a NUL byte: it is not a text file", span_at(text, nul, nul + 1, filename),
            "save the policy as UTF-8 text",
        )]
    depth = deepest = 0
    for match in _NESTING.finditer(text):
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
                    span_at(text, match.start(), match.end(), filename),
                    "write the condition with fewer parentheses",
                )]
    nots = _NOTS.search(text)
    if nots:
        return [Diagnostic(
            "too-deep", f"more than {MAX_NESTING} 'not' in a row", span_at(text, nots.start(), nots.end(), filename),
            "two 'not' cancel out: remove them in pairs",
        )]
    return []


def _comments(text: str) -> list[re.Match[str]]:
    return [m for m in _STRING_OR_COMMENT.finditer(text) if m.group(0).startswith("#")]


# ---------------------------------------------------------------------------- recovery


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


def _describe(exc: UnexpectedInput, text: str, filename: str) -> tuple[Diagnostic, int | None]:
    """The diagnostic, and where to blank from when it is not the error's own item."""
    offset = error_offset(exc, text)
    line_start = text.rfind("\n", 0, offset) + 1
    opened = unclosed_brace(text, line_start)
    if opened is not None and _RESYNC.match(text, line_start):
        # a top-level keyword inside a block: the block above lacks its '}'
        previous_end = len(text[:line_start].rstrip())
        line = span_at(text, opened, opened + 1, filename).line
        return Diagnostic(
            "syntax", f"missing '}}' to close the block opened on line {line}",
            span_at(text, previous_end, previous_end, filename), CLOSE_BLOCK,
        ), opened
    return describe(exc, text, filename, GRAMMAR), None


def _keyword_after_open_block(stop: Stop) -> Diagnostic | None:
    if "RBRACE" in stop.expected and stop.token is not None and str(stop.token) in TOP_LEVEL:
        return missing_brace(stop, CLOSE_BLOCK)
    return None


def _missing_colon(stop: Stop) -> Diagnostic | None:
    if "COLON" in stop.expected and stop.token is not None and str(stop.token) != ":":
        return Diagnostic("syntax", f"missing ':' before {stop.found}", stop.span,
                          "write 'when <condition>: <deadline>', with ':' after the condition")
    return None


def _duration_without_unit(stop: Stop) -> Diagnostic | None:
    if "UNIT_WORD" in stop.expected:
        return Diagnostic("syntax", f"a duration needs a unit, found {stop.found}", stop.span,
                          "write e.g. 30 minutes, 2 hours, 2 business hours or 3 business days")
    return None


def _number_for_a_time(stop: Stop) -> Diagnostic | None:
    if "TIME" in stop.expected and stop.token is not None and stop.token.type == "NUMBER":
        return Diagnostic("syntax", f"expected a time, found {stop.found}", stop.span,
                          "write times as HH:MM, e.g. 08:00")
    return None


def _unknown_word_in_block(stop: Stop) -> Diagnostic | None:
    if "RBRACE" in stop.expected and stop.token is not None and stop.token.type == "NAME":
        return Diagnostic("syntax", f"unexpected {stop.found} here", stop.span,
                          stop.expected_hint() or "check the spelling of the keyword")
    return None


CLOSE_BLOCK = "add '}' after the block's last line"
GRAMMAR = Grammar(
    parser=parser,
    words={
        "TIME": "a time like 08:00",
        "DATE": "a date like 2026-12-24",
        "PERCENT": "a percentage like 75%",
        "UNIT_WORD": "a unit (minutes, hours, days)",
        "BUSINESS": "'business'",
        "COMPARE": "a comparison (=, !=, <, <=, >, >=)",
        "NUMBER_KW": "'number'",
        "BOOLEAN_KW": "'boolean'",
        "TEXT_KW": "'text'",
        "DATETIME_KW": "'datetime'",
    },
    close_block_hint=CLOSE_BLOCK,
    rules=(_keyword_after_open_block, _missing_colon, _duration_without_unit, _number_for_a_time,
           _unknown_word_in_block),
)
