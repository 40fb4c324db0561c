"""The Lark grammars of plazo, shipped as package data."""

from importlib.resources import files

__all__ = ["grammar_text"]


def grammar_text(name: str) -> str:
    """Return the text of ``<name>.lark`` from this package."""
    return files(__name__).joinpath(f"{name}.lark").read_text(encoding="utf-8")
