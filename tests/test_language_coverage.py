"""Grammar, AST builder, AST, formatter and checker cannot drift apart.

- every grammar rule that makes a tree has a method in the AST builder;
- every AST class is reached from real syntax (the fixture and a golden file
  hold one of each), and the formatter prints it back to the same AST;
- every AST class says which checker passes look at it, and every pass finds
  something in the golden corpus (so none of them is dead).
"""

from __future__ import annotations

import inspect
from pathlib import Path

import attrs

from plazo.dsl import ast
from plazo.dsl.check import checker
from plazo.dsl.check.scope import build_scope
from plazo.dsl.format.formatter import format_policy
from plazo.dsl.loader import check_text
from plazo.dsl.names import BOOLEAN_WORDS
from plazo.dsl.syntax.builder import AstBuilder
from plazo.dsl.syntax.parser import parse, parser

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "tests" / "fixtures" / "complete.plazo"] + [
    ROOT / "tests" / "golden" / "fmt" / name for name in ("layout.plazo", "conditions.plazo", "calendars_round2.plazo",
                                                       "calendars_round3.plazo", "zone_choice.plazo")
]
AST_CLASSES = {
    cls for _, cls in inspect.getmembers(ast, inspect.isclass)
    if attrs.has(cls) and cls.__module__ == ast.__name__
}


def nodes(value: object):
    if attrs.has(type(value)):
        yield value
        for a in attrs.fields(type(value)):
            yield from nodes(getattr(value, a.name))
    elif isinstance(value, tuple):
        for v in value:
            yield from nodes(v)


def test_every_tree_making_rule_has_a_builder_method() -> None:
    missing = set()
    for rule in parser().rules:
        name = rule.alias or rule.origin.name
        name = getattr(name, "name", name)
        if str(name).startswith("_"):
            continue
        kept = [s for s in rule.expansion if not getattr(s, "filter_out", False)]
        if rule.options.expand1 and len(kept) == 1 and not rule.alias:
            continue  # inlined: the child stands for the rule
        if not callable(getattr(AstBuilder, str(name), None)):
            missing.add(str(name))
    assert not missing, f"grammar rules without an AstBuilder method: {sorted(missing)}"


def test_every_ast_class_is_reached_from_syntax_and_formatted_back() -> None:
    seen: set[type] = set()
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        policy, diagnostics = parse(text, path.name)
        assert policy is not None and not diagnostics
        seen |= {type(n) for n in nodes(policy)} | {type(c) for c in policy.comments}
        again, _ = parse(format_policy(policy, text), path.name)
        assert again == policy
    assert AST_CLASSES - seen == set(), "AST classes no sample file builds"


def test_every_ast_class_names_its_checker_passes() -> None:
    assert set(checker.CHECKED_BY) == AST_CLASSES
    passes = set(checker.PASSES)
    for cls, by in checker.CHECKED_BY.items():
        assert set(by) <= passes, cls


def test_every_checker_pass_finds_something_in_the_golden_corpus() -> None:
    found = dict.fromkeys(checker.PASSES, 0)
    for path in sorted((ROOT / "tests" / "golden" / "check").glob("*.plazo")):
        policy, diagnostics = parse(path.read_text(encoding="utf-8"), path.name)
        if policy is None or any(d.code == "syntax" for d in diagnostics):
            continue
        scope = build_scope(policy)
        for run in checker.PASSES:
            found[run] += len(run(policy, scope))
    assert [run.__name__ for run, n in found.items() if n == 0] == []


def test_a_boolean_field_compares_with_the_boolean_words_only() -> None:
    head = 'policy p "P" version 1\ntimezone America/Bogota\nfield vip boolean\n'

    def codes(word: str) -> list[str]:
        text = head + f"route r when vip = {word} to \"Mesa\"\n"
        return [d.code for d in check_text(text, "b.plazo")[1]]

    assert BOOLEAN_WORDS == {"true": True, "false": False}
    for word in BOOLEAN_WORDS:
        assert codes(word) == []
    for word in ("yes", "si", "no", "True", "1", '"true"'):
        assert codes(word) == ["type"], word
