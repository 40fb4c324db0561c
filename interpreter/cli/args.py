"""What the commands share: reading files, loading a ticket and a policy, reading an
instant argument, and the options of the commands on a ticket or a history."""

import argparse
import json
import sys
from datetime import datetime

from plazo.dsl.errors import PlazoError, PolicyError
from plazo.dsl.loader import read_text
from plazo.interpreter.cli.files import Commands as Commands  # the commands take it from here with the rest
from plazo.interpreter.errors import TicketError
from plazo.interpreter.policy import Policy, load_policy
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.time.instants import END_YEAR, FIRST_YEAR, local_instant


def counting_number(text: str) -> int:
    """An argument that is a whole number of 1 or more (argparse reports the refusal)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return number


def supported_year(text: str) -> int:
    """A year plazo can compute in (argparse reports the refusal)."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not FIRST_YEAR <= year < END_YEAR:
        raise argparse.ArgumentTypeError(f"{text}: plazo works with the years {FIRST_YEAR} to {END_YEAR - 1}")
    return year


def load_ticket(path: str) -> Ticket:
    """The ticket in a JSON file; a file that is not JSON names the place."""
    text = read_text(path)
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise PlazoError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    except _NotANumber as exc:
        raise PlazoError(f"{path}: not a ticket: {exc}") from None
    except RecursionError:
        raise PlazoError(f"{path}: not a ticket: JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise PlazoError(f"{path}: a ticket is a JSON object ({{...}}), not {type(data).__name__}")
    try:
        return Ticket.from_dict(data)
    except TicketError as exc:
        raise TicketError(f"{path}: {exc.problem}", exc.path, exc.hint) from None


class _NotANumber(ValueError):
    pass


def _refuse_constant(name: str) -> object:
    raise _NotANumber(f"{name} is not a JSON number; write a number or null")


def _bounded_int(digits: str) -> int:
    # Python refuses to read more digits than this (a guard against slow conversions)
    if len(digits.lstrip("-")) > sys.get_int_max_str_digits():
        raise _NotANumber(f"a number of {len(digits):,} digits; a number may have at most "
                          f"{sys.get_int_max_str_digits():,}")
    return int(digits)


def policy_or_report(path: str) -> Policy | None:
    """The compiled policy, or None after printing its diagnostics."""
    try:
        return load_policy(path)
    except PolicyError as exc:
        text = read_text(path)
        for d in exc.diagnostics:
            print(d.render(text), end="\n\n", file=sys.stderr)
        return None


def instant_argument(text: str, policy: Policy, option: str = "--at") -> datetime:
    """A CLI instant: local times are read in the policy's time zone, and one the clocks
    skip there is refused (as scenarios refuse it), not moved."""
    try:
        at = datetime.fromisoformat(text) if "T" in text or " " in text else None
    except ValueError:
        at = None
    if at is None:
        raise PlazoError(f"{option} {text}: write an instant like 2026-03-06T17:30 (local) or with an offset")
    return local_instant(at, policy.tz, option)


def ticket_and_instant(args: argparse.Namespace, policy: Policy) -> tuple[Ticket, datetime]:
    """The ticket of ``args.ticket`` and the instant to look at: ``--at``, else its last
    event (never the clock: the same command gives the same answer tomorrow)."""
    ticket = load_ticket(args.ticket)
    if args.at:
        return ticket, instant_argument(args.at, policy)
    if ticket.events:
        return ticket, ticket.events[-1].at
    raise PlazoError("the ticket has no events: give --at")


def add_ticket_command(commands: Commands, name: str, help_text: str, what: str = "TICKET.json"
                       ) -> argparse.ArgumentParser:
    """A command on one policy and one ticket, as of an instant."""
    command = commands.add_parser(name, help=help_text)
    command.add_argument("policy", metavar="POLICY")
    command.add_argument("ticket", metavar=what)
    command.add_argument("--at", help="the instant to look at (default: the ticket's last event); "
                                      "local times are read in the policy's time zone")
    return command


def add_history_options(command: argparse.ArgumentParser) -> None:
    """The options of a command on a history: grouping, rejected tickets, workers."""
    command.add_argument("--by", metavar="FIELD", help="a history: group the summary by this field "
                                                      "(default: a derived field, else priority or severity)")
    command.add_argument("--rejects", metavar="FILE", help="a history: write every rejected ticket (JSON Lines: "
                                                           "line, ticket, reason, text)")
    command.add_argument("--jobs", type=counting_number, metavar="N",
                         help="a history: worker processes, 1 or more (default: one per core)")
    command.add_argument("--engine", choices=("local", "dask"),
                         help="a history: where it is evaluated: processes of this machine (local, the default) or "
                              "a Dask cluster (needs the dask extra)")
    command.add_argument("--workers", type=counting_number, metavar="N",
                         help="--engine dask: the worker processes of a cluster on this machine (default: one per "
                              "core)")
    command.add_argument("--scheduler", metavar="ADDRESS",
                         help="a history: evaluate it on the running Dask cluster of this scheduler "
                              "(tcp://HOST:8786); its workers read the history's files by path")
