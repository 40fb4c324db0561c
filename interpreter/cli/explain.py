"""``plazo explain POLICY TICKET.json``: why each deadline of a ticket falls where it
does, in sentences (the policy's language or ``--language``) or as JSON facts."""

import argparse
import json
import sys

from attrs import evolve

from plazo.interpreter.cli.args import Commands, add_ticket_command, policy_or_report, ticket_and_instant
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.present.explanation_text import render_explanation


def add_command(commands: Commands) -> None:
    command = add_ticket_command(commands, "explain", "why each deadline of a ticket falls where it does")
    command.add_argument("--target", metavar="NAME", help="explain only this target")
    command.add_argument("--language", choices=("es", "en"), help="default: the policy's language")
    command.add_argument("--json", action="store_true", help="print the facts as JSON")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    policy = policy_or_report(args.policy)
    if policy is None:
        return ExitCode.FINDINGS
    ticket, at = ticket_and_instant(args, policy)
    explanation = policy.explain(ticket, at)
    if args.target:
        explanation = evolve(explanation, targets=(explanation.target(args.target),))
    if args.json:
        print(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_explanation(explanation, args.language))
    return ExitCode.OK
