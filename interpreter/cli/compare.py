"""``plazo compare OLD NEW HISTORY``: what-if, two versions of a policy on the same
history: the target outcomes that change and the breach rates before and after."""

import argparse
import json
from contextlib import ExitStack

from attrs import asdict, frozen

from plazo.dsl.visible import visible
from plazo.interpreter.batch import SummaryRow, rate_text, table
from plazo.interpreter.cli.args import Commands, add_history_options, policy_or_report
from plazo.interpreter.cli.engine import sourced_pieces
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.history import Totals, make_job, several_files, version_text, write_rejected
from plazo.interpreter.cli.outputs import refuse_overwriting, replaced
from plazo.interpreter.policy import Policy


@frozen
class RateDifference:
    """The breach rates of one (target, group) under the old and the new policy."""

    target: str
    group: str
    old_breached: int
    new_breached: int
    old_breach_rate: float | None
    new_breach_rate: float | None
    difference: float | None  # None when either rate is


def add_command(commands: Commands) -> None:
    command = commands.add_parser("compare", help="what-if: two versions of a policy on the same history")
    command.add_argument("old", metavar="OLD")
    command.add_argument("new", metavar="NEW")
    command.add_argument("history", metavar="HISTORY",
                         help="a .jsonl (one ticket per line) or .csv (one row per event)")
    command.add_argument("--at", help="evaluate every ticket as of this instant (default: each ticket's last event)")
    command.add_argument("--json", action="store_true", help="print the comparison as JSON")
    add_history_options(command)
    command.add_argument("--out", metavar="FILE", help="write every changed target outcome (JSON Lines)")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    old, new = policy_or_report(args.old), policy_or_report(args.new)
    if old is None or new is None:
        return ExitCode.FINDINGS
    refuse_overwriting({"--out": args.out, "--rejects": args.rejects}, [args.history, args.old, args.new])
    job = make_job(args, [old, new], [args.old, args.new], None)
    totals = Totals(job.by)
    with ExitStack() as files:
        out = files.enter_context(replaced(args.out)) if args.out else None
        rejects = files.enter_context(replaced(args.rejects)) if args.rejects else None
        sources: set[str] = set()
        for source, piece in sourced_pieces(job, args):  # a folder or a pattern: each file its own
            sources.add(source)
            if out is not None and len(sources) > 1:  # a change's line would not say which file
                raise several_files(args)
            totals.add(piece, source)
            if out is not None:
                for c in piece.changes:
                    out.write(json.dumps(asdict(c), ensure_ascii=False) + "\n")
            if rejects is not None:
                write_rejected(rejects, piece.rejected, source)
    old_targets = [t.name for t in old.targets]
    targets = old_targets + [t.name for t in new.targets if t.name not in old_targets]
    differences = rate_differences(totals.summaries[0].rows(targets), totals.summaries[1].rows(targets))
    totals.report_rejections(args.history, args.rejects)
    shown = totals.first_changes  # the first SHOWN_CHANGES; all of them go to --out
    if args.json:
        print(json.dumps({"old": _name(old), "new": _name(new), "history": args.history,
                          "at": job.at.isoformat() if job.at else None, "by": list(job.by), **totals.counts(),
                          "scope": {"old": totals.summaries[0].scope_counts(),
                                    "new": totals.summaries[1].scope_counts()},
                          "changed_targets": totals.changes, "changed_tickets": totals.changed_ticket_count,
                          "changes": [asdict(c) for c in shown], "changes_not_shown": totals.changes - len(shown),
                          "breach_rates": [asdict(d) for d in differences], **totals.rejections_json()},
                         ensure_ascii=False, indent=2))
    else:
        print(f"{_name(old)} -> {_name(new)} on {args.history}: {totals.tickets} tickets, {totals.evaluated} "
              f"evaluated, {totals.rejected} rejected")
        old_scope, new_scope = totals.summaries
        print(f"old: {old_scope.scope_text()}; new: {new_scope.scope_text()} "
              "(breach rates count only the tickets in scope)")
        print(f"{totals.changed_ticket_count} ticket(s) change, {totals.changes} target outcome(s) in all")
        for c in shown:
            due = f"  due {c.old_due} -> {c.new_due}" if c.old_due != c.new_due else ""
            change = f"{c.old_status or '-'} -> {c.new_status or '-'}{due}"
            print(visible(f"  {c.ticket} (line {c.line})  {c.target}: {change}"))
        if totals.changes > len(shown):
            where = f"all of them are in {args.out}" if args.out else "write them all with --out FILE"
            print(f"  ... {totals.changes - len(shown)} more ({where})")
        if differences:
            print()
            print(render_differences(differences, job.by))
    return ExitCode.FINDINGS if totals.rejected else ExitCode.OK


def _name(policy: Policy) -> str:
    return f"{policy.name} v{version_text(policy)}" if policy.version is not None else policy.name


def rate_differences(old: list[SummaryRow], new: list[SummaryRow]) -> list[RateDifference]:
    """Per (target, group) in either summary: the breach rates and their difference."""
    before = {(r.target, r.group): r for r in old}
    after = {(r.target, r.group): r for r in new}
    keys = list(before) + [k for k in after if k not in before]
    out = []
    for key in keys:
        a, b = before.get(key), after.get(key)
        ra = a.breach_rate if a else None
        rb = b.breach_rate if b else None
        out.append(RateDifference(key[0], key[1], a.breached if a else 0, b.breached if b else 0, ra, rb,
                                  None if ra is None or rb is None else rb - ra))
    return out


def render_differences(rows: list[RateDifference], bys: tuple[str | None, ...]) -> str:
    """The breach rates before and after as a table."""
    group = bys[0] if bys[0] == bys[1] else f"{bys[0]}/{bys[1]}"
    head = ("target", group or "group", "old breached", "new breached", "old rate", "new rate", "difference")
    body: list[tuple[str, ...]] = [
        (r.target, r.group, str(r.old_breached), str(r.new_breached), rate_text(r.old_breach_rate),
         rate_text(r.new_breach_rate), "-" if r.difference is None else f"{100 * r.difference:+.1f} pp")
        for r in rows]
    return table(head, body, numeric_from=2)
