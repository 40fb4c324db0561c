r"""Text from tickets, scenarios and policies made safe to print on a terminal.

A ticket id, a field value or a line of a policy may hold an escape sequence
(``\x1b[2J`` clears the screen, ``\x1b]8;;`` writes a link), a carriage return that
overwrites what was printed, or a bidirectional override that reorders it (the
"Trojan Source" characters). Everything plazo prints from its inputs goes through
one of two functions:

* :func:`visible` writes each such character as Python escapes it (``\x1b``, ``\r``,
  ``\u202e``), as ``repr`` does but without quotes and leaving every other character
  alone. A backslash is left as it is, so ``visible`` of a visible text is the same
  text: a message escaped where it is built and again where it is printed reads the same.
* :func:`pictured` replaces each by one visible character (the C0 controls by their
  Unicode "control pictures", ``ESC`` -> ``␛``, the others by ``�``), for a source
  line quoted under a diagnostic: the caret below it must stay in its column.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the line and paragraph separators, the bidirectional
# embeddings, overrides and isolates, and lone surrogates (bytes that were not UTF-8,
# kept by "surrogateescape": no terminal can show them)
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_PICTURE_OF_INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def visible(value: object) -> str:
    """``str(value)`` with every control character written as an escape."""
    return _INVISIBLE.sub(_escape, str(value))


def pictured(line: str) -> str:
    """A source line with every control character but tab replaced by one visible character."""
    return _PICTURE_OF_INVISIBLE.sub(_picture, line)
