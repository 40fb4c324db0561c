"""The shape of the command line: one module per command, each registering its parser
and returning an ExitCode; `--version`; the package entry points; and the code rules
of interpreter/cli (no `Any` in a signature, no other module's private names)."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import plazo.interpreter.cli
from plazo.interpreter.cli import (
    calendar,
    check,
    compare,
    evaluate,
    explain,
    fmt,
    history,
    import_,
    lsp,
    render,
    report,
    serve,
    simulate,
    test,
)
from plazo.interpreter.cli.exits import ExitCode
from plazo.interpreter.cli.main import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {"check": check, "fmt": fmt, "evaluate": evaluate, "compare": compare, "report": report, "explain": explain,
            "render": render, "calendar": calendar, "simulate": simulate, "test": test, "import": import_, "lsp": lsp,
            "serve": serve}
CLI_SOURCES = [*sorted((ROOT / "interpreter" / "cli").glob("*.py")),
               ROOT / "interpreter" / "present" / "result_text.py"]


def test_exit_codes() -> None:
    assert [(c.name, int(c)) for c in ExitCode] == [("OK", 0), ("FINDINGS", 1), ("BAD_INPUT", 2)]


def test_each_command_is_a_module_with_its_parser_and_handler() -> None:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    assert list(commands.choices) == list(COMMANDS)  # type: ignore[arg-type]  # the order --help lists them in
    for name, module in COMMANDS.items():
        assert callable(module.add_command)
        sub = commands.choices[name]  # type: ignore[index]
        assert sub.get_default("run") is module.run, name
    assert callable(history.run)  # evaluate hands a history to it


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"plazo {version('plazo')}\n"


def test_no_command_prints_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith("usage: plazo [-h] [--version] COMMAND ...")
    for name in COMMANDS:
        assert f"    {name} " in out


def test_bad_arguments_and_bad_input_are_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate"]) == ExitCode.BAD_INPUT
    assert main(["test", str(tmp_path)]) == ExitCode.BAD_INPUT
    assert capsys.readouterr().err.endswith(f"error: no .scenario files under {tmp_path}\n")


def test_the_package_entry_points() -> None:
    assert plazo.interpreter.cli.main is main
    result = subprocess.run([sys.executable, "-m", "plazo.interpreter.cli", "--version"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == f"plazo {version('plazo')}\n", result.stderr


def _signatures(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, annotation text) of every parameter and return annotation."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs,
                         *(a for a in (node.args.vararg, node.args.kwarg) if a is not None)]
            found += [(a.lineno, ast.unparse(a.annotation)) for a in arguments if a.annotation is not None]
            if node.returns is not None:
                found.append((node.lineno, ast.unparse(node.returns)))
    return found


@pytest.mark.parametrize("path", CLI_SOURCES, ids=lambda p: p.name)
def test_no_any_in_a_signature_and_no_private_import(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for line, annotation in _signatures(tree):
        assert "Any" not in {n.id for n in ast.walk(ast.parse(annotation)) if isinstance(n, ast.Name)}, \
            f"{path.name}:{line}: {annotation}"
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("plazo."):
            private = [a.name for a in node.names if a.name.startswith("_")]
            assert not private, f"{path.name}:{node.lineno}: imports {private} from {node.module}"
