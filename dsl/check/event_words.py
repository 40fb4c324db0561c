"""The built-in events under the names a Spanish-speaking service manager gives them.

Policies are written from Spanish SLAs, so ``stop on primera_respuesta`` most often
means the built-in ``first_response``, not an event to declare: the checker says so
before suggesting a declaration.
"""

from __future__ import annotations

import unicodedata

from plazo.dsl.names import closest

# Spanish name (lower case, no accents, words joined by '_') -> built-in event.
SPANISH_BUILTIN_EVENTS: dict[str, str] = {
    "creado": "created", "creacion": "created", "creado_ticket": "created", "apertura": "created",
    "abierto": "created", "radicado": "created", "radicacion": "created", "registro": "created",
    "primera_respuesta": "first_response", "respuesta_inicial": "first_response",
    "primer_contacto": "first_response", "primera_atencion": "first_response",
    "mensaje_agente": "agent_message", "mensaje_del_agente": "agent_message", "respuesta_agente": "agent_message",
    "respuesta_del_agente": "agent_message", "comentario_agente": "agent_message",
    "actualizacion": "agent_message", "seguimiento": "agent_message",
    "mensaje_cliente": "customer_message", "mensaje_del_cliente": "customer_message",
    "respuesta_cliente": "customer_message", "respuesta_del_cliente": "customer_message",
    "comentario_cliente": "customer_message",
    "estado": "status", "cambio_de_estado": "status",
    "escalado": "escalated", "escalada": "escalated", "escalamiento": "escalated", "escalacion": "escalated",
    "resuelto": "resolved", "resolucion": "resolved", "solucionado": "resolved", "solucion": "resolved",
    "reabierto": "reopened", "reapertura": "reopened",
    "cerrado": "closed", "cierre": "closed",
    "cambio": "set", "cambio_de_campo": "set",
}


def _plain(name: str) -> str:
    without_accents = "".join(c for c in unicodedata.normalize("NFD", name) if unicodedata.category(c) != "Mn")
    return without_accents.lower().replace("-", "_").replace(" ", "_")


def builtin_named(name: str) -> str | None:
    """The built-in event ``name`` names in Spanish, word for word."""
    return SPANISH_BUILTIN_EVENTS.get(_plain(name))


def builtin_near(name: str) -> str | None:
    """The built-in event whose Spanish name is a typo away from ``name``."""
    near = closest(_plain(name), SPANISH_BUILTIN_EVENTS)
    return None if near is None else SPANISH_BUILTIN_EVENTS[near]
