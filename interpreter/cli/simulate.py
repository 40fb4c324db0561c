"""``plazo simulate SCENARIO``: a scenario ticket's timeline, the events and the
milestones they cause, as a table, JSON or an HTML page."""

import argparse
import json
import sys
from pathlib import Path

from plazo.dsl.errors import PlazoError
from plazo.interpreter.cli.args import Commands, instant_argument
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.outputs import refuse_overwriting, write_whole
from plazo.interpreter.errors import ScenarioError
from plazo.interpreter.present.timeline import render_table, timeline
from plazo.interpreter.present.timeline_html import render_html
from plazo.interpreter.simulate import load_scenario, local_instant


def add_command(commands: Commands) -> None:
    command = commands.add_parser("simulate", help="a scenario's timeline: events and the milestones they cause")
    command.add_argument("scenario", metavar="SCENARIO")
    command.add_argument("--ticket", metavar="ID", help="the ticket to show (default: the scenario's first)")
    command.add_argument("--until",
                         help="show the state as of this instant (default: the last event or expectation)")
    command.add_argument("--json", action="store_true", help="print the timeline as JSON")
    command.add_argument("--html", metavar="OUT", help="write a self-contained HTML page with an SVG timeline")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
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
    policy = loaded.policy
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
