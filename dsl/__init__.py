"""The plazo language: parse tree -> AST, diagnostics, checker, formatter."""

from plazo.dsl.errors import PlazoError, PolicyError

__all__ = ["PlazoError", "PolicyError"]
