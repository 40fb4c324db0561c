"""``plazo import zendesk|jira|zammad INPUT --mapping MAP.toml``: a helpdesk's export ->
plazo tickets as JSON Lines (stdout, or ``--out FILE``), through the mapping.

Every ticket is accounted for: each is written or rejected with its id and reason (the
run goes on), and what the mapping does not map is counted and listed once at the end
on stderr (with ``--json``, a JSON report on stdout, the tickets then going to
``--out``). Exit 0 when every ticket was written, 1 when some were rejected, 2 when the
mapping or the export cannot be used at all.
"""

import argparse
import json
import sys
from contextlib import ExitStack
from typing import TextIO

from plazo.dsl.errors import PlazoError
from plazo.dsl.visible import visible
from plazo.interpreter.cli.args import Commands
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.outputs import refuse_overwriting, replaced
from plazo.interpreter.importers import PRODUCTS, Imported, Report, import_export, load_mapping, read_export
from plazo.interpreter.importers.happenings import Rejected

SHOWN_REJECTIONS = 20


def add_command(commands: Commands) -> None:
    command = commands.add_parser("import", help="turn a helpdesk's export into plazo tickets (JSON Lines)")
    command.add_argument("product", choices=sorted(PRODUCTS), metavar="PRODUCT",
                         help=f"the helpdesk that wrote the export: {', '.join(sorted(PRODUCTS))}")
    command.add_argument("input", metavar="INPUT", help="the export, a JSON file (docs/importers.md)")
    command.add_argument("--mapping", required=True, metavar="MAP.toml",
                         help="which statuses, fields, values and comment kinds become which plazo events and "
                              "values, for which policy")
    command.add_argument("--out", metavar="FILE", help="write the tickets here (default: stdout)")
    command.add_argument("--json", action="store_true",
                         help="print the report (counts, rejections, what is not mapped) as JSON; needs --out")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    if args.json and not args.out:
        raise PlazoError("--json prints the report on stdout: give --out FILE for the tickets")
    refuse_overwriting({"--out": args.out}, [args.input, args.mapping])
    mapping = load_mapping(args.mapping, PRODUCTS[args.product])
    data = read_export(args.input)
    report = Report()
    written, rejected = 0, []
    with ExitStack() as files:
        out: TextIO = files.enter_context(replaced(args.out)) if args.out else sys.stdout
        for result in import_export(data, mapping, report):
            if isinstance(result, Imported):
                out.write(json.dumps(result.ticket.to_dict(), ensure_ascii=False) + "\n")
                written += 1
            else:
                rejected.append(result)
    if args.json:
        print(json.dumps(_json_report(args, mapping.policy_path, written, rejected, report), ensure_ascii=False,
                         indent=2))
    else:
        _text_report(args, written, rejected, report)
    return ExitCode.FINDINGS if rejected else ExitCode.OK


def _text_report(args: argparse.Namespace, written: int, rejected: list[Rejected], report: Report) -> None:
    for r in rejected[:SHOWN_REJECTIONS]:
        print(visible(f"{args.input}: rejected ticket {r.id or '(no id)'}: {r.reason}"), file=sys.stderr)
    if len(rejected) > SHOWN_REJECTIONS:
        print(f"{args.input}: {len(rejected) - SHOWN_REJECTIONS} more rejected ticket(s) not shown "
              "(--json lists them all)", file=sys.stderr)
    print(f"{args.product}: {written + len(rejected)} tickets in {args.input}: {written} written, "
          f"{len(rejected)} rejected", file=sys.stderr)
    sys.stderr.write(report.render())


def _json_report(args: argparse.Namespace, policy: str, written: int, rejected: list[Rejected],
                 report: Report) -> dict[str, object]:
    return {"product": args.product, "input": args.input, "mapping": args.mapping, "policy": policy,
            "out": args.out, "tickets": written + len(rejected), "written": written, "rejected": len(rejected),
            "rejections": [{"ticket": r.id, "reason": r.reason} for r in rejected], **report.to_dict()}
