"""What a grammar can accept next at a place of a text, asked of its LALR parser.

The tokens before the cursor are fed to Lark's interactive parser and ``accepts()``
names the terminals that could come next; the keywords among them are the words of
the language that fit there. No list of keywords is kept beside the grammar.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from attrs import frozen
from lark import Lark, Token
from lark.exceptions import LarkError
from lark.lexer import PatternRE, PatternStr

_WORD = re.compile(r"[a-z_]+")
_WORDS = re.compile(r"\(\?:([a-z_|]+)\)")  # an alternation of plain words: (?:minutes|minute|...)


@frozen
class Expected:
    terminals: frozenset[str]
    tokens: tuple[Token, ...]  # what was fed, in order


def expected(lark: Lark, prefix: str) -> Expected | None:
    """The terminals the parser accepts after ``prefix``; None when the prefix itself
    does not parse (its last token may be the half-typed one, or an earlier item broken)."""
    try:
        interactive = lark.parse_interactive(prefix)
        tokens = tuple(interactive.iter_parse())
        # lark leaves `accepts` unannotated: named here with the type it returns
        accepts: Callable[[], set[str]] = interactive.accepts
        return Expected(frozenset(accepts()), tokens)
    except LarkError:
        return None


@lru_cache(maxsize=4)
def keyword_terminals(lark: Lark) -> dict[str, tuple[str, ...]]:
    """terminal name -> the words it matches, for the terminals that are words."""
    out: dict[str, tuple[str, ...]] = {}
    for terminal in lark.terminals:
        pattern = terminal.pattern
        if isinstance(pattern, PatternStr) and _WORD.fullmatch(pattern.value):
            out[terminal.name] = (pattern.value,)
        elif isinstance(pattern, PatternRE) and (match := _WORDS.fullmatch(pattern.value)):
            out[terminal.name] = tuple(match.group(1).split("|"))
    return out


def keywords(lark: Lark, terminals: frozenset[str]) -> list[str]:
    """The words among ``terminals``, sorted."""
    table = keyword_terminals(lark)
    return sorted({word for t in terminals for word in table.get(t, ())})
