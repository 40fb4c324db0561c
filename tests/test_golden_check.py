"""Golden files: each tests/golden/check/x.plazo with its exact diagnostics in x.errors.

The .errors files were written from reviewed output: each case targets one
checker pass or one friendly syntax message, and its expected diagnostic was
read against the case by hand. To update after a deliberate change:
``UPDATE_GOLDEN=1 pytest tests/test_golden_check.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from golden_check import rendered

CASES = sorted((Path(__file__).parent / "golden" / "check").glob("*.plazo"))


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_check_golden(case: Path) -> None:
    expected_file = case.with_suffix(".errors")
    got = rendered(case)
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(got, encoding="utf-8")
    assert got == expected_file.read_text(encoding="utf-8")
    assert got.strip(), "every golden case reports something"


def test_complete_fixture_has_no_errors() -> None:
    text = rendered(Path(__file__).parent / "fixtures" / "complete.plazo")
    assert "error[" not in text
