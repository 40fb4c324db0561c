"""The header pass: the policy says which it is, its language, and time zones and holiday regions that exist."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TypeVar
from zoneinfo import available_timezones

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import items_of
from plazo.dsl.diagnostics import Diagnostic, error
from plazo.dsl.names import LANGUAGES, suggest
from plazo.dsl.regions import region_problem

# Names the time zone database may hold that are not a place, and why each is refused.
HOST_ZONES = {
    "localtime": "it is the clock of the machine plazo runs on, so the same policy would answer differently "
                 "on another",
    "posixrules": "it is a template of the time zone database, not a place",
    "Factory": "it is a placeholder of the time zone database, not a place",
}


@cache
def time_zones() -> frozenset[str]:
    """The IANA zone names a policy may use (from the system's database, or the tzdata package)."""
    return frozenset(available_timezones()) - HOST_ZONES.keys()


def known_zone(name: str) -> bool:
    """``name in time_zones()``, without listing the database for a zone the tzdata package lists:
    the listing walks every file of the system's copy, a tenth of a `plazo check`."""
    return name not in HOST_ZONES and (name in _packaged_zones() or name in time_zones())


@cache
def _packaged_zones() -> frozenset[str]:
    """The zones of the tzdata package (a core dependency): ``available_timezones`` starts from them."""
    try:
        listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    except (ImportError, OSError):
        return frozenset()
    return frozenset(line.strip() for line in listed.splitlines() if line.strip())


@cache
def _zones_by_length() -> dict[int, tuple[str, ...]]:
    by_length: dict[int, list[str]] = {}
    for name in sorted(time_zones()):
        by_length.setdefault(len(name), []).append(name)
    return {length: tuple(names) for length, names in by_length.items()}


def _likely_zones(written: str) -> list[str]:
    """The zones a typo of ``written`` may be, likeliest first: within three letters of its
    length, in its area (``America/``) when that is spelt right, fewest letters apart. The
    did-you-mean compares a bounded number of candidates, so their order decides what it sees."""
    by_length = _zones_by_length()
    near = [z for length in range(len(written) - 3, len(written) + 4) for z in by_length.get(length, ())]
    area = written.split("/", 1)[0].lower() + "/"
    in_area = [z for z in near if z.lower().startswith(area)] or near
    letters = set(written.lower())
    return sorted(in_area, key=lambda z: (len(letters.symmetric_difference(z.lower())), z))


def check_header(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if policy.header is None:
        found.append(error("no-policy", "the file does not say which policy it is", policy.span,
                           'start it with: policy <name> "<label>" version 1'))
    if policy.language is not None and policy.language.language not in LANGUAGES:
        found.append(error("unknown-language", f"unknown language '{policy.language.language}'",
                           policy.language.span, "plazo speaks " + " and ".join(f"'{x}'" for x in LANGUAGES)))
    if policy.timezone is None:
        found.append(error("no-timezone", "the policy has no time zone",
                           policy.header.span if policy.header else policy.span, "add a line: timezone America/Bogota"))
    own = policy.timezone if isinstance(policy.timezone, ast.TimezoneDecl) else None
    chosen: list[ast.ZoneCase | ast.TimezoneDecl] = (
        list(policy.timezone.cases) if isinstance(policy.timezone, ast.TimezoneChoice) else [])
    for zone in [*chosen, *_in_header_and_calendars(policy, ast.TimezoneDecl, own)]:
        if zone.zone in HOST_ZONES:
            found.append(error("unknown-timezone", f"time zone '{zone.zone}' is refused: {HOST_ZONES[zone.zone]}",
                               zone.span,
                               "name the place, e.g. timezone America/Bogota"))
        elif not known_zone(zone.zone):
            found.append(error("unknown-timezone", f"unknown time zone '{zone.zone}'", zone.span,
                               suggest(zone.zone, _likely_zones(zone.zone), "use an IANA name such as America/Bogota")))
    for region in _in_header_and_calendars(policy, ast.HolidaysDecl, policy.holidays):
        problem = region_problem(region.region.country, region.region.subdivision)
        if problem is not None:
            found.append(error("unknown-holidays", problem.message, region.span, problem.hint))
    return found


_D = TypeVar("_D", ast.TimezoneDecl, ast.HolidaysDecl)


def _in_header_and_calendars(policy: ast.Policy, kind: type[_D], in_header: _D | None) -> list[_D]:
    in_calendars = [s for item in items_of(policy, ast.CalendarDecl) for s in item.statements if isinstance(s, kind)]
    return ([in_header] if in_header is not None else []) + in_calendars
