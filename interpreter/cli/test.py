"""``plazo test [PATH...]``: run the expectations of scenario files; ``--junit-xml``
also writes the results for a CI server."""

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeAlias
from xml.etree import ElementTree

from plazo.dsl.errors import PlazoError
from plazo.dsl.visible import visible
from plazo.interpreter.cli.args import Commands, counting_number
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.outputs import refuse_overwriting, write_whole
from plazo.interpreter.errors import ScenarioError
from plazo.interpreter.policy import Policy
from plazo.interpreter.present.annotated_source import AnnotatedFile, LineMark, line_state, render_annotated
from plazo.interpreter.simulate import Check, discover, load_scenario, shown_path
from plazo.interpreter.simulate import run as run_scenario
from plazo.interpreter.simulate.coverage import (
    HEADLINE,
    PartCoverage,
    PolicyCoverage,
    Recorder,
    render_text,
    total_percent,
)
from plazo.interpreter.simulate.explore import explore

Suite: TypeAlias = tuple[str, Sequence[Check], str | None]  # a file, its checks, why it could not run (None: it ran)
# characters XML 1.0 cannot hold at all, not even escaped: a value of a scenario may carry them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def add_command(commands: Commands) -> None:
    command = commands.add_parser("test", help="run the expectations of scenario files")
    command.add_argument("paths", nargs="*", default=["examples"], metavar="PATH",
                         help="scenario files, or directories searched for *.scenario (default: examples)")
    command.add_argument("--junit-xml", metavar="FILE", help="also write the results as JUnit XML")
    command.add_argument("--coverage", action="store_true",
                         help="report which clauses, matrix cells, levels, rules, channels, closures and "
                              "maintenance rules of each policy the expectations exercised")
    command.add_argument("--format", choices=("text", "json", "html"), default="text",
                         help="the coverage report: text (default), json (stdout is one JSON document), "
                              "html (the policies' source annotated line by line; needs --out)")
    command.add_argument("--out", metavar="FILE", help="write the coverage report to FILE")
    command.add_argument("--explore", action="store_true",
                         help="also explore the boundaries of every target and clause of the scenarios' policies "
                              "(stops a minute before, at and after due; DST changes; weekends) and check the "
                              "invariants every policy keeps")
    command.add_argument("--seed", type=int, default=0, metavar="S", help="the seed of --explore (default 0)")
    command.add_argument("--examples", type=counting_number, default=20, metavar="N",
                         help="start instants per target and clause for --explore (default 20)")
    command.add_argument("--fail-under", type=float, metavar="N",
                         help="exit 1 when less than N %% of the clauses and matrix cells are exercised")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    if (args.format != "text" or args.out or args.fail_under is not None) and not args.coverage:
        raise PlazoError("--format, --out and --fail-under go with --coverage")
    if args.format == "html" and not args.out:
        raise PlazoError("--format html writes a page: give --out FILE")
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise PlazoError(f"--fail-under is a percentage from 0 to 100, not {args.fail_under:g}")
    machine = args.coverage and args.format == "json" and not args.out
    missing = [path for path in args.paths if not Path(path).exists()]
    if missing:
        raise PlazoError(f"no such file or folder: {', '.join(missing)}")
    files = list(discover(args.paths))
    if not files:
        raise PlazoError(f"no .scenario files under {', '.join(args.paths)}")
    passed = failed = broken = 0
    suites: list[Suite] = []
    recorder = Recorder() if args.coverage else None
    say = partial(print, file=sys.stderr) if machine else print  # stdout holds the JSON document alone
    explored: dict[Path, Policy] = {}
    for path in files:
        try:
            loaded = load_scenario(path)
            explored.setdefault(loaded.policy_path, loaded.policy)
            checks = run_scenario(loaded, recorder)
        except ScenarioError as exc:
            say(exc.render(), end="\n\n")
            broken += 1
            suites.append((str(path), [], exc.render()))
            continue
        except PlazoError as exc:  # the policy itself does not compile, or a file cannot be read
            say(visible(f"{path}: {exc}"), end="\n\n")
            broken += 1
            suites.append((str(path), [], str(exc)))
            continue
        for c in checks:
            if c.ok:
                passed += 1
            else:
                failed += 1
                say(c.render())
        suites.append((str(path), checks, None))
    outputs = {name: value for name, value in (("--junit-xml", args.junit_xml), ("--out", args.out)) if value}
    refuse_overwriting(outputs, [str(f) for f in files])
    if args.junit_xml:
        write_junit(args.junit_xml, suites)
    scenarios = len(files) - broken
    say(f"{scenarios} scenario(s) in {len(files)} file(s)" + (f", {broken} could not run" if broken else ""))
    say(f"{passed} passed, {failed + broken} failed")
    findings = explore_policies(explored, args.seed, args.examples, say) if args.explore else 0
    below = False
    if recorder is not None:
        results = recorder.results()
        report_coverage(results, args.format, args.out, passed, failed + broken)
        total = total_percent(results)
        below = args.fail_under is not None and total < args.fail_under
        if below:
            print(f"coverage {total:.1f} % is under --fail-under {args.fail_under:g} %", file=sys.stderr)
    return ExitCode.FINDINGS if failed or broken or below or findings else ExitCode.OK


