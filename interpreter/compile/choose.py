"""Choosing the first clause (or rule) that holds for a ticket's values, fast.

A history of a million tickets has a few dozen combinations of type, severity and
service: each is decided once and remembered by the values of the names the
conditions read. The memo is bounded (numbers and texts can take any value); past
``MEMO_LIMIT`` entries, every ticket is decided afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from plazo.dsl import ast
from plazo.interpreter.compile.conditions import Predicate, condition_fields

MEMO_LIMIT = 4096
Env = Mapping[str, Any]
D = TypeVar("D")


class Choice(Protocol):
    """What a clause offers the chooser: its condition, and its top-level `field = value`
    parts (to index clauses by their most common field)."""

    @property
    def predicate(self) -> Predicate | None: ...  # None: otherwise

    @property
    def equals(self) -> tuple[tuple[str, Any], ...]: ...


C = TypeVar("C", bound=Choice)


def memoized(decide: Callable[[Env], D], conditions: Iterable[ast.Condition]) -> Callable[[Env], D]:
    """``decide``, remembered by the values of the names the ``conditions`` read (the only
    names ``decide`` may depend on)."""
    names = tuple(sorted(frozenset[str]().union(*(condition_fields(c) for c in conditions))))
    if not names:
        return decide
    memo: dict[Any, D] = {}

    def decided(key: Any, env: Env) -> D:
        try:
            return memo[key]
        except KeyError:
            answer = decide(env)
            if len(memo) < MEMO_LIMIT:
                memo[key] = answer
            return answer
        except TypeError:  # an unhashable value: decide without the memo
            return decide(env)

    # one or two names (most choices): the key is built without map() and tuple(), and a
    # remembered answer costs one lookup; a choice is asked several times per evaluation
    if len(names) == 1:
        (only,) = names

        def remembered_by_one(env: Env) -> D:
            key = env.get(only)
            try:
                return memo[key]
            except (KeyError, TypeError):
                return decided(key, env)
        return remembered_by_one
    if len(names) == 2:
        first, second = names

        def remembered_by_two(env: Env) -> D:
            key = (env.get(first), env.get(second))
            try:
                return memo[key]
            except (KeyError, TypeError):
                return decided(key, env)
        return remembered_by_two

    def remembered(env: Env) -> D:
        key = tuple(map(env.get, names))
        try:
            return memo[key]
        except (KeyError, TypeError):
            return decided(key, env)
    return remembered


def first_match(choices: Sequence[C]) -> Callable[[Env], C | None]:
    """The first choice whose condition holds. Most clause lists test one field in every
    clause (``type = incidente and ...``): the candidates are looked up by that field's
    value, then tested in order, so a ticket is not tried against every clause of the
    other types."""
    counts: dict[str, int] = {}
    for c in choices:
        for name in {name for name, _ in c.equals}:
            counts[name] = counts.get(name, 0) + 1
    if not counts or max(counts.values()) < 2:
        def first(env: Env) -> C | None:
            for c in choices:
                if c.predicate is None or c.predicate(env):
                    return c
            return None
        return first
    key = max(counts, key=lambda name: counts[name])
    wanted = [dict(c.equals).get(key, _ANY) if sum(n == key for n, _ in c.equals) == 1 else _ANY for c in choices]
    rest = tuple(c for c, w in zip(choices, wanted, strict=True) if w is _ANY)
    table = {w: tuple(c for c, v in zip(choices, wanted, strict=True) if v is _ANY or v == w)
             for w in wanted if w is not _ANY}

    def by_key(env: Env) -> C | None:
        for c in table.get(env.get(key), rest):
            if c.predicate is None or c.predicate(env):
                return c
        return None
    return by_key


_ANY = object()
