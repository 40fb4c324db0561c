"""A Lark parse error in words, for the policy and the scenario grammars alike.

What both grammars share is said one way here: where the error is, what was
found, what could have come instead, a character no token starts with, a block
left open at the end of the file. Each grammar adds rules for its own
constructs (a duration without a unit, an instant without a time), tried before
the generic message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from attrs import frozen
from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from plazo.dsl.diagnostics import Diagnostic, Span
from plazo.dsl.syntax.spans import span_at
from plazo.dsl.syntax.strings import COMMENT_PATTERN, STRING_PATTERN

# Terminals both grammars have, in words; a grammar adds its own.
SHARED_WORDS = {
    "NAME": "a name",
    "STRING": 'a quoted text ("...")',
    "NUMBER": "a number",
    "$END": "the end of the file",
    "_NL": "the end of the line",
}
MAX_LISTED = 8
# Quoted texts and comments may hold braces that open nothing.
_BRACES = re.compile(f"{STRING_PATTERN}|{COMMENT_PATTERN}|[{{}}]")


@frozen
class Stop:
    """Where the parser stopped, and at what."""

    text: str
    filename: str
    offset: int  # len(text) at the end of the file
    token: Token | None  # None at a character no token starts with; $END at the end of the file
    expected: frozenset[str]  # terminal names
    span: Span
    found: str  # "'x'", "the end of the file", "the end of the line"
    words: tuple[str, ...]  # the expected terminals, in words

    @property
    def at_end(self) -> bool:
        return self.token is None or self.token.type == "$END"

    def expected_hint(self) -> str:
        listed = ", ".join(self.words[:MAX_LISTED]) + (" ..." if len(self.words) > MAX_LISTED else "")
        return f"expected {listed}" if listed else ""


Rule = Callable[[Stop], Diagnostic | None]


@frozen
class Grammar:
    """What a grammar says in its own words."""

    parser: Callable[[], Lark]
    words: Mapping[str, str]
    close_block_hint: str  # how to close a block the file leaves open
    rules: tuple[Rule, ...]  # tried in order before the generic message


def error_offset(exc: UnexpectedInput, text: str) -> int:
    """Where in ``text`` the parser stopped."""
    if isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
        return len(text)
    pos: int | None = exc.pos_in_stream
    if pos is None:
        token = getattr(exc, "token", None)
        pos = getattr(token, "start_pos", None)
    return len(text) if pos is None else pos


def unclosed_brace(text: str, offset: int) -> int | None:
    """The offset of the last '{' before ``offset`` that no '}' closes."""
    stack: list[int] = []
    for match in _BRACES.finditer(text[:offset]):
        if match.group(0) == "{":
            stack.append(match.start())
        elif match.group(0) == "}" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _stop_of(exc: UnexpectedInput, text: str, filename: str, grammar: Grammar) -> Stop:
    offset = error_offset(exc, text)
    token: Token | None = exc.token if isinstance(exc, UnexpectedToken) else None
    expected = frozenset(getattr(exc, "expected", None) or ())
    if isinstance(exc, UnexpectedCharacters):
        span = span_at(text, offset, offset + 1, filename)
        found = repr(text[offset] if offset < len(text) else "")
    elif isinstance(exc, UnexpectedEOF) or token is None or token.type == "$END":
        span = span_at(text, len(text.rstrip()), len(text.rstrip()), filename)
        found = "the end of the file"
    elif token.type == "_NL":
        start = token.start_pos or 0
        span = span_at(text, start, start, filename)  # the end of a line is a place, not a character
        found = "the end of the line"
    else:
        start = token.start_pos or 0
        span = span_at(text, start, token.end_pos or start + 1, filename)
        found = f"'{token}'"
    return Stop(text, filename, offset, token, expected, span, found, _expected_words(expected, grammar))


def describe(exc: UnexpectedInput, text: str, filename: str, grammar: Grammar) -> Diagnostic:
    """The syntax diagnostic of a parse error."""
    stop = _stop_of(exc, text, filename, grammar)
    if isinstance(exc, UnexpectedCharacters):
        return _bad_character(stop)
    if stop.at_end and "RBRACE" in stop.expected:
        return missing_brace(stop, grammar.close_block_hint)
    for rule in (*SHARED_RULES, *grammar.rules):
        found = rule(stop)
        if found is not None:
            return found
    return Diagnostic("syntax", f"unexpected {stop.found}", stop.span, stop.expected_hint())


def _decimal_comma(stop: Stop) -> Diagnostic | None:
    """``9,5 business hours``: a decimal comma, as Spanish writes it."""
    text, at = stop.text, stop.offset
    if stop.token is None or str(stop.token) != "," or not 0 < at < len(text) - 1:
        return None
    before, after = _DIGITS_BEFORE.search(text[max(0, at - 40):at]), _DIGITS_AFTER.match(text, at + 1)
    if before is None or after is None:
        return None
    written = f"{before.group(0)}.{after.group(0)}"
    return Diagnostic("syntax", f"write decimals with a point: {written}", stop.span,
                      f"write {written} instead of {before.group(0)},{after.group(0)}")


def _date_in_calendar(stop: Stop) -> Diagnostic | None:
    """A bare date in a calendar's body: show the two statements that take a date."""
    if stop.token is None or stop.token.type != "DATE":
        return None
    opened = unclosed_brace(stop.text, stop.offset)
    line_start = 0 if opened is None else stop.text.rfind("\n", 0, opened) + 1
    if opened is None or not stop.text[line_start:opened].lstrip().startswith("calendar"):
        return None
    day = str(stop.token)
    return Diagnostic("syntax", f"a date in a calendar says what happens on it: {day}", stop.span,
                      f"write 'hours on {day} 08:00-13:00 \"Label\"' for its own hours, 'closed on {day}' to "
                      "close it, or 'hours on every dec-24 08:00-13:00' for every year")


