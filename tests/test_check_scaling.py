"""The checker's costly questions, answered as the plain way answers them: coverage of
clauses (against trying each combination of values on each clause), did-you-mean
(against the full edit distance of every pair), contact shapes on long values."""

from __future__ import annotations

import itertools
import re

from examples_budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from plazo.dsl import ast
from plazo.dsl.loader import check_text
from plazo.dsl.names import MAX_COMPARED, MAX_SUGGESTED_LENGTH, closest

HEADER = "policy p version 1\ntimezone America/Bogota\n"
FIELDS = {"a": ("x", "y", "z"), "b": ("x", "y"), "c": ("u", "v", "w", "x")}


# ---------------------------------------------------------------------------- coverage

def _conditions() -> st.SearchStrategy[str]:
    field = st.sampled_from([*FIELDS, "n"])
    value = st.sampled_from(["x", "y", "z", "u", "v", "w", "q", "3"])
    atom = st.one_of(
        st.builds(lambda f, o, v: f"{f} {o} {v}", field, st.sampled_from(["=", "!="]), value),
        st.builds(lambda f, vs: f"{f} in ({', '.join(vs)})", field, st.lists(value, min_size=1, max_size=3)),
    )
    return st.recursive(atom, lambda inner: st.one_of(
        st.builds(lambda c: f"not ({c})", inner),
        st.builds(lambda cs, op: "(" + f" {op} ".join(cs) + ")", st.lists(inner, min_size=2, max_size=3),
                  st.sampled_from(["and", "or"])),
    ), max_leaves=6)


def _truth(cond: ast.Condition, values: dict[str, str]) -> bool | None:
    """Three-valued, one combination at a time: None when it depends on something else."""
    if isinstance(cond, (ast.And, ast.Or)):
        results = [_truth(c, values) for c in cond.operands]
        decisive = isinstance(cond, ast.Or)  # the operand value that decides alone
        return decisive if decisive in results else (None if None in results else not decisive)
    if isinstance(cond, ast.Not):
        inner = _truth(cond.operand, values)
        return None if inner is None else not inner
    if cond.field not in values:
        return None
    if isinstance(cond, ast.Comparison) and isinstance(cond.value, ast.NameValue) and cond.op in ("=", "!="):
        return (values[cond.field] == cond.value.name) == (cond.op == "=")
    if isinstance(cond, ast.Membership):
        return values[cond.field] in {v.name for v in cond.values if isinstance(v, ast.NameValue)}
    return None


def _uncovered_by_trying_each(policy: ast.Policy) -> list[dict[str, str]]:
    target = next(i for i in policy.items if isinstance(i, ast.TargetDecl))
    conditions = [s.condition for s in target.statements if isinstance(s, ast.Clause) and s.condition is not None]
    # the fields in the order the conditions first name them, as the warning lists them
    used = list(dict.fromkeys(f for c in conditions for f in _fields(c) if f in FIELDS))
    found = []
    for combo in itertools.product(*(FIELDS[f] for f in used)):
        values = dict(zip(used, combo, strict=True))
        if all(_truth(c, values) is False for c in conditions):
            found.append(values)
    return found


def _fields(cond: ast.Condition) -> list[str]:
    if isinstance(cond, (ast.And, ast.Or)):
        return [f for c in cond.operands for f in _fields(c)]
    if isinstance(cond, ast.Not):
        return _fields(cond.operand)
    return [cond.field]


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_conditions(), min_size=1, max_size=5))
def test_coverage_is_what_trying_each_combination_says(conditions: list[str]) -> None:
    fields = "".join(f"field {f} {{ {' '.join(vs)} }}\n" for f, vs in FIELDS.items()) + "field n number\n"
    clauses = "".join(f"  when {c}: 1 hours\n" for c in conditions)
    text = HEADER + fields + f"target t {{\n  start on created\n  stop on resolved\n{clauses}}}\n"
    policy, diagnostics = check_text(text, "p.plazo")
    assert policy is not None
    if any(d.severity == "error" for d in diagnostics):
        return  # a value the field does not have: the checker says so, and coverage is moot
    said = [d.message for d in diagnostics if d.code == "uncovered"]
    expected = _uncovered_by_trying_each(policy)
    if not expected:
        assert said == []
        return
    shown = "; ".join(", ".join(f"{k} = {v}" for k, v in combo.items()) for combo in expected[:5])
    more = f" (and {len(expected) - 5} more)" if len(expected) > 5 else ""
    assert said == [f"target t has no clause for {shown}{more}"]


