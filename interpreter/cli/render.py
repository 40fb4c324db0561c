"""``plazo render POLICY``: the policy as the document a provider publishes, in
Markdown or HTML, with the holidays of a year."""

import argparse
import sys
from datetime import datetime

from plazo.interpreter.cli.args import Commands, policy_or_report, supported_year
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.outputs import refuse_overwriting, write_whole
from plazo.interpreter.present.document import document, render_markdown
from plazo.interpreter.present.document_html import render_html


def add_command(commands: Commands) -> None:
    command = commands.add_parser("render", help="the policy as the document a provider publishes (Markdown or HTML)")
    command.add_argument("policy", metavar="POLICY")
    command.add_argument("--format", choices=("md", "html"), default="md")
    command.add_argument("--year", type=supported_year, help="the year whose holidays are listed (default: this year)")
    command.add_argument("--language", choices=("es", "en"), help="default: the policy's language")
    command.add_argument("--out", metavar="FILE", help="write to FILE instead of the standard output")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    policy = policy_or_report(args.policy)
    if policy is None:
        return ExitCode.FINDINGS
    year = args.year if args.year is not None else datetime.now(policy.tz).year
    doc = document(policy, year, args.language)
    text = render_markdown(doc) if args.format == "md" else render_html(doc)
    if args.out:
        refuse_overwriting({"--out": args.out}, [args.policy])
        write_whole(args.out, text)
    else:
        sys.stdout.write(text)
    return ExitCode.OK
