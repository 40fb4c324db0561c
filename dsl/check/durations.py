"""The durations pass: deadlines and notices take time, and business days are whole days."""

from __future__ import annotations

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import durations
from plazo.dsl.diagnostics import Diagnostic, error


def check_durations(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for duration, use in durations(policy):
        # a level may be reached at once ("after 0 minutes"); a deadline or a notice may not
        if use != "level" and duration.amount <= 0:
            found.append(error("range", "a duration here must be more than zero", duration.span,
                               "a target due at once is 'none' or a few minutes"))
        if duration.unit == "days" and duration.business and duration.amount != duration.amount.to_integral():
            found.append(error("range", "business days are whole days", duration.span,
                               "write business hours for part of a day"))
    return found
