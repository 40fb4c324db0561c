"""Syntax error recovery costs one parse, whatever the number of broken items, and says
what parsing the whole file again after each blanked item said (the former way, kept
here as the oracle); trees too deep for the passes are refused before any of them runs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from examples_budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token
from lark.exceptions import UnexpectedInput
from lark.parsers.lalr_interactive_parser import InteractiveParser

from plazo.dsl.diagnostics import Diagnostic, sort_diagnostics
from plazo.dsl.loader import check_text
from plazo.dsl.syntax import parser as parser_module
from plazo.dsl.syntax.describe import error_offset
from plazo.dsl.syntax.parser import MAX_CALENDAR_TERMS, MAX_DEPTH, MAX_SYNTAX_ERRORS, TOP_LEVEL, parse
from plazo.grammar import grammar_text

SAMPLE = (Path(__file__).parent / "fixtures" / "complete.plazo").read_text(encoding="utf-8")
TOKENS = re.findall(r'"[^"\n]*"|\S+', SAMPLE)
HEADER = "policy p version 1\ntimezone America/Bogota\ncalendar c { mon-fri 08:00-18:00 }\n"


def _blank_item(text: str, offset: int) -> str:
    starts = [m.start() for m in parser_module._RESYNC.finditer(text)]
    begin = max((s for s in starts if s <= offset), default=0)
    end = min((s for s in starts if s > offset), default=len(text))
    return text[:begin] + re.sub(r"[^\n]", " ", text[begin:end]) + text[end:]


def reparsing_oracle(text: str) -> list[Diagnostic]:
    """The syntax diagnostics of the former recovery: parse the whole text, blank the item
    holding the error, parse the whole text again, until it parses."""
    diagnostics: list[Diagnostic] = []
    current = text
    while True:
        try:
            parser_module.parser().parse(current)
        except UnexpectedInput as exc:
            diagnostic, blank_from = parser_module._describe(exc, current, "p.plazo")
            diagnostics.append(diagnostic)
            blanked = _blank_item(current, error_offset(exc, current) if blank_from is None else blank_from)
            if blanked == current:
                return sort_diagnostics(diagnostics)
            current = blanked
            continue
        return sort_diagnostics(diagnostics)


def syntax_of(text: str) -> list[Diagnostic]:
    return [d for d in parse(text, "p.plazo")[1] if d.code == "syntax"]


@settings(max_examples=examples(400))
@given(st.lists(st.tuples(st.integers(0, len(TOKENS) - 1), st.sampled_from(["drop", "dup", "replace"]),
                          st.sampled_from([*TOKENS, "{", "}", ":", "?", "-", "(", ")", "calendar", "timezone"])),
                min_size=1, max_size=12),
       st.sampled_from(["\n", " "]))
def test_recovery_says_what_reparsing_the_whole_file_said(mutations: list[tuple[int, str, str]], sep: str) -> None:
    tokens = list(TOKENS)
    for index, action, other in mutations:
        index %= len(tokens)
        if action == "drop" and len(tokens) > 1:
            del tokens[index]
        elif action == "dup":
            tokens.insert(index, tokens[index])
        else:
            tokens[index] = other
    # one token a line puts top-level keywords at the start of lines inside blocks too
    text = sep.join(tokens) if sep == "\n" else SAMPLE.replace(TOKENS[mutations[0][0] % len(TOKENS)], "?", 1)
    expected = reparsing_oracle(text)
    if len(expected) <= MAX_SYNTAX_ERRORS:
        assert syntax_of(text) == expected


def test_a_missing_brace_before_a_later_item_is_told_as_before() -> None:
    text = HEADER + "field f {\n  a\n  b\nfield g { x ? }\nstatus s ?\nevent e\n"
    assert syntax_of(text) == reparsing_oracle(text) and len(reparsing_oracle(text)) == 3


class _FedTokens:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        feed = InteractiveParser.iter_parse

        def counting(parser: InteractiveParser) -> Iterator[Token]:
            for token in feed(parser):
                self.count += 1
                yield token
        monkeypatch.setattr(InteractiveParser, "iter_parse", counting)


def test_broken_items_cost_one_parse_in_all(monkeypatch: pytest.MonkeyPatch) -> None:
    items = 90
    text = HEADER + "".join(f'status s{i} "label" ?\nevent e{i} "label"\n' for i in range(items))
    tokens = len(re.findall(r'"[^"\n]*"|[A-Za-z_][A-Za-z0-9_/:-]*|[{}?]', text))
    fed = _FedTokens(monkeypatch)
    diagnostics = syntax_of(text)
    assert [d.message for d in diagnostics] == ["unexpected character '?'"] * items
    assert [d.span.line for d in diagnostics] == [4 + 2 * i for i in range(items)]
    # the former recovery read the file again after each broken item: about items * tokens / 2
    assert fed.count <= tokens + 2 * items


def test_past_the_most_syntax_errors_the_rest_is_not_read() -> None:
    text = HEADER + "".join(f"status s{i} ?\n" for i in range(MAX_SYNTAX_ERRORS + 50))
    policy, diagnostics = parse(text, "p.plazo")
    assert policy is None and len(diagnostics) == MAX_SYNTAX_ERRORS + 1
    last = diagnostics[-1]
    assert last.code == "syntax" and "not read past this point" in last.message
    assert last.span.line == 4 + MAX_SYNTAX_ERRORS  # the 101st broken line


def _sum(terms: int) -> str:
    return HEADER + "calendar sum = " + " + ".join(["c"] * terms) + "\n"


def test_a_calendar_expression_of_the_most_terms_is_read() -> None:
    policy, diagnostics = check_text(_sum(MAX_CALENDAR_TERMS), "p.plazo")
    assert policy is not None and not [d for d in diagnostics if d.severity == "error"]


@pytest.mark.parametrize("terms", [MAX_CALENDAR_TERMS + 1, 500, 5_000, 50_000])
def test_a_longer_calendar_expression_is_a_diagnostic_at_the_first_term_too_many(terms: int) -> None:
    policy, diagnostics = check_text(_sum(terms), "p.plazo")
    assert policy is None and [d.code for d in diagnostics] == ["too-deep"]
    # 'calendar sum = ' then 'c + ' per term: the 65th term
    assert (diagnostics[0].span.line, diagnostics[0].span.column) == (4, len("calendar sum = ") + 4 * 64 + 1)
    assert f"names {terms}" in diagnostics[0].message


def test_terms_in_brackets_count_too() -> None:
    expr = "c"
    for _ in range(40):
        expr = f"({expr} - c - c)"
    assert [d.code for d in check_text(HEADER + f"calendar d = {expr}\n", "p.plazo")[1]] == ["too-deep"]


def _nested(levels: int, nots: int) -> str:
    cond = "x"
    for _ in range(levels):
        cond = "not " * nots + f"({cond})"
    return HEADER + f"field x boolean\nreject r when {cond} reason \"r\"\n"


def test_operators_nested_to_the_limit_are_read() -> None:
    # 'not' before each of 64 brackets, 2 each: 128 negations in one another, the most
    policy, diagnostics = check_text(_nested(MAX_DEPTH // 2, 2), "p.plazo")
    assert policy is not None and not [d for d in diagnostics if d.severity == "error"]


@pytest.mark.parametrize("levels, nots", [(MAX_DEPTH // 2 + 1, 2), (60, 60)])
def test_operators_nested_past_the_limit_are_a_diagnostic(levels: int, nots: int) -> None:
    # never 64 'not' in a row nor 64 brackets: only the depth of the whole tells
    policy, diagnostics = check_text(_nested(levels, nots), "p.plazo")
    assert policy is None and [d.code for d in diagnostics] == ["too-deep"]
    assert diagnostics[0].span.line == 5


def test_every_item_keyword_resynchronises() -> None:
    """Recovery restarts at a line that begins an item: every item and header statement the
    grammar has must be in TOP_LEVEL, or a broken one hides the items after it."""
    grammar = grammar_text("plazo")
    alternatives = re.search(r"^\?item:(.*?)(?=^\S)", grammar, re.M | re.S)
    header = re.search(r"^\?header_stmt:(.*)$", grammar, re.M)
    assert alternatives is not None and header is not None
    rules = re.findall(r"\w+_(?:decl|choice)", alternatives.group(1) + header.group(1))
    keywords = set()
    for rule in rules:
        line = re.search(rf"^{rule}:\s*\"(\w+)\"", grammar, re.M)
        assert line is not None, rule
        keywords.add(line.group(1))
    assert keywords and keywords <= set(TOP_LEVEL), keywords - set(TOP_LEVEL)


@pytest.mark.parametrize("broken", ["route r when", "target x {\n  start on ", "commitment c {\n  target ",
                                    "flow f: ", "field f {"])
@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_broken_last_item_leaves_each_item_before_it_once(broken: str, gap: str) -> None:
    """Lark builds ``item*`` by appending to a list it already has; resuming from a parser
    state saved before that append once gave the item before the broken one twice (an
    editor then reported a duplicate target while the user typed at the end of the file)."""
    items = ('field priority { p1 p2 p3 }\n\ntarget resolution "S" {\n  start on created\n'
             "  stop on resolved\n  otherwise: 4 hours\n}")
    whole, _ = parse(f"policy p version 1\ntimezone UTC\n{items}\n", "ok")
    policy, diagnostics = parse(f"policy p version 1\ntimezone UTC\n{items}{gap}{broken}", "broken")
    assert whole is not None and policy is not None and diagnostics
    assert [type(i).__name__ for i in policy.items] == [type(i).__name__ for i in whole.items] == [
        "FieldDecl", "TargetDecl"]
