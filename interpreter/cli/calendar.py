"""``plazo calendar POLICY NAME --from DATE --to DATE``: a calendar's open intervals and
closures (with the holidays' names) over a period, as text, JSON or an iCalendar file.

The iCalendar writer needs the ``calendar`` extra (``pip install 'plazo[calendar]'``:
icalendar). Every other command, and the text and JSON forms of this one, must work
without it, so its module is imported by name when ``--format ics`` runs (as ``plazo lsp``
imports its server), never when the command line is built.
"""

import argparse
import importlib
import json
import sys
from datetime import date

from plazo.interpreter.cli.args import Commands, policy_or_report
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.outputs import refuse_overwriting, write_whole
from plazo.interpreter.present.calendar_listing import MAX_DAYS, calendar_listing, listing_text

ICS_MODULE = "plazo.interpreter.present.calendar_ics"
EXTRA_PACKAGES = ("icalendar",)


def add_command(commands: Commands) -> None:
    command = commands.add_parser("calendar", help="a calendar's open hours and closures over a period "
                                                   "(text, JSON or iCalendar)")
    command.add_argument("policy", metavar="POLICY")
    command.add_argument("name", metavar="NAME", help="the calendar, as the policy names it")
    command.add_argument("--from", dest="first", required=True, type=iso_date, metavar="DATE",
                         help="the first day (YYYY-MM-DD), in the calendar's time zone")
    command.add_argument("--to", dest="last", required=True, type=iso_date, metavar="DATE",
                         help=f"the last day, included; at most {MAX_DAYS} days in all")
    command.add_argument("--format", choices=("text", "json", "ics"), default="text",
                         help="ics: an iCalendar file for Outlook or Google Calendar (needs plazo[calendar])")
    command.add_argument("--out", metavar="FILE", help="write to FILE instead of the standard output")
    command.set_defaults(run=run)


def iso_date(text: str) -> date:
    """A ``YYYY-MM-DD`` argument (argparse reports the refusal)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it like 2026-03-20") from None


def run(args: argparse.Namespace) -> ExitCode:
    if args.out:
        refuse_overwriting({"--out": args.out}, [args.policy])
    policy = policy_or_report(args.policy)
    if policy is None:
        return ExitCode.FINDINGS
    listing = calendar_listing(policy, args.name, args.first, args.last)
    newline = None
    if args.format == "ics":
        try:
            ics = importlib.import_module(ICS_MODULE)
        except ModuleNotFoundError as exc:
            if (exc.name or "").split(".")[0] not in EXTRA_PACKAGES:
                raise
            print(f"error: plazo calendar --format ics needs {exc.name}: pip install 'plazo[calendar]'",
                  file=sys.stderr)
            return ExitCode.BAD_INPUT
        text: str = ics.listing_ics(listing)
        newline = ""  # the CRLF line ends RFC 5545 asks for, as they are
    elif args.format == "json":
        text = json.dumps(listing.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = listing_text(listing)
    if args.out:
        write_whole(args.out, text, newline)
    else:
        sys.stdout.write(text)
    return ExitCode.OK
