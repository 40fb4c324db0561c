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


@lru_cache(maxsize=512)
def holidays_of_year(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    """The holidays of one year: date -> name (Spanish if the package has Spanish names)."""
    validate(country, subdivision)
    probe = holidays_pkg.country_holidays(country, subdiv=subdivision)
    languages = getattr(probe, "supported_languages", ()) or ()
    language = PREFERRED_LANGUAGE if PREFERRED_LANGUAGE in languages else None
    found = holidays_pkg.country_holidays(country, subdiv=subdivision, years=year, language=language)
    return {day: name for day, name in sorted(found.items()) if day.year == year}
