"""The published document's sentences for workflow rules (flows, orders) and notification
duties, in the policy's language. The document passes its own wording of conditions,
events, statuses, durations, calendars and contacts, so that these read like the rest."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from plazo.dsl import ast
from plazo.interpreter.present.wording import Language

_WORDS: dict[Language, dict[str, str]] = {
    "es": {"workflow": "Flujo de trabajo", "flow": "Flujo", "steps": "sin saltar pasos; volver a un paso anterior "
           "está permitido", "applies": "aplica cuando", "after": "solo después de", "notify": "Avisos",
           "tell": "avisar a", "by": "por", "within": "en", "from": "desde", "met": "se cumple con", "on": "en",
           "email": "correo electrónico", "phone": "teléfono", "sms": "SMS", "whatsapp": "WhatsApp",
           "chat": "chat", "portal": "portal"},
    "en": {"workflow": "Workflow", "flow": "Flow", "steps": "no step skipped; going back to an earlier step is "
           "allowed", "applies": "applies when", "after": "only after", "notify": "Notifications",
           "tell": "tell", "by": "by", "within": "within", "from": "from", "met": "met by", "on": "on",
           "email": "e-mail", "phone": "phone", "sms": "SMS", "whatsapp": "WhatsApp", "chat": "chat",
           "portal": "portal"},
}


def workflow_title(language: Language) -> str:
    return _WORDS[language]["workflow"]


def notify_title(language: Language) -> str:
    return _WORDS[language]["notify"]


def workflow_sentences(items: tuple[ast.Item, ...], language: Language, condition: Callable[[ast.Condition], str],
                       event: Callable[[ast.EventRef], str], statuses: Mapping[str, str]) -> tuple[str, ...]:
    """``Flujo: Nuevo → En curso → Cerrado (sin saltar pasos ...)``; ``... solo después de ...``."""
    w = _WORDS[language]
    out = []
    for item in items:
        when = ""
        if isinstance(item, ast.FlowDecl | ast.OrderDecl) and item.condition is not None:
            when = f" ({w['applies']} {condition(item.condition)})"
        if isinstance(item, ast.FlowDecl):
            steps = " → ".join(statuses.get(s, s) for s in item.steps)
            out.append(f"{item.label or w['flow']}: {steps}{when}; {w['steps']}.")
        elif isinstance(item, ast.OrderDecl):
            head = f"{item.label}: " if item.label else ""
            after = ", ".join(event(e) for e in item.after)
            out.append(f"{head}{event(item.event)} {w['after']} {after}{when}.")
    return tuple(out)


def notify_sentences(items: tuple[ast.Item, ...], language: Language, condition: Callable[[ast.Condition], str],
                     event: Callable[[ast.EventRef], str], duration: Callable[[ast.Duration], str],
                     calendar: Callable[[str], str], contact: Callable[[str], str],
                     channels: Mapping[str, str]) -> tuple[str, ...]:
    """``Aviso a los clientes: avisar a ... por correo electrónico en 1 hora desde ... (se cumple con ...)``."""
    w = _WORDS[language]
    out = []
    for n in (i for i in items if isinstance(i, ast.NotifyDecl)):
        audience = contact(n.audience.contact) if isinstance(n.audience, ast.ContactAudience) else n.audience.text
        medium = channels.get(n.medium) or w.get(n.medium, n.medium)
        within = duration(n.within) + (f" {w['on']} {calendar(n.calendar)}" if n.calendar else "")
        when = f", {w['applies']} {condition(n.condition)}" if n.condition is not None else ""
        head = f"{n.label}: " if n.label else ""
        out.append(f"{head}{w['tell']} {audience} {w['by']} {medium} {w['within']} {within} {w['from']} "
                   f"{event(n.start)}{when} ({w['met']} {event(n.met_by)}).")
    return tuple(out)
