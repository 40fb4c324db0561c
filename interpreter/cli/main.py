"""The `plazo` command line: the parser of every command and the entry point.

Each command is a module of this package with ``add_command`` (its parser) and
``run`` (its handler). A command's module is imported by name when the command line
starts with that command, so ``plazo check`` loads the language and not the evaluator,
the batch runner or the renderers (a start costs what its imports cost); ``plazo
--help`` and a word that is no command load them all. Exit codes (:class:`~plazo.interpreter.cli.exits.ExitCode`):
0 all is well, 1 findings (errors in a policy), 2 bad input (a file that cannot be
read, bad arguments). Bad input never shows a traceback.
"""

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from plazo.dsl.errors import PlazoError
from plazo.dsl.visible import visible
from plazo.interpreter.cli.exits import ExitCode

# command -> its module, in the order --help lists them
COMMANDS = {
    "check": "check", "fmt": "fmt", "evaluate": "evaluate", "compare": "compare", "report": "report",
    "explain": "explain", "render": "render", "calendar": "calendar", "simulate": "simulate", "test": "test",
    "import": "import_", "lsp": "lsp", "serve": "serve",
}


def version_text() -> str:
    """``plazo 0.1.0``: the installed distribution's version."""
    # imported here: importlib.metadata costs a tenth of a `plazo check`, and only --version reads it
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"plazo {version('plazo')}"
    except PackageNotFoundError:  # imported from a source tree that was never installed
        return "plazo (version unknown: not installed)"


class _PrintVersion(argparse.Action):
    """``--version``: argparse's own action wants the text when the parser is built."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str = "show program's version number and exit") -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        print(version_text())
        parser.exit()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or only of the command ``argv`` names."""
    parser = argparse.ArgumentParser(
        prog="plazo", description="Check, format, explain and simulate service-level policies."
    )
    parser.add_argument("--version", action=_PrintVersion)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _commands_needed(argv):
        importlib.import_module(f"plazo.interpreter.cli.{COMMANDS[name]}").add_command(commands)
    return parser


def _commands_needed(argv: Sequence[str] | None) -> list[str]:
    """The command ``argv`` starts with, else all of them (``plazo --help`` lists every command)."""
    if argv and argv[0] in COMMANDS:
        return [argv[0]]
    return list(COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
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
