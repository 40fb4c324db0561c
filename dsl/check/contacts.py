"""The contacts pass: e-mail addresses, phone numbers and URLs that can be used as written."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.diagnostics import Diagnostic, error

# Shapes, not validation: enough to catch a label typed where an address goes. Each is
# checked in one pass over the value, whatever its length: a pattern with two runs that
# can split a stretch of text in many ways (the former e-mail and phone patterns) takes
# time growing with the square of the length to refuse a long value that almost fits.
_PHONE = re.compile(r"\+?(?=[\d\s().-]*\d)[\d\s().-]+(?:(?:ext\.?|x)\s*\d+)?")
_URL = re.compile(r"https?://\S+")
_WHITESPACE = re.compile(r"\s")


def _is_email(value: str) -> bool:
    """``local@domain.tld``: one '@', no space, a dot inside the part after it."""
    local, at, domain = value.partition("@")
    return (bool(local and at) and "@" not in domain and _WHITESPACE.search(value) is None
            and "." in domain[1:-1])


_SHAPES: dict[str, tuple[Callable[[str], bool], str]] = {
    "email": (_is_email, "write an address like soporte@example.com"),
    "url": (lambda value: _URL.fullmatch(value) is not None, "write the address with http:// or https://"),
    "phone": (lambda value: _PHONE.fullmatch(value) is not None,
              "write digits, with an optional leading + and spaces, e.g. \"+57 601 555 0100\""),
}


def check_contacts(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for setting in _settings(policy):
        shape = _SHAPES.get(setting.key)
        if shape and not shape[0](setting.value.strip()):
            found.append(error("bad-contact", f"'{setting.value}' is not a valid {setting.key}", setting.span,
                               shape[1]))
    return found


def _settings(policy: ast.Policy) -> Iterator[ast.Setting]:
    for item in policy.items:
        if isinstance(item, ast.ContactDecl):
            yield from item.settings
        elif isinstance(item, ast.ChannelDecl):
            yield from (s for s in item.statements if isinstance(s, ast.Setting))
