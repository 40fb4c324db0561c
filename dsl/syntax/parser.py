"""Text -> AST, with every syntax error of a file in words, not token names.

The grammar is LALR. When the parser stops at an error, the error is recorded,
the top-level item that holds it is blanked out (replaced by spaces, so every
position in the file stays where it was) and the parse goes on, so one run
reports the syntax errors of every item, not only the first. It goes on from
where that item began, with the parser's state as it was there (the text before
it has not changed), not from the start of the file: a file of N broken items
costs one parse, not N. Past :data:`MAX_SYNTAX_ERRORS` errors it stops.

A tree that passed the grammar can still nest too deeply for the passes that
walk it (all recursive, like the compiler's and the engine's); the parser
refuses it before any of them runs (:data:`MAX_CALENDAR_TERMS`, :data:`MAX_DEPTH`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from lark import Lark, TextSlice, Token, Tree
from lark.exceptions import UnexpectedInput
from lark.parsers.lalr_parser_state import ParserState

from plazo.dsl import ast
from plazo.dsl.diagnostics import Diagnostic, Span, sort_diagnostics
from plazo.dsl.names import closest
from plazo.dsl.syntax.builder import AstBuilder
from plazo.dsl.syntax.describe import Grammar, Stop, describe, error_offset, missing_brace, unclosed_brace
from plazo.dsl.syntax.parser_cache import cached_lark
from plazo.dsl.syntax.spans import Lines, span_at, span_of
from plazo.dsl.syntax.statements import block_statements
from plazo.dsl.syntax.strings import COMMENT_PATTERN, STRING_PATTERN
from plazo.grammar import grammar_text

MAX_BYTES = 2_000_000
MAX_NESTING = 64
# Syntax errors reported per file: past them one more diagnostic says the rest was not read
# (an error often hides the next one, and a file of thousands is not the file meant).
MAX_SYNTAX_ERRORS = 100
# Calendars one calendar expression may name: `a + b - c` builds a tree as deep as it is long.
MAX_CALENDAR_TERMS = 64
# and/or/not and calendar operators nested in one another, brackets included: every pass
# walks these trees by recursion, and Python's stack holds about a thousand calls.
MAX_DEPTH = 2 * MAX_NESTING
_OPERATORS = frozenset({"or_cond", "and_cond", "negation", "cal_union", "cal_difference", "cal_complement"})
TOP_LEVEL = (
    "policy", "language", "timezone", "holidays", "calendar", "field", "status", "event", "contact",
    "channel", "matrix", "derive", "target", "escalation", "route", "reject", "require", "forbid",
    "maintenance", "flow", "order", "notify", "commitment",
)
_RESYNC = re.compile(r"^(?:" + "|".join(TOP_LEVEL) + r")\b", re.M)
_STRING_OR_COMMENT = re.compile(f"{STRING_PATTERN}|{COMMENT_PATTERN}")
# what nests: brackets, braces and 'not' (quoted texts and comments hold none of them)
_NESTING = re.compile(rf"{STRING_PATTERN}|{COMMENT_PATTERN}|[({{]|[)}}]|\bnot\b")
_NOTS = re.compile(rf"(?:\bnot\s+){{{MAX_NESTING},}}")


@lru_cache(maxsize=1)
def parser() -> Lark:
    # never Lark's `cache=True` (a pickle in the shared temporary directory): see parser_cache
    return cached_lark(grammar_text("plazo"), parser="lalr", propagate_positions=True, maybe_placeholders=False)


@lru_cache(maxsize=1)
def keywords() -> frozenset[str]:
    """The words the grammar reserves (they cannot name a field, value, calendar, ...)."""
    return frozenset(re.findall(r'"([a-z]+)"', grammar_text("plazo"))) | {
        "business", "minutes", "minute", "hours", "hour", "days", "day", "before", "after",
        "number", "boolean", "text", "datetime",
    }


def parse(text: str, filename: str = "<policy>") -> tuple[ast.Policy | None, list[Diagnostic]]:
    """Parse a policy text. The AST is None when nothing could be parsed, when the text
    nests too deeply, or when it holds more than :data:`MAX_SYNTAX_ERRORS` syntax errors."""
    guard = _guard(text, filename)
    if guard:
        return None, guard
    diagnostics: list[Diagnostic] = []
    reader = _Resumable(text)
    while True:
        try:
            tree = reader.parse()
        except UnexpectedInput as exc:
            current = reader.text
            if len(diagnostics) == MAX_SYNTAX_ERRORS:
                diagnostics.append(_too_many_errors(current, error_offset(exc, current), filename))
                return None, sort_diagnostics(diagnostics)
            diagnostic, blank_from = _describe(exc, current, filename)
            diagnostics.append(diagnostic)
            if not reader.blank(error_offset(exc, current) if blank_from is None else blank_from):
                return None, sort_diagnostics(diagnostics)
            continue
        too_deep = _too_deep(tree, filename)
        if too_deep is not None:
            return None, sort_diagnostics([*diagnostics, too_deep])
        builder = AstBuilder(filename)
        policy = builder.transform(tree)
        lines = Lines(text, filename)
        comments = tuple(
            ast.Comment(m.group(0).rstrip(), span=lines.span(m.start(), m.end())) for m in _comments(reader.text)
        )
        policy = ast.Policy(
            policy.header, policy.language, policy.timezone, policy.holidays, policy.items, comments,
            span=policy.span,
        )
        return policy, sort_diagnostics(diagnostics + builder.diagnostics)


def _too_many_errors(text: str, offset: int, filename: str) -> Diagnostic:
    return Diagnostic(
        "syntax", f"more than {MAX_SYNTAX_ERRORS} syntax errors: the file is not read past this point",
        span_at(text, offset, offset, filename), "fix the errors above and check the file again",
    )


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


class _Resumable:
    """The text being parsed, its broken items blanked out one by one, and the parser's
    state where each top-level item began, to go on from there after a blanking.

    Going on from the state saved at an item is the same as parsing the whole text
    again: the parser reads left to right, and nothing before that item changed.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # where the top-level items not yet blanked begin (what _RESYNC finds in self.text)
        self._items = [m.start() for m in _RESYNC.finditer(text)]
        # item start -> the parser's state before the first token at or after it
        self._saved_at: list[int] = []
        self._saved: list[ParserState[object]] = []
        self._lengths: list[list[int | None]] = []  # of the trees on each saved stack, when saved
        self._resume_lengths: list[int | None] = []
        self._resume_from = 0  # where the lexer starts
        self._resume_state: ParserState[object] | None = None  # None: the start of the grammar

    def parse(self) -> Tree[Token]:
        reader = parser().parse_interactive(TextSlice(self.text, self._resume_from, len(self.text)))
        state: ParserState[object] = reader.parser_state
        if self._resume_state is not None:
            state.state_stack[:] = self._resume_state.state_stack
            state.value_stack[:] = [_as_saved(v, n) for v, n in zip(
                self._resume_state.value_stack, self._resume_lengths, strict=True)]
        next_item = bisect_left(self._items, self._resume_from)
        token: Token | None = None
        try:
            for token in reader.iter_parse():  # each token is fed after the loop's body
                next_item = self._save(state, next_item, token.start_pos or 0)
            end = Token.new_borrow_pos("$END", "", token) if token is not None else Token("$END", "", 0, 1, 1)
            tree: Tree[Token] = reader.feed_token(end)
        except UnexpectedInput as exc:
            # items that begin between the last token read and the error: no token of theirs was read
            self._save(state, next_item, error_offset(exc, self.text))
            raise
        return tree

    def _save(self, state: ParserState[object], next_item: int, reached: int) -> int:
        while next_item < len(self._items) and self._items[next_item] <= reached:
            self._saved_at.append(self._items[next_item])
            self._saved.append(state.copy(deepcopy_values=False))  # a stack of a few entries at the top level
            # Lark builds `item*` by appending to the list of the tree it already has (its
            # left-recursion shortcut), so a tree on the saved stack grows as parsing goes on:
            # keep each one's length, and resume from a copy cut back to it
            self._lengths.append([len(v.children) if isinstance(v, Tree) else None for v in state.value_stack])
            next_item += 1
        return next_item

    def blank(self, offset: int) -> bool:
        """Blank the top-level item holding ``offset``, up to the next one; False if nothing changed."""
        index = bisect_right(self._items, offset)
        begin = self._items[index - 1] if index else 0
        end = self._items[index] if index < len(self._items) else len(self.text)
        chunk = self.text[begin:end]
        blanked = re.sub(r"[^\n]", " ", chunk)
        if blanked == chunk:
            return False
        self.text = self.text[:begin] + blanked + self.text[end:]
        if index:
            del self._items[index - 1]
        kept = bisect_left(self._saved_at, begin)
        self._resume_state = self._saved[kept] if kept < len(self._saved) and self._saved_at[kept] == begin else None
        self._resume_lengths = self._lengths[kept] if self._resume_state is not None else []
        del self._saved_at[kept:], self._saved[kept:], self._lengths[kept:]
        self._resume_from = end if self._resume_state is not None or begin == 0 else 0
        if self._resume_from == 0:
            self._resume_state = None
        return True


