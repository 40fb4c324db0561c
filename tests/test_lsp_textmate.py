"""The TextMate grammars of editors/vscode, run by the tokenizer VS Code uses
(vscode-textmate with vscode-oniguruma, from npm, under node: tests/textmate/).

Every token of the five policies and of every example scenario gets a scope, and the
scope agrees with what plazo's own lexer says the token is: each token the LALR parser
reads (a keyword, a name, a duration's number and unit, a time, a date, a quoted text,
an operator) is checked at its place against the scope the editor would colour it with,
and so is every comment.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from lark import Lark, Token

from plazo.dsl.scenario.parser import STATUSES, scenario_parser
from plazo.dsl.syntax.parser import keywords, parser
from plazo.dsl.syntax.strings import COMMENT_PATTERN, STRING_PATTERN

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests" / "textmate"
SYNTAXES = ROOT / "editors" / "vscode" / "syntaxes"
POLICIES = sorted((ROOT / "policies").glob("*.plazo"))
SCENARIOS = sorted((ROOT / "examples").rglob("*.scenario"))

pytestmark = pytest.mark.skipif(shutil.which("node") is None or shutil.which("npm") is None,
                                reason="node and npm are needed to run VS Code's TextMate tokenizer")

Scoped = dict[tuple[int, int], tuple[str, list[str]]]  # (line, column) -> (text, scopes) of each token


@cache
def tokenized(grammar: str, scope: str, files: tuple[Path, ...]) -> dict[str, Scoped]:
    if not (HARNESS / "node_modules" / "vscode-textmate").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HARNESS, check=True, capture_output=True,
                       timeout=300)
    result = subprocess.run(["node", "tokenize.js", str(SYNTAXES / grammar), scope, *map(str, files)],
                            cwd=HARNESS, check=True, capture_output=True, text=True, timeout=120)
    out: dict[str, Scoped] = {}
    for file, tokens in json.loads(result.stdout).items():
        out[file] = {}
        for line, start, end, text, scopes in tokens:
            for column in range(start, end):
                out[file][(line, column)] = (text, scopes)
    return out


def lark_tokens(lark: Lark, text: str) -> list[Token]:
    interactive = lark.parse_interactive(text)
    return list(interactive.iter_parse())


def expected_scopes(lark: Lark, token: Token) -> tuple[str, ...]:
    """The scopes a token of that type may have (the grammar keeps NAME and keywords apart
    by context; a highlighter sees a word, so a name spelled like a keyword may be one)."""
    kind, value = token.type, str(token)
    if kind == "NAME":
        extra = ("keyword",) if value in keywords() or value in ("scenario", "ticket", "expect") else ()
        status = ("constant.language.status",) if value in STATUSES else ()
        return ("variable.other.name", "entity.name", *extra, *status)
    fixed = {
        "STRING": ("string.quoted.double",), "DATE": ("constant.numeric.date",),
        "TIME": ("constant.numeric.time",), "PERCENT": ("constant.numeric.percent",),
        "NUMBER": ("constant.numeric",), "INT": ("constant.numeric",), "INSTANT": ("constant.numeric.instant",),
        "UNIT_WORD": ("keyword.other.unit",), "BUSINESS": ("keyword.other.unit.business",),
        "COMPARE": ("keyword.operator",), "EQUAL": ("keyword.operator",), "MINUS": ("keyword.operator",),
        "PLUS": ("keyword.operator",),
    }
    if kind in fixed:
        return fixed[kind]
    if re.fullmatch(r"[a-z_]+", value):  # `breached` ends an expectation as a status does
        return ("keyword", "constant.language.status") if value in STATUSES else ("keyword",)
    return ("punctuation",)


def check(files: list[Path], grammar: str, scope: str, lark: Lark) -> int:
    scoped = tokenized(grammar, scope, tuple(files))
    checked = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        places = scoped[str(path)]
        lines = text.split("\n")
        for (line, column), (token_text, scopes) in places.items():
            if token_text.strip():
                assert len(scopes) > 1, f"{path.name}:{line + 1}:{column + 1}: {token_text!r} has no scope"
        for token in lark_tokens(lark, text):
            if token.type == "_NL":
                continue
            line, column = (token.line or 1) - 1, (token.column or 1) - 1
            _, scopes = places[(line, column)]
            wanted = expected_scopes(lark, token)
            assert any(s.startswith(w) for s in scopes[1:] for w in wanted), (
                f"{path.name}:{line + 1}:{column + 1}: {token.type} {str(token)!r} is {scopes[1:]}, wanted {wanted}")
            checked += 1
        for number, line_text in enumerate(lines):
            for match in re.finditer(f"{STRING_PATTERN}|{COMMENT_PATTERN}", line_text):
                if match.group(0).startswith("#"):
                    assert places[(number, match.start())][1][-1].startswith("comment."), f"{path.name}:{number + 1}"
                    checked += 1
    return checked


def test_policies_are_highlighted_as_the_parser_reads_them() -> None:
    assert check(POLICIES, "plazo.tmLanguage.json", "source.plazo", parser()) > 1900  # tokens and comments checked


def test_scenarios_are_highlighted_as_the_parser_reads_them() -> None:
    assert check(SCENARIOS, "plazo-scenario.tmLanguage.json", "source.plazo-scenario", scenario_parser()) > 1000


def test_a_duration_a_time_a_date_and_a_name_get_their_scopes() -> None:
    aldeamo = ROOT / "policies" / "aldeamo.plazo"
    places = tokenized("plazo.tmLanguage.json", "source.plazo", tuple(POLICIES))[str(aldeamo)]
    lines = aldeamo.read_text(encoding="utf-8").split("\n")

    def scope_at(needle: str, word: str) -> str:
        line = next(i for i, text in enumerate(lines) if needle in text)
        return places[(line, lines[line].index(needle) + needle.index(word))][1][-1]

    assert scope_at("2 business hours on soporte", "2") == "constant.numeric.duration.plazo"
    assert scope_at("2 business hours on soporte", "business") == "keyword.other.unit.business.plazo"
    assert scope_at("2 business hours on soporte", "hours") == "keyword.other.unit.plazo"
    assert scope_at("2 business hours on soporte", "soporte") == "variable.other.name.plazo"
    assert scope_at("mon-fri 08:00-18:00", "08:00") == "constant.numeric.time.plazo"
    assert scope_at("calendar soporte", "soporte") == "entity.name.plazo"
    assert scope_at("timezone America/Bogota", "timezone") == "keyword.control.plazo"
