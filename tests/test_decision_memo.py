"""The memo of clause and rule decisions (compiler.memoized) answers what deciding afresh
answers, in any order of tickets, past its size limit, for every bundled policy."""

from __future__ import annotations

import itertools
import random

import pytest

from plazo.interpreter.compile import compiler
from plazo.interpreter.compile.compiler import _first_match
from policy_helpers import policy

PROVIDERS = ["aldeamo", "wekall", "intcomex", "openpyme", "ikhodi"]


def environments(name: str, seed: int) -> list[dict]:
    """Every combination of the policy's enum values (and of a few numbers, booleans and a
    status), in a shuffled order, each env as the evaluator builds it."""
    p = policy(name)
    choices = []
    for field_name, spec in p.fields.items():
        if spec.kind == "enum":
            choices.append([(field_name, v) for v in spec.values] + [(field_name, None)])
        elif spec.kind == "number":
            choices.append([(field_name, v) for v in (0.0, 2.0, 3.0, 4.5, None)])
        elif spec.kind == "boolean":
            choices.append([(field_name, v) for v in (True, False, None)])
    choices.append([("status", s) for s in (*p.statuses[:3], None)])
    rng = random.Random(seed)
    combos = list(itertools.product(*choices))
    rng.shuffle(combos)
    envs = []
    for combo in combos[:3000]:
        env = {k: v for k, v in combo if v is not None}
        env.setdefault("status", None)
        p._derive(env)
        envs.append(env)
    return envs


@pytest.mark.parametrize("name", PROVIDERS)
def test_remembered_choice_is_the_fresh_choice(name: str) -> None:
    p = policy(name)
    for env in environments(name, seed=len(name)) * 2:  # the second pass reads the memo
        for t in p.targets:
            assert t.choose(env) is _first_match(t.clauses)(env), (t.name, env)
        assert p._rules(env) == p._decide_rules(env), env


def test_past_the_limit_nothing_is_added_and_answers_stay_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiler, "_MEMO_LIMIT", 3)
    calls = []

    def decide(env: dict) -> int:
        calls.append(env["n"])
        return int(env["n"]) * 2

    # a real condition of Aldeamo's delivery target, reading report_months
    reading = next(c.condition for t in policy("aldeamo").targets for c in t.clauses
                   if c.condition is not None and "report_months" in compiler.condition_fields(c.condition))
    remembered = compiler.memoized(decide, [reading])
    values = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]
    assert [remembered({"report_months": v, "n": v}) for v in values] == [2 * v for v in values]
    # 1, 2 and 3 were remembered; 4 and 5 came past the limit and are decided every time
    assert calls == [1, 2, 3, 4, 5, 4, 5]