SHARED_RULES: tuple[Rule, ...] = (_decimal_comma, _date_in_calendar)
_DIGITS_BEFORE = re.compile(r"(?<![\d:.\-])\d+$")
_DIGITS_AFTER = re.compile(r"\d+")


def _bad_character(stop: Stop) -> Diagnostic:
    char = stop.text[stop.offset] if stop.offset < len(stop.text) else ""
    if char == '"':
        return Diagnostic("syntax", "this quoted text is not closed on its line", stop.span,
                          'end it with " on the same line; write \\" for a quote inside it')
    if char.isalpha():
        return Diagnostic("syntax", f"unexpected character '{char}' in a name", stop.span,
                          "names use ASCII letters, digits and '_' (accents go inside quoted labels)")
    return Diagnostic("syntax", f"unexpected character {char!r}", stop.span, "remove it, or put the text in quotes")


def missing_brace(stop: Stop, hint: str) -> Diagnostic:
    opened = unclosed_brace(stop.text, stop.offset)
    where = "" if opened is None else f" opened on line {span_at(stop.text, opened, opened + 1, stop.filename).line}"
    return Diagnostic("syntax", f"missing '}}' to close the block{where}", stop.span, hint)


def _expected_words(expected: frozenset[str], grammar: Grammar) -> tuple[str, ...]:
    words = set()
    for name in expected:
        if name in grammar.words or name in SHARED_WORDS:
            words.add(grammar.words.get(name) or SHARED_WORDS[name])
            continue
        try:
            pattern = grammar.parser().get_terminal(name).pattern
        except KeyError:
            continue
        if isinstance(pattern, PatternStr):
            words.add(f"'{pattern.value}'")
        elif not name.startswith("__"):  # an anonymous pattern has no name a reader could type
            words.add(name.lower())
    # keywords and punctuation first, then the kinds of token
    return tuple(sorted(words, key=lambda w: (not w.startswith("'"), w)))
