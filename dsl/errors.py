"""Every error plazo raises on purpose derives from :class:`PlazoError`.

Callers that embed plazo catch one type; the CLI turns any ``PlazoError`` into a
message and an exit code, and anything else is a bug in plazo.
"""

from __future__ import annotations

from collections.abc import Sequence

from plazo.dsl.diagnostics import Diagnostic


class PlazoError(Exception):
    """Base of every error plazo reports to its users."""


class PolicyError(PlazoError):
    """A policy text has problems; ``diagnostics`` lists all of them, sorted."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        first = self.diagnostics[0].render_short() if self.diagnostics else "invalid policy"
        more = len(self.diagnostics) - 1
        super().__init__(first if more <= 0 else f"{first} (and {more} more)")
