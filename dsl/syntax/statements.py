"""The statements a block accepts, read from the grammar, to list after an unknown word.

A block ``target t { ... }`` holds ``target_stmt``s (the grammar's convention: the
opening keyword, then ``_stmt``); each alternative of that rule is shown by its
shortest form (``resume on <event> within <duration>``), so a statement added to the
grammar is listed with no edit here. Which words may start a statement is what the
parser itself expects after the opener's ``{``.
"""

from __future__ import annotations

from functools import lru_cache

from attrs import frozen
from lark import Lark
from lark.exceptions import LarkError
from lark.grammar import NonTerminal, Rule, Symbol
from lark.lexer import PatternStr

# Nonterminals and token kinds, as a statement's shape names them.
_SHOWN = {"event_ref": "event", "cond": "condition", "NAME": "name", "NUMBER": "number",
          "PERCENT": "percent", "TIME": "HH:MM", "DATE": "date"}
_ATTACHED = frozenset({":", ",", ";"})
_LAYOUT = frozenset({"RBRACE", "SEMICOLON", "_NL", "$END"})


@frozen
class BlockStatements:
    """What may come at the start of a line in a block."""

    starts: frozenset[str]  # the words that start a statement (a name too, if "name" in it)
    shapes: tuple[str, ...]  # each statement's shape, in the grammar's order


def block_statements(grammar: Lark, opener: str) -> BlockStatements | None:
    """The statements of the block ``opener`` opens (``target first_response "x" {``), or None
    when the opener does not parse or the grammar has no ``<keyword>_stmt`` rule."""
    keyword = opener.split(maxsplit=1)[0] if opener.strip() else ""
    return _block(grammar, keyword, opener) if keyword.isidentifier() else None


@lru_cache(maxsize=64)
def _block(grammar: Lark, keyword: str, opener: str) -> BlockStatements | None:
    try:
        interactive = grammar.parse_interactive(opener)
        interactive.exhaust_lexer()
        # what the state after '{' can act on (Lark's `accepts()` tries each of these; untyped)
        state = interactive.parser_state
        expected = {name for name in state.parse_conf.parse_table.states[state.position] if name.isupper()}
    except LarkError:
        return None
    rules = [r for r in grammar.rules if r.origin.name == f"{keyword}_stmt"]
    if not rules:
        return None
    starts = set()
    for name in expected - _LAYOUT:
        pattern = _pattern(grammar, name)
        starts.add(pattern if pattern is not None else _SHOWN.get(name, name.lower()))
    shapes = [shape for rule in rules for shape in _shapes(grammar, rule.expansion[0])]
    return BlockStatements(frozenset(starts), tuple(dict.fromkeys(s for s in shapes if s)))


def _pattern(grammar: Lark, terminal: str) -> str | None:
    try:
        pattern = grammar.get_terminal(terminal).pattern
    except KeyError:
        return None
    return pattern.value if isinstance(pattern, PatternStr) else None


def _shapes(grammar: Lark, symbol: Symbol) -> list[str]:
    """A statement's shortest forms (a form that another extends ends in '…')."""
    if not isinstance(symbol, NonTerminal):
        return []  # ';' alone
    forms = [tuple(r.expansion) for r in _rules_of(grammar, symbol.name)
             if not any(s.name.startswith("__") for s in r.expansion)]
    shown: list[str] = []
    for form in forms:
        if any(other != form and form[:len(other)] == other for other in forms):
            continue  # a longer form of one already shown
        extended = any(other != form and other[:len(form)] == form for other in _all_forms(grammar, symbol.name))
        shown.append(_render(grammar, form) + (" …" if extended else ""))
    return shown


def _rules_of(grammar: Lark, name: str) -> list[Rule]:
    return [r for r in grammar.rules if r.origin.name == name]


def _all_forms(grammar: Lark, name: str) -> list[tuple[Symbol, ...]]:
    return [tuple(r.expansion) for r in _rules_of(grammar, name)]


def _render(grammar: Lark, form: tuple[Symbol, ...]) -> str:
    text = ""
    for symbol in form:
        word = _word(grammar, symbol)
        text += word if word in _ATTACHED or not text else " " + word
    return text


def _word(grammar: Lark, symbol: Symbol) -> str:
    if isinstance(symbol, NonTerminal):
        choices = [_pattern(grammar, r.expansion[0].name) if len(r.expansion) == 1 and r.expansion[0].is_term
                   else None for r in _rules_of(grammar, symbol.name)]
        if choices and all(c is not None for c in choices):
            return "|".join(c for c in choices if c is not None)  # a choice of keywords: start|change
        return f"<{_SHOWN.get(symbol.name, symbol.name)}>"
    if symbol.name == "STRING":
        return '"<text>"'
    pattern = _pattern(grammar, symbol.name)
    return pattern if pattern is not None else f"<{_SHOWN.get(symbol.name, symbol.name.lower())}>"
