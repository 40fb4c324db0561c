"""A compliance commitment as the sentence a customer reads in the published document:
"Si en un mes calendario más del 5 % de los casos ... incumple su ..., el cliente recibe
un crédito del 10 % de la mensualidad."

The wording of conditions, targets and durations is the document's (passed in), so the
policy's labels are used the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from plazo.dsl import ast
from plazo.interpreter.present.wording import Language

_PERIODS: dict[Language, dict[str, str]] = {
    "es": {"month": "un mes calendario", "week": "una semana (de lunes a domingo)",
           "quarter": "un trimestre calendario"},
    "en": {"month": "a calendar month", "week": "a week (Monday to Sunday)", "quarter": "a calendar quarter"},
}
_FEES: dict[Language, dict[str, str]] = {
    "es": {"month": "de la mensualidad", "week": "de la tarifa de esa semana", "quarter": "de la tarifa del trimestre"},
    "en": {"month": "of the monthly fee", "week": "of that week's fee", "quarter": "of the quarter's fee"},
}
_SENTENCES: dict[Language, dict[str, str]] = {
    "es": {
        "breached": "Si en {period} más del {percent} de los casos{cases} incumple su {target}, {then}",
        "met": "Si en {period} menos del {percent} de los casos{cases} cumple su {target}, {then}",
        "percentile": "Si en {period} el percentil {rank} del tiempo contado de {target} en los casos{cases} "
                      "supera {duration}, {then}",
        "cases": " con {condition}",
        "credit": "el cliente recibe un crédito del {credit} {fee}.",
        "no_credit": "el compromiso queda incumplido (sin crédito pactado).",
        "title": "Compromisos de cumplimiento",
        "note": "Cuentan los casos dentro del alcance; cada plazo cuenta en el periodo en que se detuvo "
                "(o venció, si sigue en curso), en la zona horaria de la política.",
    },
    "en": {
        "breached": "If in {period} more than {percent} of the cases{cases} breach their {target}, {then}",
        "met": "If in {period} less than {percent} of the cases{cases} meet their {target}, {then}",
        "percentile": "If in {period} the {rank}th percentile of the time counted for {target} in the "
                      "cases{cases} is over {duration}, {then}",
        "cases": " with {condition}",
        "credit": "the customer receives a credit of {credit} {fee}.",
        "no_credit": "the commitment is missed (no credit agreed).",
        "title": "Compliance commitments",
        "note": "Tickets in scope count; each target counts in the period it stopped in (or fell due in, "
                "while it runs), in the policy's time zone.",
    },
}


def percent_text(value: Decimal, language: Language) -> str:
    """``5 %`` in Spanish (a space before the sign, as Spanish writes it), ``5%`` in English."""
    written = format(value.normalize(), "f")
    return f"{written} %" if language == "es" else f"{written}%"


def commitments_title(language: Language) -> str:
    return _SENTENCES[language]["title"]


def commitments_note(language: Language) -> str:
    return _SENTENCES[language]["note"]


def commitment_sentence(decl: ast.CommitmentDecl, language: Language,
                        condition: Callable[[ast.Condition], str], target: Callable[[str], str],
                        duration: Callable[[ast.Duration], str]) -> str:
    """What missing ``decl`` in a period means, in one sentence (a checked commitment)."""
    words = _SENTENCES[language]
    statements = decl.statements
    period = next((s.period for s in statements if isinstance(s, ast.CommitPeriod)), "month")
    when = next((s.condition for s in statements if isinstance(s, ast.CommitWhen)), None)
    credit = next((s.percent for s in statements if isinstance(s, ast.Credit)), None)
    name = next((s.target for s in statements if isinstance(s, ast.CommitTarget)), "")
    then = (words["credit"].format(credit=percent_text(credit, language), fee=_FEES[language].get(period, ""))
            if credit is not None else words["no_credit"])
    parts = {"period": _PERIODS[language].get(period, period), "target": target(name), "then": then,
             "cases": words["cases"].format(condition=condition(when)) if when is not None else ""}
    for s in statements:
        if isinstance(s, ast.AtMostBreached):
            return words["breached"].format(percent=percent_text(s.percent, language), **parts)
        if isinstance(s, ast.AtLeastMet):
            return words["met"].format(percent=percent_text(s.percent, language), **parts)
        if isinstance(s, ast.PercentileAtMost):
            return words["percentile"].format(rank=s.percentile, duration=duration(s.duration), **parts)
    return then