def test_a_thousand_clauses_over_twenty_thousand_combinations() -> None:
    # 19,000 of 20,000 combinations uncovered; tried one by one on 1,000 clauses this took half a minute
    small, large = " ".join(f"v{i}" for i in range(20)), " ".join(f"v{i}" for i in range(1_000))
    clauses = "".join(f"  when a = v0 and b = v{i}: 1 hours\n" for i in range(1_000))
    text = (HEADER + f"field a {{ {small} }}\nfield b {{ {large} }}\n"
            f"target t {{\n  start on created\n  stop on resolved\n{clauses}}}\n")
    said = [d.message for d in check_text(text, "p.plazo")[1] if d.code == "uncovered"]
    assert said == ["target t has no clause for a = v1, b = v0; a = v1, b = v1; a = v1, b = v2; a = v1, b = v3; "
                    "a = v1, b = v4 (and 18995 more)"]


# ---------------------------------------------------------------------------- did you mean

def _distance(a: str, b: str) -> int:
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _nearest_of_all(name: str, candidates: list[str]) -> str | None:
    scored = [(_distance(name.lower(), c.lower()), i, c) for i, c in enumerate(candidates)]
    if not scored:
        return None
    distance, _, best = min(scored)
    return best if distance <= max(1, min(3, len(name) // 3)) else None


names = st.text("abcAB_", max_size=14)


@settings(max_examples=examples(1000))
@given(names, st.lists(names, max_size=20))
def test_did_you_mean_is_the_nearest_of_all_the_candidates(name: str, candidates: list[str]) -> None:
    assert closest(name, candidates) == _nearest_of_all(name, candidates)


def test_a_name_too_long_to_be_a_typo_gets_no_suggestion() -> None:
    long = "f" * (MAX_SUGGESTED_LENGTH + 1)
    assert closest(long, [long[:-1]]) is None
    assert closest(long[:-1], [long[:-2]]) == long[:-2]


def test_thousands_of_unknown_names_against_thousands_alike() -> None:
    declared = "".join(f"event e{i:06d}x\n" for i in range(1_000))
    unknown = "".join(f"target t{i} {{ start on e{i:06d}y  otherwise: 1 hours }}\n" for i in range(1_000))
    diagnostics = [d for d in check_text(HEADER + declared + unknown, "p.plazo")[1] if d.code == "unknown-event"]
    assert len(diagnostics) == 1_000
    # a hint names a declared event within the two edits an 8-letter name allows; the nearest
    # (its own, one edit away) only when it is among the first MAX_COMPARED alike candidates
    for i, d in enumerate(diagnostics):
        suggested = re.fullmatch(r"did you mean '(e\d{6}x)'\?", d.hint)
        if i < MAX_COMPARED:
            assert suggested is not None and suggested.group(1) == f"e{i:06d}x"
        elif suggested is not None:
            assert _distance(f"e{i:06d}y", suggested.group(1)) <= 2
        else:
            assert d.hint.startswith("declare it with")


# ---------------------------------------------------------------------------- contacts

def _contact(setting: str, value: str) -> list[str]:
    text = HEADER + f'contact k {{ {setting} "{value}" }}\n'
    return [d.code for d in check_text(text, "p.plazo")[1] if d.severity == "error"]


def test_long_contact_values_are_judged_without_backtracking() -> None:
    # 40 KB each: the former patterns took seconds to minutes to refuse them
    assert _contact("phone", "1 " * 20_000 + "x") == ["bad-contact"]
    assert _contact("email", "a@b" + ".b" * 20_000 + "@") == ["bad-contact"]
    assert _contact("url", "https://" + "a" * 40_000 + " b") == ["bad-contact"]


@settings(max_examples=examples(500))
@given(st.text("0123456789 +().-xetab@c/:", max_size=20), st.sampled_from(["phone", "email", "url"]))
def test_contact_shapes_are_the_documented_patterns(value: str, setting: str) -> None:
    former = {
        "email": r"[^@\s]+@[^@\s]+\.[^@\s]+",
        "url": r"https?://\S+",
        "phone": r"\+?[\d\s().-]*\d[\d\s().-]*(?:\s*(?:ext|ext\.|x)\s*\d+)?",
    }
    bad = re.fullmatch(former[setting], value.strip()) is None
    assert _contact(setting, value) == (["bad-contact"] if bad else [])
