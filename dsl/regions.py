"""Holiday regions: which countries and subdivisions the `holidays` package knows.

The checker (a policy's ``holidays CO``) and the interpreter (which builds the
holiday calendars) ask the same question, so they give the same answer and hint.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

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
    # imported here: the package takes a while to load, and only policies with holidays need it
    import holidays

    return {str(code): tuple(str(s) for s in subdivisions)
            for code, subdivisions in holidays.list_supported_countries().items()}


def region_problem(country: str, subdivision: str | None) -> RegionProblem | None:
    """What is wrong with a holiday region, with a hint; None if the package knows it."""
    regions = supported_regions()
    if country not in regions:
        return RegionProblem(f"no public holidays are known for '{country}'",
                             suggest(country.upper(), regions, "use an ISO 3166 country code such as CO, MX, GT, US"))
    if subdivision is not None and subdivision not in regions[country]:
        known = regions[country]
        return RegionProblem(f"'{subdivision}' is not a subdivision of {country}",
                             suggest(subdivision.upper(), known, _subdivisions_hint(country, known)))
    return None


def _subdivisions_hint(country: str, known: tuple[str, ...]) -> str:
    if not known:
        return f"the holidays of {country} are the same everywhere: write holidays {country}"
    shown = ", ".join(known[:SHOWN_SUBDIVISIONS]) + (" ..." if len(known) > SHOWN_SUBDIVISIONS else "")
    return f"subdivisions of {country}: {shown}"
