"""The `plazo` command line.

Exit codes: 0 all is well, 1 findings (errors in a policy), 2 bad input (a file
that cannot be read, bad arguments). Bad input never shows a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from attrs import evolve

from plazo.dsl.errors import PlazoError, PolicyError
from plazo.dsl.format.formatter import format_policy
from plazo.dsl.loader import check_text, read_text
from plazo.dsl.syntax.parser import parse

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def _readable(paths: Sequence[str]) -> tuple[list[tuple[str, str]], int]:
    """(path, text) of each file that can be read; the others are reported (exit 2)."""
    texts, status = [], EXIT_OK
    for path in paths:
        try:
            texts.append((path, read_text(path)))
        except PlazoError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = EXIT_BAD_INPUT
    return texts, status


def cmd_check(args: argparse.Namespace) -> int:
    results = []
    texts, status = _readable(args.files)
    for path, text in texts:
        _, diagnostics = check_text(text, path)
        errors = [d for d in diagnostics if d.severity == "error"]
        shown = diagnostics[: args.max_errors] if args.max_errors else diagnostics
        results.append({"file": path, "ok": not errors, "diagnostics": [d.to_dict() for d in shown],
                        "errors": len(errors), "warnings": len(diagnostics) - len(errors)})
        if args.format == "text":
            for d in shown:
                print(d.render(text), end="\n\n")
            if len(shown) < len(diagnostics):
                print(f"{path}: {len(diagnostics) - len(shown)} more not shown (--max-errors {args.max_errors})\n")
            summary = "ok" if not diagnostics else f"{len(errors)} error(s), {len(diagnostics) - len(errors)} warning(s)"
            print(f"{path}: {summary}")
        if errors and status == EXIT_OK:
            status = EXIT_FINDINGS
    if args.format == "json":
        print(json.dumps({"files": results}, ensure_ascii=False, indent=2))
    return status


def cmd_fmt(args: argparse.Namespace) -> int:
    changed = 0
    texts, status = _readable(args.files)
    for path, text in texts:
        policy, diagnostics = parse(text, path)
        errors = [d for d in diagnostics if d.severity == "error"]
        if policy is None or errors:
            # never rewrite a file the parser could only partly read: recovery dropped items
            for d in errors:
                print(d.render(text), end="\n\n", file=sys.stderr)
            print(f"{path}: not formatted: fix the syntax errors first", file=sys.stderr)
            status = max(status, EXIT_FINDINGS)
            continue
        formatted = format_policy(policy, text)
        if formatted == text:
            continue
        changed += 1
        if args.diff:
            sys.stdout.writelines(difflib.unified_diff(
                text.splitlines(keepends=True), formatted.splitlines(keepends=True), path, f"{path} (formatted)"))
        if args.check:
            print(f"{path}: would be reformatted")
            status = max(status, EXIT_FINDINGS)
        elif not args.diff:
            with open(path, "w", encoding="utf-8", newline="\n") as out:
                out.write(formatted)
            print(f"{path}: reformatted")
    if not args.diff:
        verb = "would be reformatted" if args.check else "reformatted"
        print(f"{len(args.files)} file(s): {changed} {verb}", file=sys.stderr)
    return status


def _load_ticket(path: str) -> dict:
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlazoError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    return data  # type: ignore[no-any-return]


def _policy_or_report(path: str) -> Any:
    """The compiled policy, or None after printing its diagnostics."""
    from plazo.interpreter.policy import load_policy

    try:
        return load_policy(path)
    except PolicyError as exc:
        text = read_text(path)
        for d in exc.diagnostics:
            print(d.render(text), end="\n\n", file=sys.stderr)
        return None


def _instant_argument(text: str, policy: Any, option: str = "--at") -> datetime:
    """A CLI instant: local times are read in the policy's time zone."""
    from plazo.interpreter.run.ticket import parse_instant

    try:
        at = datetime.fromisoformat(text) if "T" in text or " " in text else None
    except ValueError:
        at = None
    if at is None:
        raise PlazoError(f"{option} {text}: write an instant like 2026-03-06T17:30 (local) or with an offset")
    if at.tzinfo is None:
        at = at.replace(tzinfo=policy.tz)
    return parse_instant(at, option)


def _ticket_and_instant(args: argparse.Namespace, policy: Any) -> tuple[Any, datetime]:
    from plazo.interpreter.run.ticket import Ticket

    ticket = Ticket.from_dict(_load_ticket(args.ticket))
    if args.at:
        return ticket, _instant_argument(args.at, policy)
    if ticket.events:
        return ticket, ticket.events[-1].at  # never the clock: the same command gives the same answer tomorrow
    raise PlazoError("the ticket has no events: give --at")


