"""``plazo check FILE...``: every problem in policy files, as text or JSON."""

import argparse
import json

from plazo.dsl.loader import check_text
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.files import Commands, readable


def add_command(commands: Commands) -> None:
    command = commands.add_parser("check", help="report every problem in policy files")
    command.add_argument("files", nargs="+", metavar="FILE")
    command.add_argument("--format", choices=("text", "json"), default="text")
    command.add_argument("--json", dest="format", action="store_const", const="json", help="same as --format json")
    command.add_argument("--max-errors", type=int, default=0, metavar="N", help="show at most N diagnostics per file")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    results = []
    texts, status = readable(args.files)
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
            warnings = len(diagnostics) - len(errors)
            summary = f"{len(errors)} error(s), {warnings} warning(s)" if diagnostics else "ok"
            print(f"{path}: {summary}")
        if errors and status == ExitCode.OK:
            status = ExitCode.FINDINGS
    if args.format == "json":
        print(json.dumps({"files": results}, ensure_ascii=False, indent=2))
    return status
