"""Golden files: each tests/golden/check/x.plazo with its exact diagnostics in x.errors.

The .errors files were written from reviewed output: each case targets one
checker pass or one friendly syntax message, and its expected diagnostic was
read against the case by hand. To update after a deliberate change:
``UPDATE_GOLDEN=1 pytest tests/test_golden_check.py`` and review the diff.

Every diagnostic code the dsl sources can emit must have a golden case; the
codes are read from the sources, so a new code without a case fails here.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest
from golden_check import rendered

import plazo.dsl

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted((GOLDEN / "check").glob("*.plazo"))

# Codes with no golden case, and why.
NO_GOLDEN: dict[str, str] = {
    "too-large": "needs a file over 2 MB; tests/test_parser_robustness.py checks it",
    "binary": "needs a NUL byte in a text file; tests/test_parser_robustness.py checks it",
}


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_check_golden(case: Path) -> None:
    expected_file = case.with_suffix(".errors")
    got = rendered(case)
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(got, encoding="utf-8")
    assert got == expected_file.read_text(encoding="utf-8")
    assert got.strip(), "every golden case reports something"


def test_complete_fixture_has_no_errors() -> None:
    text = rendered(Path(__file__).parent / "fixtures" / "complete.plazo")
    assert "error[" not in text


# ---------------------------------------------------------------------------- every code has a case

CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
RENDERED_CODE = re.compile(r"^\S+:\d+:\d+: (?:error|warning)\[([a-z0-9-]+)\]:", re.M)


def _dsl_sources() -> list[Path]:
    """Every .py file of the dsl package, in subfolders too."""
    return sorted({path for root in plazo.dsl.__path__ for path in Path(root).rglob("*.py")})


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[list[str], list[str]]:
    """(positional parameters without self/cls, every parameter)."""
    positional = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    if positional and positional[0] in ("self", "cls"):
        positional = positional[1:]
    return positional, positional + [a.arg for a in fn.args.kwonlyargs]


def _code_argument(call: ast.Call, maker: tuple[str, int]) -> ast.expr | None:
    name, index = maker
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    before = call.args[: index + 1]
    if len(call.args) > index and not any(isinstance(a, ast.Starred) for a in before):
        return call.args[index]
    return None


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _calls_in(fn: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(fn) if isinstance(n, ast.Call)]


def emitted_codes() -> tuple[dict[str, set[str]], list[str]]:
    """Each code the dsl sources create a diagnostic with -> the files that do; and the
    places whose code could not be read (a variable, an f-string ...).

    A diagnostic is made by ``Diagnostic(code, ...)`` or by a helper that passes one of
    its own parameters on as the code (``error(code, ...)``, ``warning``,
    ``AstBuilder.error`` ...); the helpers are found from the sources, not listed here.
    """
    base = Path(plazo.dsl.__path__[0]).parent
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in _dsl_sources()}
    makers: dict[str, tuple[str, int]] = {"Diagnostic": ("code", 0)}
    forwarding: set[ast.AST] = set()  # calls inside a helper that pass its parameter on
    changed = True
    while changed:
        changed = False
        for tree in trees.values():
            for fn in _functions(tree):
                positional, every = _params(fn)
                for call in _calls_in(fn):
                    maker = makers.get(_callee(call) or "")
                    argument = _code_argument(call, maker) if maker else None
                    if isinstance(argument, ast.Name) and argument.id in every:
                        forwarding.add(call)
                        index = positional.index(argument.id) if argument.id in positional else 1_000
                        if makers.get(fn.name) != (argument.id, index):
                            makers[fn.name] = (argument.id, index)
                            changed = True
    codes: dict[str, set[str]] = {}
    unreadable: list[str] = []
    for path, tree in trees.items():
        where = path.relative_to(base).as_posix()
        for call in _calls_in(tree):
            if call in forwarding:
                continue
            maker = makers.get(_callee(call) or "")
            argument = _code_argument(call, maker) if maker else next(
                (k.value for k in call.keywords if k.arg == "code"), None)  # e.g. evolve(d, code="...")
            if maker is None and argument is None:
                continue
            options = [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]
            for option in options:
                if isinstance(option, ast.Constant) and isinstance(option.value, str) and CODE.fullmatch(option.value):
                    codes.setdefault(option.value, set()).add(where)
                else:
                    unreadable.append(f"{where}:{call.lineno}")
    return codes, unreadable


def golden_codes(kind: str) -> set[str]:
    found: set[str] = set()
    for path in (GOLDEN / kind).glob("*.errors"):
        found |= set(RENDERED_CODE.findall(path.read_text(encoding="utf-8")))
    return found


def _scenario_only(files: set[str]) -> bool:
    """Emitted only by the scenario reader (dsl/scenario/)."""
    return all(any("scenario" in part for part in Path(f).parts) for f in files)


def test_the_code_scan_finds_every_code() -> None:
    codes, unreadable = emitted_codes()
    assert unreadable == [], (
        "diagnostics whose code is not a literal string, so the golden coverage test cannot see it; "
        "write the code as a literal (a helper that passes its own parameter on is fine)"
    )
    assert len(codes) >= 40, sorted(codes)
    known = {"syntax", "unknown-calendar", "time-format", "matrix-shape", "overlap", "unused", "too-deep",
             "unknown-rule"}
    assert known <= set(codes), known - set(codes)


def test_every_code_has_a_golden_case() -> None:
    codes, _ = emitted_codes()
    in_check, in_scenario = golden_codes("check"), golden_codes("scenario")
    missing = sorted(
        f"{code} (emitted in {', '.join(sorted(files))})"
        for code, files in codes.items()
        if code not in in_check and code not in NO_GOLDEN
        # a code only scenario files can get may have its case in tests/golden/scenario/
        and not (_scenario_only(files) and code in in_scenario)
    )
    assert missing == [], (
        "diagnostic codes with no golden case: add NAME.plazo and NAME.errors to tests/golden/check/ "
        "for each of:\n  " + "\n  ".join(missing)
    )
    assert sorted(set(NO_GOLDEN) - set(codes)) == [], "NO_GOLDEN names codes that are no longer emitted"
