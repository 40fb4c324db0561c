"""``plazo evaluate POLICY TICKET.json``: the state of one ticket as of an instant, as
text or JSON. Given a history (``.jsonl`` or ``.csv``) instead of a ticket, it
evaluates every ticket of it (:mod:`plazo.interpreter.cli.history`)."""

import argparse
import json
import sys

from plazo.dsl.errors import PlazoError
from plazo.interpreter.batch import file_format
from plazo.interpreter.batch.sources import names_several
from plazo.interpreter.cli import history
from plazo.interpreter.cli.args import (
    Commands,
    add_history_options,
    add_ticket_command,
    policy_or_report,
    ticket_and_instant,
)
from plazo.interpreter.cli.engine import uses_dask
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.present.result_text import render_result

# options that mean nothing for one ticket
HISTORY_ONLY = ("out", "rejects", "by", "jobs", "engine", "workers", "scheduler")


def add_command(commands: Commands) -> None:
    command = add_ticket_command(commands, "evaluate", "evaluate one ticket (.json) or a history (.jsonl, "
                                 ".csv; or a folder or a quoted pattern of them)", "TICKET.json|HISTORY")
    command.add_argument("--json", action="store_true",
                         help="print the JSON form of the result (of a history: its summary)")
    add_history_options(command)
    command.add_argument("--out", metavar="FILE", help="a history: write one result per ticket (.jsonl or .csv)")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    # a folder or a pattern of histories; on Dask, maybe one only the workers see
    if file_format(args.ticket) is not None or names_several(args.ticket) or uses_dask(args):
        args.history = args.ticket
        return history.run(args)
    for option in HISTORY_ONLY:
        if getattr(args, option):
            raise PlazoError(f"--{option} is for histories (.jsonl or .csv), not one ticket")
    policy = policy_or_report(args.policy)
    if policy is None:
        return ExitCode.FINDINGS
    ticket, at = ticket_and_instant(args, policy)
    result = policy.evaluate(ticket, at)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_result(result, policy.name, policy.language))
    return ExitCode.OK
