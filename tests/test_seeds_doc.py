"""docs/seeds.md cannot drift from the policies: every statement quoted (in backticks) in the
policy column of a seed's table occurs, as written, in the policy file its section names.

Whitespace runs are compared as one space, so a column aligned by `plazo fmt` may be quoted
either way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DOC = ROOT / "docs" / "seeds.md"
PROVIDERS = ("wekall", "aldeamo", "intcomex", "openpyme", "ikhodi")
SECTION = re.compile(r"^## .*\(`(policies/[a-z_]+\.plazo)`\)\s*$")
QUOTED = re.compile(r"`([^`]+)`")


def squeeze(text: str) -> str:
    return " ".join(text.split())


def rows_by_policy(markdown: str) -> dict[str, list[tuple[int, str, str]]]:
    """Each section's table rows as (line number, seed cell, policy cell)."""
    found: dict[str, list[tuple[int, str, str]]] = {}
    current: str | None = None
    for number, line in enumerate(markdown.splitlines(), 1):
        heading = SECTION.match(line)
        if heading:
            current = heading.group(1)
            found[current] = []
        elif current and line.startswith("| ") and not line.startswith("| Regla del documento"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            assert len(cells) == 2, f"docs/seeds.md:{number}: a row has two cells, got {len(cells)}"
            found[current].append((number, cells[0], cells[1]))
    return found


def missing_statements(rows: list[tuple[int, str, str]], policy_text: str) -> list[str]:
    """The quoted statements of checked rows that the policy does not contain."""
    text = squeeze(policy_text)
    missing = []
    for number, _, cell in rows:
        for statement in QUOTED.findall(cell):
            if squeeze(statement) not in text:
                missing.append(f"docs/seeds.md:{number}: `{statement}`")
    return missing


SECTIONS = rows_by_policy(SEEDS_DOC.read_text(encoding="utf-8"))


def test_every_provider_has_a_table() -> None:
    assert sorted(SECTIONS) == sorted(f"policies/{p}.plazo" for p in PROVIDERS)
    for path, rows in SECTIONS.items():
        assert len(rows) >= 20, f"{path}: only {len(rows)} rules listed"


@pytest.mark.parametrize("path", sorted(SECTIONS))
def test_quoted_statements_occur_in_the_policy(path: str) -> None:
    policy_text = (ROOT / path).read_text(encoding="utf-8")
    assert missing_statements(SECTIONS[path], policy_text) == []


@pytest.mark.parametrize("path", sorted(SECTIONS))
def test_every_row_quotes_the_policy_or_says_why_not(path: str) -> None:
    for number, seed, cell in SECTIONS[path]:
        assert seed, f"docs/seeds.md:{number}: the seed's rule is empty"
        said = QUOTED.search(cell) or "no expresable" in cell
        assert said, f"docs/seeds.md:{number}: neither a statement nor why it cannot be expressed"


@pytest.mark.parametrize("path", sorted(SECTIONS))
def test_a_row_that_says_supuesto_has_one_in_the_policy(path: str) -> None:
    policy_text = (ROOT / path).read_text(encoding="utf-8")
    if any("Supuesto" in cell for _, _, cell in SECTIONS[path]):
        assert "Supuesto:" in policy_text


def test_a_statement_that_is_not_in_the_policy_is_reported() -> None:
    rows = [(7, "regla", "`mon-fri 07:30-21:00` y `sat 09:00-13:00`"), (8, "otra", "no expresable: sin tiempo")]
    assert missing_statements(rows, "calendar soporte {\n  mon-fri   07:30-21:00\n}") == [
        "docs/seeds.md:7: `sat 09:00-13:00`"]
