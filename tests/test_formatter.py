"""The formatter: golden layouts, round trips on random ASTs, comments kept, `plazo fmt`."""

from __future__ import annotations

from pathlib import Path

import pytest
from ast_strategies import policies
from examples_budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from plazo.dsl.format.formatter import format_policy
from plazo.dsl.syntax.parser import parse
from plazo.interpreter.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = sorted((ROOT / "tests" / "golden" / "fmt").glob("*.plazo"))
REAL = [*sorted((ROOT / "policies").glob("*.plazo")), ROOT / "tests" / "fixtures" / "complete.plazo"]


def reformat(text: str, filename: str = "<test>") -> str:
    policy, diagnostics = parse(text, filename)
    assert policy is not None and not [d for d in diagnostics if d.code == "syntax"], diagnostics
    return format_policy(policy, text)


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_golden_layout(path: Path) -> None:
    expected = path.with_suffix(".formatted").read_text(encoding="utf-8")
    assert reformat(path.read_text(encoding="utf-8")) == expected
    assert reformat(expected) == expected


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_files_keep_their_meaning_and_comments(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    before, _ = parse(text, path.name)
    formatted = reformat(text)
    after, _ = parse(formatted, path.name)
    assert after == before
    assert [c.text for c in after.comments] == [c.text for c in before.comments]
    assert reformat(formatted) == formatted


def test_bundled_policies_are_formatted() -> None:
    for path in sorted((ROOT / "policies").glob("*.plazo")):
        text = path.read_text(encoding="utf-8")
        assert reformat(text) == text, f"run: plazo fmt {path.relative_to(ROOT)}"


@settings(max_examples=examples(400), deadline=None)
@given(policies)
def test_random_ast_round_trip(policy) -> None:
    text = format_policy(policy)
    parsed, diagnostics = parse(text, "<random>")
    assert not [d for d in diagnostics if d.code == "syntax"], (text, diagnostics)
    assert parsed == policy, text
    assert format_policy(parsed, text) == text


comment_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12)


@settings(max_examples=examples(300), deadline=None)
@given(policies, st.data())
def test_comments_survive(policy, data) -> None:
    lines = format_policy(policy).split("\n")[:-1]
    commented: list[str] = []
    inserted: list[str] = []
    for i, line in enumerate(lines):
        if data.draw(st.booleans(), label=f"own-line comment before line {i}"):
            text = f"# <c{len(inserted)}> " + data.draw(comment_texts)
            commented.append(text)
            inserted.append(text.rstrip())
        if line.strip() and data.draw(st.booleans(), label=f"trailing comment on line {i}"):
            text = f"# <t{len(inserted)}> " + data.draw(comment_texts)
            line = f"{line}   {text}"
            inserted.append(text.rstrip())
        commented.append(line)
    source = "\n".join(commented) + "\n"
    parsed, _ = parse(source, "<commented>")
    assert parsed == policy
    once = format_policy(parsed, source)
    for text in inserted:
        assert once.count(text) == 1, (text, once)
    again, _ = parse(once, "<once>")
    assert again == policy
    assert format_policy(again, once) == once


def test_fmt_rewrites_in_place_and_check_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = (ROOT / "tests" / "golden" / "fmt" / "layout.plazo").read_text(encoding="utf-8")
    expected = (ROOT / "tests" / "golden" / "fmt" / "layout.formatted").read_text(encoding="utf-8")
    path = tmp_path / "p.plazo"
    path.write_text(source, encoding="utf-8")
    assert main(["fmt", "--check", str(path)]) == 1
    assert "would be reformatted" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == source
    assert main(["fmt", "--diff", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"--- {path}") and "+calendar b {" in out
    assert path.read_text(encoding="utf-8") == source
    assert main(["fmt", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == expected
    assert main(["fmt", "--check", str(path)]) == 0


def test_fmt_refuses_a_file_with_syntax_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.plazo"
    source = "policy p\ntarget t {\n  when a = b 10 minutes\n}\nstatus  s\n"
    path.write_text(source, encoding="utf-8")
    assert main(["fmt", str(path)]) == 1
    err = capsys.readouterr().err
    assert "bad.plazo:3:14: error[syntax]" in err and "fix the syntax errors first" in err
    assert path.read_text(encoding="utf-8") == source  # recovery dropped the target: never write that


def test_fmt_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", str(tmp_path / "missing.plazo")]) == 2
    assert "cannot read" in capsys.readouterr().err