def _as_saved(value: object, length: int | None) -> object:
    """A value of a saved parser stack as it was when saved: a tree's children cut back."""
    if length is None or not isinstance(value, Tree) or len(value.children) == length:
        return value
    return Tree(value.data, value.children[:length], value.meta)


def _too_deep(tree: Tree[Token], filename: str) -> Diagnostic | None:
    """A calendar expression naming too many calendars, or operators nested too deeply.

    Walked with a stack of its own: the tree may be far deeper than Python's."""
    for item in tree.children:
        if isinstance(item, Tree) and item.data == "calendar_expr_decl":
            terms = [sub.children[0] for sub in item.iter_subtrees() if sub.data == "cal_ref"]
            if len(terms) > MAX_CALENDAR_TERMS:
                extra = sorted((t for t in terms if isinstance(t, Token)), key=lambda t: t.start_pos or 0)[
                    MAX_CALENDAR_TERMS]
                return Diagnostic(
                    "too-deep", f"a calendar expression combines at most {MAX_CALENDAR_TERMS} calendars; "
                    f"this one names {len(terms)}", span_of(filename, extra),
                    "give a part of it a name of its own (calendar part = a + b + ...) and use that name here",
                )
    stack: list[tuple[Tree[Token], int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.data in _OPERATORS:
            depth += 1
            if depth > MAX_DEPTH:
                return Diagnostic(
                    "too-deep", f"'and', 'or', 'not' and calendar operators nest more than {MAX_DEPTH} deep",
                    span_of(filename, node.meta), "write it with fewer 'not' and brackets",
                )
        stack.extend((child, depth) for child in node.children if isinstance(child, Tree))
    return None


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


def _unknown_statement(stop: Stop) -> Diagnostic | None:
    """A line of a block that starts with a word no statement of the block starts with
    (``continue on reopened`` in a target): say so, and list what the block takes."""
    opened = unclosed_brace(stop.text, stop.offset)
    line_start = stop.text.rfind("\n", 0, stop.offset) + 1
    if opened is None or stop.token is None or line_start <= opened:
        return None
    first = _FIRST_WORD.match(stop.text, line_start)
    opener_start = stop.text.rfind("\n", 0, opened) + 1
    block = block_statements(parser(), stop.text[opener_start:opened + 1])
    # a block whose lines may start with a name (a calendar's 'mon-fri') cannot tell a wrong word
    if first is None or block is None or "name" in block.starts or first.group(1) in block.starts:
        return None
    word, kind = first.group(1), stop.text[opener_start:opened].split()[0]
    near = closest(word, sorted(block.starts))
    meant = f"did you mean '{near}'? " if near else ""
    return Diagnostic("syntax", f"'{word}' does not start a statement of {_a(kind)}",
                      span_at(stop.text, first.start(1), first.end(1), stop.filename),
                      f"{meant}{_a(kind)} takes: " + "; ".join(block.shapes))


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


_FIRST_WORD = re.compile(r"[ \t]*([A-Za-z_][A-Za-z0-9_]*)")


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
    rules=(_keyword_after_open_block, _unknown_statement, _missing_colon, _duration_without_unit, _number_for_a_time,
           _unknown_word_in_block),
)
