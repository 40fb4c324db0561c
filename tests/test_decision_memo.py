"""The clause and rule choosers (indexed by a common field, remembered by the values the
conditions read) answer what a plain linear scan of the policy's clauses and rules
answers, in any order of tickets, past the memo's size limit, for every bundled policy."""

from __future__ import annotations

import itertools
import random

import pytest
from policy_helpers import policy

from plazo.interpreter.compile import choose
from plazo.interpreter.compile.conditions import condition_fields
from plazo.interpreter.compile.rules import CompiledRules, Decision
from plazo.interpreter.compile.targets import CompiledClause

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
        envs.append(p.derive(env))
    return envs


def scan(clauses: tuple[CompiledClause, ...], env: dict) -> CompiledClause | None:
    """The first clause that holds, tried one by one in the order written."""
    for clause in clauses:
        if clause.predicate is None or clause.predicate(env):
            return clause
    return None


def scan_rules(rules: CompiledRules, env: dict) -> Decision:
    """The rules, tried one by one: the first route and rejection that hold, every
    requirement that fails where it applies, every forbidden condition that holds."""
    route = rejected = None
    for r, holds in rules.routes:
        if holds(env):
            route = r
            break
    for j, holds in rules.rejects:
        if holds(env):
            rejected = j
            break
    violations = []
    for v, holds, when in rules.requires:
        if (when is None or when(env)) and not holds(env):
            violations.append(v)
    for v, holds in rules.forbids:
        if holds(env):
            violations.append(v)
    return Decision(route, rejected, tuple(violations))


@pytest.mark.parametrize("name", PROVIDERS)
def test_chosen_clause_and_rules_are_those_of_a_linear_scan(name: str) -> None:
    p = policy(name)
    chosen = 0
    for env in environments(name, seed=len(name)) * 2:  # the second pass reads the memo
        for t in p.targets:
            expected = scan(t.clauses, env)
            assert t.choose(env) is expected, (t.name, env)
            chosen += expected is not None
        assert p.rules.decide(env) == scan_rules(p.rules, env), env
    assert chosen > 0  # the environments reach clauses: the comparison is not vacuous


def test_past_the_limit_nothing_is_added_and_answers_stay_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(choose, "MEMO_LIMIT", 3)
    calls = []

    def decide(env: dict) -> int:
        calls.append(env["n"])
        return int(env["n"]) * 2

    # a real condition of Aldeamo's delivery target, reading report_months
    reading = next(c.condition for t in policy("aldeamo").targets for c in t.clauses
                   if c.condition is not None and "report_months" in condition_fields(c.condition))
    remembered = choose.memoized(decide, [reading])
    values = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]
    assert [remembered({"report_months": v, "n": v}) for v in values] == [2 * v for v in values]
    # 1, 2 and 3 were remembered; 4 and 5 came past the limit and are decided every time
    assert calls == [1, 2, 3, 4, 5, 4, 5]
