"""``plazo report POLICY HISTORY``: compliance over periods. Per period and group, each
target's outcomes; each commitment of the policy met, missed or pending, with the figures
that decide it and the credit owed; tickets out of scope and handed off counted apart.

The history is evaluated like ``plazo evaluate`` does (the same engines, the same
accounting of rejected tickets); each piece comes back with its report tally, and the
tallies are added up here. Exit 1 when a commitment is missed or a ticket was rejected.
"""

import argparse
import sys
from contextlib import ExitStack
from datetime import date

from attrs import evolve

from plazo.dsl.errors import PlazoError
from plazo.interpreter.batch.report import build_report
from plazo.interpreter.batch.report_html import render_html
from plazo.interpreter.batch.report_render import render_csv, render_json, render_markdown, render_text
from plazo.interpreter.batch.report_tally import ReportSpec, ReportTally
from plazo.interpreter.cli.args import Commands, add_history_options, policy_or_report
from plazo.interpreter.cli.engine import sourced_pieces
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.history import Totals, make_job, write_rejected
from plazo.interpreter.cli.outputs import refuse_overwriting, replaced
from plazo.interpreter.compile.commitments import Period
from plazo.interpreter.policy import Policy

FORMATS = ("text", "md", "html", "json", "csv")
RENDERERS = {"text": render_text, "md": render_markdown, "html": render_html, "json": render_json,
             "csv": render_csv}


def add_command(commands: Commands) -> None:
    # "resolve": this command's --by (several fields) replaces the history options' one
    command = commands.add_parser("report", conflict_handler="resolve",
                                  help="compliance per period and group: targets, commitments, credits owed")
    command.add_argument("policy", metavar="POLICY")
    command.add_argument("history", metavar="HISTORY",
                         help="a .jsonl (one ticket per line) or .csv (one row per event)")
    command.add_argument("--period", choices=("month", "week", "quarter"), default="month",
                         help="the periods of the target rows (default: month; ISO weeks run Monday to Sunday); "
                              "each commitment is judged over its own period")
    command.add_argument("--from", dest="first", metavar="DATE",
                         help="count only what falls on this day or later (YYYY-MM-DD, in the policy's zone)")
    command.add_argument("--to", dest="last", metavar="DATE",
                         help="count only what falls on this day or earlier (YYYY-MM-DD, inclusive)")
    command.add_argument("--at", help="evaluate every ticket as of this instant (default: each ticket's last event)")
    command.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    command.add_argument("--json", action="store_true", help="the same as --format json")
    command.add_argument("--out", metavar="FILE", help="write the report to FILE instead of the standard output")
    add_history_options(command)
    command.add_argument("--by", metavar="FIELD[,FIELD]",
                         help="group by these fields, e.g. --by customer,priority (default: one group, all)")
    command.set_defaults(run=run)


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PlazoError(f"{option} {text}: write a date like 2026-03-01") from None


def _by_fields(text: str | None, policy: Policy) -> tuple[str, ...]:
    if not text:
        return ()
    names = tuple(name.strip() for name in text.split(","))
    known = {*policy.fields, *(n for n, _ in policy.derived)}
    for name in names:
        if name not in known:
            raise PlazoError(f"--by {text}: policy {policy.name} has no field {name!r} "
                             f"(its fields: {', '.join(policy.fields)})")
    if len(set(names)) != len(names):
        raise PlazoError(f"--by {text}: a field is named twice")
    return names


def _spec(args: argparse.Namespace, policy: Policy) -> ReportSpec:
    first, last = _date(args.first, "--from"), _date(args.last, "--to")
    if first is not None and last is not None and last < first:
        raise PlazoError(f"--to {last} is before --from {first}")
    period: Period = "week" if args.period == "week" else "quarter" if args.period == "quarter" else "month"
    return ReportSpec(period, _by_fields(args.by, policy), first, last)


def run(args: argparse.Namespace) -> ExitCode:
    policy = policy_or_report(args.policy)
    if policy is None:
        return ExitCode.FINDINGS
    spec = _spec(args, policy)
    chosen = "json" if args.json else args.format
    refuse_overwriting({"--out": args.out, "--rejects": args.rejects}, [args.history, args.policy])
    # the summary's grouping is not what a report shows: its own field choice is left to make_job
    job = evolve(make_job(argparse.Namespace(**{**vars(args), "by": None}), [policy], [args.policy], None),
                 report=spec)
    totals = Totals(job.by)
    tally = ReportTally()
    with ExitStack() as files:
        rejects = files.enter_context(replaced(args.rejects)) if args.rejects else None
        for source, piece in sourced_pieces(job, args):  # a folder or a pattern: each file its own
            totals.add(piece, source)
            if piece.report is not None:
                tally.merge(piece.report)
            if rejects is not None:
                write_rejected(rejects, piece.rejected, source)
    totals.report_rejections(args.history, args.rejects)
    report = build_report(policy, spec, tally, args.history, job.at.isoformat() if job.at else None,
                          totals.tickets, totals.evaluated, totals.rejected)
    text = RENDERERS[chosen](report)
    if args.out:
        with replaced(args.out, newline="" if chosen == "csv" else None) as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    missed = any(r.verdict == "missed" for r in report.commitments)
    return ExitCode.FINDINGS if missed or totals.rejected else ExitCode.OK
