"""One import: read the export, build each ticket through the mapping, keep going past
a bad ticket (it is rejected with its id and reason, as a history's bad lines are)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from attrs import frozen

from plazo.dsl.errors import PlazoError
from plazo.dsl.loader import read_text
from plazo.interpreter.importers.build import build_ticket
from plazo.interpreter.importers.happenings import Rejected
from plazo.interpreter.importers.mapping import Mapping
from plazo.interpreter.importers.report import Report
from plazo.interpreter.run.ticket import Ticket


@frozen
class Imported:
    """A ticket that was built and checked against the policy."""

    ticket: Ticket


def read_export(path: str) -> object:
    """The export's JSON document; one that is not JSON names the line and column."""
    text = read_text(path)
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise PlazoError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    except ValueError as exc:  # NaN and Infinity, a number past Python's digits
        raise PlazoError(f"{path}: not an export: {exc}") from None
    except RecursionError:
        raise PlazoError(f"{path}: not an export: JSON nested too deeply") from None


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def import_export(data: object, mapping: Mapping, report: Report) -> Iterator[Imported | Rejected]:
    """Each ticket of the export, built, or rejected with its reason. A document without
    the product's documented shape at its top raises :class:`ExportError`."""
    for source in mapping.product.read(data):
        if isinstance(source, Rejected):
            yield source
            continue
        try:
            yield Imported(build_ticket(source, mapping, report))
        except PlazoError as exc:
            yield Rejected(source.id, str(exc))
