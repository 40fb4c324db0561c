"""Every combination of some fields' values, and conditions worked out on all of them at once.

A set of combinations is an int whose bit i stands for the i-th combination, so a
condition costs its size times the combinations over the machine's word size, not a
loop over combinations (the clauses pass proves coverage and finds implied clauses
with it).
"""

from __future__ import annotations

from plazo.dsl import ast
from plazo.dsl.check.uses import Atom


def first_bits(bits: int, count: int) -> list[int]:
    """The numbers of the first ``count`` combinations in the set ``bits``."""
    found: list[int] = []
    while bits and len(found) < count:
        lowest = bits & -bits
        found.append(lowest.bit_length() - 1)
        bits ^= lowest
    return found


class Combinations:
    """Every combination of the fields' values, numbered in the order of ``itertools.product``
    (the last field changes fastest); a set of them is an int whose bit i stands for the i-th."""

    def __init__(self, fields: dict[str, tuple[str, ...]]) -> None:
        self.fields = fields
        self.size = 1
        for domain in fields.values():
            self.size *= len(domain)
        self.every = (1 << self.size) - 1
        # field -> (how many combinations in a row share one of its values, the field's values)
        self._strides: dict[str, tuple[int, dict[str, int]]] = {}
        stride = self.size
        for name, domain in fields.items():
            stride //= len(domain)
            self._strides[name] = (stride, {value: i for i, value in enumerate(domain)})
        self._masks: dict[tuple[str, str], int] = {}

    def where(self, name: str, value: str) -> int:
        """The combinations where field ``name`` has ``value`` (none for a value it does not have)."""
        key = (name, value)
        if key not in self._masks:
            stride, positions = self._strides[name]
            position = positions.get(value)
            if position is None:
                self._masks[key] = 0
            else:
                # the value holds for `stride` combinations in a row, once every `period`
                period = stride * len(positions)
                one_period = "0" * (period - (position + 1) * stride) + "1" * stride + "0" * (position * stride)
                self._masks[key] = int(one_period * (self.size // period), 2)
        return self._masks[key]

    def values(self, index: int) -> dict[str, str]:
        """The combination numbered ``index``."""
        found: dict[str, str] = {}
        for name, domain in reversed(self.fields.items()):
            index, position = divmod(index, len(domain))
            found[name] = domain[position]
        return dict(reversed(found.items()))

    def truth(self, cond: ast.Condition) -> tuple[int, int]:
        """Where ``cond`` is true and where it is false (neither: it depends on something else)."""
        if isinstance(cond, ast.And):
            true, false = self.every, 0
            for operand in cond.operands:
                t, f = self.truth(operand)
                true, false = true & t, false | f
            return true, false
        if isinstance(cond, ast.Or):
            true, false = 0, self.every
            for operand in cond.operands:
                t, f = self.truth(operand)
                true, false = true | t, false & f
            return true, false
        if isinstance(cond, ast.Not):
            true, false = self.truth(cond.operand)
            return false, true
        return self.atom_truth(cond)

    def atom_truth(self, cond: Atom) -> tuple[int, int]:
        """Where one comparison is true and where it is false, on named values (``=``, ``!=``, ``in``)."""
        if cond.field not in self.fields:
            return 0, 0
        if isinstance(cond, ast.Comparison) and isinstance(cond.value, ast.NameValue) and cond.op in ("=", "!="):
            equal = self.where(cond.field, cond.value.name)
            return (equal, self.every ^ equal) if cond.op == "=" else (self.every ^ equal, equal)
        if isinstance(cond, ast.Membership):
            member = 0
            for value in cond.values:
                if isinstance(value, ast.NameValue):
                    member |= self.where(cond.field, value.name)
            return member, self.every ^ member
        return 0, 0
