"""The per-ticket reference zone pass: ``timezone by country { cl: America/Santiago  pe: America/Lima }``.

The field is declared with named values (or is a boolean); every value it can take has a
zone, or the choice says ``otherwise``; each value is given once. Whether each zone exists
is the header pass's (the same did-you-mean as a plain ``timezone`` line).
"""

from __future__ import annotations

from plazo.dsl import ast
from plazo.dsl.check.choices import ChoiceWords, check_cases
from plazo.dsl.check.scope import Scope
from plazo.dsl.diagnostics import Diagnostic


def check_zone_choice(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    choice = policy.timezone
    if not isinstance(choice, ast.TimezoneChoice):
        return []
    words = ChoiceWords("the time zone choice", "the time zone", "zone", ", e.g. otherwise: America/Bogota")
    return check_cases(choice.field, [(c.values, c.span) for c in choice.cases], choice.span, scope, words)
