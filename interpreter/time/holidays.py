"""Public holidays from the `holidays` package, with Spanish names where it has them."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays as holidays_pkg

from plazo.dsl.regions import region_problem
from plazo.interpreter.errors import CalendarError

PREFERRED_LANGUAGE = "es"


def validate(country: str, subdivision: str | None) -> None:
    """Raise :class:`CalendarError` (with a suggestion) for an unknown country or subdivision:
    the same answer ``plazo check`` gives a policy."""
    problem = region_problem(country, subdivision)
    if problem is not None:
        raise CalendarError(f"{problem.message} ({problem.hint})")


@lru_cache(maxsize=256)
def _language(country: str, subdivision: str | None) -> str | None:
    """Spanish if the package has Spanish names for the region, else its default."""
    validate(country, subdivision)
    probe = holidays_pkg.country_holidays(country, subdiv=subdivision)
    languages = getattr(probe, "supported_languages", ()) or ()
    return PREFERRED_LANGUAGE if PREFERRED_LANGUAGE in languages else None


# one entry per region and year asked about: a search across the supported range
# (1,100 years) keeps every year it built
@lru_cache(maxsize=4096)
def holidays_of_year(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    """The holidays of one year: date -> name (Spanish if the package has Spanish names)."""
    language = _language(country, subdivision)
    found = holidays_pkg.country_holidays(country, subdiv=subdivision, years=year, language=language)
    return {day: name for day, name in sorted(found.items()) if day.year == year}
