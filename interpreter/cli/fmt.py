"""``plazo fmt FILE...``: policy files in the canonical layout, comments kept; with
``--check`` or ``--diff`` nothing is changed."""

import argparse
import difflib
import sys

from plazo.dsl.format.formatter import format_policy
from plazo.dsl.syntax.parser import parse
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.files import Commands, readable
from plazo.interpreter.cli.outputs import write_whole


def add_command(commands: Commands) -> None:
    command = commands.add_parser("fmt", help="rewrite policy files in the canonical layout (comments kept)")
    command.add_argument("files", nargs="+", metavar="FILE")
    command.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not formatted")
    command.add_argument("--diff", action="store_true", help="change nothing; print what would change")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    changed = 0
    texts, status = readable(args.files)
    for path, text in texts:
        policy, diagnostics = parse(text, path)
        errors = [d for d in diagnostics if d.severity == "error"]
        if policy is None or errors:
            # never rewrite a file the parser could only partly read: recovery dropped items
            for d in errors:
                print(d.render(text), end="\n\n", file=sys.stderr)
            print(f"{path}: not formatted: fix the syntax errors first", file=sys.stderr)
            status = max(status, ExitCode.FINDINGS)
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
            status = max(status, ExitCode.FINDINGS)
        elif not args.diff:
            write_whole(path, formatted, newline="\n")
            print(f"{path}: reformatted")
    if not args.diff:
        verb = "would be reformatted" if args.check else "reformatted"
        print(f"{len(args.files)} file(s): {changed} {verb}", file=sys.stderr)
    return status
