"""A policy's reference time zone chosen per ticket (``timezone by country { ... }``) ->
the zone each value of the field chooses, looked up once per evaluation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from attrs import frozen

from plazo.dsl import ast


@frozen
class ZoneChoice:
    """The reference zone of a ticket: the one its ``field``'s value names, else ``otherwise`` (as a
    calendar choice's ``otherwise`` takes a ticket without the value), else ``default``, the
    policy's own zone (the first written)."""

    field: str
    cases: Mapping[str, ZoneInfo]
    otherwise: ZoneInfo | None
    default: ZoneInfo

    @classmethod
    def of(cls, choice: ast.TimezoneChoice) -> ZoneChoice:
        zones = {z: ZoneInfo(z) for z in dict.fromkeys(c.zone for c in choice.cases)}
        cases = {value: zones[case.zone] for case in choice.cases for value in case.values}
        otherwise = next((zones[case.zone] for case in choice.cases if not case.values), None)
        return cls(choice.field, cases, otherwise, zones[choice.zone])

    def zone_for(self, values: Mapping[str, Any]) -> ZoneInfo:
        value = values.get(self.field)
        if isinstance(value, bool):  # a boolean field's values are written yes/no in the choice
            value = "true" if value else "false"
        found = self.cases.get(value) if isinstance(value, str) else None
        return found or self.otherwise or self.default

    @property
    def zones(self) -> tuple[ZoneInfo, ...]:
        """Every zone it may choose, each once, in the order written."""
        every = [*self.cases.values(), *([self.otherwise] if self.otherwise else [])]
        return tuple(dict.fromkeys(every))
