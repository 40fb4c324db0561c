"""The summary's nearest-rank percentile, against its definition worked with integers:
the smallest value with at least k/10 of the values at or below it."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from plazo.interpreter.batch.summary import percentile_seconds


def test_seventy_percent_of_ten_values_is_the_seventh() -> None:
    minutes = Counter(range(1, 11))  # 1..10 minutes, once each
    # 0.7 * 10 is 7.000000000000001 in floats: a float ceiling would give the 8th value
    assert percentile_seconds(minutes, 70) == 7 * 60
    assert percentile_seconds(minutes, 50) == 5 * 60
    assert percentile_seconds(minutes, 90) == 9 * 60


@given(st.lists(st.integers(0, 50), min_size=1, max_size=60), st.integers(1, 9))
def test_nearest_rank_by_definition(values: list[int], tenths: int) -> None:
    ordered = sorted(values)
    n = len(ordered)
    expected = next(v for v in ordered if 10 * sum(1 for w in ordered if w <= v) >= tenths * n)
    assert percentile_seconds(Counter(values), 10 * tenths) == expected * 60