def cmd_explain(args: argparse.Namespace) -> int:
    from plazo.interpreter.explain.facts import explain
    from plazo.interpreter.explain.text import render_explanation

    policy = _policy_or_report(args.policy)
    if policy is None:
        return EXIT_FINDINGS
    ticket, at = _ticket_and_instant(args, policy)
    explanation = explain(policy, ticket, at)
    if args.target:
        try:
            explanation = evolve(explanation, targets=(explanation.target(args.target),))
        except KeyError as exc:
            raise PlazoError(str(exc.args[0])) from None
    if args.json:
        print(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_explanation(explanation, args.language))
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from plazo.interpreter.batch.history import file_format

    if file_format(args.ticket) is not None:
        from plazo.interpreter.cli.history import cmd_evaluate_history

        args.history = args.ticket
        return cmd_evaluate_history(args)
    for option in ("out", "rejects", "by"):
        if getattr(args, option):
            raise PlazoError(f"--{option} is for histories (.jsonl or .csv), not one ticket")
    policy = _policy_or_report(args.policy)
    if policy is None:
        return EXIT_FINDINGS
    ticket, at = _ticket_and_instant(args, policy)
    result = policy.evaluate(ticket, at)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"ticket {result.ticket} at {result.at.isoformat()} ({policy.name})")
    print("fields: " + ", ".join(f"{k}={v}" for k, v in result.to_dict()["fields"].items()))
    if result.rejected:
        print(f"rejected by {result.rejected.name}: {result.rejected.reason}")
    if result.route:
        print(f"route {result.route.name}: to {result.route.team}" + (f" ({result.route.reason})" if result.route.reason else ""))
    for v in result.violations:
        print(f"violation {v.rule}: {v.message}")
    for t in result.targets:
        due = f" due {t.due.isoformat()}" if t.due else ""
        extra = f" ({t.reason})" if t.reason else ""
        print(f"target {t.name}: {t.status}{due}{extra}")
        if t.clause:
            print(f"    {t.clause}")
    for e in result.escalations:
        nxt = f", next at {e.next_at.isoformat()}" if e.next_at else ""
        print(f"escalation {e.name}: level {e.current_level}{nxt}")
    print("channels open: " + (", ".join(result.channels_open) or "none"))
    return EXIT_OK


def cmd_simulate(args: argparse.Namespace) -> int:
    from plazo.interpreter.simulate.scenarios import ScenarioError, load_scenario, local_instant
    from plazo.interpreter.present.timeline import render_table, timeline
    from plazo.interpreter.present.timeline_html import render_html

    try:
        loaded = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(exc.render(), file=sys.stderr)
        return EXIT_FINDINGS
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
        until = _instant_argument(args.until, policy, "--until")
    else:
        moments = [e.at for e in ticket.events] + [local_instant(x.at, policy) for x in block.expects]
        if not moments:
            raise PlazoError("the ticket has no events: give --until")
        until = max(moments)
    tl = timeline(policy, ticket, until)
    if args.html:
        with open(args.html, "w", encoding="utf-8") as out:
            out.write(render_html(tl, policy))
        print(f"wrote {args.html}", file=sys.stderr)
    if args.json:
        print(json.dumps(tl.to_dict(), ensure_ascii=False, indent=2))
    elif not args.html:
        sys.stdout.write(render_table(tl))
    return EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    from plazo.interpreter.simulate.scenarios import ScenarioError, discover, load_scenario, run

    files = list(discover(args.paths))
    if not files:
        raise PlazoError(f"no .scenario files under {', '.join(args.paths)}")
    passed = failed = broken = 0
    suites = []
    for path in files:
        try:
            checks = run(load_scenario(path))
        except ScenarioError as exc:
            print(exc.render(), end="\n\n")
            broken += 1
            suites.append((str(path), [], exc.render()))
            continue
        except PlazoError as exc:  # the policy itself does not compile, or a file cannot be read
            print(f"{path}: {exc}", end="\n\n")
            broken += 1
            suites.append((str(path), [], str(exc)))
            continue
        for c in checks:
            if c.ok:
                passed += 1
            else:
                failed += 1
                print(c.render())
        suites.append((str(path), checks, None))
    if args.junit_xml:
        _write_junit(args.junit_xml, suites)
    scenarios = len(files) - broken
    print(f"{scenarios} scenario(s) in {len(files)} file(s)" + (f", {broken} could not run" if broken else ""))
    print(f"{passed} passed, {failed + broken} failed")
    return EXIT_FINDINGS if failed or broken else EXIT_OK


def _write_junit(path: str, suites: list[tuple[str, list[Any], str | None]]) -> None:
    from xml.etree import ElementTree as ET

    root = ET.Element("testsuites", name="plazo test")
    for file, checks, error in suites:
        suite = ET.SubElement(root, "testsuite", name=file, tests=str(len(checks) or 1),
                              failures=str(sum(not c.ok for c in checks)), errors="1" if error else "0")
        if error:
            case = ET.SubElement(suite, "testcase", classname=file, name="scenario")
            ET.SubElement(case, "error", message="the scenario could not run").text = error
        for c in checks:
            case = ET.SubElement(suite, "testcase", classname=file, name=f"line {c.line}: {c.what}")
            if not c.ok:
                ET.SubElement(case, "failure", message=f"expected {c.expected}, got {c.got}").text = c.render()
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _ticket_command(commands: Any, name: str, help: str, what: str = "TICKET.json") -> argparse.ArgumentParser:
    """A command on one policy and one ticket, as of an instant."""
    command: argparse.ArgumentParser = commands.add_parser(name, help=help)
    command.add_argument("policy", metavar="POLICY")
    command.add_argument("ticket", metavar=what)
    command.add_argument("--at", help="the instant to look at (default: the ticket's last event); "
                                      "local times are read in the policy's time zone")
    return command


