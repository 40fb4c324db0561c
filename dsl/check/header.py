"""The header pass: the policy says which it is, its language, and time zones and holiday regions that exist."""

from __future__ import annotations

from functools import cache
from typing import TypeVar
from zoneinfo import available_timezones

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import items_of
from plazo.dsl.diagnostics import Diagnostic, error
from plazo.dsl.names import LANGUAGES, suggest
from plazo.dsl.regions import region_problem


@cache
def time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


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
    for zone in _in_header_and_calendars(policy, ast.TimezoneDecl, policy.timezone):
        if zone.zone not in time_zones():
            found.append(error("unknown-timezone", f"unknown time zone '{zone.zone}'", zone.span,
                               suggest(zone.zone, time_zones(), "use an IANA name such as America/Bogota")))
    for region in _in_header_and_calendars(policy, ast.HolidaysDecl, policy.holidays):
        problem = region_problem(region.region.country, region.region.subdivision)
        if problem is not None:
            found.append(error("unknown-holidays", problem.message, region.span, problem.hint))
    return found


_D = TypeVar("_D", ast.TimezoneDecl, ast.HolidaysDecl)


def _in_header_and_calendars(policy: ast.Policy, kind: type[_D], in_header: _D | None) -> list[_D]:
    in_calendars = [s for item in items_of(policy, ast.CalendarDecl) for s in item.statements if isinstance(s, kind)]
    return ([in_header] if in_header is not None else []) + in_calendars
