"""What every command may share without loading the evaluator: the type of the
command table and reading the files a command names.

``plazo check`` and ``plazo fmt`` use only these and the language, so a start of
either loads neither a policy's compiler nor tickets (see ``cli/main.py``).
"""

import argparse
import sys
from collections.abc import Sequence
from typing import TypeAlias

from plazo.dsl.errors import PlazoError
from plazo.dsl.loader import read_text
from plazo.dsl.visible import visible
from plazo.interpreter.cli.exits import ExitCode

# what `add_subparsers` returns: each command module adds its parser to it
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def readable(paths: Sequence[str]) -> tuple[list[tuple[str, str]], ExitCode]:
    """(path, text) of each file that can be read; the others are reported (exit 2)."""
    texts: list[tuple[str, str]] = []
    status = ExitCode.OK
    for path in paths:
        try:
            texts.append((path, read_text(path)))
        except PlazoError as exc:
            print(visible(f"error: {exc}"), file=sys.stderr)
            status = ExitCode.BAD_INPUT
    return texts, status