def cmd_render(args: argparse.Namespace) -> int:
    from plazo.interpreter.present.document import document, render_markdown
    from plazo.interpreter.present.document_html import render_html

    policy = _policy_or_report(args.policy)
    if policy is None:
        return EXIT_FINDINGS
    year = args.year if args.year is not None else datetime.now(policy.tz).year
    doc = document(policy, year, args.language)
    text = render_markdown(doc) if args.format == "md" else render_html(doc)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _history_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--by", metavar="FIELD", help="a history: group the summary by this field "
                                                      "(default: a derived field, else priority or severity)")
    command.add_argument("--rejects", metavar="FILE", help="a history: write every rejected ticket (JSON Lines: "
                                                           "line, ticket, reason, text)")
    command.add_argument("--jobs", type=int, metavar="N", help="a history: worker processes (default: one per core)")


def _compare(args: argparse.Namespace) -> int:
    from plazo.interpreter.cli.history import cmd_compare

    return cmd_compare(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plazo", description="Check, format, explain and simulate service-level policies."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="report every problem in policy files")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--json", dest="format", action="store_const", const="json", help="same as --format json")
    check.add_argument("--max-errors", type=int, default=0, metavar="N", help="show at most N diagnostics per file")
    check.set_defaults(run=cmd_check)
    fmt = commands.add_parser("fmt", help="rewrite policy files in the canonical layout (comments kept)")
    fmt.add_argument("files", nargs="+", metavar="FILE")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not formatted")
    fmt.add_argument("--diff", action="store_true", help="change nothing; print what would change")
    fmt.set_defaults(run=cmd_fmt)
    ev = _ticket_command(commands, "evaluate", "evaluate one ticket (.json) or a history (.jsonl, .csv)",
                         "TICKET.json|HISTORY")
    ev.add_argument("--json", action="store_true", help="print the JSON form of the result (of a history: its summary)")
    _history_options(ev)
    ev.add_argument("--out", metavar="FILE", help="a history: write one result per ticket (.jsonl or .csv)")
    ev.set_defaults(run=cmd_evaluate)
    co = commands.add_parser("compare", help="what-if: two versions of a policy on the same history")
    co.add_argument("old", metavar="OLD")
    co.add_argument("new", metavar="NEW")
    co.add_argument("history", metavar="HISTORY", help="a .jsonl (one ticket per line) or .csv (one row per event)")
    co.add_argument("--at", help="evaluate every ticket as of this instant (default: each ticket's last event)")
    co.add_argument("--json", action="store_true", help="print the comparison as JSON")
    _history_options(co)
    co.add_argument("--out", metavar="FILE", help="write every changed target outcome (JSON Lines)")
    co.set_defaults(run=_compare)
    ex = _ticket_command(commands, "explain", "why each deadline of a ticket falls where it does")
    ex.add_argument("--target", metavar="NAME", help="explain only this target")
    ex.add_argument("--language", choices=("es", "en"), help="default: the policy's language")
    ex.add_argument("--json", action="store_true", help="print the facts as JSON")
    ex.set_defaults(run=cmd_explain)
    re_ = commands.add_parser("render", help="the policy as the document a provider publishes (Markdown or HTML)")
    re_.add_argument("policy", metavar="POLICY")
    re_.add_argument("--format", choices=("md", "html"), default="md")
    re_.add_argument("--year", type=int, help="the year whose holidays are listed (default: this year)")
    re_.add_argument("--language", choices=("es", "en"), help="default: the policy's language")
    re_.add_argument("--out", metavar="FILE", help="write to FILE instead of the standard output")
    re_.set_defaults(run=cmd_render)
    si = commands.add_parser("simulate", help="a scenario's timeline: events and the milestones they cause")
    si.add_argument("scenario", metavar="SCENARIO")
    si.add_argument("--ticket", metavar="ID", help="the ticket to show (default: the scenario's first)")
    si.add_argument("--until", help="show the state as of this instant (default: the last event or expectation)")
    si.add_argument("--json", action="store_true", help="print the timeline as JSON")
    si.add_argument("--html", metavar="OUT", help="write a self-contained HTML page with an SVG timeline")
    si.set_defaults(run=cmd_simulate)
    te = commands.add_parser("test", help="run the expectations of scenario files")
    te.add_argument("paths", nargs="*", default=["examples"], metavar="PATH",
                    help="scenario files, or directories searched for *.scenario (default: examples)")
    te.add_argument("--junit-xml", metavar="FILE", help="also write the results as JUnit XML")
    te.set_defaults(run=cmd_test)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help is 0, bad arguments 2
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return int(args.run(args))
    except PlazoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `plazo ... | head`: the reader has all it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (nothing more may reach the closed pipe)
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
