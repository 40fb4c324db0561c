"""The `plazo` command line: :func:`main` is the console script's entry point; each
command is a module of this package (see :mod:`plazo.interpreter.cli.main`)."""

from plazo.interpreter.cli.main import main

__all__ = ["main"]
