"""The checker, round 2 (issue 15): clauses implied by earlier ones, the statements a block
accepts after an unknown word, built-in events before declarations."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from examples_budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from plazo.dsl import ast
from plazo.dsl.loader import check_text
from plazo.interpreter.compile.conditions import compile_condition

HEADER = "policy p version 1\ntimezone America/Bogota\n"
FIELDS = "field a { x y z }\nfield n number\nfield b boolean\nfield t text\n"


def _unreachable(text: str) -> list[tuple[int, str, str]]:
    policy, diagnostics = check_text(HEADER + FIELDS + text, "p.plazo")
    assert policy is not None
    return [(d.span.line - 6, d.message, d.hint or "") for d in diagnostics if d.code == "unreachable"]


def _target(*conditions: str) -> str:
    clauses = "".join(f"  when {c}: 1 hours\n" for c in conditions)
    return f"target t {{\n  start on created\n{clauses}  otherwise: 2 hours\n}}\n"


# ---------------------------------------------------------------------------- implied clauses, by hand
# Lines are counted from the target's first line (line 1: 'target t {', line 2: 'start on created');
# the hints name lines of the file, 6 more (the header and the fields come first).

def test_the_issue_example_a_narrower_clause_after_a_wider_one_is_never_used() -> None:
    said = _unreachable(_target("a = x", "a = x and b"))
    assert said == [(4, "this clause of target t is never used",
                     "every ticket it matches is matched first by line 9; put the narrower condition first")]


def test_the_narrower_clause_first_is_fine() -> None:
    assert _unreachable(_target("a = x and b", "a = x")) == []


def test_implication_over_numbers_is_exact() -> None:
    # n >= 20 implies n > 10; n >= 10 does not (10 is not > 10)
    assert [line for line, *_ in _unreachable(_target("n > 10", "n >= 20", "n >= 10"))] == [4]


def test_several_earlier_clauses_together() -> None:
    # a in (x, y) and b: x by line 3, y by line 4; a != z would also match a ticket without a, so it is alive
    said = _unreachable(_target("a = x", "a = y and b", "a in (x, y) and b", "a != z and b"))
    assert said == [(5, "this clause of target t is never used",
                     "every ticket it matches is matched first by lines 9 and 10; the first that holds wins")]


def test_a_condition_that_never_holds() -> None:
    said = _unreachable(_target("a = x and a = y"))
    assert said == [(3, "this clause of target t never holds", "no value of its fields makes this condition true")]


def test_booleans_true_false_and_no_value() -> None:
    # b = true is b; not b also holds for a ticket without b, so 'b = false' after 'not b' is implied
    assert [line for line, *_ in _unreachable(_target("b", "b = true", "not b", "b = false"))] == [4, 6]


def test_a_word_for_word_repeat_is_said_once_as_a_repeat() -> None:
    said = _unreachable(_target("a = x", "a = x"))
    assert said == [(4, "this clause of target t repeats the condition of line 9", "the first matching clause wins")]


def test_derive_cases_and_routes() -> None:
    text = ("field p { p1 p2 }\nderive p {\n  when a = x: p1\n  when a = x and n > 3: p2\n  otherwise: p2\n}\n"
            'route r1 when n < 5 to "A"\nroute r2 when n <= 4 to "B"\nroute r3 when n < 6 to "C"\n')
    said = _unreachable(text)
    assert [(line, message) for line, message, _ in said] == [
        (4, "this case of derive p is never used"), (8, "this route is never used")]


# ---------------------------------------------------------------------------- implied clauses, against trying values

ATOMS = ["a = x", "a != y", "a in (x, z)", "n < 3", "n >= 1", "n = 5", "n != 3", "n in (1, 5)", "n",
         "b", "b = false", "b != true", 't = "foo"', 't != "bar"', "t", "a"]
# Values that stand for every value the atoms can tell apart (a finer grid than the checker's own points).
SAMPLES: dict[str, list[Any]] = {
    "a": ["x", "y", "z", None],
    "n": [k / 2 for k in range(-4, 17)] + [None],
    "b": [True, False, None],
    "t": ["foo", "bar", "", "zzz", None],
}
KINDS = {"a": "enum", "n": "number", "b": "boolean", "t": "text"}


def _conditions() -> st.SearchStrategy[str]:
    return st.recursive(st.sampled_from(ATOMS), lambda inner: st.one_of(
        st.builds(lambda c: f"not ({c})", inner),
        st.builds(lambda cs, op: "(" + f" {op} ".join(cs) + ")", st.lists(inner, min_size=2, max_size=3),
                  st.sampled_from(["and", "or"])),
    ), max_leaves=4)


def _dead_by_trying_values(conditions: list[ast.Condition]) -> list[int]:
    predicates = [compile_condition(c, KINDS) for c in conditions]
    alive = [False] * len(conditions)
    for combo in itertools.product(*SAMPLES.values()):
        env = {k: v for k, v in zip(SAMPLES, combo, strict=True) if v is not None}
        first = next((i for i, p in enumerate(predicates) if p(env)), None)
        if first is not None:
            alive[first] = True
    return [i for i, a in enumerate(alive) if not a]


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_conditions(), min_size=1, max_size=5))
def test_implied_clauses_are_what_trying_every_value_says(conditions: list[str]) -> None:
    policy, diagnostics = check_text(HEADER + FIELDS + _target(*conditions), "p.plazo")
    assert policy is not None
    target = next(i for i in policy.items if isinstance(i, ast.TargetDecl))
    parsed = [s.condition for s in target.statements if isinstance(s, ast.Clause) and s.condition is not None]
    said = sorted({d.span.line - 9 for d in diagnostics if d.code == "unreachable"})
    assert said == _dead_by_trying_values(parsed)


# ---------------------------------------------------------------------------- what a block takes

def _syntax(text: str) -> list[tuple[int, int, str, str]]:
    _, diagnostics = check_text(text, "p.plazo")
    return [(d.span.line, d.span.column, d.message, d.hint or "") for d in diagnostics if d.code == "syntax"]


def test_the_issue_example_an_unknown_word_in_a_target_lists_what_a_target_takes() -> None:
    said = _syntax(HEADER + "target t {\n  start on created\n  continue on reopened\n  otherwise: 1 hour\n}\n")
    assert [(line, column, message) for line, column, message, _ in said] == [
        (5, 3, "'continue' does not start a statement of a target")]
    hint = said[0][3]
    assert hint.startswith("a target takes: start on <event> …; stop on <event> …;")
    assert "resume on <event> within <duration>" in hint and "when <condition>: <deadline>" in hint


def test_every_statement_the_grammar_gives_a_target_is_listed() -> None:
    # read from the grammar's text, not from the parser: a statement added there is listed with no edit
    grammar = (Path(__file__).parent.parent / "grammar" / "plazo.lark").read_text(encoding="utf-8")
    alternatives = re.search(r"\?target_stmt:(.*?)\n(?!\s*\|)", grammar, re.S)
    assert alternatives is not None
    rules = [r.strip() for r in alternatives.group(1).replace("\n", " ").split("|") if r.strip() != '";"']
    first_words = {rule: re.search(rf'^{rule}:\s*"(\w+)"', grammar, re.M) for rule in rules}
    hint = _syntax(HEADER + "target t {\n  continuar on reopened\n}\n")[0][3]
    shapes = hint.removeprefix("a target takes: ").split("; ")
    assert len(shapes) == len(rules)
    assert {m.group(1) for m in first_words.values() if m} == {s.split()[0].rstrip(":") for s in shapes}


def test_other_blocks_and_a_typo_of_a_keyword() -> None:
    text = (HEADER + "target t {\n  stpo on resolved\n  otherwise: 1 hour\n}\n"
            "escalation e {\n  start on created\n  nivel 1 after 2 hours\n}\n")
    said = _syntax(text)
    assert [(line, message) for line, _, message, _ in said] == [
        (4, "'stpo' does not start a statement of a target"),
        (9, "'nivel' does not start a statement of an escalation")]
    assert said[0][3].startswith("did you mean 'stop'? a target takes: ")
    assert said[1][3] == "an escalation takes: start on <event>; start on breach of <name>; level <number> …"


def test_a_calendar_line_may_start_with_a_name_so_it_keeps_its_own_messages() -> None:
    _, said = check_text(HEADER + "calendar c {\n  lunes 08:00-18:00\n}\n", "p.plazo")
    assert "weekdays are written in English: write 'mon' for 'lunes'" in [d.hint for d in said]


# ---------------------------------------------------------------------------- built-in events first

def _event_hints(*events: str, declared: str = "") -> list[str]:
    stops = "".join(f"  stop on {e}\n" for e in events)
    text = HEADER + declared + f"target t {{\n  start on created\n{stops}  otherwise: 1 hour\n}}\n"
    return [d.hint or "" for d in check_text(text, "p.plazo")[1] if d.code == "unknown-event"]


def test_a_built_in_event_named_in_spanish_is_suggested_before_a_declaration() -> None:
    assert _event_hints("primera_respuesta") == [
        "did you mean 'first_response'? (the built-in event; for an event of your own: "
        'event primera_respuesta "<label>")']


def test_spanish_names_with_a_typo_and_the_usual_did_you_mean() -> None:
    hints = _event_hints("solucionad", "reabierto", "first_respons", "primer_contacto", "visita_tecnica")
    assert [h.split("?")[0] for h in hints] == [
        "did you mean 'resolved'", "did you mean 'reopened'", "did you mean 'first_response'",
        "did you mean 'first_response'", 'declare it with: event <name> "<label>"']


def test_a_declared_event_near_the_word_wins_over_a_spanish_name_near_it() -> None:
    # 'cierre_tecnic' is a typo of the declared 'cierre_tecnico', not the built-in's Spanish 'cierre'
    assert _event_hints("cierre_tecnic", declared='event cierre_tecnico "Cierre técnico"\n') == [
        "did you mean 'cierre_tecnico'?"]
