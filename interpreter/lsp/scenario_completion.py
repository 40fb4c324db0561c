"""Completion in a scenario: the keywords its parser accepts at the cursor and, where
it accepts a name, the policy's names that fit: a field at a ticket's statement, its
values after ``=``, an event after an instant, a status after ``status``, a target or
a field at an expectation, a status word after a target, a ladder after ``escalation``."""

from __future__ import annotations

from collections.abc import Sequence

from lark import Token
from lsprotocol import types as lsp

from plazo.dsl.scenario.parser import STATUSES, scenario_parser
from plazo.interpreter.lsp.completion import WORD_BEFORE, Offer, in_text_or_comment, items
from plazo.interpreter.lsp.grammar_words import expected, keywords
from plazo.interpreter.lsp.scenarios import ScenarioAnalysis
from plazo.interpreter.lsp.vocabulary import Vocabulary, vocabulary

K = lsp.CompletionItemKind


def complete_scenario(analysis: ScenarioAnalysis, offset: int) -> list[lsp.CompletionItem]:
    text = analysis.text
    line_before = text[text.rfind("\n", 0, offset) + 1:offset]
    if in_text_or_comment(line_before):
        return []
    word = WORD_BEFORE.search(line_before)
    start = offset - len(word.group(0)) if word else offset
    found = expected(scenario_parser(), text[:start])
    if found is None:
        return []
    names: list[Offer] = []
    if "NAME" in found.terminals:
        names = _names(found.tokens, vocabulary(analysis.policy_tree))
    return items(names, keywords(scenario_parser(), found.terminals))


def _names(tokens: Sequence[Token], v: Vocabulary) -> list[Offer]:
    if not tokens:
        return []
    last = tokens[-1]
    value = str(last)
    in_expect = _in_expect_block(tokens)
    if last.type == "INSTANT" and not in_expect:
        return [(n, K.Event, label) for n, label in v.all_events()]
    if value == "status":
        return [(n, K.EnumMember, label) for n, label in v.statuses]
    if value == "=" and len(tokens) > 1:
        spec = v.field(str(tokens[-2]))
        return [] if spec is None else [(n, K.EnumMember, label) for n, label in spec.values]
    if value == "set":
        return [(f.name, K.Field, f.label) for f in v.fields]
    if value == "escalation":
        return [(n, K.Module, label) for n, label in v.escalations]
    if value == "channel":
        return [(n, K.Interface, label) for n, label in v.channels]
    if value == "route":
        return [(n, K.Property, label) for n, label in v.routes]
    if last.type == "NAME" and in_expect and any(value == n for n, _ in v.targets):
        return [(s, K.EnumMember, None) for s in STATUSES]
    if last.type in ("_NL", "LBRACE"):
        fields = [(f.name, K.Field, f.label) for f in v.fields]
        return [*((n, K.Class, label) for n, label in v.targets), *fields] if in_expect else fields
    return []


def _in_expect_block(tokens: Sequence[Token]) -> bool:
    """Whether the last '{' still open was opened by 'expect'."""
    opened: list[bool] = []
    for i, token in enumerate(tokens):
        if token.type == "LBRACE":
            opened.append(i > 0 and str(tokens[i - 1]) == "expect")
        elif token.type == "RBRACE" and opened:
            opened.pop()
    return bool(opened) and opened[-1]
