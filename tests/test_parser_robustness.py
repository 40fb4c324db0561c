"""The parser only ever answers with plazo diagnostics: fuzzing, huge and odd inputs."""

from __future__ import annotations

import re
from pathlib import Path

from examples_budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark

from plazo.dsl.diagnostics import Diagnostic
from plazo.dsl.loader import check_text
from plazo.dsl.scenario.parser import parse_scenario
from plazo.dsl.syntax.strings import STRING_PATTERN, quote, unquote
from plazo.grammar import grammar_text

SAMPLE = (Path(__file__).parent / "fixtures" / "complete.plazo").read_text(encoding="utf-8")
TOKENS = re.findall(r'"[^"\n]*"|\S+', SAMPLE)


def only_diagnostics(text: str) -> list[Diagnostic]:
    policy, diagnostics = check_text(text, "fuzz.plazo")
    assert all(isinstance(d, Diagnostic) for d in diagnostics)
    if policy is None:
        assert diagnostics, "no AST must come with a reason"
    return diagnostics


def test_grammar_builds_in_strict_mode() -> None:
    # strict: no shift/reduce conflicts and no terminal collisions
    Lark(grammar_text("plazo"), parser="lalr", strict=True)


@settings(max_examples=examples(800))
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    only_diagnostics(data.decode("utf-8", "replace"))


@settings(max_examples=examples(800))
@given(st.text(max_size=300))
def test_random_unicode(text: str) -> None:
    only_diagnostics(text)


@settings(max_examples=examples(600))
@given(st.integers(0, len(SAMPLE)))
def test_truncations_of_a_real_policy(cut: int) -> None:
    only_diagnostics(SAMPLE[:cut])


@settings(max_examples=examples(1000))
@given(st.lists(st.tuples(st.integers(0, len(TOKENS) - 1), st.sampled_from(["drop", "dup", "swap", "replace"]),
                          st.sampled_from([*TOKENS, "{", "}", ":", "8:00", "25:00", "-", "(", ")", "%", "lun"])),
                min_size=1, max_size=4))
def test_token_mutations_of_a_real_policy(mutations: list[tuple[int, str, str]]) -> None:
    tokens = list(TOKENS)
    for index, action, other in mutations:
        index %= len(tokens)
        if action == "drop" and len(tokens) > 1:
            del tokens[index]
        elif action == "dup":
            tokens.insert(index, tokens[index])
        elif action == "swap":
            j = (index + 1) % len(tokens)
            tokens[index], tokens[j] = tokens[j], tokens[index]
        else:
            tokens[index] = other
    only_diagnostics("\n".join(tokens))


def test_deep_nesting_is_a_diagnostic() -> None:
    text = SAMPLE + "\nroute r when " + "(" * 10_000 + "type = incidente" + ")" * 10_000 + ' to "X"\n'
    assert [d.code for d in only_diagnostics(text)] == ["too-deep"]
    text = SAMPLE + "\nroute r when " + "not " * 10_000 + 'type = incidente to "X"\n'
    assert [d.code for d in only_diagnostics(text)] == ["too-deep"]


def test_huge_file_and_nul_byte_are_diagnostics() -> None:
    assert [d.code for d in only_diagnostics("# x\n" * 1_300_000)] == ["too-large"]
    nul = only_diagnostics(SAMPLE[:40] + "\0" + SAMPLE[40:])
    assert [d.code for d in nul] == ["binary"] and nul[0].span.line == 2


# ---------------------------------------------------------------------------- quoted texts


def test_both_grammars_have_the_string_terminal_the_readers_assume() -> None:
    for name in ("plazo", "scenario"):
        terminal = Lark(grammar_text(name), parser="lalr").get_terminal("STRING")
        # Lark keeps the line break of `\n` as the character itself
        assert terminal.pattern.value.replace("\n", "\\n") == STRING_PATTERN, name


@settings(max_examples=examples(300))
@given(st.text(st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)), max_size=40))
def test_quote_writes_what_unquote_reads(text: str) -> None:
    token = quote(text)
    assert re.fullmatch(STRING_PATTERN, token)
    assert unquote(token) == text


def test_a_policy_and_a_scenario_read_an_escaped_text_alike() -> None:
    written = r'"a \"b\" \\ \n \x"'
    policy, diagnostics = check_text(f"policy p {written}\ntimezone America/Bogota\n", "p.plazo")
    scenario, problems = parse_scenario(f'scenario {written}\npolicy "p.plazo"\n', "s.scenario")
    assert policy is not None and policy.header is not None and not diagnostics
    assert scenario is not None and not problems
    assert policy.header.label == scenario.title == r'a "b" \ n x'
