"""``plazo lsp``: the language server for editors, on stdin and stdout.

The server needs the ``lsp`` extra (``pip install 'plazo[lsp]'``: pygls and lsprotocol).
Every other command must work without it, so the server's module is imported by name
when this command runs, not when the command line is built: an import at the top of
this module would make ``plazo check`` fail where the extra is not installed.
"""

import argparse
import importlib
import sys

from plazo.interpreter.cli.args import Commands
from plazo.interpreter.cli.exits import ExitCode

SERVER_MODULE = "plazo.interpreter.lsp.server"
EXTRA_PACKAGES = ("pygls", "lsprotocol")


def add_command(commands: Commands) -> None:
    command = commands.add_parser("lsp", help="run the language server for editors (on stdin and stdout)")
    # editors' clients pass the transport they use; stdio is the one there is
    command.add_argument("--stdio", action="store_true", help="talk on stdin and stdout (the default)")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    try:
        server = importlib.import_module(SERVER_MODULE)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in EXTRA_PACKAGES:
            raise
        print(f"error: plazo lsp needs {exc.name}: pip install 'plazo[lsp]'", file=sys.stderr)
        return ExitCode.BAD_INPUT
    server.serve()
    return ExitCode.OK
