"""``plazo simulate SCENARIO``: a scenario ticket's timeline, the events and the
milestones they cause, as a table, JSON or an HTML page.

``plazo simulate POLICY TICKET.json|HISTORY [--id ID] --to-scenario [--out FILE]``: a
scenario written from a real ticket, its expectations today's results (a snapshot for
QA to review). The two forms share the command, told apart by ``--to-scenario`` and the
second positional, which only the second form takes: an old command line means what
it meant, and options of one form given to the other are refused (exit 2)."""

import argparse
import json
import os
import sys
from pathlib import Path

from plazo.dsl.errors import PlazoError
from plazo.dsl.names import suggest
from plazo.dsl.visible import visible
from plazo.interpreter.batch.history import Rejected, chunks, file_format, tickets_of
from plazo.interpreter.cli.args import Commands, instant_argument, load_ticket, policy_or_report
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.outputs import refuse_overwriting, write_whole
from plazo.interpreter.errors import ScenarioError
from plazo.interpreter.policy import Policy
from plazo.interpreter.present.timeline import render_table, timeline
from plazo.interpreter.present.timeline_html import render_html
from plazo.interpreter.run.ticket import Ticket
from plazo.interpreter.simulate import load_scenario, local_instant, snapshot

USAGE = """\
plazo simulate [--ticket ID] [--until ISO] [--json] [--html OUT] SCENARIO
plazo simulate POLICY TICKET.json|HISTORY [--id ID] --to-scenario [--out FILE]"""
DESCRIPTION = """\
The first form shows a scenario ticket's timeline. The second writes a scenario from a
real ticket (a .json file, or a ticket of a .jsonl or .csv history chosen by --id) whose
expectations are today's results after each of its events: a snapshot to review."""
SCENARIO_ONLY = ("ticket", "until", "json", "html")
SNAPSHOT_ONLY = ("id", "out")


def add_command(commands: Commands) -> None:
    command = commands.add_parser("simulate", help="a scenario's timeline; or a scenario written from a real ticket",
                                  usage=USAGE, description=DESCRIPTION)
    command.add_argument("scenario", metavar="SCENARIO|POLICY", help="a scenario; with --to-scenario, a policy")
    command.add_argument("source", metavar="TICKET.json|HISTORY", nargs="?",
                         help="with --to-scenario: the ticket, or a history (.jsonl, .csv) and --id")
    command.add_argument("--ticket", metavar="ID", help="the ticket to show (default: the scenario's first)")
    command.add_argument("--until",
                         help="show the state as of this instant (default: the last event or expectation)")
    command.add_argument("--json", action="store_true", help="print the timeline as JSON")
    command.add_argument("--html", metavar="OUT", help="write a self-contained HTML page with an SVG timeline")
    command.add_argument("--to-scenario", action="store_true",
                         help="write a scenario from POLICY and a real ticket: its results today, to review")
    command.add_argument("--id", metavar="ID", help="with --to-scenario: the ticket of the history")
    command.add_argument("--out", metavar="FILE",
                         help="with --to-scenario: write the scenario here (default: print it); the policy's "
                              "path in it is relative to this file's folder")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    given = [o for o in (SCENARIO_ONLY if args.to_scenario else SNAPSHOT_ONLY) if getattr(args, o)]
    if given:
        form = "a scenario's timeline" if args.to_scenario else "--to-scenario"
        raise PlazoError(f"--{given[0]} is for {form}, not {'--to-scenario' if args.to_scenario else 'a scenario'}")
    if args.to_scenario:
        return _to_scenario(args)
    if args.source is not None:
        raise PlazoError(f"simulate takes one scenario; with a policy and a ticket ({args.source}), "
                         "add --to-scenario to write a scenario from it")
    return _timeline(args)


def _to_scenario(args: argparse.Namespace) -> ExitCode:
    if args.source is None:
        raise PlazoError("--to-scenario needs a policy and a ticket: plazo simulate POLICY TICKET.json --to-scenario")
    refuse_overwriting({"--out": args.out}, [args.scenario, args.source])
    policy = policy_or_report(args.scenario)
    if policy is None:
        return ExitCode.FINDINGS
    if file_format(args.source) is not None:
        if args.id is None:
            raise PlazoError(f"{args.source} is a history: give the ticket with --id ID")
        ticket = _history_ticket(args.source, args.id, policy)
    else:
        ticket = load_ticket(args.source)
        if args.id is not None and args.id != ticket.id:
            raise PlazoError(f"--id {args.id}: {args.source} holds ticket {ticket.id!r}")
    folder = Path(args.out).parent if args.out else Path()
    policy_path = Path(os.path.relpath(Path(args.scenario).resolve(), folder.resolve())).as_posix()
    text = snapshot(policy, ticket, policy_path, args.source)
    if args.out:
        write_whole(args.out, text)
        print(f"wrote {args.out}: a snapshot of ticket {visible(ticket.id)} to review", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return ExitCode.OK


def _history_ticket(path: str, wanted: str, policy: Policy) -> Ticket:
    """The ticket called ``wanted`` in a history; not there, the error counts the ids
    there are and suggests the nearest; refused by the reader, it says why."""
    types = {name: spec.type for name, spec in policy.fields.items()}
    ids: list[str] = []
    for chunk in chunks(path, fields=policy.fields):
        for entry in tickets_of(chunk, types):
            if isinstance(entry, Rejected):
                if entry.ticket == wanted:
                    raise PlazoError(visible(f"{path}:{entry.line}: ticket {wanted} cannot be read: {entry.reason}"))
                continue
            if entry.ticket.id == wanted:
                return entry.ticket
            ids.append(entry.ticket.id)
    hint = suggest(wanted, ids, f"the first is {ids[0]!r}" if ids else "")
    raise PlazoError(visible(f"--id {wanted}: no such ticket among the {len(ids):,} of {path}"
                             + (f"; {hint}" if hint else "")))


def _timeline(args: argparse.Namespace) -> ExitCode:
    try:
        loaded = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(exc.render(), file=sys.stderr)
        return ExitCode.FINDINGS
    tickets = loaded.tickets
    if not tickets:
        raise PlazoError(f"{args.scenario}: the scenario has no ticket to simulate")
    chosen = [t for t in tickets if t[0].id == args.ticket] if args.ticket else tickets[:1]
    if not chosen:
        raise PlazoError(f"no ticket {args.ticket!r} in {args.scenario}; it has: "
                         + ", ".join(b.id for b, _ in tickets))
    block, ticket = chosen[0]
    policy = loaded.policy.for_ticket(ticket.fields)  # shown in the ticket's reference zone
    if args.until:
        until = instant_argument(args.until, policy, "--until")
    else:
        moments = [e.at for e in ticket.events] + [local_instant(x.at, policy) for x in block.expects]
        if not moments:
            raise PlazoError("the ticket has no events: give --until")
        until = max(moments)
    tl = timeline(policy, ticket, until)
    if args.html:
        refuse_overwriting({"--html": args.html},
                           [args.scenario, str(Path(args.scenario).parent / loaded.scenario.policy)])
        write_whole(args.html, render_html(tl, policy))
        print(f"wrote {args.html}", file=sys.stderr)
    if args.json:
        print(json.dumps(tl.to_dict(), ensure_ascii=False, indent=2))
    elif not args.html:
        sys.stdout.write(render_table(tl))
    return ExitCode.OK
