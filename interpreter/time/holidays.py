"""Public holidays from the `holidays` package, with Spanish names where it has them."""

from __future__ import annotations

import difflib
from datetime import date
from functools import cache, lru_cache

import holidays as holidays_pkg

from plazo.interpreter.errors import CalendarError

PREFERRED_LANGUAGE = "es"


@cache
def supported_countries() -> dict[str, tuple[str, ...]]:
    """ISO code -> subdivision codes the package knows."""
    return {code: tuple(subs) for code, subs in holidays_pkg.list_supported_countries().items()}


def validate(country: str, subdivision: str | None) -> None:
    """Raise :class:`CalendarError` (with a suggestion) for an unknown country or subdivision."""
    countries = supported_countries()
    if country not in countries:
        close = difflib.get_close_matches(country.upper(), list(countries), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise CalendarError(f"unknown holiday country {country!r}{hint}")
    if subdivision is not None and subdivision not in countries[country]:
        close = difflib.get_close_matches(subdivision.upper(), list(countries[country]), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise CalendarError(f"unknown subdivision {subdivision!r} of {country}{hint}")


@lru_cache(maxsize=512)
def holidays_of_year(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    """The holidays of one year: date -> name (Spanish if the package has Spanish names)."""
    validate(country, subdivision)
    probe = holidays_pkg.country_holidays(country, subdiv=subdivision)
    languages = getattr(probe, "supported_languages", ()) or ()
    language = PREFERRED_LANGUAGE if PREFERRED_LANGUAGE in languages else None
    found = holidays_pkg.country_holidays(country, subdiv=subdivision, years=year, language=language)
    return {day: name for day, name in sorted(found.items()) if day.year == year}
