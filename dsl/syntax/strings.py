r"""Quoted texts: the one escape rule of both grammars' STRING terminal.

``STRING: /"(?:[^"\\\n]|\\.)*"/`` lets a backslash stand before any character
but a line break, and the pair stands for that character: ``\"`` is a quote,
``\\`` a backslash, ``\n`` the letter n. :func:`quote` writes back what
:func:`unquote` reads, so the formatter's output parses to the same text.
"""

from __future__ import annotations

import re

# The STRING terminal of grammar/plazo.lark and grammar/scenario.lark (a test keeps them equal),
# and a comment: text scanned outside the parser must skip both.
STRING_PATTERN = r'"(?:[^"\\\n]|\\.)*"'
COMMENT_PATTERN = r"#[^\n]*"
_ESCAPED = re.compile(r"\\(.)")


def unquote(token: str) -> str:
    """The text of a STRING token, without its quotes and escapes."""
    return _ESCAPED.sub(lambda m: m.group(1), token[1:-1])


def quote(text: str) -> str:
    """``text`` as a STRING token (a line break cannot be written in one)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