def explore_policies(policies: dict[Path, Policy], seed: int, examples: int, say: Callable[..., None]) -> int:
    """Explore each policy's boundaries; print every broken invariant with its scenario."""
    count = 0
    for path, policy in policies.items():
        shown = shown_path(path)
        findings = explore(policy, shown, seed, examples)
        for f in findings:
            say(visible(f"{shown}: {f.target}: invariant broken: {f.invariant}: {f.message}"))
            say(f.scenario)
        count += len(findings)
        say(f"explored {shown} (seed {seed}, {examples} example(s) per target and clause): "
            f"{len(findings)} invariant(s) broken")
    return count


def report_coverage(results: list[PolicyCoverage], form: str, out: str | None, passed: int, failed: int) -> None:
    """The coverage report in ``form``, on stdout or in ``out``."""
    if form == "html":
        text = render_annotated("plazo test --coverage", [annotated(r) for r in results])
    elif form == "json":
        text = json.dumps({"passed": passed, "failed": failed, "percent": round(total_percent(results), 2),
                           "policies": [r.to_dict() for r in results]}, ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_text(results)
    if out:
        write_whole(out, text)
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write("".join(visible(line) + "\n" for line in text.splitlines()) if form == "text" else text)


def annotated(r: PolicyCoverage) -> AnnotatedFile:
    """A policy's coverage as marks on its lines."""
    by_line: dict[int, list[PartCoverage]] = {}
    for p in r.parts:
        by_line.setdefault(p.part.line, []).append(p)
    marks = {line: LineMark(line_state(sum(p.covered for p in parts), len(parts)), tuple(
        p.part.text + (f" — {p.hits[0].file}:{p.hits[0].line}" + (f" (+{len(p.hits) - 1})" if len(p.hits) > 1 else "")
                       if p.hits else " — never exercised") for p in parts)) for line, parts in by_line.items()}
    head = r.of_kind(HEADLINE)
    summary = f"clauses and matrix cells: {sum(p.covered for p in head)}/{len(head)} ({r.percent():.1f} %)"
    return AnnotatedFile(r.path, r.source, summary, marks)


def write_junit(path: str, suites: Sequence[Suite]) -> None:
    """The results as JUnit XML: a test suite per file, a test case per check (a file
    that could not run: one case with an error)."""
    root = ElementTree.Element("testsuites", name="plazo test")
    for file, checks, error in suites:
        suite = ElementTree.SubElement(root, "testsuite", name=file, tests=str(len(checks) or 1),
                                       failures=str(sum(not c.ok for c in checks)), errors="1" if error else "0")
        if error:
            case = ElementTree.SubElement(suite, "testcase", classname=file, name="scenario")
            ElementTree.SubElement(case, "error", message="the scenario could not run").text = error
        for c in checks:
            case = ElementTree.SubElement(suite, "testcase", classname=file, name=f"line {c.line}: {c.what}")
            if not c.ok:
                ElementTree.SubElement(case, "failure", message=f"expected {c.expected}, got {c.got}").text = c.render()
    text = _NOT_XML.sub(_visible, ElementTree.tostring(root, encoding="unicode"))
    write_whole(path, "<?xml version='1.0' encoding='utf-8'?>\n" + text)


def _visible(found: re.Match[str]) -> str:
    """A character XML cannot hold, written as Python would escape it (``\\x1b``)."""
    return ascii(found.group())[1:-1]
