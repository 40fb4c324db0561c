"""Holiday regions: which countries and subdivisions the `holidays` package knows.

The checker (a policy's ``holidays CO``) and the interpreter (which builds the
holiday calendars) ask the same question, so they give the same answer and hint.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from attrs import frozen

from plazo.dsl.names import suggest

# Enough subdivisions to recognise the list, few enough to read in a hint.
SHOWN_SUBDIVISIONS = 12


@frozen
class RegionProblem:
    message: str
    hint: str


@cache
def supported_regions() -> Mapping[str, tuple[str, ...]]:
    """ISO 3166 country code -> the codes of its subdivisions that have holidays of their own."""
    return {code: subdivisions_of(code) for code in country_codes()}


@cache
def country_codes() -> tuple[str, ...]:
    """The country codes the package knows, aliases too (UK, USA), in its registry's order."""
    read = _codes_in_registry_source()
    if read is not None:
        return read
    # imported here: the package takes a while to load, and only policies with holidays need it
    from holidays.registry import EntityLoader

    return tuple(str(code) for code in EntityLoader.get_country_codes(include_aliases=True))


def _codes_in_registry_source() -> tuple[str, ...] | None:
    """The codes of the registry's ``COUNTRIES`` table, read from its source without running it.

    Importing ``holidays`` to ask costs a sixth of a ``plazo check`` (its calendars, and
    importlib.metadata for its version); the table is a literal, read in a few milliseconds.
    None when the source is not laid out so (another release): the caller asks the package.
    ``tests/test_fast_path.py`` checks both answers agree.
    """
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return None
    source = Path(next(iter(spec.submodule_search_locations))) / "registry.py"
    try:
        text = source.read_text(encoding="utf-8")
        # only the table's own lines: parsing the whole module costs as much as importing it
        start = text.index("\nCOUNTRIES")
        tree = ast.parse(text[start:text.index("\n}", start) + 2])
    except (OSError, SyntaxError, ValueError):
        return None
    target: ast.expr
    value: ast.expr | None
    for node in tree.body:
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "COUNTRIES" and value is not None:
            try:
                table = ast.literal_eval(value)
            except ValueError:
                return None
            if not isinstance(table, dict) or not all(isinstance(e, tuple) for e in table.values()):
                return None
            # as EntityLoader.get_country_codes: an entry is (class name, code, aliases...); codes have 2 or 3 letters
            return tuple(code for entry in table.values() for code in entry[1:]
                         if isinstance(code, str) and 2 <= len(code) <= 3)
    return None


@cache
def subdivisions_of(country: str) -> tuple[str, ...]:
    """The subdivisions of one known country: loads that country's module only."""
    import holidays

    return tuple(str(s) for s in getattr(holidays, country).subdivisions)


def region_problem(country: str, subdivision: str | None) -> RegionProblem | None:
    """What is wrong with a holiday region, with a hint; None if the package knows it."""
    codes = country_codes()
    if country not in codes:
        return RegionProblem(f"no public holidays are known for '{country}'",
                             suggest(country.upper(), codes, "use an ISO 3166 country code such as CO, MX, GT, US"))
    if subdivision is not None and subdivision not in subdivisions_of(country):
        known = subdivisions_of(country)
        return RegionProblem(f"'{subdivision}' is not a subdivision of {country}",
                             suggest(subdivision.upper(), known, _subdivisions_hint(country, known)))
    return None


def _subdivisions_hint(country: str, known: tuple[str, ...]) -> str:
    if not known:
        return f"the holidays of {country} are the same everywhere: write holidays {country}"
    shown = ", ".join(known[:SHOWN_SUBDIVISIONS]) + (" ..." if len(known) > SHOWN_SUBDIVISIONS else "")
    return f"subdivisions of {country}: {shown}"
