"""``plazo test [PATH...]``: run the expectations of scenario files; ``--junit-xml``
also writes the results for a CI server."""

import argparse
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias
from xml.etree import ElementTree

from plazo.dsl.errors import PlazoError
from plazo.dsl.visible import visible
from plazo.interpreter.cli.args import Commands
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.outputs import refuse_overwriting, write_whole
from plazo.interpreter.errors import ScenarioError
from plazo.interpreter.simulate import Check, discover, load_scenario
from plazo.interpreter.simulate import run as run_scenario

Suite: TypeAlias = tuple[str, Sequence[Check], str | None]  # a file, its checks, why it could not run (None: it ran)
# characters XML 1.0 cannot hold at all, not even escaped: a value of a scenario may carry them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def add_command(commands: Commands) -> None:
    command = commands.add_parser("test", help="run the expectations of scenario files")
    command.add_argument("paths", nargs="*", default=["examples"], metavar="PATH",
                         help="scenario files, or directories searched for *.scenario (default: examples)")
    command.add_argument("--junit-xml", metavar="FILE", help="also write the results as JUnit XML")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    missing = [path for path in args.paths if not Path(path).exists()]
    if missing:
        raise PlazoError(f"no such file or folder: {', '.join(missing)}")
    files = list(discover(args.paths))
    if not files:
        raise PlazoError(f"no .scenario files under {', '.join(args.paths)}")
    passed = failed = broken = 0
    suites: list[Suite] = []
    for path in files:
        try:
            checks = run_scenario(load_scenario(path))
        except ScenarioError as exc:
            print(exc.render(), end="\n\n")
            broken += 1
            suites.append((str(path), [], exc.render()))
            continue
        except PlazoError as exc:  # the policy itself does not compile, or a file cannot be read
            print(visible(f"{path}: {exc}"), end="\n\n")
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
        refuse_overwriting({"--junit-xml": args.junit_xml}, [str(f) for f in files])
        write_junit(args.junit_xml, suites)
    scenarios = len(files) - broken
    print(f"{scenarios} scenario(s) in {len(files)} file(s)" + (f", {broken} could not run" if broken else ""))
    print(f"{passed} passed, {failed + broken} failed")
    return ExitCode.FINDINGS if failed or broken else ExitCode.OK


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
