"""plazo's diagnostics as the protocol's: the same code, message, hint and place that
``plazo check`` prints, and for a "did you mean" the place of the name meant."""

from __future__ import annotations

import re

from lsprotocol import types as lsp

from plazo.dsl.diagnostics import Diagnostic
from plazo.interpreter.lsp.index import NameIndex
from plazo.interpreter.lsp.text import TextPlaces

SOURCE = "plazo"
_MEANT = re.compile(r"did you mean '([^']+)'\?")


def meant(hint: str) -> str | None:
    """The name a "did you mean 'x'?" hint offers."""
    match = _MEANT.search(hint)
    return match.group(1) if match else None


def to_lsp(d: Diagnostic, places: TextPlaces, names: NameIndex, uri: str) -> lsp.Diagnostic:
    related = None
    name = meant(d.hint)
    if name is not None:
        place = next((o for o in names.occurrences if o.definition and o.key[1].split(".")[-1] == name
                      and o.key[1].endswith(name)), None)
        if place is not None:
            related = [lsp.DiagnosticRelatedInformation(
                location=lsp.Location(uri=uri, range=places.range(place.start, place.end)),
                message=f"'{name}' is declared here")]
    return lsp.Diagnostic(
        range=places.span_range(d.span),
        message=d.message + (f"\nhint: {d.hint}" if d.hint else ""),
        severity=lsp.DiagnosticSeverity.Error if d.severity == "error" else lsp.DiagnosticSeverity.Warning,
        code=d.code,
        source=SOURCE,
        related_information=related,
        data={"hint": d.hint} if d.hint else None,
    )
