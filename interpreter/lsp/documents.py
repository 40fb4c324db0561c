"""One open document analysed once per version: its kind, its places, its diagnostics,
its AST, its names and (when it has no errors) its compiled policy.

Every request of a version reads the same :class:`Analysis`; the expensive parts are
worked out on first use, so a completion never waits for the compiler.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlparse

from plazo.dsl import ast
from plazo.dsl.diagnostics import Diagnostic
from plazo.dsl.errors import PlazoError
from plazo.dsl.loader import BOM, check_text
from plazo.dsl.syntax.parser import parse
from plazo.interpreter.compile.policy import compile_policy
from plazo.interpreter.lsp.index import NameIndex, index_names
from plazo.interpreter.lsp.text import TextPlaces
from plazo.interpreter.policy import Policy

DocumentKind = Literal["policy", "scenario"]
# the diagnostics that say a text was refused whole: nothing else may walk it
_REFUSED = frozenset({"too-large", "binary", "too-deep"})


def path_of(uri: str) -> str:
    """A file URI's path (what diagnostics name, and what a scenario's policy is relative to)."""
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


def kind_of(uri: str, language_id: str | None = None) -> DocumentKind:
    if language_id == "plazo-scenario" or path_of(uri).endswith(".scenario"):
        return "scenario"
    return "policy"


class Analysis:
    """What a policy text says, worked out on demand (one instance per version)."""

    def __init__(self, uri: str, text: str) -> None:
        self.uri = uri
        self.path = path_of(uri)
        self.text = text.removeprefix(BOM)
        self.places = TextPlaces(self.text)

    @cached_property
    def checked(self) -> tuple[ast.Policy | None, list[Diagnostic]]:
        return check_text(self.text, self.path)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.checked[1]

    @property
    def refused(self) -> bool:
        return any(d.code in _REFUSED for d in self.diagnostics)

    @cached_property
    def tree(self) -> ast.Policy | None:
        """The AST, also of a text with syntax errors (the items that parsed): what
        completion and the outline read while the user types."""
        policy = self.checked[0]
        if policy is not None or self.refused:
            return policy
        return parse(self.text, self.path)[0]

    @cached_property
    def names(self) -> NameIndex:
        return NameIndex(()) if self.refused else index_names(self.text)

    @cached_property
    def policy(self) -> Policy | None:
        """The compiled policy, when the text has no errors."""
        policy, diagnostics = self.checked
        if policy is None or any(d.severity == "error" for d in diagnostics):
            return None
        try:
            return compile_policy(policy, Policy)
        except PlazoError:  # a checked policy compiles; a calendar the horizon cannot reach still says no
            return None


def policy_path(scenario_path: str, written: str) -> Path:
    """The policy a scenario names: relative to the scenario's folder."""
    return (Path(scenario_path).parent / written).resolve()
