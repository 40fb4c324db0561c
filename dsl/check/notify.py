"""The notification pass: a duty's medium is a channel of the policy or a known medium, and
its deadline is one a clock or one calendar can count (docs/semantics.md, "Notification duties").
Its audience's contact, its events and its calendar are the references pass's to check."""

from __future__ import annotations

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import items_of
from plazo.dsl.diagnostics import Diagnostic, error
from plazo.dsl.names import suggest

# Media a duty may name without declaring a channel for them.
MEDIA = ("email", "phone", "sms", "whatsapp", "chat", "portal")


def check_notify(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    channels = [c.name for c in items_of(policy, ast.ChannelDecl)]
    chosen = {c.name for c in items_of(policy, ast.CalendarExprDecl) if isinstance(c.expr, ast.CalChoice)}
    found: list[Diagnostic] = []
    for duty in items_of(policy, ast.NotifyDecl):
        if duty.medium not in channels and duty.medium not in MEDIA:
            found.append(error("unknown-channel", f"unknown channel or medium '{duty.medium}'", duty.medium_span,
                               suggest(duty.medium, [*channels, *MEDIA],
                                       "declare a channel, or write one of: " + ", ".join(MEDIA))))
        within = duty.within
        if within.business and duty.calendar is None:
            found.append(error("no-calendar", f"business {within.unit} need a calendar", within.span,
                               f"write: ... within {within.amount} business {within.unit} on <calendar>"))
        if within.calendar_days:
            found.append(error("type", "a notification counts clock time or a calendar's open time, not dates",
                               within.span, "write N hours, or N business days on <calendar>"))
        if duty.calendar in chosen:
            found.append(error("ticket-calendar", f"calendar {duty.calendar} is chosen per ticket and cannot be "
                               "used for a notification", within.span, "name a calendar with hours"))
    return found
