"""``plazo serve --policies DIR``: the HTTP service (docs/service.md).

The service needs the ``serve`` extra (``pip install 'plazo[serve]'``: Starlette and
uvicorn). Every other command must work without it, so the app's module and uvicorn are
imported by name when this command runs; the limits' defaults come from a module of
the service that imports neither.
"""

import argparse
import importlib
import os
import sys
from typing import Any

from plazo.interpreter.cli.args import Commands, counting_number
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.serve.limits import Limits

APP_MODULE = "plazo.interpreter.serve.app"
EXTRA_PACKAGES = ("starlette", "uvicorn", "anyio")


def seconds(text: str) -> float:
    """A number of seconds more than 0 (argparse reports the refusal)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value < 86_400:
        raise argparse.ArgumentTypeError(f"{text}: give more than 0 seconds and less than a day")
    return value


def port(text: str) -> int:
    number = counting_number(text)
    if number > 65_535:
        raise argparse.ArgumentTypeError(f"{text} is not a port (1 to 65535)")
    return number


def add_command(commands: Commands) -> None:
    d = Limits()
    command = commands.add_parser("serve", help="serve a folder of policies over HTTP (needs plazo[serve])")
    command.add_argument("--policies", required=True, metavar="DIR", help="the folder of NAME.plazo files")
    command.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    command.add_argument("--port", type=port, default=8080, help="default: 8080")
    command.add_argument("--workers", type=counting_number, default=1, metavar="N",
                         help="worker processes, each with its own copy of the policies (default: 1)")
    command.add_argument("--max-body-bytes", type=counting_number, default=d.body_bytes, metavar="N",
                         help=f"a request's body, and each line of a batch (default: {d.body_bytes})")
    command.add_argument("--max-batch-bytes", type=counting_number, default=d.batch_bytes, metavar="N",
                         help=f"a batch's whole body (default: {d.batch_bytes})")
    command.add_argument("--max-events", type=counting_number, default=d.events, metavar="N",
                         help=f"events in one ticket (default: {d.events})")
    command.add_argument("--request-seconds", type=seconds, default=d.seconds, metavar="S",
                         help=f"time to answer one request (default: {d.seconds:g})")
    command.add_argument("--reload-seconds", type=seconds, default=1.0, metavar="S",
                         help="how often the folder is looked at for changed files (default: 1)")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    try:
        app_module = importlib.import_module(APP_MODULE)
        uvicorn: Any = importlib.import_module("uvicorn")
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in EXTRA_PACKAGES:
            raise
        print(f"error: plazo serve needs {exc.name}: pip install 'plazo[serve]'", file=sys.stderr)
        return ExitCode.BAD_INPUT
    limits = Limits(args.max_body_bytes, args.max_batch_bytes, args.max_events, args.request_seconds)
    app_module.configure_logs()
    app = app_module.create_app(args.policies, limits, reload_seconds=args.reload_seconds)  # refuses a bad DIR
    common = {"host": args.host, "port": args.port, "log_config": None, "access_log": False}
    if args.workers == 1:
        uvicorn.run(app, **common)
    else:
        os.environ.update(app_module.settings_environment(args.policies, limits, args.reload_seconds))
        uvicorn.run(f"{APP_MODULE}:from_environment", factory=True, workers=args.workers, **common)
    return ExitCode.OK
