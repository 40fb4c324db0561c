"""Commitments in the language: formatted back to the same AST, published by ``plazo render``
as the sentence a customer reads, and measures decided exactly (fractions, not floats)."""

from __future__ import annotations

from fractions import Fraction

from plazo.dsl.format.formatter import format_policy
from plazo.dsl.syntax.parser import parse
from plazo.interpreter import loads_policy
from plazo.interpreter.compile.commitments import BreachedAtMost, Counts, MetAtLeast, PercentileAtMost
from plazo.interpreter.present.document import document, render_markdown

TEXT = """policy p "P" version 1
timezone America/Bogota
field priority "Prioridad" { p1 "P1" p2 "P2" p3 "P3" }
target resolution "Tiempo de solución" { start on created  stop on resolved  otherwise: 4 hours }
commitment alta "Solución P1 y P2" { target resolution  when priority in (p1, p2)  per month
  at most 5% breached  credit 10% }
commitment media { target resolution  when priority = p3  per week  at least 95.5% met }
commitment p90 { target resolution  when priority = p3  per quarter  p90 at most 90 minutes  credit 2.5% }
"""


def test_commitments_format_to_one_statement_a_line_and_back() -> None:
    policy, diagnostics = parse(TEXT, "p.plazo")
    assert policy is not None and diagnostics == []
    formatted = format_policy(policy, TEXT)
    assert "commitment alta \"Solución P1 y P2\" {\n  target resolution\n  when priority in (p1, p2)\n" \
           "  per month\n  at most 5% breached\n  credit 10%\n}" in formatted
    assert "  at least 95.5% met\n" in formatted and "  p90 at most 90 minutes\n  credit 2.5%\n" in formatted
    again, _ = parse(formatted, "p.plazo")
    assert again == policy and format_policy(again, formatted) == formatted


def test_render_publishes_each_commitment_as_a_sentence() -> None:
    md = render_markdown(document(loads_policy(TEXT), 2026))
    section = md[md.index("## Compromisos de cumplimiento"):]
    assert ("- Solución P1 y P2: Si en un mes calendario más del 5 % de los casos con Prioridad: P1 o P2 incumple "
            "su «Tiempo de solución», el cliente recibe un crédito del 10 % de la mensualidad.") in section
    assert ("- Si en una semana (de lunes a domingo) menos del 95.5 % de los casos con Prioridad: P3 cumple su "
            "«Tiempo de solución», el compromiso queda incumplido (sin crédito pactado).") in section
    assert "el percentil 90 del tiempo contado" in section and "supera 90 minutos" in section
    english = render_markdown(document(loads_policy(TEXT), 2026, "en"))
    assert ("If in a calendar month more than 5% of the cases with Prioridad: P1 or P2 breach their "
            "“Tiempo de solución”, the customer receives a credit of 10% of the monthly fee.") in english


def test_shares_are_decided_exactly_and_running_targets_keep_a_verdict_open() -> None:
    five = BreachedAtMost(Fraction(5, 100))
    assert five.verdict(Counts(19, 1, 0, None)) == "met"  # 1/20 is exactly 5 %
    assert five.verdict(Counts(37, 2, 0, None)) == "missed"  # 2/39 = 5.13 %
    assert five.verdict(Counts(19, 1, 1, None)) == "pending"  # 1/21 met, 2/21 missed
    assert five.verdict(Counts(18, 2, 1, None)) == "missed"  # 2/21 at best
    assert five.verdict(Counts(0, 0, 0, None)) == "empty"
    assert five.verdict(Counts(0, 0, 1, None)) == "pending"
    ninety_five = MetAtLeast(Fraction(95, 100))
    assert ninety_five.verdict(Counts(19, 1, 0, None)) == "met" and ninety_five.verdict(Counts(18, 2, 0, None)) \
        == "missed"
    p90 = PercentileAtMost(90, 7200)
    assert p90.verdict(Counts(5, 0, 0, 7200)) == "met" and p90.verdict(Counts(5, 0, 0, 7260)) == "missed"
    assert p90.verdict(Counts(5, 0, 1, 60)) == "pending" and p90.verdict(Counts(0, 0, 0, None)) == "empty"
