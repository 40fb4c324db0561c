"""The contacts pass: e-mail addresses, phone numbers and URLs that can be used as written."""

from __future__ import annotations

import re
from collections.abc import Iterator

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.diagnostics import Diagnostic, error

# Shapes, not validation: enough to catch a label typed where an address goes.
_SHAPES = {
    "email": (re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"), "write an address like soporte@example.com"),
    "url": (re.compile(r"https?://\S+"), "write the address with http:// or https://"),
    "phone": (re.compile(r"\+?[\d\s().-]*\d[\d\s().-]*(?:\s*(?:ext|ext\.|x)\s*\d+)?"),
              "write digits, with an optional leading + and spaces, e.g. \"+57 601 555 0100\""),
}


def check_contacts(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for setting in _settings(policy):
        shape = _SHAPES.get(setting.key)
        if shape and not shape[0].fullmatch(setting.value.strip()):
            found.append(error("bad-contact", f"'{setting.value}' is not a valid {setting.key}", setting.span,
                               shape[1]))
    return found


def _settings(policy: ast.Policy) -> Iterator[ast.Setting]:
    for item in policy.items:
        if isinstance(item, ast.ContactDecl):
            yield from item.settings
        elif isinstance(item, ast.ChannelDecl):
            yield from (s for s in item.statements if isinstance(s, ast.Setting))
