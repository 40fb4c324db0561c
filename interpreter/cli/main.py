"""The `plazo` command line: the parser of every command and the entry point.

Each command is a module of this package with ``add_command`` (its parser) and
``run`` (its handler). Exit codes (:class:`~plazo.interpreter.cli.exits.ExitCode`):
0 all is well, 1 findings (errors in a policy), 2 bad input (a file that cannot be
read, bad arguments). Bad input never shows a traceback.
"""

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from plazo.dsl.errors import PlazoError
from plazo.dsl.visible import visible
from plazo.interpreter.cli import (
    calendar,
    check,
    compare,
    evaluate,
    explain,
    fmt,
    import_,
    lsp,
    render,
    serve,
    simulate,
    test,
)
from plazo.interpreter.cli.exits import ExitCode


def version_text() -> str:
    """``plazo 0.1.0``: the installed distribution's version."""
    try:
        return f"plazo {version('plazo')}"
    except PackageNotFoundError:  # imported from a source tree that was never installed
        return "plazo (version unknown: not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plazo", description="Check, format, explain and simulate service-level policies."
    )
    parser.add_argument("--version", action="version", version=version_text())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in (check, fmt, evaluate, compare, explain, render, calendar, simulate, test, import_, lsp, serve):
        command.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help and --version are 0, bad arguments 2
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return ExitCode.OK
    handler: Callable[[argparse.Namespace], ExitCode] = args.run
    try:
        return int(handler(args))
    except PlazoError as exc:
        print(visible(f"error: {exc}"), file=sys.stderr)
        return ExitCode.BAD_INPUT
    except BrokenPipeError:  # `plazo ... | head`: the reader has all it wanted
        _silence_stdout()
        return ExitCode.OK
    except OSError as exc:  # the terminal or file behind stdout refused (a full disk, /dev/full)
        _silence_stdout()
        print(f"error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return ExitCode.BAD_INPUT


def _silence_stdout() -> None:
    """Nothing more may reach a stdout that refused: not even the flush at exit."""
    sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 (open until the process ends)


if __name__ == "__main__":
    sys.exit(main())
